/**
 * Report sections that look at plans and rules rather than KPIs (docs/reports.md):
 * - `forecast`: the accuracy of each queue's forecast over the period (each day forecast as it
 *   would have been that morning, lib/forecast), WAPE and bias, the daily forecast vs actual
 *   totals for the chart, and the forecast per interval the interval table shows beside the
 *   actual offered;
 * - `compliance`: per center with outbound rules, calls outside allowed hours, consumers over the
 *   attempt cap and abandoned-call rate against its cap, with the offending contacts (drill),
 *   lists capped at MAX_DRILL_ROWS (counts complete).
 */
import { getConfig, queueSettings } from '../config'
import { attemptCapFigure } from '../compliance/check'
import { centerCompliance } from '../compliance/query'
import { accuracy, type AccuracyPoint } from '../forecast/accuracy'
import { addDays, centerCountry } from '../forecast/calendar'
import { queryForecastHistory } from '../forecast/history'
import { DEFAULT_WEEKS, forecastDay, type ForecastInterval } from '../forecast/model'
import { zonedToUtc } from '../kpi/time'

/** Most centers the plan sections compute (the rest are listed as left out). */
export const MAX_PLAN_CENTERS = 20
/** Most offending contacts per list and center carried in the report (the drill). */
export const MAX_DRILL_ROWS = 200

export type ForecastAccuracyRow = {
  centerId: string
  queueId: string
  queueName: string
  wape: number | null
  bias: number | null
  forecast: number
  actual: number
  daysForecast: number
  /** Days with traffic but no forecast (not enough history), left out of WAPE/bias. */
  daysWithout: number
}

export type ReportForecast = {
  rows: ForecastAccuracyRow[]
  /** Per local day, all queues with a forecast that day: forecast and actual offered. */
  byDay: { date: string; forecast: number | null; actual: number }[]
  /** Forecast offered per interval row of the report ('YYYY-MM-DD HH:MM' → contacts). */
  byInterval: Record<string, number>
  intervalMin: ForecastInterval
  centersLeftOut: number
}

export type ComplianceCenterRow = {
  centerId: string
  configured: boolean
  attempts: number
  outsideHours: number
  /** Consumers over the attempt cap; null (not checked) when none found but some calls had no customer id. */
  overCapConsumers: number | null
  /** Canvassing calls without a customer id, left out of the attempt-cap check. */
  withoutCustomerId: number
  /** Campaign-days over the abandoned cap, and the worst campaign-day rate. */
  abandonedDaysOver: number
  worstAbandonRate: number | null
  abandonedCap: number | null
  attemptCap: number | null
  drill: {
    outsideHours: { contactId: string; customerId: string | null; campaignId: string | null; local: string; reason: string }[]
    overCap: { customerId: string; attempts: number; cap: number; times: string[]; contactIds: string[] }[]
    abandoned: { campaignId: string | null; date: string; live: number; abandoned: number; rate: number | null; cap: number }[]
  }
  listsTruncated: boolean
}

export type ReportCompliance = { rows: ComplianceCenterRow[]; centersLeftOut: number }

const hhmm = (slot: number, size: number) => `${String(Math.floor((slot * size) / 60)).padStart(2, '0')}:${String((slot * size) % 60).padStart(2, '0')}`

/**
 * Each day of [firstDay, lastDay] forecast as it would have been that morning (history before
 * the day only, no re-levelling), for every queue of the centers. One history read per center
 * covering the period and the weeks before it, then the pure model per day (the same
 * forecastDay as forecastCenter: the history before each day is what it would have read).
 */
