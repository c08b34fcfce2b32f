'use client'
/**
 * Summary of the period: headline tiles (the live view's KpiTile) and every KPI by category
 * with the previous period and the same period last year.
 */
import { useTranslations } from 'next-intl'
import { KpiTile } from '@/components/kpi'
import { useFormat } from '@/components/format'
import { CATEGORIES, isKpiKey, kpiDefinition, type DrillSet } from '@/lib/kpi/definitions'
import type { KpiValue } from '@/lib/kpi/result'
import { comparisonFlagWith, coverageLineWith, type Tfn } from '@/lib/reports/text'
import type { MonthlyReport, SummaryKpi } from '@/lib/reports/types'
import { useKpiLabel, usePeriodLabel } from './text'

export const HEADLINE_KEYS = ['offered', 'handled', 'service_level', 'abandonment_rate', 'asa', 'aht', 'csat', 'cost_per_contact'] as const

const STATUS_CLASS: Record<string, string> = { good: 'text-good', warn: 'text-warn', bad: 'text-bad' }
const CHANGE_CLASS = (good: boolean | null) => (good === true ? 'text-good' : good === false ? 'text-bad' : 'text-slate-600')

export function KpiTiles({
  kpis,
  keys,
  currency,
  onDrill,
  lastYear,
}: {
  kpis: KpiValue[]
  keys: readonly string[]
  currency?: string
  onDrill?: (set: DrillSet) => void
  lastYear?: Map<string, SummaryKpi>
}) {
  const t = useTranslations('reports')
  const td = useTranslations('reports.drill')
  const f = useFormat({ currency })
  const byKey = new Map<string, KpiValue>(kpis.map((k) => [k.key, k]))
  return (
    <div className="grid grid-cols-[repeat(auto-fill,minmax(17rem,1fr))] gap-3 print:grid-cols-3">
      {keys.map((k) => {
        const r = byKey.get(k)
        if (!r) return null
        const drill = isKpiKey(k) ? kpiDefinition(k).drill : undefined
        const ly = lastYear?.get(k)
        return (
          <KpiTile
            key={k}
            result={r}
            currency={r.currency ?? currency}
            onDrill={onDrill && drill && r.value ? () => onDrill(drill) : undefined}
            drillLabel={td('open')}
            compare="previousPeriod"
            fit
          >
            {ly ? (
              <p className="mt-1 text-xs text-slate-500 tabular-nums">
                {t('summary.lastYearValue', { value: f.kpi(ly.lastYear, ly.unit, ly.currency) })}
              </p>
            ) : null}
          </KpiTile>
        )
      })}
    </div>
  )
}

export function SummaryTable({ report, onDrill }: { report: MonthlyReport; onDrill?: (set: DrillSet) => void }) {
  const t = useTranslations('reports')
  const tc = useTranslations('common')
  const label = useKpiLabel()
  const f = useFormat({ currency: report.currency ?? undefined, timeZone: report.period.timezone })
  const groups = CATEGORIES.map((c) => ({ c, rows: report.summary.filter((k) => isKpiKey(k.key) && kpiDefinition(k.key).category === c) })).filter((g) => g.rows.length)
  const status = (s: KpiValue['status']) => tc(`status.${s === 'warn' ? 'warning' : s === null ? 'none' : s}`)
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white print:overflow-visible" data-report-table="summary">
      <table className="w-full border-collapse text-sm tabular-nums print:text-[10px]">
        <caption className="sr-only">{t('sections.summary')}</caption>
        <thead className="bg-slate-100 text-left text-slate-700">
          <tr>
            <th scope="col" className="px-2 py-1 font-medium">
              {t('summary.kpi')}
            </th>
            <th scope="col" className="px-2 py-1 text-right font-medium">
              {t('summary.value')}
            </th>
            <th scope="col" className="px-2 py-1 text-right font-medium">
              {t('summary.previous')}
            </th>
            <th scope="col" className="px-2 py-1 text-right font-medium">
              {t('summary.change')}
            </th>
            <th scope="col" className="px-2 py-1 text-right font-medium">
              {t('summary.lastYear')}
            </th>
            <th scope="col" className="px-2 py-1 text-right font-medium">
              {t('summary.changeLastYear')}
            </th>
            <th scope="col" className="px-2 py-1 text-right font-medium">
              {t('summary.target')}
            </th>
            <th scope="col" className="px-2 py-1 font-medium">
              {t('summary.status')}
            </th>
          </tr>
        </thead>
        {groups.map((g) => (
          <tbody key={g.c} className="break-inside-avoid">
            <tr className="bg-slate-50">
              <th colSpan={8} scope="colgroup" className="px-2 pt-2 pb-1 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase">
                {t(`categories.${g.c}`)}
              </th>
            </tr>
            {g.rows.map((k) => {
              const drill = isKpiKey(k.key) ? kpiDefinition(k.key).drill : undefined
              const text = f.kpi(k.value, k.unit, k.currency)
              return (
                <tr key={k.key} className="border-t border-slate-100 break-inside-avoid" data-kpi={k.key}>
                  <th scope="row" className="px-2 py-1 text-left font-normal">
                    {label(k.key)}
                  </th>
                  <td className={`px-2 py-1 text-right font-semibold ${k.status ? STATUS_CLASS[k.status] : ''}`} data-value>
                    {onDrill && drill && k.value ? (
                      <button type="button" className="underline decoration-dotted underline-offset-2" onClick={() => onDrill(drill)} data-drill={drill}>
                        {text}
                      </button>
                    ) : (
                      text
                    )}
                  </td>
                  <td className="px-2 py-1 text-right">{f.kpi(k.previous, k.unit, k.currency)}</td>
                  <td className={`px-2 py-1 text-right ${CHANGE_CLASS(k.changeIsGood)}`}>{f.kpiChange(k.change, k.unit, k.currency)}</td>
                  <td className="px-2 py-1 text-right">{f.kpi(k.lastYear, k.unit, k.currency)}</td>
                  <td className="px-2 py-1 text-right">{f.kpiChange(k.lastYearChange, k.unit, k.currency)}</td>
                  <td className="px-2 py-1 text-right">{f.kpi(k.target, k.unit, k.currency)}</td>
                  <td className={`px-2 py-1 ${k.status ? STATUS_CLASS[k.status] : 'text-slate-500'}`}>{status(k.status)}</td>
                </tr>
              )
            })}
          </tbody>
        ))}
      </table>
    </div>
  )
}

export function ComparedWith({ report }: { report: MonthlyReport }) {
  const t = useTranslations('reports')
  const tc = useTranslations('common')
  const period = usePeriodLabel()
  const tr = t as unknown as Tfn
  const prevFlag = comparisonFlagWith(tr, report.previousCoverage)
  const lyFlag = comparisonFlagWith(tr, report.lastYearCoverage)
  const flag = (s: string | null, id: string) =>
    s ? (
      <span className="ml-1 rounded bg-amber-100 px-1 text-amber-900" data-testid={id}>
        ({s})
      </span>
    ) : null
  return (
    <div className="flex flex-col gap-1 text-sm text-slate-600">
      <p data-testid="coverage" className={report.partial ? 'font-medium text-amber-900' : ''}>
        {coverageLineWith(tr, report)}
      </p>
      <p>
        {tc('previousPeriodOf', { period: period(report.previousPeriod) })}
        {flag(prevFlag, 'previous-flag')} · {tc('lastYearPeriodOf', { period: period(report.lastYearPeriod) })}
        {flag(lyFlag, 'last-year-flag')}
      </p>
    </div>
  )
}
