/**
 * Server-only i18n entry points (Server Components, Route Handlers, Server Actions).
 * For translations in Server Components use next-intl directly:
 *   const t = await getTranslations('live')                      // request locale
 *   const t = await getTranslations({ locale: 'fr', namespace: 'wallboard' })  // forced
 */
import 'server-only'
import { cookies, headers } from 'next/headers'
import { cache } from 'react'
import { LOCALE_COOKIE, resolveLocale, type AppLocale } from './config'
import { createFormat, type FormatDefaults } from './format'

/**
 * The locale of the current request: the `plateau-locale` cookie if valid, else the
 * browser's Accept-Language (fr-FR, fr-BE → fr), else en. Cached per request.
 */
export const getLocale = cache(async (): Promise<AppLocale> => {
  const [c, h] = await Promise.all([cookies(), headers()])
  return resolveLocale({ cookie: c.get(LOCALE_COOKIE)?.value, acceptLanguage: h.get('accept-language') })
})

/** Formatting helpers bound to the request's locale (or an explicit one, e.g. a board's). */
export async function getFormat(locale?: AppLocale, defaults?: FormatDefaults) {
  return createFormat(locale ?? (await getLocale()), defaults)
}
