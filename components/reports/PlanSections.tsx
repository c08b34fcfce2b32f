'use client'
/**
 * Report sections on plans and rules: forecast accuracy per queue (WAPE, bias) with the daily
 * forecast vs actual chart; outbound compliance per center with the offending contacts.
 * "—" where there is nothing to compare (never 0).
 */
import { useTranslations } from 'next-intl'
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { useFormat } from '@/components/format'
import { CHART, seriesColor } from '@/components/charts/colors'
import type { MonthlyReport } from '@/lib/reports/types'

const TH = 'px-2 py-1 text-right font-medium'
const TD = 'px-2 py-1 text-right tabular-nums'

export function ForecastAccuracy({ report, width }: { report: MonthlyReport; width?: number }) {
  const t = useTranslations('reports.forecast')
  const tr = useTranslations('reports')
  const f = useFormat({ timeZone: report.period.timezone })
  const fc = report.forecast
  const centerName = (id: string) => report.selection.centers.find((c) => c.id === id)?.name ?? id
  const multi = report.selection.centers.length > 1
  const rows = fc.rows.filter((r) => r.daysForecast > 0 || r.daysWithout > 0)
  if (!rows.some((r) => r.daysForecast > 0)) return <p className="text-sm text-slate-500" data-forecast-none>{t('none')}</p>
  const pct = (x: number | null) => f.percent(x, { maximumFractionDigits: 1 })
  const data = fc.byDay.map((d) => ({ day: d.date, forecast: d.forecast === null ? null : Math.round(d.forecast * 10) / 10, actual: d.actual }))
  const chart = (
    <ComposedChart data={data} {...(width ? { width, height: 220 } : {})} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
      <CartesianGrid strokeDasharray="3 3" stroke={CHART.grid} />
      <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(8, 10)} tick={{ fontSize: 10 }} />
      <YAxis tickFormatter={(x: number) => f.integer(x)} tick={{ fontSize: 10 }} width={48} />
      {width ? null : <Tooltip labelFormatter={(d) => f.date(String(d))} formatter={(x) => f.number(x as number, { maximumFractionDigits: 1 })} />}
      <Legend wrapperStyle={{ fontSize: 12 }} />
      <Bar dataKey="actual" name={t('actual')} fill={CHART.answered} isAnimationActive={!width} />
      <Line dataKey="forecast" name={t('forecast')} stroke={seriesColor(1)} strokeWidth={2} dot={false} isAnimationActive={!width} />
    </ComposedChart>
  )
  return (
    <div className="flex flex-col gap-3" data-forecast-accuracy>
      <figure className="break-inside-avoid rounded-lg border border-slate-200 bg-white p-3" data-chart="forecast-daily">
        <figcaption className="mb-2 text-sm font-semibold text-slate-700">{t('chart')}</figcaption>
        {width ? <div style={{ width, height: 220 }}>{chart}</div> : <div style={{ width: '100%', height: 220 }}><ResponsiveContainer width="100%" height="100%">{chart}</ResponsiveContainer></div>}
      </figure>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full border-collapse text-sm" data-table="forecast-accuracy">
          <thead className="bg-slate-100">
            <tr>
              {multi ? <th className="px-2 py-1 text-left font-medium">{tr('columns.center')}</th> : null}
              <th className="px-2 py-1 text-left font-medium">{tr('columns.queue')}</th>
              <th className={TH}>{t('wape')}</th>
              <th className={TH}>{t('bias')}</th>
              <th className={TH}>{t('forecast')}</th>
              <th className={TH}>{t('actual')}</th>
              <th className={TH}>{t('daysForecast')}</th>
              <th className={TH}>{t('daysWithout')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.centerId}|${r.queueId}`} className="border-t border-slate-100" data-forecast-row={r.queueId}>
                {multi ? <td className="px-2 py-1">{centerName(r.centerId)}</td> : null}
                <td className="px-2 py-1">{r.queueName}</td>
                <td className={TD} data-wape>{pct(r.wape)}</td>
                <td className={TD} data-bias>{r.bias !== null && r.bias > 0 ? '+' : ''}{pct(r.bias)}</td>
                <td className={TD}>{r.daysForecast ? f.number(r.forecast, { maximumFractionDigits: 0 }) : f.integer(null)}</td>
                <td className={TD}>{r.daysForecast ? f.integer(r.actual) : f.integer(null)}</td>
                <td className={TD}>{f.integer(r.daysForecast)}</td>
                <td className={TD}>{f.integer(r.daysWithout)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="text-xs text-slate-500">{t('help')}</p>
    </div>
  )
}

export function ComplianceSection({ report, print }: { report: MonthlyReport; print?: boolean }) {
  const t = useTranslations('reports.compliance')
  const tr = useTranslations('reports')
  const f = useFormat({ timeZone: report.period.timezone })
  const c = report.compliance
  const centerName = (id: string) => report.selection.centers.find((x) => x.id === id)?.name ?? id
  if (!c.rows.length) return <p className="text-sm text-slate-500" data-compliance-none>{t('none')}</p>
  const pct = (x: number | null) => f.percent(x, { maximumFractionDigits: 1 })
  return (
    <div className="flex flex-col gap-3" data-compliance-report>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full border-collapse text-sm" data-table="compliance">
          <thead className="bg-slate-100">
            <tr>
              <th className="px-2 py-1 text-left font-medium">{tr('columns.center')}</th>
              <th className={TH}>{t('attempts')}</th>
              <th className={TH}>{t('outsideHours')}</th>
              <th className={TH}>{t('overCap')}</th>
              <th className={TH}>{t('withoutCustomerId')}</th>
              <th className={TH}>{t('abandonedDaysOver')}</th>
              <th className={TH}>{t('worstAbandon')}</th>
              <th className={TH}>{t('cap')}</th>
            </tr>
          </thead>
          <tbody>
            {c.rows.map((r) => (
              <tr key={r.centerId} className="border-t border-slate-100" data-compliance-row={r.centerId}>
                <td className="px-2 py-1">{centerName(r.centerId)}</td>
                <td className={TD}>{f.integer(r.attempts)}</td>
                <td className={`${TD} ${r.outsideHours ? 'text-bad' : ''}`} data-outside-hours>{f.integer(r.outsideHours)}</td>
                <td className={`${TD} ${r.overCapConsumers ? 'text-bad' : ''}`} data-over-cap>{r.attemptCap === null ? f.integer(null) : f.integer(r.overCapConsumers)}</td>
                <td className={`${TD} ${r.withoutCustomerId ? 'text-amber-700' : ''}`} data-without-customer-id>{r.attemptCap === null ? f.integer(null) : f.integer(r.withoutCustomerId)}</td>
                <td className={`${TD} ${r.abandonedDaysOver ? 'text-bad' : ''}`}>{r.abandonedCap === null ? f.integer(null) : f.integer(r.abandonedDaysOver)}</td>
                <td className={TD}>{r.abandonedCap === null ? pct(null) : pct(r.worstAbandonRate)}</td>
                <td className={TD}>{pct(r.abandonedCap)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {c.rows.map((r) =>
        r.outsideHours + (r.overCapConsumers ?? 0) + r.drill.abandoned.length === 0 ? null : (
          <details key={r.centerId} className="rounded-lg border border-slate-200 bg-white p-2" open={print} data-compliance-drill={r.centerId}>
            <summary className="cursor-pointer text-sm font-medium">
              {t('drill')} — {centerName(r.centerId)}
            </summary>
            {r.listsTruncated ? <p className="text-xs text-slate-500">{t('truncated', { n: 200 })}</p> : null}
            {r.drill.outsideHours.length ? (
              <table className="mt-2 w-full text-xs" data-drill="outsideHours">
                <caption className="text-left font-semibold">{t('lists.outsideHours')}</caption>
                <thead>
                  <tr className="text-slate-500">
                    <th className="text-left font-medium">{t('customer')}</th>
                    <th className="text-left font-medium">{t('contact')}</th>
                    <th className="text-left font-medium">{t('campaign')}</th>
                    <th className="text-left font-medium">{t('localTime')}</th>
                    <th className="text-left font-medium">{t('reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.drill.outsideHours.map((v) => (
                    <tr key={v.contactId} className="border-t border-slate-100">
                      <td>{v.customerId ?? f.integer(null)}</td>
                      <td>{v.contactId}</td>
                      <td>{v.campaignId ?? f.integer(null)}</td>
                      <td className="tabular-nums">{v.local}</td>
                      <td>{t(`reasons.${v.reason as 'weekday' | 'public_holiday' | 'outside_hours'}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {r.drill.overCap.length ? (
              <table className="mt-2 w-full text-xs" data-drill="overCap">
                <caption className="text-left font-semibold">{t('lists.overCap')}</caption>
                <thead>
                  <tr className="text-slate-500">
                    <th className="text-left font-medium">{t('customer')}</th>
                    <th className="text-right font-medium">{t('calls')}</th>
                    <th className="text-right font-medium">{t('cap')}</th>
                    <th className="pl-2 text-left font-medium">{t('times')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.drill.overCap.map((v) => (
                    <tr key={`${v.customerId}|${v.times[0]}`} className="border-t border-slate-100">
                      <td>{v.customerId}</td>
                      <td className="text-right tabular-nums">{f.integer(v.attempts)}</td>
                      <td className="text-right tabular-nums">{f.integer(v.cap)}</td>
                      <td className="pl-2 tabular-nums">{v.times.map((x) => f.dateTime(x)).join(' · ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {r.drill.abandoned.length ? (
              <table className="mt-2 w-full text-xs" data-drill="abandoned">
                <caption className="text-left font-semibold">{t('lists.abandoned')}</caption>
                <thead>
                  <tr className="text-slate-500">
                    <th className="text-left font-medium">{t('campaign')}</th>
                    <th className="text-left font-medium">{t('date')}</th>
                    <th className="text-right font-medium">{t('live')}</th>
                    <th className="text-right font-medium">{t('abandoned')}</th>
                    <th className="text-right font-medium">{t('rate')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.drill.abandoned.map((v) => (
                    <tr key={`${v.campaignId}|${v.date}`} className="border-t border-slate-100">
                      <td>{v.campaignId ?? f.integer(null)}</td>
                      <td>{f.date(v.date)}</td>
                      <td className="text-right tabular-nums">{f.integer(v.live)}</td>
                      <td className="text-right tabular-nums">{f.integer(v.abandoned)}</td>
                      <td className="text-right tabular-nums">{pct(v.rate)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </details>
        ),
      )}
    </div>
  )
}

/** The interval rows with the forecast offered beside the actual offered (forecast section computed). */
export function IntervalForecastTable({ report, table }: { report: MonthlyReport; table: MonthlyReport['interval'] | undefined }) {
  const t = useTranslations('reports')
  const f = useFormat({ timeZone: report.period.timezone })
  const byInterval = report.forecast.byInterval
  if (!table || !report.sections.includes('forecast') || report.forecast.intervalMin !== table.size) return null
  const rows = table.rows.filter((r) => byInterval[`${r.date} ${r.time}`] !== undefined)
  if (!rows.length) return null
  return (
    <details className="rounded-lg border border-slate-200 bg-white p-2" data-interval-forecast>
      <summary className="cursor-pointer text-sm font-medium">{t('forecast.intervalTitle')}</summary>
      <table className="mt-2 w-full text-xs tabular-nums">
        <thead>
          <tr className="text-slate-500">
            <th className="text-left font-medium">{t('columns.date')}</th>
            <th className="text-left font-medium">{t('columns.time')}</th>
            <th className="text-right font-medium">{t('forecast.actual')}</th>
            <th className="text-right font-medium">{t('forecast.intervalForecast')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-t border-slate-100">
              <td>{f.date(r.date ?? '')}</td>
              <td>{r.time}</td>
              <td className="text-right">{f.integer(r.kpis.find((k) => k.key === 'offered')?.value ?? null)}</td>
              <td className="text-right">{f.number(byInterval[`${r.date} ${r.time}`] ?? null, { maximumFractionDigits: 1 })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  )
}
