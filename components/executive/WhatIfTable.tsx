/**
 * What-if per queue: one agent fewer, now (estimated), one agent more → service level, ASA and
 * abandonment from Erlang C, the added cost and the revenue at risk (lib/executive/whatif).
 */
import { useTranslations } from 'next-intl'
import { Fragment } from 'react'
import { useFormat } from '@/components/format'
import type { WhatIfRow } from '@/lib/executive/types'
import type { WhatIfScenario } from '@/lib/executive/whatif'
import { useRootT } from './useRootT'

function ScenarioCells({ s, currency, base }: { s: WhatIfScenario; currency: string | null; base: boolean }) {
  const t = useTranslations('executive.whatIf')
  const f = useFormat({ currency: currency ?? undefined })
  const money = (v: number | null) => (base ? '' : v === null ? '—' : f.currency(v, { signed: true }))
  return (
    <>
      <td className="px-2 py-1 text-right whitespace-nowrap tabular-nums" data-col="agents">
        {s.agents}
      </td>
      <td className="px-2 py-1 text-right whitespace-nowrap tabular-nums" data-col="sl">
        {f.percent(s.serviceLevel)}
      </td>
      <td className="px-2 py-1 text-right whitespace-nowrap tabular-nums" data-col="asa">
        {s.stable ? f.duration(s.asaS) : <span className="text-red-700">{t('unstable')}</span>}
      </td>
      <td className="px-2 py-1 text-right whitespace-nowrap tabular-nums" data-col="abandonment">
        {f.percent(s.abandonmentRate)}
      </td>
      <td className={`px-2 py-1 text-right whitespace-nowrap tabular-nums ${!base && (s.addedCost ?? 0) > 0 ? 'text-red-700' : !base && (s.addedCost ?? 0) < 0 ? 'text-green-700' : ''}`} data-col="cost">
        {money(s.addedCost)}
      </td>
      <td className={`px-2 py-1 text-right whitespace-nowrap tabular-nums ${!base && (s.revenueAtRisk ?? 0) > 0 ? 'text-red-700' : !base && (s.revenueAtRisk ?? 0) < 0 ? 'text-green-700' : ''}`} data-col="risk">
        {money(s.revenueAtRisk)}
      </td>
    </>
  )
}

export function WhatIfTable({ rows }: { rows: WhatIfRow[] }) {
  const t = useTranslations('executive.whatIf')
  const rt = useRootT()
  const f = useFormat()
  const withResult = rows.filter((r) => r.result)
  return (
    <section aria-labelledby="exec-whatif" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm" data-section="whatif">
      <h2 id="exec-whatif" className="text-lg font-semibold">
        {t('title')}
      </h2>
      <p className="mb-3 max-w-4xl text-sm text-slate-600">{t('hint')}</p>
      {withResult.length === 0 ? (
        <p className="text-sm text-slate-500">{t('none')}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[56rem] text-sm">
            <thead className="bg-slate-50 text-xs text-slate-600">
              <tr>
                <th scope="col" className="px-2 py-2 text-left font-medium">
                  {t('queue')}
                </th>
                <th scope="col" className="px-2 py-2 text-left font-medium">
                  {t('load')}
                </th>
                <th scope="col" className="px-2 py-2 text-left font-medium">
                  <span className="sr-only">{rt('executive.xlsx.scenario')}</span>
                </th>
                <th scope="col" className="px-2 py-2 text-right font-medium">
                  {t('agents')}
                </th>
                <th scope="col" className="px-2 py-2 text-right font-medium">
                  {t('serviceLevel')}
                </th>
                <th scope="col" className="px-2 py-2 text-right font-medium">
                  {t('asa')}
                </th>
                <th scope="col" className="px-2 py-2 text-right font-medium">
                  {t('abandonment')}
                </th>
                <th scope="col" className="px-2 py-2 text-right font-medium" title={t('addedCostHint')}>
                  {t('addedCost')}
                </th>
                <th scope="col" className="px-2 py-2 text-right font-medium" title={t('revenueAtRiskHint')}>
                  {t('revenueAtRisk')}
                </th>
              </tr>
            </thead>
            <tbody>
              {withResult.map((r) => {
                const w = r.result!
                const scen: Array<{ key: 'minusOne' | 'baseline' | 'plusOne'; s: WhatIfScenario }> = [
                  { key: 'minusOne', s: w.minus },
                  { key: 'baseline', s: w.base },
                  { key: 'plusOne', s: w.plus },
                ]
                return (
                  <Fragment key={`${r.centerId}|${r.queueId}`}>
                    {scen.map((x, i) => (
                      <tr
                        key={x.key}
                        className={`${i === 0 ? 'border-t-2 border-slate-200' : 'border-t border-slate-100'} ${x.key === 'baseline' ? 'bg-slate-50 font-medium' : ''}`}
                        data-whatif={`${r.centerId}|${r.queueId}`}
                        data-scenario={x.key}
                      >
                        {i === 0 ? (
                          <>
                            <th scope="rowgroup" rowSpan={3} className="px-2 py-1 text-left align-top font-normal">
                              <span className="font-medium">{r.queueName}</span>
                              <span className="block text-xs text-slate-500">
                                {r.centerName}
                                {r.channel ? ` · ${rt(`common.channels.${r.channel}`)}` : ''}
                              </span>
                            </th>
                            <td rowSpan={3} className="px-2 py-1 align-top text-xs text-slate-600 tabular-nums">
                              <div>{t('arrivalsPerHour', { value: f.number(w.arrivalsPerHour, { maximumFractionDigits: 1 }) })}</div>
                              <div>{t('traffic', { value: f.number(w.trafficErlangs, { maximumFractionDigits: 2 }) })}</div>
                              <div>{t('openHours', { value: f.integer(w.openHours) })}</div>
                              <div className="mt-1">
                                {t('observed', { sl: f.percent(r.observed.serviceLevel), asa: f.duration(r.observed.asaS), ab: f.percent(r.observed.abandonmentRate) })}
                              </div>
                            </td>
                          </>
                        ) : null}
                        <td className="px-2 py-1 text-xs whitespace-nowrap">
                          {t(x.key)}
                          {x.key === 'baseline' ? <span className="block text-[10px] font-normal text-slate-500">{t(`baselineSource.${w.baselineSource}`)}</span> : null}
                        </td>
                        <ScenarioCells s={x.s} currency={r.currency} base={x.key === 'baseline'} />
                      </tr>
                    ))}
                  </Fragment>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
