import { NextIntlClientProvider } from 'next-intl'
import type { ReactNode } from 'react'
import { DEFAULT_TIME_ZONE, type AppLocale } from './config'
import { getMessages } from './messages'

/**
 * Forces a locale for a subtree, whatever the viewer's cookie or browser says: a wall-screen
 * board shows the board's configured language. Client Components below it
 * (`useTranslations`, `useLocale`, `useFormat`, components/format) use `locale`.
 *
 * Server Components below it do NOT see this override (React context does not reach the
 * server): in server code pass the locale explicitly —
 * `getTranslations({ locale, namespace })`, `getFormat(locale)`, `<KpiValue locale={locale} …/>`.
 *
 * Renders a `<div lang={locale} class="contents">` so assistive technology and the browser
 * (hyphenation, quotes) know the language of the subtree even if <html lang> differs.
 */
export function LocaleScope({
  locale,
  timeZone = DEFAULT_TIME_ZONE,
  children,
}: {
  locale: AppLocale
  /** The board's center time zone, for next-intl date formatting. */
  timeZone?: string
  children: ReactNode
}) {
  return (
    <NextIntlClientProvider locale={locale} messages={getMessages(locale)} timeZone={timeZone}>
      <div lang={locale} className="contents">
        {children}
      </div>
    </NextIntlClientProvider>
  )
}