export async function forecastSection(centerIds: string[], firstDay: string, lastDay: string, intervalMin: ForecastInterval, asOf: number): Promise<ReportForecast> {
  const ids = centerIds.slice(0, MAX_PLAN_CENTERS)
  const perQueue = new Map<string, { row: Omit<ForecastAccuracyRow, 'wape' | 'bias' | 'forecast' | 'actual'>; points: AccuracyPoint[] }>()
  const byDay = new Map<string, { forecast: number | null; actual: number }>()
  const byInterval: Record<string, number> = {}
  for (let d = firstDay; d <= lastDay; d = addDays(d, 1)) byDay.set(d, { forecast: null, actual: 0 })
  for (const centerId of ids) {
    const center = getConfig().center(centerId)
    const tz = center.timezone
    const country = centerCountry(center.country ?? undefined, tz)
    const history = await queryForecastHistory({
      centerId,
      tz,
      from: midnight(addDays(firstDay, -7 * DEFAULT_WEEKS), tz),
      to: Math.min(midnight(addDays(lastDay, 1), tz), asOf),
      intervalMin,
    })
    const ids = new Set(history.filter((h) => h.historyStart !== null).map((h) => h.queueId))
    for (const q of center.queues) if (q.direction !== 'outbound') ids.add(q.id)
    for (const queueId of [...ids].sort()) {
      const h = history.find((x) => x.queueId === queueId)
      const cells = h?.cells ?? []
      const e = { row: { centerId, queueId, queueName: queueSettings(center, queueId).name, daysForecast: 0, daysWithout: 0 }, points: [] as AccuracyPoint[] }
      perQueue.set(`${centerId}|${queueId}`, e)
      for (let d = firstDay; d <= lastDay; d = addDays(d, 1)) {
        const windowStart = addDays(d, -7 * DEFAULT_WEEKS)
        const past = cells.filter((c) => c.date < d && c.date >= windowStart)
        const start = h?.historyStart && h.historyStart < d ? (h.historyStart < windowStart ? windowStart : h.historyStart) : null
        const today = cells.filter((c) => c.date === d)
        const day = byDay.get(d)!
        day.actual += today.reduce((n, c) => n + c.offered, 0)
        const f = forecastDay(d, past, start, { intervalMin, weeks: DEFAULT_WEEKS, country, closedDates: center.closedDates })
        if (f.status !== 'ok') {
          if (f.status === 'insufficient_history' || today.some((c) => c.offered > 0)) e.row.daysWithout++
          continue
        }
        e.row.daysForecast++
        const actual = new Map(today.map((c) => [c.slot, c.offered]))
        for (const s of f.slots) {
          e.points.push({ forecast: s.offered, actual: actual.get(s.slot) ?? 0 })
          day.forecast = (day.forecast ?? 0) + s.offered
          const key = `${d} ${hhmm(s.slot, intervalMin)}`
          byInterval[key] = (byInterval[key] ?? 0) + s.offered
        }
      }
    }
  }
  const rows = [...perQueue.values()].map(({ row, points }) => {
    const a = accuracy(points)
    return { ...row, wape: a.wape, bias: a.bias, forecast: a.forecast, actual: a.actual }
  })
  rows.sort((a, b) => a.centerId.localeCompare(b.centerId) || a.queueId.localeCompare(b.queueId))
  return {
    rows,
    byDay: [...byDay.entries()].map(([date, v]) => ({ date, ...v })),
    byInterval,
    intervalMin,
    centersLeftOut: Math.max(0, centerIds.length - ids.length),
  }
}

function midnight(date: string, tz: string): number {
  const [y, m, d] = date.split('-').map(Number)
  return zonedToUtc(y!, m!, d!, 0, 0, tz)
}

export async function complianceSection(centerIds: string[], from: number, to: number): Promise<ReportCompliance> {
  const cfg = getConfig()
  const withRules = centerIds.filter((id) => cfg.center(id).compliance != null)
  const ids = withRules.slice(0, MAX_PLAN_CENTERS)
  const rows = await Promise.all(
    ids.map(async (id): Promise<ComplianceCenterRow> => {
      const r = await centerCompliance(id, from, to)
      const iso = (ms: number) => new Date(ms).toISOString()
      let worst: number | null = null
      for (const a of r.abandoned) if (a.rate !== null && (worst === null || a.rate > worst)) worst = a.rate
      return {
        centerId: id,
        configured: r.configured,
        attempts: r.attempts,
        outsideHours: r.outsideHours.length,
        overCapConsumers: attemptCapFigure(new Set(r.overCap.map((v) => v.customerId)).size, r.withoutCustomerId.length),
        withoutCustomerId: r.withoutCustomerId.length,
        abandonedDaysOver: r.abandoned.filter((a) => a.over).length,
        worstAbandonRate: worst,
        abandonedCap: r.rules.abandonedCap?.rate ?? null,
        attemptCap: r.rules.attemptCap?.count ?? null,
        drill: {
          outsideHours: r.outsideHours.slice(0, MAX_DRILL_ROWS).map((v) => ({ contactId: v.contactId, customerId: v.customerId, campaignId: v.campaignId, local: v.local, reason: v.reason })),
          overCap: r.overCap.slice(0, MAX_DRILL_ROWS).map((v) => ({ customerId: v.customerId, attempts: v.attempts, cap: v.cap, times: v.times.map(iso), contactIds: v.contactIds })),
          abandoned: r.abandoned.filter((a) => a.over).slice(0, MAX_DRILL_ROWS).map((a) => ({ campaignId: a.campaignId, date: a.date, live: a.live, abandoned: a.abandoned, rate: a.rate, cap: a.cap })),
        },
        listsTruncated: r.outsideHours.length > MAX_DRILL_ROWS || r.overCap.length > MAX_DRILL_ROWS || r.abandoned.filter((a) => a.over).length > MAX_DRILL_ROWS,
      }
    }),
  )
  return { rows, centersLeftOut: Math.max(0, withRules.length - ids.length) }
}
