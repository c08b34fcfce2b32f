import 'server-only'
import { DISPLAY_COOKIES } from './session'

/** Is the browser talking to us over HTTPS (directly, behind a proxy, or per NEXTAUTH_URL)? */
export function isHttps(req: Request): boolean {
  if (process.env.NEXTAUTH_URL?.startsWith('https://')) return true
  const xf = req.headers.get('x-forwarded-proto')?.split(',')[0]?.trim()
  if (xf) return xf === 'https'
  try {
    return new URL(req.url).protocol === 'https:'
  } catch {
    return false
  }
}

/** Set-Cookie for the wall-screen display token: HttpOnly, SameSite=Lax, Secure + __Host- on HTTPS. */
export function displayCookie(req: Request, token: string | null): string[] {
  const secure = isHttps(req)
  const [hostName, plainName] = DISPLAY_COOKIES
  const name = secure ? hostName : plainName
  const other = secure ? plainName : hostName
  const attrs = `Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`
  const out = [token ? `${name}=${token}; Max-Age=${400 * 24 * 3600}; ${attrs}` : `${name}=; Max-Age=0; ${attrs}`]
  // never leave a stale token under the plain name when switching to HTTPS (it would be read as a fallback);
  // a __Host- cookie cannot exist over plain HTTP, so there is nothing to clear the other way
  if (secure) out.push(`${other}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax`)
  return out
}
