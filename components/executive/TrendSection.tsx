'use client'
/**
 * Month over month for 12 months: one figure (margin, cost, revenue…) for all centers or split
 * by reporting line, sourcing or center — a line chart and the table of monthly values with
 * their change against the previous month.
 */
import { useLocale, useTranslations } from 'next-intl'
import { useId, useState } from 'react'
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { useFormat } from '@/components/format'
import { kpiDefinition } from '@/lib/kpi/definitions'
import { kpiLabel } from '@/lib/kpi/definitions'
import { groupLabel, momChanges } from '@/lib/executive/labels'
import { TREND_KPIS, type GroupKind, type TrendKpi, type TrendSeries } from '@/lib/executive/types'
import { CHART, seriesColor } from '../charts/colors'
import { useRootT } from './useRootT'

const SPLITS: Array<{ kind: GroupKind; key: 'seriesTotal' | 'seriesLines' | 'seriesSourcing' | 'seriesCenters' }> = [
  { kind: 'total', key: 'seriesTotal' },
  { kind: 'reporting_line', key: 'seriesLines' },
  { kind: 'sourcing', key: 'seriesSourcing' },
  { kind: 'center', key: 'seriesCenters' },
]

export function TrendChart({
  months,
  series,
  metric,
  currency,
  width,
  label,
}: {
  months: string[]
  series: TrendSeries[]
  metric: TrendKpi
  currency?: string
  /** Fixed width (print); otherwise responsive. */
  width?: number
  label: string
}) {
  const f = useFormat({ currency })
  const rt = useRootT()
  const unit = kpiDefinition(metric).unit
  const data = months.map((m, i) => {
    const row: Record<string, number | string | null> = { month: m }
    for (const s of series) row[`${s.kind}:${s.id}`] = s.values[metric]?.[i] ?? null
    return row
  })
  const tick = (v: number) => (unit === 'currency' ? f.currency(v, { compact: true }) : f.kpi(v, unit))
  const chart = (
    <LineChart data={data} width={width} height={width ? 260 : undefined} margin={{ top: 8, right: 16, bottom: 4, left: 8 }}>
      <CartesianGrid strokeDasharray="3 3" stroke={CHART.grid} />
      <XAxis dataKey="month" tickFormatter={(m: string) => f.month(`${m}-01`, { style: 'short' })} tick={{ fontSize: 11 }} />
      <YAxis tickFormatter={tick} tick={{ fontSize: 11 }} width={72} />
      {width ? null : <Tooltip formatter={(v) => f.kpi(v as number, unit)} labelFormatter={(m) => f.month(`${String(m)}-01`)} />}
      <Legend wrapperStyle={{ fontSize: 12 }} />
      {series.map((s, i) => (
        <Line
          key={`${s.kind}:${s.id}`}
          type="monotone"
          dataKey={`${s.kind}:${s.id}`}
          name={groupLabel(rt, s)}
          stroke={seriesColor(i)}
          strokeWidth={2}
          dot={{ r: 2 }}
          connectNulls={false}
          isAnimationActive={false}
        />
      ))}
    </LineChart>
  )
  return (
    <figure role="img" aria-label={label} className="w-full" data-trend-chart={metric}>
      {width ? chart : <ResponsiveContainer width="100%" height={280}>{chart}</ResponsiveContainer>}
    </figure>
  )
}

export function TrendTable({ months, series, metric, currency, caption }: { months: string[]; series: TrendSeries[]; metric: TrendKpi; currency?: string; caption: string }) {
  const f = useFormat({ currency })
  const rt = useRootT()
  const t = useTranslations('executive.trend')
  const unit = kpiDefinition(metric).unit
  return (
    <div className="overflow-x-auto print:overflow-visible">
      <table className="w-full min-w-[56rem] text-xs print:min-w-0 print:text-[9px]" data-trend-table={metric}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            <th scope="col" className="px-2 py-1.5 text-left font-medium">
              {t('month')}
            </th>
            {months.map((m) => (
              <th key={m} scope="col" className="px-2 py-1.5 text-right font-medium whitespace-nowrap">
                {f.month(`${m}-01`, { style: 'short' })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {series.map((s) => {
            const values = s.values[metric] ?? []
            const mom = momChanges(values)
            return (
              <tr key={`${s.kind}:${s.id}`} className="border-t border-slate-100" data-series={`${s.kind}:${s.id}`}>
                <th scope="row" className="px-2 py-1 text-left font-normal whitespace-nowrap">
                  {groupLabel(rt, s)}
                </th>
                {months.map((m, i) => (
                  <td key={m} className="px-2 py-1 text-right align-top tabular-nums whitespace-nowrap">
                    {values[i] === null || values[i] === undefined ? <div className="text-slate-400" data-no-data>{t('noData')}</div> : <div>{f.kpi(values[i], unit)}</div>}
                    {mom[i] !== null ? <div className="text-[10px] text-slate-500" title={t('mom')}>{f.kpiChange(mom[i], unit)}</div> : null}
                  </td>
                ))}
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

export function TrendSection({ months, series, currency }: { months: string[]; series: TrendSeries[]; currency?: string }) {
  const t = useTranslations('executive.trend')
  const rt = useRootT()
  const locale = useLocale()
  const [metric, setMetric] = useState<TrendKpi>('margin')
  const [split, setSplit] = useState<GroupKind>('center')
  const id = useId()
  const shown = series.filter((s) => s.kind === split)
  const splitLabel = t(SPLITS.find((s) => s.kind === split)!.key)
  return (
    <section aria-labelledby={`${id}-h`} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm" data-section="trend">
      <header className="mb-3 flex flex-wrap items-end justify-between gap-3">
        <h2 id={`${id}-h`} className="text-lg font-semibold">
          {t('title')}
        </h2>
        <div className="flex flex-wrap gap-3 text-sm">
          <label className="flex items-center gap-2">
            <span className="text-slate-600">{t('metric')}</span>
            <select className="rounded border border-slate-300 bg-white px-2 py-1" value={metric} onChange={(e) => setMetric(e.target.value as TrendKpi)} data-testid="trend-metric">
              {TREND_KPIS.map((k) => (
                <option key={k} value={k}>
                  {kpiLabel(k, locale, 'label', 'executive')}
                </option>
              ))}
            </select>
          </label>
          <label className="flex items-center gap-2">
            <span className="text-slate-600">{t('series')}</span>
            <select className="rounded border border-slate-300 bg-white px-2 py-1" value={split} onChange={(e) => setSplit(e.target.value as GroupKind)} data-testid="trend-split">
              {SPLITS.map((s) => (
                <option key={s.kind} value={s.kind}>
                  {t(s.key)}
                </option>
              ))}
            </select>
          </label>
        </div>
      </header>
      <TrendChart months={months} series={shown} metric={metric} currency={currency} label={t('chartLabel', { metric: kpiLabel(metric, locale, 'label', 'executive'), split: splitLabel })} />
      <TrendTable months={months} series={shown} metric={metric} currency={currency} caption={t('tableCaption', { metric: kpiLabel(metric, locale, 'label', 'executive') })} />
    </section>
  )
}
