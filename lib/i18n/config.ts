/**
 * Locale configuration and resolution. Pure: safe on the server, in the browser, in export
 * code and in scripts (no Next.js imports here).
 */

export const LOCALES = ['en', 'fr'] as const
export type AppLocale = (typeof LOCALES)[number]

export const DEFAULT_LOCALE: AppLocale = 'en'

/** Cookie holding the user's explicit choice (set by `LocaleSwitcher` / `setLocaleAction`). */
export const LOCALE_COOKIE = 'plateau-locale'
export const LOCALE_COOKIE_MAX_AGE_S = 365 * 24 * 3600

/** Each language named in itself (what the switcher shows). */
export const LOCALE_NAMES: Record<AppLocale, string> = { en: 'English', fr: 'Français' }

/**
 * The Intl locale used for numbers and dates. English uses en-GB: Plateau's users are in
 * Europe (day-first dates, 24-hour clock); French uses fr-FR (Belgian users get the same
 * `22/11/2026` / `1 234,56 €` formats).
 */
export const INTL_LOCALES: Record<AppLocale, string> = { en: 'en-GB', fr: 'fr-FR' }

/**
 * Time zone used when a caller does not pass one (a center's own timezone should be passed
 * whenever a date belongs to a center). Fixed, not the machine's, so the server render and
 * the browser render produce the same text.
 */
export const DEFAULT_TIME_ZONE = 'Europe/Paris'
export const DEFAULT_CURRENCY = 'EUR'

export function isLocale(value: unknown): value is AppLocale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

/**
 * Best supported locale from an Accept-Language header (`fr-BE,fr;q=0.9,en;q=0.8` → fr),
 * or undefined when none of the listed languages is supported. Region subtags are ignored
 * (fr-FR, fr-BE, fr-CH → fr; en-US, en-GB → en); `q=0` means "not acceptable".
 */
export function negotiateLocale(acceptLanguage: string | null | undefined): AppLocale | undefined {
  if (!acceptLanguage) return undefined
  const ranges: { lang: string; q: number; i: number }[] = []
  acceptLanguage.split(',').forEach((part, i) => {
    const [tag, ...params] = part.trim().split(';')
    const lang = tag?.trim().toLowerCase().split(/[-_]/)[0]
    if (!lang || lang === '*') return
    let q = 1
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p)
      if (m) q = Number(m[1])
    }
    if (!Number.isFinite(q) || q <= 0) return
    ranges.push({ lang, q, i })
  })
  ranges.sort((a, b) => b.q - a.q || a.i - b.i)
  for (const r of ranges) if (isLocale(r.lang)) return r.lang
  return undefined
}

/** The user's choice (cookie) if valid, else the browser's languages, else English. */
export function resolveLocale(input: { cookie?: string | null; acceptLanguage?: string | null }): AppLocale {
  if (isLocale(input.cookie)) return input.cookie
  return negotiateLocale(input.acceptLanguage) ?? DEFAULT_LOCALE
}
