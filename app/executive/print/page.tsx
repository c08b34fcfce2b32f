/**
 * /executive/print — the executive view laid out for A4 landscape, printed to PDF by headless
 * Chromium (app/api/executive/export → lib/export/pdf). Same guard, same scope and the same
 * report component as /executive; `locale` forces the export's language.
 */
import { getTranslations } from 'next-intl/server'
import { ExecutiveReport, PeriodLine } from '@/components/executive/ExecutiveReport'
import { requirePage, scopeCenters } from '@/lib/auth/guard'
import { getExecutiveView } from '@/lib/executive/load'
import { parseExecutiveParams } from '@/lib/executive/request'
import { ParamError } from '@/lib/params'
import { cookies, headers } from 'next/headers'
import { isLocale, LOCALE_COOKIE, resolveLocale } from '@/lib/i18n/config'
import { LocaleScope } from '@/lib/i18n/LocaleScope'
import { notFound } from 'next/navigation'

export const dynamic = 'force-dynamic'

type SP = Record<string, string | string[] | undefined>

/** The PDF's metadata title: in the file's language (`locale`), else the caller's. */
export async function generateMetadata({ searchParams }: { searchParams: Promise<SP> }) {
  const raw = await searchParams
  const loc = Array.isArray(raw.locale) ? raw.locale[0] : raw.locale
  const t = isLocale(loc) ? await getTranslations({ locale: loc, namespace: 'executive' }) : await getTranslations('executive')
  const tc = isLocale(loc) ? await getTranslations({ locale: loc, namespace: 'common' }) : await getTranslations('common')
  return { title: `${tc('appName')} — ${t('title')}` }
}

export default async function ExecutivePrintPage({ searchParams }: { searchParams: Promise<SP> }) {
  const who = await requirePage('executive')
  const raw = await searchParams
  const loc = Array.isArray(raw.locale) ? raw.locale[0] : raw.locale
  // ?locale= (the export's language), else the caller's cookie / Accept-Language.
  const [c, h] = await Promise.all([cookies(), headers()])
  const locale = isLocale(loc) ? loc : resolveLocale({ cookie: c.get(LOCALE_COOKIE)?.value, acceptLanguage: h.get('accept-language') })
  let params
  try {
    params = parseExecutiveParams(raw)
  } catch (e) {
    if (e instanceof ParamError) notFound()
    throw e
  }
  const view = await getExecutiveView({ range: params.range, now: params.now }, scopeCenters(who, params.centers))
  const t = await getTranslations({ locale, namespace: 'executive' })
  const tc = await getTranslations({ locale, namespace: 'common' })
  return (
    <LocaleScope locale={locale} timeZone={view.period.timezone}>
      <main className="mx-auto flex max-w-[1100px] flex-col gap-3 bg-white p-2 text-[13px] print:p-0">
        <header>
          <h1 className="text-xl font-semibold">
            {tc('appName')} — {t('title')}
          </h1>
          <PeriodLine view={view} />
        </header>
        <ExecutiveReport view={view} print />
      </main>
    </LocaleScope>
  )
}
