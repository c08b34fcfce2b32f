/**
 * Every figure of one view split by reporting line, by sourcing and per center, with the
 * total first. Each cell: the engine's value and its change against the previous period.
 */
import { useLocale, useTranslations } from 'next-intl'
import { Fragment } from 'react'
import { useFormat } from '@/components/format'
import type { KpiKey } from '@/lib/kpi/definitions'
import { kpiLabel } from '@/lib/kpi/definitions'
import { groupLabel } from '@/lib/executive/labels'
import type { GroupKind, GroupRow } from '@/lib/executive/types'
import { Change } from './Change'
import { useRootT } from './useRootT'

function Cell({ row, k }: { row: GroupRow; k: KpiKey }) {
  const f = useFormat({ currency: row.currency ?? undefined })
  const r = row.kpis[k]
  return (
    <td className="px-2 py-1.5 text-right align-top tabular-nums" data-kpi={k}>
      <div className="font-medium text-ink" data-value>
        {f.kpi(r?.value ?? null, r?.unit ?? 'count')}
      </div>
      <Change r={r} currency={row.currency} />
    </td>
  )
}

export function SplitTable({
  id,
  title,
  keys,
  total,
  reportingLines,
  sourcing,
  centers,
}: {
  id: string
  title: string
  keys: readonly KpiKey[]
  total: GroupRow
  reportingLines: GroupRow[]
  sourcing: GroupRow[]
  centers: GroupRow[]
}) {
  const t = useTranslations('executive.split')
  const rt = useRootT()
  const locale = useLocale()
  const sections: Array<{ kind: GroupKind; label: string; rows: GroupRow[] }> = [
    { kind: 'reporting_line', label: t('byReportingLine'), rows: reportingLines },
    { kind: 'sourcing', label: t('bySourcing'), rows: sourcing },
    { kind: 'center', label: t('byCenter'), rows: centers },
  ]
  const colSpan = keys.length + 1
  return (
    <section aria-labelledby={id} className="rounded-xl border border-slate-200 bg-white shadow-sm print:break-inside-avoid-page" data-split={id}>
      <h3 id={id} className="border-b border-slate-200 px-4 py-2 font-semibold">
        {title}
      </h3>
      <div className="overflow-x-auto">
        <table className="w-full min-w-[44rem] text-sm">
          <thead className="bg-slate-50 text-xs text-slate-600">
            <tr>
              <th scope="col" className="px-2 py-2 text-left font-medium">
                {t('group')}
              </th>
              {keys.map((k) => (
                <th key={k} scope="col" className="px-2 py-2 text-right font-medium" title={kpiLabel(k, locale, 'label', 'executive')}>
                  {kpiLabel(k, locale, 'short', 'executive')}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr className="border-t border-slate-200 bg-slate-100/60 font-semibold" data-group="total:all">
              <th scope="row" className="px-2 py-1.5 text-left">
                {t('total')}
              </th>
              {keys.map((k) => (
                <Cell key={k} row={total} k={k} />
              ))}
            </tr>
            {sections.map((s) => (
              <Fragment key={s.kind}>
                <tr className="border-t border-slate-200">
                  <th scope="colgroup" colSpan={colSpan} className="bg-white px-2 pt-3 pb-1 text-left text-xs font-semibold tracking-wide text-slate-500 uppercase">
                    {s.label}
                  </th>
                </tr>
                {s.rows.map((r) => (
                  <tr key={`${r.kind}:${r.id}`} className="border-t border-slate-100 hover:bg-slate-50" data-group={`${r.kind}:${r.id}`}>
                    <th scope="row" className="px-2 py-1.5 text-left font-normal">
                      {groupLabel(rt, r)}
                      {r.kind === 'center' && r.configured === false ? <span className="ml-1 text-xs text-amber-700">({t('unconfigured')})</span> : null}
                      {r.kind === 'center' && r.reportingLine ? (
                        <span className="block text-xs text-slate-500">
                          {rt(`common.reportingLines.${r.reportingLine}`)}
                          {r.sourcing ? ` · ${rt(`common.sourcingTypes.${r.sourcing}`)}` : ''}
                        </span>
                      ) : null}
                    </th>
                    {keys.map((k) => (
                      <Cell key={k} row={r} k={k} />
                    ))}
                  </tr>
                ))}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
