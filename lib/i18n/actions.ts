'use server'
import { cookies } from 'next/headers'
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE_S, isLocale } from './config'

/**
 * Remember the user's language choice (cookie `plateau-locale`, one year). The caller
 * refreshes the route afterwards (`router.refresh()`), see components/LocaleSwitcher.tsx.
 */
export async function setLocaleAction(locale: string): Promise<{ ok: boolean }> {
  if (!isLocale(locale)) return { ok: false }
  ;(await cookies()).set(LOCALE_COOKIE, locale, {
    path: '/',
    maxAge: LOCALE_COOKIE_MAX_AGE_S,
    sameSite: 'lax',
    httpOnly: false,
  })
  return { ok: true }
}
