/**
 * /reports/print — the monthly report pack laid out for A4, printed to PDF by headless
 * Chromium (app/api/reports/monthly?format=pdf → lib/export/pdf). Same guard, same scope, same
 * parameters and the same report component as /reports; `locale` forces the language.
 */
import { getTranslations } from 'next-intl/server'
import { cookies, headers } from 'next/headers'
import { notFound } from 'next/navigation'
import { PrintHeader } from '@/components/reports/PrintHeader'
import { ReportDocument } from '@/components/reports/ReportDocument'
import { requirePage, scopeCenters } from '@/lib/auth/guard'
import { isLocale, LOCALE_COOKIE, resolveLocale } from '@/lib/i18n/config'
import { LocaleScope } from '@/lib/i18n/LocaleScope'
import { buildReport } from '@/lib/reports/build'
import { ParamError } from '@/lib/params'
import { parseReportParams } from '@/lib/reports/params'

export const dynamic = 'force-dynamic'

type SP = Record<string, string | string[] | undefined>

/** The PDF's metadata title: in the file's language (`locale`), else the caller's. */
export async function generateMetadata({ searchParams }: { searchParams: Promise<SP> }) {
  const raw = await searchParams
  const loc = Array.isArray(raw.locale) ? raw.locale[0] : raw.locale
  const t = isLocale(loc) ? await getTranslations({ locale: loc, namespace: 'reports' }) : await getTranslations('reports')
  return { title: t('monthly') }
}

export default async function ReportPrintPage({ searchParams }: { searchParams: Promise<SP> }) {
  const who = await requirePage('reports')
  const raw = await searchParams
  const [c, h] = await Promise.all([cookies(), headers()])
  const loc = Array.isArray(raw.locale) ? raw.locale[0] : raw.locale
  const locale = isLocale(loc) ? loc : resolveLocale({ cookie: c.get(LOCALE_COOKIE)?.value, acceptLanguage: h.get('accept-language') })
  let report
  try {
    const p = parseReportParams(raw)
    report = await buildReport({ period: p.period, centers: p.centers, lines: p.lines, interval: p.interval, locale }, scopeCenters(who, null))
  } catch (e) {
    if (e instanceof ParamError) notFound()
    throw e
  }
  return (
    <LocaleScope locale={locale} timeZone={report.period.timezone}>
      <style>{`@page { size: A4 portrait; } @media print { html, body { background: white !important; } .break-before-page { break-before: page; } thead { display: table-header-group; } tr, figure { break-inside: avoid; } }`}</style>
      <main className="mx-auto flex max-w-[760px] flex-col gap-4 bg-white p-2 text-[12px] print:max-w-none print:p-0" data-print>
        <PrintHeader report={report} />
        <ReportDocument report={report} print />
      </main>
    </LocaleScope>
  )
}
