import { describe, expect, it } from 'vitest'
import { DEFAULT_LOCALE, isLocale, negotiateLocale, resolveLocale } from '@/lib/i18n/config'

describe('negotiateLocale (Accept-Language)', () => {
  it('maps regional French and English to the base language', () => {
    expect(negotiateLocale('fr-FR')).toBe('fr')
    expect(negotiateLocale('fr-BE')).toBe('fr')
    expect(negotiateLocale('fr-BE,fr;q=0.9,en;q=0.8')).toBe('fr')
    expect(negotiateLocale('FR-ch')).toBe('fr')
    expect(negotiateLocale('en-US,en;q=0.9')).toBe('en')
    expect(negotiateLocale('en-GB')).toBe('en')
  })

  it('honours q-values, order for ties, and skips unsupported languages', () => {
    expect(negotiateLocale('en;q=0.5,fr;q=0.8')).toBe('fr')
    expect(negotiateLocale('nl-BE,fr;q=0.7,en;q=0.6')).toBe('fr')
    expect(negotiateLocale('de-DE,en;q=0.9,fr;q=0.9')).toBe('en')
    expect(negotiateLocale('fr;q=0,en')).toBe('en') // q=0: not acceptable
  })

  it('returns undefined when nothing matches', () => {
    expect(negotiateLocale('de-DE,nl;q=0.8')).toBeUndefined()
    expect(negotiateLocale('*')).toBeUndefined()
    expect(negotiateLocale('')).toBeUndefined()
    expect(negotiateLocale(null)).toBeUndefined()
    expect(negotiateLocale(';;,,q=')).toBeUndefined()
  })
})

describe('resolveLocale', () => {
  it('prefers the user choice cookie over the browser', () => {
    expect(resolveLocale({ cookie: 'en', acceptLanguage: 'fr-BE' })).toBe('en')
    expect(resolveLocale({ cookie: 'fr', acceptLanguage: 'en-US' })).toBe('fr')
  })
  it('ignores an invalid cookie, falls back to the browser then to English', () => {
    expect(resolveLocale({ cookie: 'de', acceptLanguage: 'fr-BE' })).toBe('fr')
    expect(resolveLocale({ cookie: 'fr-FR', acceptLanguage: null })).toBe('en')
    expect(resolveLocale({})).toBe(DEFAULT_LOCALE)
    expect(DEFAULT_LOCALE).toBe('en')
  })
  it('isLocale', () => {
    expect(isLocale('fr')).toBe(true)
    expect(isLocale('en')).toBe(true)
    expect(isLocale('FR')).toBe(false)
    expect(isLocale(undefined)).toBe(false)
  })
})
