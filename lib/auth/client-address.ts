/**
 * Forwarded headers (X-Forwarded-For, X-Forwarded-Host) are believed only when reverse proxies
 * are configured (PLATEAU_TRUSTED_PROXIES: comma-separated addresses, or `*` for "whatever
 * sits in front"); anyone else could write them. `next start` does not expose the socket
 * peer to handlers, so with proxies configured the app must be reachable only through them
 * (docs/security.md).
 */
import 'server-only'


export function trustedProxies(): string[] {
  return (process.env.PLATEAU_TRUSTED_PROXIES ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
}

export function proxiesConfigured(): boolean {
  return trustedProxies().length > 0
}

const norm = (a: string) => a.trim().toLowerCase().replace(/^::ffff:/, '')

/**
 * The client address for per-address limits: without trusted proxies, one shared key
 * ('direct') — the forwarded header is ignored since the client wrote it. With them, the
 * right-most X-Forwarded-For entry that is not a trusted proxy (each proxy appends its peer).
 */
export function clientAddress(headers: Pick<Headers, 'get'>): string {
  const proxies = trustedProxies()
  if (!proxies.length) return 'direct'
  const chain = (headers.get('x-forwarded-for') ?? '').split(',').map(norm).filter(Boolean)
  if (proxies.includes('*')) return chain[chain.length - 1] ?? 'direct'
  const trusted = new Set(proxies.map(norm))
  for (let i = chain.length - 1; i >= 0; i--) if (!trusted.has(chain[i])) return chain[i]
  return chain[0] ?? 'direct'
}
