/**
 * Customer-service centers: quality (CSAT, NPS, FCR) next to cost, so a cheap center whose
 * satisfaction collapses is flagged as such — in the table and on the cost × CSAT chart.
 */
import { useLocale, useTranslations } from 'next-intl'
import { StatusIcon } from '@/components/kpi'
import { useFormat } from '@/components/format'
import type { KpiKey } from '@/lib/kpi/definitions'
import { kpiLabel } from '@/lib/kpi/definitions'
import { QUALITY_KPIS, type QualityRow } from '@/lib/executive/types'
import { Change } from './Change'
import { QualityScatter } from './QualityScatter'
import { useRootT } from './useRootT'

const COLS: KpiKey[] = ['cost_per_contact', 'cost_per_resolved_contact', ...QUALITY_KPIS]

function QualityCell({ row, k }: { row: QualityRow; k: KpiKey }) {
  const f = useFormat({ currency: row.currency ?? undefined })
  const r = row.kpis[k]
  const flagged = row.collapsing.includes(k)
  return (
    <td className={`px-2 py-1.5 text-right align-top tabular-nums ${flagged ? 'text-red-700' : ''}`} data-kpi={k}>
      <div className="font-medium">{f.kpi(r?.value ?? null, r?.unit ?? 'count')}</div>
      <Change r={r} currency={row.currency} />
    </td>
  )
}

export function QualityPanel({ rows, print = false }: { rows: QualityRow[]; print?: boolean }) {
  const t = useTranslations('executive.quality')
  const rt = useRootT()
  const locale = useLocale()
  return (
    <section aria-labelledby="exec-quality" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm print:break-inside-avoid" data-section="quality">
      <h2 id="exec-quality" className="text-lg font-semibold">
        {t('title')}
      </h2>
      <p className="mb-3 text-sm text-slate-600">{t('hint')}</p>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">{t('none')}</p>
      ) : (
        <div className="flex flex-col gap-4 lg:flex-row print:flex-col">
          <div className="min-w-0 flex-1 overflow-x-auto">
            <table className="w-full min-w-[40rem] text-sm">
              <thead className="bg-slate-50 text-xs text-slate-600">
                <tr>
                  <th scope="col" className="px-2 py-2 text-left font-medium">
                    {rt('common.center')}
                  </th>
                  {COLS.map((k) => (
                    <th key={k} scope="col" className="px-2 py-2 text-right font-medium" title={kpiLabel(k, locale, 'label', 'executive')}>
                      {kpiLabel(k, locale, 'short', 'executive')}
                    </th>
                  ))}
                  <th scope="col" className="px-2 py-2 text-left font-medium">
                    {rt('executive.xlsx.flag')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.centerId} className={`border-t border-slate-100 ${r.alert ? 'bg-red-50' : ''}`} data-quality-center={r.centerId} data-alert={r.alert ? '1' : '0'}>
                    <th scope="row" className="px-2 py-1.5 text-left font-normal">
                      {r.name}
                      {r.sourcing ? <span className="block text-xs text-slate-500">{rt(`common.sourcingTypes.${r.sourcing}`)}</span> : null}
                    </th>
                    {COLS.map((k) => (
                      <QualityCell key={k} row={r} k={k} />
                    ))}
                    <td className="px-2 py-1.5 align-top text-xs">
                      {r.alert ? (
                        <span className="inline-flex items-start gap-1 font-semibold text-red-700" data-flag="alert">
                          <StatusIcon status="bad" className="mt-0.5 size-4 shrink-0" />
                          <span>
                            {t('flag')}
                            <span className="block font-normal">{t('flagDetail', { kpis: r.collapsing.map((k) => kpiLabel(k, locale, 'short', 'executive')).join(', ') })}</span>
                          </span>
                        </span>
                      ) : (
                        <span className="inline-flex items-center gap-1 text-slate-600" data-flag="ok">
                          <StatusIcon status={r.collapsing.length ? 'warn' : 'good'} className="size-4" />
                          {r.cheap ? t('cheap') : t('ok')}
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <QualityScatter rows={rows} print={print} />
        </div>
      )}
    </section>
  )
}
