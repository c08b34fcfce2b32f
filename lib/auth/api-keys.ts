/**
 * Producer API keys for POST /api/events: several keys, revocable, stored hashed
 * (<data dir>/api-keys.json), plus fixed keys from PLATEAU_API_KEYS ("name:key,name2:key2" or
 * "key1,key2"). Per-key token-bucket rate limit and a request size limit.
 */
import crypto from 'node:crypto'
import { z } from 'zod'
import { apiKeysFile, authMode, num } from './config'
import { take } from './rate-limit'
import { secretList, secretRecordFields } from './secret-list'
import { randomToken, safeEqual, sha256 } from './tokens'

export const ApiKey = z.object({
  ...secretRecordFields,
  keyHash: z.string().length(64),
  /** Optional per-key limit overrides. */
  ratePerSec: z.number().nonnegative().optional(),
  burst: z.number().positive().optional(),
})
export type ApiKey = z.infer<typeof ApiKey>
const keys = secretList({ file: apiKeysFile, list: 'keys', record: ApiKey, hashField: 'keyHash' })

export const KEY_PREFIX = 'plk_'

export const readApiKeys = keys.read

export async function createApiKey(input: { name?: string; createdBy?: string; ratePerSec?: number; burst?: number }): Promise<{ key: ApiKey; secret: string }> {
  const secret = KEY_PREFIX + randomToken(32)
  const key: ApiKey = {
    id: crypto.randomUUID(),
    name: input.name ?? '',
    keyHash: sha256(secret),
    hint: secret.slice(0, KEY_PREFIX.length + 4),
    createdAt: new Date().toISOString(),
    createdBy: input.createdBy ?? '',
    revokedAt: null,
    ratePerSec: input.ratePerSec,
    burst: input.burst,
  }
  await keys.add(key)
  return { key, secret }
}

export const revokeApiKey = keys.revoke
export const publicApiKey = keys.publicView

type EnvKey = { id: string; name: string; secret: string }
function envKeys(): EnvKey[] {
  const raw = process.env.PLATEAU_API_KEYS || ''
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s, i) => {
      const j = s.indexOf(':')
      const name = j > 0 ? s.slice(0, j) : `env-${i + 1}`
      const secret = j > 0 ? s.slice(j + 1) : s
      return { id: `env:${name}`, name, secret }
    })
    .filter((k) => k.secret.length >= 16)
}

/** The key presented by a request: `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function presentedKey(headers: Headers): string | null {
  const x = headers.get('x-api-key')?.trim()
  if (x) return x
  const a = headers.get('authorization')?.trim()
  if (a && /^bearer\s+/i.test(a)) return a.replace(/^bearer\s+/i, '').trim() || null
  return null
}

export type KeyIdentity = { id: string; name: string; ratePerSec?: number; burst?: number }

export function verifyApiKey(secret: string | null): KeyIdentity | null {
  if (!secret || secret.length > 512) return null
  for (const k of envKeys()) if (safeEqual(k.secret, secret)) return { id: k.id, name: k.name }
  const k = keys.find(secret)
  if (!k) return null
  return { id: k.id, name: k.name, ratePerSec: k.ratePerSec, burst: k.burst }
}

export function eventsLimits() {
  return {
    maxBytes: num('PLATEAU_EVENTS_MAX_BYTES', 5 * 1024 * 1024),
    ratePerSec: num('PLATEAU_EVENTS_RATE_PER_SEC', 20),
    burst: num('PLATEAU_EVENTS_BURST', 40),
  }
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers } })
}

export type ProducerCheck = { ok: true; key: KeyIdentity; body: string } | { ok: false; response: Response }

/**
 * Everything POST /api/events checks before parsing: API key (401), rate limit (429), size
 * (413, from Content-Length first, then while reading the stream). Returns the body text.
 */
export async function checkProducer(req: Request): Promise<ProducerCheck> {
  const lim = eventsLimits()
  let key: KeyIdentity | null
  if (authMode() === 'off') key = verifyApiKey(presentedKey(req.headers)) ?? { id: 'anonymous', name: 'anonymous (PLATEAU_AUTH=off)' }
  else {
    const presented = presentedKey(req.headers)
    key = verifyApiKey(presented)
    if (!key) {
      return {
        ok: false,
        response: json(
          401,
          {
            error: 'unauthorized',
            message: presented
              ? 'API key not recognised or revoked'
              : 'API key required: send "Authorization: Bearer <key>" or "X-API-Key: <key>" (keys: /admin/api-keys or PLATEAU_API_KEYS)',
          },
          { 'www-authenticate': 'Bearer realm="plateau-events"' },
        ),
      }
    }
  }
  const rate = key.ratePerSec ?? lim.ratePerSec
  const burst = key.burst ?? lim.burst
  const t = take('events', key.id, rate, burst)
  if (!t.ok) {
    return {
      ok: false,
      response: json(
        429,
        { error: 'rate_limited', message: `too many requests for API key "${key.name}": limit ${rate}/s (burst ${burst}); retry in ${t.retryAfterS}s`, retryAfterSeconds: t.retryAfterS },
        { 'retry-after': String(t.retryAfterS) },
      ),
    }
  }
  const tooBig = () =>
    json(413, { error: 'payload_too_large', message: `request body larger than ${lim.maxBytes} bytes: split it into smaller batches`, maxBytes: lim.maxBytes })
  const declared = Number(req.headers.get('content-length') ?? NaN)
  if (lim.maxBytes > 0 && Number.isFinite(declared) && declared > lim.maxBytes) return { ok: false, response: tooBig() }
  const body = await readLimited(req, lim.maxBytes)
  if (body === null) return { ok: false, response: tooBig() }
  return { ok: true, key, body }
}

/** Read the body as UTF-8, giving up (null) past maxBytes (0 = no limit). */
export async function readLimited(req: Request, maxBytes: number): Promise<string | null> {
  if (!req.body) return ''
  const reader = req.body.getReader()
  const chunks: Uint8Array[] = []
  let n = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    n += value.byteLength
    if (maxBytes > 0 && n > maxBytes) {
      await reader.cancel().catch(() => undefined)
      return null
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}
