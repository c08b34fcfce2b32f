import { NextResponse, type NextRequest } from 'next/server'
import { startInProcess } from '@/server/startup'
import { checkProducer } from '@/lib/auth/api-keys'
import { getConfig } from '@/lib/config'
import { feedMapped } from '@/ingest/connectors/feed'
import { mapConnectLine } from '@/ingest/connectors/connect/map'
import { connectBodyLines } from '@/ingest/connectors/connect/http'

export const dynamic = 'force-dynamic'

const CENTER = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/

function sourceQueues(center: string) {
  try {
    const s = getConfig().raw.centers.find((c) => c.id === center)?.source
    return s && 'queues' in s ? s.queues : undefined
  } catch {
    return undefined // an unreadable configuration never drops records: platform queue names apply
  }
}

/**
 * POST /api/connectors/connect/{center} — Amazon Connect CTRs and agent events over HTTP: a
 * Kinesis Data Firehose HTTP-endpoint delivery (records of base64 JSON lines; the access key
 * Firehose sends in X-Amz-Firehose-Access-Key is the API key), or NDJSON / a JSON array of
 * records. Producers only, exactly like POST /api/events: a Plateau API key (X-API-Key,
 * Authorization: Bearer, or X-Amz-Firehose-Access-Key) → else 401; rate limit 429; size 413.
 * Records map to events with ids derived from ContactId / EventId: a redelivery counts once.
 * Answers 200 with Firehose's { requestId, timestamp } and the counts; rejected records are in
 * dead_letters (a retry would not make them valid).
 */
export async function POST(req: NextRequest, ctx: { params: Promise<{ center: string }> }) {
  const firehoseKey = req.headers.get('x-amz-firehose-access-key')
  let checked: Request = req
  if (firehoseKey && !req.headers.get('x-api-key') && !req.headers.get('authorization')) {
    const headers = new Headers(req.headers)
    headers.set('x-api-key', firehoseKey)
    checked = new Request(req.url, { method: 'POST', headers, body: req.body, duplex: 'half' } as RequestInit)
  }
  const check = await checkProducer(checked)
  if (!check.ok) return check.response
  const { center } = await ctx.params
  if (!CENTER.test(center)) return NextResponse.json({ error: 'bad_center', message: 'center ids: letters, digits, _ . - (max 64)' }, { status: 400 })
  await startInProcess()
  const { requestId, lines } = connectBodyLines(check.body)
  if (!lines.length) return NextResponse.json({ error: 'empty body: send CTR lines (NDJSON), a JSON array or a Firehose delivery' }, { status: 400 })
  const queues = sourceQueues(center)
  const s = await feedMapped(lines.map((raw) => ({ raw, mapped: mapConnectLine(raw, { center, queues }) })), `connect:http`)
  const reasons = Object.fromEntries(Object.entries(s.reasons).slice(0, 20))
  return NextResponse.json({ requestId, timestamp: Date.now(), records: s.records, accepted: s.events, skipped: s.skipped, rejected: s.rejected, reasons }, { status: 200 })
}
