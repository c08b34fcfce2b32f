import { useLocale } from 'next-intl'
import { createFormat, type Format, type FormatDefaults } from '@/lib/i18n/format'

/**
 * Formatting helpers bound to the current locale (from NextIntlClientProvider / LocaleScope in
 * Client Components, from the request in non-async Server Components):
 *
 *   const f = useFormat({ timeZone: center.timezone, currency: center.currency })
 *   f.percent(0.125)   // '12,5 %'
 *   f.duration(65)     // '1:05'
 *   f.kpi(v, 'seconds')
 *
 * In async Server Components use `await getFormat()` from '@/lib/i18n/server'.
 */
export function useFormat(defaults?: FormatDefaults): Format {
  const locale = useLocale()
  return createFormat(locale, defaults)
}
