import type { Metadata } from 'next'
import { NextIntlClientProvider } from 'next-intl'
import { getTranslations } from 'next-intl/server'
import type { ReactNode } from 'react'
import { getLocale } from '@/lib/i18n/server'
import './globals.css'
import { Providers } from './providers'

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('common')
  return { title: t('appName'), description: t('appDescription') }
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Locale: `plateau-locale` cookie, else Accept-Language, else en (lib/i18n/server.ts).
  const locale = await getLocale()
  return (
    <html lang={locale}>
      <body className="bg-slate-50 text-ink antialiased">
        {/* Inherits locale, messages and time zone from i18n/request.ts. */}
        <NextIntlClientProvider>
          <Providers>{children}</Providers>
        </NextIntlClientProvider>
      </body>
    </html>
  )
}
