'use client'
/**
 * Interval report for staffing: a time-of-day × day grid of one figure (offered, SL, agents
 * needed…), and every figure of the intervals of one day (offered, answered, abandoned, SL,
 * ASA, AHT, agents staffed, Erlang C agents needed) with the staffed-vs-needed chart.
 */
import { useTranslations } from 'next-intl'
import { useMemo, useState } from 'react'
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { CHART } from '../charts/colors'
import { useFormat } from '@/components/format'
import type { ReportRow, ReportTable } from '@/lib/reports/types'
import { KpiTable, type DrillTarget } from './KpiTable'
import { kpiUnit } from '@/lib/kpi/definitions'
import { useKpiLabel } from './text'

type Grid = { days: string[]; times: string[]; at: Map<string, ReportRow> }

function grid(rows: readonly ReportRow[]): Grid {
  const days = [...new Set(rows.map((r) => r.date ?? ''))].sort()
  const times = [...new Set(rows.map((r) => r.time ?? ''))].sort()
  const at = new Map(rows.map((r) => [`${r.date}|${r.time}`, r]))
  return { days, times, at }
}

const value = (r: ReportRow | undefined, k: string) => r?.kpis.find((x) => x.key === k)?.value ?? null

/** Heat colour of a value within [min, max] (light → dark blue). */
function heat(v: number | null, min: number, max: number): string {
  if (v === null) return 'transparent'
  const x = max > min ? (v - min) / (max - min) : 0
  const l = 97 - x * 55
  return `hsl(205 80% ${l}%)`
}

export function IntervalHeatmap({ table, metric, dense }: { table: ReportTable; metric: string; dense?: boolean }) {
  const t = useTranslations('reports')
  const label = useKpiLabel()
  const f = useFormat()
  const g = useMemo(() => grid(table.rows), [table.rows])
  const vals = table.rows.map((r) => value(r, metric)).filter((x): x is number => x !== null)
  const min = vals.length ? Math.min(...vals) : 0
  const max = vals.length ? Math.max(...vals) : 0
  const unit = kpiUnit(metric)
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white p-2 print:overflow-visible" data-interval-grid={metric}>
      <table className={`border-collapse tabular-nums ${dense ? 'text-[7px]' : 'text-[10px]'}`}>
        <caption className="pb-1 text-left text-sm font-semibold text-slate-700">
          {label(metric)} — {t('interval.grid')}
        </caption>
        <thead>
          <tr>
            <th scope="col" className="px-1 text-left font-medium">
              {t('columns.time')}
            </th>
            {g.days.map((d) => (
              <th key={d} scope="col" className="px-0.5 text-center font-medium" title={f.date(d)}>
                {d.slice(8, 10)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {g.times.map((tm) => (
            <tr key={tm}>
              <th scope="row" className="px-1 text-left font-normal whitespace-nowrap">
                {tm}
              </th>
              {g.days.map((d) => {
                const v = value(g.at.get(`${d}|${tm}`), metric)
                return (
                  <td key={d} className="border border-white px-0.5 text-center" style={{ background: heat(v, min, max), color: v !== null && max > min && (v - min) / (max - min) > 0.6 ? 'white' : undefined }} title={`${f.date(d)} ${tm}: ${f.kpi(v, unit)}`}>
                    {v === null ? '' : unit === 'percent' ? f.number(v * 100, { maximumFractionDigits: 0 }) : unit === 'seconds' ? f.duration(v) : f.number(v, { maximumFractionDigits: 0 })}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function StaffingChart({ rows, width }: { rows: readonly ReportRow[]; width?: number }) {
  const t = useTranslations('reports')
  const label = useKpiLabel()
  const f = useFormat()
  const data = rows.map((r) => ({ time: r.time ?? r.id, staffed: value(r, 'agents_staffed'), needed: value(r, 'agents_needed'), offered: value(r, 'offered') }))
  const chart = (
    <LineChart data={data} width={width} height={width ? 220 : undefined} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
      <CartesianGrid strokeDasharray="3 3" stroke={CHART.grid} />
      <XAxis dataKey="time" tick={{ fontSize: 10 }} interval="preserveStartEnd" />
      <YAxis tickFormatter={(x: number) => f.number(x, { maximumFractionDigits: 1 })} tick={{ fontSize: 10 }} width={36} />
      {width ? null : <Tooltip formatter={(x) => f.number(x as number, { maximumFractionDigits: 1 })} />}
      <Legend wrapperStyle={{ fontSize: 11 }} />
      <Line type="stepAfter" dataKey="staffed" name={label('agents_staffed')} stroke={CHART.staffed} dot={false} strokeWidth={2} isAnimationActive={!width} />
      <Line type="stepAfter" dataKey="needed" name={label('agents_needed')} stroke={CHART.needed} dot={false} strokeWidth={2} strokeDasharray="5 3" isAnimationActive={!width} />
    </LineChart>
  )
  return (
    <figure className="break-inside-avoid rounded-lg border border-slate-200 bg-white p-3" data-chart>
      <figcaption className="mb-2 text-sm font-semibold text-slate-700">{t('charts.staffing')}</figcaption>
      {width ? (
        chart
      ) : (
        <div style={{ width: '100%', height: 240 }}>
          <ResponsiveContainer width="100%" height="100%">
            {chart}
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  )
}

/** The interactive interval section of the page. */
export function IntervalExplorer({ table, onDrill, loading }: { table: ReportTable & { size: number }; onDrill?: (t: DrillTarget) => void; loading?: boolean }) {
  const t = useTranslations('reports')
  const label = useKpiLabel()
  const f = useFormat()
  const g = useMemo(() => grid(table.rows), [table.rows])
  const [metric, setMetric] = useState('offered')
  const [day, setDay] = useState<string | null>(null)
  const selected = day && g.days.includes(day) ? day : (g.days.find((d) => table.rows.some((r) => r.date === d && (value(r, 'offered') ?? 0) > 0)) ?? g.days[0] ?? null)
  const dayRows = table.rows.filter((r) => r.date === selected)
  return (
    <div className="flex flex-col gap-3" aria-busy={loading}>
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col">
          <span className="text-slate-600">{t('interval.metric')}</span>
          <select className="rounded border border-slate-300 bg-white px-2 py-1" value={metric} onChange={(e) => setMetric(e.target.value)} data-testid="interval-metric">
            {table.keys.map((k) => (
              <option key={k} value={k}>
                {label(k)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          <span className="text-slate-600">{t('interval.day')}</span>
          <select className="rounded border border-slate-300 bg-white px-2 py-1" value={selected ?? ''} onChange={(e) => setDay(e.target.value)} data-testid="interval-day">
            {g.days.map((d) => (
              <option key={d} value={d}>
                {f.date(d)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <IntervalHeatmap table={table} metric={metric} />
      {selected ? (
        <>
          <StaffingChart rows={dayRows} />
          <KpiTable
            id="interval-day"
            caption={t('interval.table', { day: f.date(selected) })}
            labelHeaders={[t('columns.time')]}
            labels={(r) => [r.time ?? '']}
            keys={table.keys}
            rows={dayRows}
            onDrill={onDrill}
            dense
          />
        </>
      ) : null}
    </div>
  )
}
