/**
 * CSRF protection for state-changing requests (POST/PUT/PATCH/DELETE): the browser's Origin
 * header (or, without it, Sec-Fetch-Site) must be this site. Sessions are cookies with
 * SameSite=Lax already; this is the second layer. Non-browser clients (no Origin, no
 * Sec-Fetch-Site) are not CSRF vectors and pass. Extra trusted origins: PLATEAU_ALLOWED_ORIGINS.
 */
import 'server-only'
import { proxiesConfigured } from './client-address'

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

export function isUnsafeMethod(method: string): boolean {
  return !SAFE.has(method.toUpperCase())
}

function hostsOf(headers: Headers): Set<string> {
  const s = new Set<string>()
  const add = (v: string | null | undefined) => {
    if (v) for (const part of v.split(',')) if (part.trim()) s.add(part.trim().toLowerCase())
  }
  add(headers.get('host'))
  // Only a configured reverse proxy may say which host the browser used.
  if (proxiesConfigured()) add(headers.get('x-forwarded-host'))
  for (const u of [process.env.NEXTAUTH_URL, ...(process.env.PLATEAU_ALLOWED_ORIGINS || '').split(',')]) {
    try {
      if (u && u.trim()) s.add(new URL(u.trim()).host.toLowerCase())
    } catch {
      /* ignore malformed */
    }
  }
  return s
}

/** null when the request may proceed; otherwise the reason it is refused. */
export function csrfProblem(method: string, headers: Headers): string | null {
  if (!isUnsafeMethod(method)) return null
  const origin = headers.get('origin')
  if (origin) {
    if (origin === 'null') return 'cross-site request refused (Origin: null)'
    let host: string
    try {
      host = new URL(origin).host.toLowerCase()
    } catch {
      return 'cross-site request refused (malformed Origin)'
    }
    return hostsOf(headers).has(host) ? null : `cross-site request refused (Origin ${origin} is not this site)`
  }
  const site = headers.get('sec-fetch-site')
  if (site && site !== 'same-origin' && site !== 'none') return `cross-site request refused (Sec-Fetch-Site: ${site})`
  return null
}
