'use client'
/**
 * /reports on screen: period and selection picker, export links, the report body
 * (ReportDocument, rendered first on the server), breakdown tabs, the interval explorer
 * (15/30/60 minutes, fetched on demand) and the drill-down dialog.
 */
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query'
import { useLocale, useTranslations } from 'next-intl'
import { usePathname, useRouter } from 'next/navigation'
import { useEffect, useMemo, useRef, useState, useTransition } from 'react'
import { useFormat } from '@/components/format'
import type { DrillSet } from '@/lib/kpi/definitions'
import { EAGER_GROUPS, mergeReport } from '@/lib/reports/merge'
import { reportQuery, type ReportParams } from '@/lib/reports/params'
import { INTERVAL_SIZES, type Breakdown, type IntervalSize, type MonthlyReport, type ReportRow, type ReportSection } from '@/lib/reports/types'
import { DrillPanel, type DrillScope } from './DrillPanel'
import { IntervalExplorer } from './IntervalSection'
import { IntervalForecastTable } from './PlanSections'
import { BreakdownTable, ReportDocument, SectionLoading, useReportTitle, type RowDrill } from './ReportDocument'
import { useDimensionLabel } from './text'

export type CenterOption = { id: string; name: string; reportingLine: string | null }
type Selection = Pick<ReportParams, 'period' | 'centers' | 'lines' | 'interval'>

const LINES = ['sales', 'marketing', 'customer_service', 'general_management'] as const

