/**
 * Small helpers shared by the report and contact-export route handlers.
 */
import 'server-only'
import { LOCALE_COOKIE, isLocale, resolveLocale, type AppLocale } from '../i18n/config'
import { parseCookies } from '../auth/session'

/** The locale for a file: an explicit `locale` parameter, else the caller's cookie / Accept-Language. */
export function requestLocale(req: Request, explicit?: string | null): AppLocale {
  if (isLocale(explicit)) return explicit
  return resolveLocale({ cookie: parseCookies(req.headers.get('cookie')).get(LOCALE_COOKIE), acceptLanguage: req.headers.get('accept-language') })
}

export function badRequest(message: string): Response {
  return new Response(JSON.stringify({ error: 'bad_request', message }), { status: 400, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } })
}
