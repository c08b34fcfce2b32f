/**
 * Outgoing webhooks: SSRF-checked target, JSON body (plain, Slack- or Teams-compatible), signed
 * with HMAC-SHA256, retried with exponential backoff on network errors, 429 and 5xx.
 *
 *   checkWebhookUrl(url)                       throws WebhookTargetError unless http(s) to a public address (or allow-listed)
 *   deliverWebhook({ url, body, secret, id })  → { ok, attempts, status, error }
 *
 * Signature: X-Plateau-Signature: sha256=<hex HMAC-SHA256(secret, `${X-Plateau-Timestamp}.${body}`)>.
 * X-Plateau-Delivery is the same on every retry of one message (receivers deduplicate with it).
 *
 * SSRF: loopback, link-local (incl. cloud metadata 169.254.169.254), private, CGNAT, ULA,
 * multicast and unspecified addresses are refused — both when the rule is saved and at connect
 * time (the socket's DNS lookup is checked, so a name that later resolves to 127.0.0.1 is still
 * refused). PLATEAU_WEBHOOK_ALLOW (comma-separated host or host:port) lets named internal
 * targets through (tests use it for their local receiver).
 */
import 'server-only'
import crypto from 'node:crypto'
import dns from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'

export class WebhookTargetError extends Error {}

function allowList(): string[] {
  return (process.env.PLATEAU_WEBHOOK_ALLOW ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
}

function allowed(host: string, port: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '')
  return allowList().some((a) => a === h || a === `${h}:${port}` || a === `[${h}]:${port}`)
}

/** Whether an IP address is one a webhook must never reach (without the allow-list). */
export function isPrivateAddress(ip: string): boolean {
  if (net.isIPv4(ip)) {
    const [a, b] = ip.split('.').map(Number) as [number, number]
    return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || a >= 224
  }
  if (net.isIPv6(ip)) {
    const x = ip.toLowerCase()
    // ::/96 (IPv4-compatible), ::ffff:0:0/96 (IPv4-mapped, dotted or hex), ::1, ::: never a public webhook.
    if (x.startsWith('::')) return true
    return /^f[cd]/.test(x) || /^fe[89ab]/.test(x) || /^ff/.test(x) || /^64:ff9b:/.test(x)
  }
  return true
}

/** Validates a target URL (scheme, literal address, and every address its name resolves to now). */
export async function checkWebhookUrl(raw: string): Promise<URL> {
  let u: URL
  try {
    u = new URL(raw)
  } catch {
    throw new WebhookTargetError('invalid URL')
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new WebhookTargetError('only http and https targets')
  if (u.username || u.password) throw new WebhookTargetError('credentials in the URL are not allowed (use the secret)')
  const host = u.hostname.replace(/^\[|\]$/g, '')
  const port = u.port || (u.protocol === 'https:' ? '443' : '80')
  if (allowed(host, port)) return u
  const addrs = net.isIP(host) ? [host] : (await dns.promises.lookup(host, { all: true }).catch(() => [])).map((a) => a.address)
  if (!addrs.length) throw new WebhookTargetError(`cannot resolve ${host}`)
  if (addrs.some(isPrivateAddress)) throw new WebhookTargetError(`${host} is a loopback, link-local or private address (PLATEAU_WEBHOOK_ALLOW names permitted internal targets)`)
  return u
}

/** A DNS lookup for the socket that refuses private addresses (DNS rebinding after the check). */
function guardedLookup(host: string, port: string): net.LookupFunction {
  return (hostname, options, cb) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return (cb as (e: Error | null, a: string, f?: number) => void)(err, '', 4)
      const list = addresses as dns.LookupAddress[]
      const bad = !allowed(host, port) && list.some((a) => isPrivateAddress(a.address))
      if (bad) return (cb as (e: Error | null, a: string, f?: number) => void)(new WebhookTargetError(`${hostname} resolves to a private address`), '', 4)
      if ((options as { all?: boolean }).all) return (cb as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list)
      cb(null, list[0]!.address, list[0]!.family)
    })
  }
}

export function sign(secret: string, timestamp: string, body: string): string {
  return 'sha256=' + crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')
}

/** Resolves `env:NAME` secrets; plain strings are the secret itself. */
export function resolveSecret(secret: string | undefined): string | undefined {
  if (!secret) return undefined
  return secret.startsWith('env:') ? process.env[secret.slice(4)] || undefined : secret
}

/** A secret shown back: its last 4 characters at most. */
export function maskSecret(secret: string | undefined): string | null {
  if (!secret) return null
  if (secret.startsWith('env:')) return secret
  return '••••' + (secret.length > 12 ? secret.slice(-4) : '')
}

export type WebhookDelivery = { url: string; body: string; secret?: string; id: string }
export type WebhookResult = { ok: boolean; attempts: number; status: number | null; error: string | null }
export type RetryPolicy = { attempts: number; baseDelayMs: number; timeoutMs: number }

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 1000, timeoutMs: 10_000 }

function post(u: URL, body: string, headers: Record<string, string>, timeoutMs: number): Promise<number> {
  const port = u.port || (u.protocol === 'https:' ? '443' : '80')
  const mod = u.protocol === 'https:' ? https : http
  return new Promise((resolve, reject) => {
    const req = mod.request(
      u,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers }, lookup: guardedLookup(u.hostname, port), timeout: timeoutMs },
      (res) => {
        res.resume() // the answer body is not used; read at most what arrives, never kept
        res.on('end', () => resolve(res.statusCode ?? 0))
        res.on('error', reject)
      },
    )
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)))
    req.on('error', reject)
    req.end(body)
  })
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function deliverWebhook(d: WebhookDelivery, policy: RetryPolicy = DEFAULT_RETRY): Promise<WebhookResult> {
  let u: URL
  try {
    u = await checkWebhookUrl(d.url)
  } catch (e) {
    return { ok: false, attempts: 0, status: null, error: (e as Error).message }
  }
  let status: number | null = null
  let error: string | null = null
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    const ts = String(Math.floor(Date.now() / 1000))
    const headers: Record<string, string> = { 'x-plateau-delivery': d.id, 'x-plateau-timestamp': ts, 'x-plateau-attempt': String(attempt), 'user-agent': 'Plateau-Alerts' }
    if (d.secret) headers['x-plateau-signature'] = sign(d.secret, ts, d.body)
    try {
      status = await post(u, d.body, headers, policy.timeoutMs)
      error = null
      if (status >= 200 && status < 300) return { ok: true, attempts: attempt, status, error: null }
      error = `HTTP ${status}`
      if (status < 500 && status !== 429 && status !== 408) return { ok: false, attempts: attempt, status, error } // the receiver refuses it: retrying will not help
    } catch (e) {
      error = (e as Error).message
      if (e instanceof WebhookTargetError) return { ok: false, attempts: attempt, status: null, error }
    }
    if (attempt < policy.attempts) await sleep(policy.baseDelayMs * 2 ** (attempt - 1))
  }
  return { ok: false, attempts: policy.attempts, status, error }
}
