/**
 * /reports — the monthly report for management (issue 6): month or custom range, one center,
 * several, a reporting line or all in scope; summary with previous period and last year,
 * daily trends, breakdowns, reporting-line KPIs, cost, interval report, drill-down, exports.
 * Server: guard, parameters, the report (KPI engine, caller's scope); client: ReportClient.
 */
import { getTranslations } from 'next-intl/server'
import { AppHeader } from '@/components/AppHeader'
import { navItemsFor } from '@/components/executive/nav'
import { ReportClient, ReportSelectionOnly } from '@/components/reports/ReportClient'
import { requirePage, scopeCenters } from '@/lib/auth/guard'
import { cookies, headers } from 'next/headers'
import { LOCALE_COOKIE, resolveLocale } from '@/lib/i18n/config'
import { listCenters } from '@/lib/queries/listCenters'
import { buildReport } from '@/lib/reports/build'
import { FIRST_SECTIONS } from '@/lib/reports/merge'
import { ParamError } from '@/lib/params'
import { parseReportParams, type ReportParams } from '@/lib/reports/params'

export const dynamic = 'force-dynamic'

export async function generateMetadata() {
  const t = await getTranslations('reports')
  return { title: t('title') }
}

type SP = Record<string, string | string[] | undefined>

export default async function ReportsPage({ searchParams }: { searchParams: Promise<SP> }) {
  const who = await requirePage('reports')
  const t = await getTranslations('reports')
  // (not lib/i18n/server: it is server-only, which the in-process route-table test cannot import)
  const [c, h] = await Promise.all([cookies(), headers()])
  const locale = resolveLocale({ cookie: c.get(LOCALE_COOKIE)?.value, acceptLanguage: h.get('accept-language') })
  const sp = await searchParams
  let params: ReportParams
  let problem: string | null = null
  try {
    params = parseReportParams(sp)
  } catch (e) {
    if (!(e instanceof ParamError)) throw e
    problem = e.message
    params = selectionOf(sp)
  }
  const allowed = scopeCenters(who, null)
  // The summary renders on the server; the other sections are fetched by the browser in parallel.
  // A refused request shows the error with the user's selection, and no report at all.
  let report = null
  if (!problem) {
    try {
      report = await buildReport({ period: params.period, centers: params.centers, lines: params.lines, interval: params.interval, locale, sections: FIRST_SECTIONS }, allowed)
    } catch (e) {
      if (!(e instanceof ParamError)) throw e
      problem = e.message
    }
  }
  const centers = (await listCenters(allowed)).map((c) => ({ id: c.id, name: c.name, reportingLine: c.reportingLine }))
  return (
    <>
      <AppHeader items={navItemsFor(who)} userName={who.kind === 'user' ? who.name : undefined} />
      <main className="mx-auto flex max-w-[96rem] flex-col gap-4 p-4 sm:p-6" id="main">
        <header>
          <h1 className="text-2xl font-semibold tracking-tight">{t('title')}</h1>
          <p className="max-w-4xl text-sm text-slate-600">{t('subtitle')}</p>
        </header>
        {problem ? (
          <p role="alert" className="rounded bg-amber-50 p-3 text-sm text-amber-900">
            {t('errors.badRequest', { message: problem })}
          </p>
        ) : null}
        {report ? (
          <ReportClient report={report} centers={centers} selection={{ period: params.period, centers: params.centers, lines: params.lines, interval: params.interval }} />
        ) : (
          <ReportSelectionOnly centers={centers} selection={{ period: params.period, centers: params.centers, lines: params.lines, interval: params.interval }} />
        )}
      </main>
    </>
  )
}

/** What the user asked for, kept as far as it can be read, when the whole request was refused. */
function selectionOf(sp: SP): ReportParams {
  const base = parseReportParams({})
  const all = (k: string) => [sp[k]].flat().filter((x): x is string => typeof x === 'string')
  const month = all('month').at(-1)
  const from = all('from').at(-1)
  const to = all('to').at(-1)
  const period =
    from && to && /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to)
      ? { kind: 'range' as const, from, to }
      : month && /^\d{4}-\d{2}$/.test(month)
        ? { kind: 'month' as const, month }
        : base.period
  const centers = [...new Set(all('center').flatMap((c) => c.split(',')).map((c) => c.trim()).filter((c) => c && c.length <= 128))].slice(0, 200)
  let lines = base.lines
  try {
    lines = parseReportParams({ line: all('line') }).lines
  } catch {
    // an unknown reporting line: keep none
  }
  return { ...base, period, centers, lines }
}
