import { NextResponse, type NextRequest } from 'next/server'
import { startInProcess } from '@/server/startup'
import { getConfig, operatorNamedEnv } from '@/lib/config'
import { readLimited } from '@/lib/auth/api-keys'
import { feedMapped } from '@/ingest/connectors/feed'
import { TwilioMapper } from '@/ingest/connectors/twilio/map'
import { validTwilioSignature } from '@/ingest/connectors/twilio/signature'

export const dynamic = 'force-dynamic'

const MAX_BYTES = 64 * 1024
const CENTER = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/
const g = globalThis as unknown as { __plateauTwilio?: TwilioMapper }
const mapper = () => (g.__plateauTwilio ??= new TwilioMapper())

function configuredSource(center: string) {
  try {
    return getConfig().raw.centers.find((c) => c.id === center)?.source
  } catch {
    return undefined // an unreadable configuration never drops callbacks: the default token applies
  }
}

const forbidden = (message: string) => NextResponse.json({ error: 'forbidden', message }, { status: 403 })

/**
 * POST /api/connectors/twilio/{center} — TaskRouter event callbacks (form-encoded). Only Twilio
 * may call it: X-Twilio-Signature must be the HMAC-SHA1 of the callback URL + sorted parameters
 * with TWILIO_AUTH_TOKEN (sessions and API keys do not count) → else 403. The URL Twilio signed
 * is PLATEAU_PUBLIC_URL + path when set (behind a proxy), else the request URL. A retried
 * delivery carries the same event Sid, hence the same event id: counted once. Answers 200 even
 * for a rejected callback (kept in dead_letters): a retry would not make it valid.
 */
export async function POST(req: NextRequest, ctx: { params: Promise<{ center: string }> }) {
  const { center } = await ctx.params
  // The center's source block may name another variable (one Twilio account per center).
  const source = configuredSource(center)
  const tokenEnv = source?.connector === 'twilio' ? source.authTokenEnv : 'TWILIO_AUTH_TOKEN'
  const token = (source?.connector === 'twilio' ? operatorNamedEnv(tokenEnv) : process.env.TWILIO_AUTH_TOKEN) || ''
  if (!token) return forbidden(`${tokenEnv} is not set: callbacks cannot be authenticated`)
  const body = await readLimited(req, MAX_BYTES)
  if (body === null) return NextResponse.json({ error: 'too_large', message: `body over ${MAX_BYTES} bytes` }, { status: 413 })
  const params = Object.fromEntries(new URLSearchParams(body))
  const u = new URL(req.url)
  const base = process.env.PLATEAU_PUBLIC_URL?.replace(/\/$/, '') || u.origin
  if (!validTwilioSignature(token, req.headers.get('x-twilio-signature'), base + u.pathname + u.search, params)) return forbidden('missing or invalid X-Twilio-Signature')
  if (!CENTER.test(center)) return NextResponse.json({ error: 'bad_center', message: 'center ids: letters, digits, _ . - (max 64)' }, { status: 400 })
  await startInProcess()
  const s = await feedMapped([{ raw: body, mapped: mapper().map(params, { center, queues: source?.queues }) }], 'twilio')
  return NextResponse.json({ accepted: s.events, skipped: s.skipped, rejected: s.rejected, reasons: s.reasons }, { status: 200 })
}