function Picker({ value, centers, pending, onApply }: { value: Selection; centers: CenterOption[]; pending: boolean; onApply: (s: Selection) => void }) {
  const t = useTranslations('reports.picker')
  const dim = useDimensionLabel()
  const [kind, setKind] = useState<'month' | 'range'>(value.period.kind)
  const [month, setMonth] = useState(value.period.kind === 'month' ? value.period.month : value.period.from.slice(0, 7))
  const [from, setFrom] = useState(value.period.kind === 'range' ? value.period.from : `${month}-01`)
  const [to, setTo] = useState(value.period.kind === 'range' ? value.period.to : `${month}-28`)
  const [chosen, setChosen] = useState<string[]>(value.centers)
  const [line, setLine] = useState<string>(value.lines[0] ?? '')
  const toggle = (id: string) => setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]))
  return (
    <form
      aria-label={t('label')}
      className="flex flex-wrap items-end gap-4 rounded-xl border border-slate-200 bg-white p-3 text-sm"
      onSubmit={(e) => {
        e.preventDefault()
        onApply({
          ...value,
          period: kind === 'month' ? { kind: 'month', month } : { kind: 'range', from, to },
          centers: chosen,
          lines: line ? [line as (typeof LINES)[number]] : [],
        })
      }}
    >
      <fieldset className="flex flex-col gap-1">
        <legend className="text-slate-600">{t('periodKind')}</legend>
        <div className="flex gap-3">
          <label className="flex items-center gap-1">
            <input type="radio" name="kind" checked={kind === 'month'} onChange={() => setKind('month')} /> {t('month')}
          </label>
          <label className="flex items-center gap-1">
            <input type="radio" name="kind" checked={kind === 'range'} onChange={() => setKind('range')} /> {t('customRange')}
          </label>
        </div>
      </fieldset>
      {kind === 'month' ? (
        <label className="flex flex-col">
          <span className="text-slate-600">{t('month')}</span>
          <input type="month" required className="rounded border border-slate-300 px-2 py-1" value={month} onChange={(e) => setMonth(e.target.value)} data-testid="pick-month" />
        </label>
      ) : (
        <>
          <label className="flex flex-col">
            <span className="text-slate-600">{t('from')}</span>
            <input type="date" required className="rounded border border-slate-300 px-2 py-1" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="pick-from" />
          </label>
          <label className="flex flex-col">
            <span className="text-slate-600">{t('to')}</span>
            <input type="date" required className="rounded border border-slate-300 px-2 py-1" value={to} min={from} onChange={(e) => setTo(e.target.value)} data-testid="pick-to" />
          </label>
        </>
      )}
      <details className="relative">
        <summary className="cursor-pointer rounded border border-slate-300 px-2 py-1" data-testid="pick-centers">
          {t('centersValue', { value: chosen.length ? chosen.map((id) => centers.find((c) => c.id === id)?.name ?? id).join(', ') : t('allCenters') })}
        </summary>
        <div className="absolute z-20 mt-1 flex max-h-72 w-80 flex-col gap-1 overflow-auto rounded-lg border border-slate-200 bg-white p-2 shadow-lg">
          {centers.map((c) => (
            <label key={c.id} className="flex items-center gap-2">
              <input type="checkbox" checked={chosen.includes(c.id)} onChange={() => toggle(c.id)} value={c.id} />
              <span>{c.name}</span>
              {c.reportingLine ? <span className="text-xs text-slate-500">{dim('reporting_line', c.reportingLine)}</span> : null}
            </label>
          ))}
        </div>
      </details>
      <label className="flex flex-col">
        <span className="text-slate-600">{t('reportingLine')}</span>
        <select className="rounded border border-slate-300 bg-white px-2 py-1" value={line} onChange={(e) => setLine(e.target.value)} data-testid="pick-line">
          <option value="">{t('anyLine')}</option>
          {LINES.map((l) => (
            <option key={l} value={l}>
              {dim('reporting_line', l)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="rounded bg-slate-900 px-4 py-1.5 font-medium text-white hover:bg-slate-700 disabled:opacity-60" disabled={pending} data-testid="pick-apply">
        {t('apply')}
      </button>
    </form>
  )
}

function ExportBar({ sel, locale }: { sel: Selection; locale: string }) {
  const t = useTranslations('reports.export')
  const [sep, setSep] = useState(locale === 'fr' ? 'semicolon' : 'comma')
  const href = (format: 'json' | 'csv' | 'xlsx' | 'pdf', extra: Partial<ReportParams> = {}) => `/api/reports/monthly?${reportQuery({ ...sel, format, ...extra })}`
  const btn = 'rounded border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-100'
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" role="group" aria-label={t('title')}>
      <span className="font-medium text-slate-700">{t('title')}</span>
      <a className={btn} href={href('csv', { sep })} download data-testid="export-csv">
        {t('csv')}
      </a>
      <label className="flex items-center gap-1 text-slate-600">
        <span className="sr-only">{t('separator')}</span>
        <select className="rounded border border-slate-300 bg-white px-1 py-1" value={sep} onChange={(e) => setSep(e.target.value)} aria-label={t('separator')}>
          <option value="comma">{t('sepComma')}</option>
          <option value="semicolon">{t('sepSemicolon')}</option>
          <option value="tab">{t('sepTab')}</option>
        </select>
      </label>
      <a className={btn} href={href('xlsx')} download data-testid="export-xlsx">
        {t('xlsx')}
      </a>
      <a className={btn} href={href('pdf')} download data-testid="export-pdf">
        {t('pdf')}
      </a>
      <a className={btn} href={href('json')} target="_blank" rel="noreferrer" data-testid="export-json">
        {t('json')}
      </a>
    </div>
  )
}

async function fetchPart(selection: Selection, sections: ReportSection[], interval?: IntervalSize): Promise<MonthlyReport> {
  const res = await fetch(`/api/reports/monthly?${reportQuery({ ...selection, ...(interval ? { interval } : {}), sections })}`)
  if (!res.ok) throw new Error(`HTTP ${res.status}`)
  return res.json()
}

/** True once the element has come near the viewport (loads the heavy interval grid lazily). */
function useNearViewport<T extends Element>(): [React.RefObject<T | null>, boolean] {
  const ref = useRef<T>(null)
  const [near, setNear] = useState(false)
  useEffect(() => {
    const el = ref.current
    if (!el || near) return
    if (typeof IntersectionObserver === 'undefined') return setNear(true)
    const io = new IntersectionObserver((es) => es.some((e) => e.isIntersecting) && setNear(true), { rootMargin: '800px' })
    io.observe(el)
    return () => io.disconnect()
  }, [near])
  return [ref, near]
}

/**
 * The picker alone, with the user's selection, for a request that produced no report (bad
 * period or parameters): the page shows the error and nothing that looks like figures.
 */
export function ReportSelectionOnly({ centers, selection }: { centers: CenterOption[]; selection: Selection }) {
  const t = useTranslations('reports')
  const router = useRouter()
  const pathname = usePathname()
  const [pending, startTransition] = useTransition()
  return (
    <div className="flex flex-col gap-4" aria-busy={pending}>
      <Picker value={selection} centers={centers} pending={pending} onApply={(s) => startTransition(() => router.push(`${pathname}?${reportQuery(s)}`))} />
      <p className="text-sm text-slate-600" data-testid="no-report">
        {t('errors.noReport')}
      </p>
    </div>
  )
}

export function ReportClient({ report: initial, centers, selection }: { report: MonthlyReport; centers: CenterOption[]; selection: Selection }) {
  const t = useTranslations('reports')
  const locale = useLocale()
  const router = useRouter()
  const pathname = usePathname()
  const [pending, startTransition] = useTransition()
  const [tab, setTab] = useState<Breakdown>('queue')
  const [size, setSize] = useState<IntervalSize>(initial.interval.size)
  const [drill, setDrill] = useState<DrillScope | null>(null)
  const f = useFormat({ timeZone: initial.period.timezone })
  const dim = useDimensionLabel()
  const title = useReportTitle(initial)

  // Sections not rendered on the server: the eager groups at once, the selected breakdown tab,
  // the interval grid when it comes near the viewport (or its size changes).
  const [intervalRef, intervalNear] = useNearViewport<HTMLDivElement>()
  const has = (s: ReportSection) => initial.sections.includes(s)
  const eager = useQueries({
    queries: EAGER_GROUPS.map((g) => ({
      queryKey: ['report-part', selection, g],
      enabled: !g.every(has),
      queryFn: () => fetchPart(selection, g),
      staleTime: 60_000,
    })),
  })
  const breakdown = useQuery({ queryKey: ['report-part', selection, [tab]], enabled: !has(tab), queryFn: () => fetchPart(selection, [tab]), staleTime: 60_000 })
  const interval = useQuery({
    queryKey: ['report-interval', selection, size],
    enabled: intervalNear && !(has('interval') && size === initial.interval.size),
    queryFn: () => fetchPart(selection, ['interval'], size),
    staleTime: 60_000,
  })
  const report = useMemo(() => {
    let r = initial
    for (const q of eager) r = mergeReport(r, q.data)
    r = mergeReport(r, breakdown.data)
    return r
  }, [initial, eager, breakdown.data])
  const intervalTable = has('interval') && size === initial.interval.size ? initial.interval : interval.data?.interval
  const failed = eager.some((q) => q.isError) || breakdown.isError
  // A closed period's sections computed from different data (history still filling) would
  // disagree: say so rather than show them as one report. (An open period changes by nature.)
  const dataChanged = !initial.open && [...eager.map((q) => q.data), breakdown.data, interval.data].some((d) => d && d.dataStamp !== initial.dataStamp)
  // Once the visible sections are in, fetch the rest in the background: switching tabs is then
  // instant, and the exports of this period reuse the server's cached sections.
  const queryClient = useQueryClient()
  const eagerDone = eager.every((q) => q.isSuccess || !q.isEnabled)
  useEffect(() => {
    if (!eagerDone) return
    for (const k of ['queue', 'channel', 'direction', 'agent'] as const) {
      if (!has(k)) void queryClient.prefetchQuery({ queryKey: ['report-part', selection, [k]], queryFn: () => fetchPart(selection, [k]), staleTime: 60_000 })
    }
    if (!has('interval')) void queryClient.prefetchQuery({ queryKey: ['report-interval', selection, initial.interval.size], queryFn: () => fetchPart(selection, ['interval'], initial.interval.size), staleTime: 60_000 })
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [eagerDone, selection, queryClient])

  const apply = (s: Selection) => startTransition(() => router.push(`${pathname}?${reportQuery(s)}`))

  const onDrill: RowDrill = (set: DrillSet, kind, row: ReportRow | null) => {
    const base: DrillScope = { set, from: report.period.from, to: report.period.to, centers: report.selection.centers.map((c) => c.id), lines: [] }
    if (!row || !kind) return setDrill(base)
    const center = row.center
    const rest = center ? row.id.slice(center.length + 1) : row.id
    switch (kind) {
      case 'queue':
        return setDrill({ ...base, centers: [center!], queues: [rest], context: row.name })
      case 'agent':
        return setDrill({ ...base, centers: [center!], agents: [rest], context: row.name })
      case 'channel':
        return setDrill({ ...base, channels: [row.name], context: dim('channel', row.name) })
      case 'direction':
        return setDrill({ ...base, directions: [row.name], context: dim('direction', row.name) })
      case 'centers':
        return setDrill({ ...base, centers: [center ?? row.id], context: row.name })
      case 'daily': {
        const i = report.daily.rows.findIndex((r) => r.id === row.id)
        const next = report.daily.rows[i + 1]?.start ?? report.period.to
        return setDrill({ ...base, from: row.start ?? base.from, to: next, context: f.date(row.date ?? row.id) })
      }
      case 'interval': {
        const start = row.start ? Date.parse(row.start) : NaN
        if (!Number.isFinite(start)) return setDrill(base)
        const sz = intervalTable?.size ?? size
        return setDrill({ ...base, from: row.start!, to: new Date(start + sz * 60_000).toISOString(), context: `${f.date(row.date ?? '')} ${row.time ?? ''}` })
      }
    }
  }

  const tabs = useMemo(() => ['queue', 'channel', 'direction', 'agent'] as const, [])
  return (
    <div className="flex flex-col gap-4" aria-busy={pending}>
      <Picker value={selection} centers={centers} pending={pending} onApply={apply} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-xl font-semibold" data-testid="report-title">
          {title}
        </h2>
        <ExportBar sel={selection} locale={locale} />
      </div>
      {failed ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-sm text-bad">
          {t('errors.loadFailed')}
        </p>
      ) : null}
      {dataChanged ? (
        <p role="alert" className="flex items-center gap-3 rounded bg-amber-50 p-2 text-sm text-amber-900" data-testid="data-changed">
          {t('errors.dataChanged')}
          <button type="button" className="rounded border border-amber-300 px-2 py-0.5 font-medium" onClick={() => window.location.reload()}>
            {t('errors.reload')}
          </button>
        </p>
      ) : null}
      <div className={pending ? 'opacity-60 transition-opacity' : ''}>
        <ReportDocument
          report={report}
          onDrill={onDrill}
          breakdownSlot={
            <div className="flex flex-col gap-2">
              <div role="tablist" aria-label={t('sections.queue')} className="flex flex-wrap gap-1">
                {tabs.map((k) => (
                  <button
                    key={k}
                    type="button"
                    role="tab"
                    aria-selected={tab === k}
                    className={tab === k ? 'rounded-md bg-slate-900 px-3 py-1 text-sm font-medium text-white' : 'rounded-md px-3 py-1 text-sm text-slate-700 hover:bg-slate-100'}
                    onClick={() => setTab(k)}
                    data-testid={`tab-${k}`}
                  >
                    {t(`sections.${k}`)}
                  </button>
                ))}
              </div>
              <div role="tabpanel" aria-busy={breakdown.isFetching}>
                {report.sections.includes(tab) ? <BreakdownTable report={report} kind={tab} onDrill={onDrill} /> : <SectionLoading />}
              </div>
            </div>
          }
          intervalSlot={
            <div className="flex flex-col gap-2" ref={intervalRef}>
              <label className="flex items-center gap-2 text-sm">
                <span className="text-slate-600">{t('picker.intervalSize')}</span>
                <select className="rounded border border-slate-300 bg-white px-2 py-1" value={size} onChange={(e) => setSize(Number(e.target.value) as IntervalSize)} data-testid="interval-size">
                  {INTERVAL_SIZES.map((n) => (
                    <option key={n} value={n}>
                      {t('picker.minutes', { n })}
                    </option>
                  ))}
                </select>
              </label>
              {interval.isError ? (
                <p role="alert" className="text-sm text-bad">
                  {t('errors.loadFailed')}
                </p>
              ) : intervalTable ? (
                <>
                  <IntervalExplorer table={intervalTable} onDrill={(d) => onDrill(d.set, 'interval', d.row)} loading={interval.isFetching} />
                  <IntervalForecastTable report={report} table={intervalTable} />
                </>
              ) : (
                <SectionLoading />
              )}
            </div>
          }
        />
      </div>
      {drill ? <DrillPanel scope={drill} onClose={() => setDrill(null)} timeZone={report.period.timezone} sep={locale === 'fr' ? 'semicolon' : 'comma'} /> : null}
    </div>
  )
}
