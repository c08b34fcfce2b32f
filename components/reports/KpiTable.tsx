'use client'
/**
 * A table of rows (days, queues, agents, centers…) × KPIs, values formatted in each KPI's
 * unit. Values with a drill-down set become buttons that open the contacts behind them.
 */
import { useFormat } from '@/components/format'
import { isKpiKey, kpiDefinition, type DrillSet } from '@/lib/kpi/definitions'
import type { KpiValue } from '@/lib/kpi/result'
import type { ReportRow } from '@/lib/reports/types'
import { kpiUnit } from '@/lib/kpi/definitions'
import { useKpiLabel } from './text'

const STATUS_CLASS: Record<string, string> = { good: 'text-good', warn: 'text-warn', bad: 'text-bad' }

export type DrillTarget = { set: DrillSet; row: ReportRow }

export function KpiTable({
  id,
  caption,
  labelHeaders,
  labels,
  keys,
  rows,
  currency,
  onDrill,
  footer,
  maxRows,
  dense,
}: {
  id: string
  caption: string
  labelHeaders: string[]
  labels: (row: ReportRow) => string[]
  keys: readonly string[]
  rows: readonly ReportRow[]
  currency?: string
  onDrill?: (t: DrillTarget) => void
  footer?: { labels: string[]; kpis: KpiValue[] }
  maxRows?: number
  dense?: boolean
}) {
  const f = useFormat({ currency })
  const label = useKpiLabel()
  const shown = maxRows ? rows.slice(0, maxRows) : rows
  const cell = (kpis: KpiValue[], k: string, row: ReportRow | null) => {
    const v = kpis.find((x) => x.key === k)
    const text = f.kpi(v?.value ?? null, v?.unit ?? kpiUnit(k), v?.currency)
    const drill = isKpiKey(k) ? kpiDefinition(k).drill : undefined
    const cls = v?.status ? STATUS_CLASS[v.status] ?? '' : ''
    if (onDrill && row && drill && v?.value) {
      return (
        <button type="button" className={`underline decoration-dotted underline-offset-2 hover:decoration-solid ${cls}`} onClick={() => onDrill({ set: drill, row })} data-drill={drill}>
          {text}
        </button>
      )
    }
    return <span className={cls}>{text}</span>
  }
  const pad = dense ? 'px-1.5 py-0.5' : 'px-2 py-1'
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white print:overflow-visible print:border-0" data-report-table={id}>
      <table className={`w-full border-collapse tabular-nums ${dense ? 'text-[10px]' : 'text-sm'}`}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100 text-left text-slate-700">
          <tr>
            {labelHeaders.map((h) => (
              <th key={h} scope="col" className={`${pad} font-medium whitespace-nowrap`}>
                {h}
              </th>
            ))}
            {keys.map((k) => (
              <th key={k} scope="col" className={`${pad} text-right align-bottom font-medium`}>
                {label(k)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={row.id} className="border-t border-slate-100 break-inside-avoid">
              {labels(row).map((l, i) => (
                <th key={i} scope="row" className={`${pad} text-left font-normal whitespace-nowrap`}>
                  {l}
                </th>
              ))}
              {keys.map((k) => (
                <td key={k} className={`${pad} text-right whitespace-nowrap`}>
                  {cell(row.kpis, k, row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {footer ? (
          <tfoot className="border-t-2 border-slate-300 font-semibold">
            <tr>
              {footer.labels.map((l, i) => (
                <th key={i} scope="row" className={`${pad} text-left`}>
                  {l}
                </th>
              ))}
              {keys.map((k) => (
                <td key={k} className={`${pad} text-right whitespace-nowrap`}>
                  {cell(footer.kpis, k, null)}
                </td>
              ))}
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  )
}
