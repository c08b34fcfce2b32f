/**
 * Forecast and staffing ahead for one center, from the store and the configuration:
 *
 *   forecastCenter({ centerId: 'paris-sales', date: '2026-12-07', intervalMin: 30 })
 *     → { centerId, timezone, country, date, intervalMin, queues: [{ queueId, forecast, actual }] }
 *   staffingNextHours({ centerId, now, hours: 4, intervalMin: 30 }, allowedCenters)
 *     → per queue: today's forecast re-levelled on today so far, today's actual, and the
 *       agents needed (Erlang C) per interval of the next hours against agents staffed now.
 *
 * The next hours stop at local midnight (tomorrow's forecast is its own day).
 */
import 'server-only'
import { getConfig, queueSettings } from '../config'
import { localParts, zonedToUtc } from '../kpi/time'
import { getQueueStaffing } from '../queries/getQueueStaffing'
import { addDays, centerCountry, isoDate, type HolidayCountry } from './calendar'
import { accuracy, type Accuracy, type AccuracyPoint } from './accuracy'
import { queryForecastHistory } from './history'
import { DEFAULT_WEEKS, forecastDay, relevel, type Forecast, type ForecastInterval, type SlotForecast } from './model'
import { aheadView, type AheadCenter } from './ahead-view'
import { estimatePatience, slotStart, staffingAhead, type Patience, type StaffingRow } from './staffing'

export type QueueForecast = {
  queueId: string
  queueName: string
  forecast: Forecast
  actual: { slot: number; offered: number }[]
  /** Callers' mean patience from the history before the day (Erlang A), null when too few abandons. */
  patience: Patience
}
export type CenterForecast = { centerId: string; timezone: string; country: HolidayCountry | null; date: string; intervalMin: ForecastInterval; queues: QueueForecast[] }

type Opts = { intervalMin: ForecastInterval; weeks?: number; decay?: number; source?: 'facts' | 'contacts_v'; maxLagMs?: number }

function midnight(date: string, tz: string): number {
  const [y, m, d] = date.split('-').map(Number)
  return zonedToUtc(y, m, d, 0, 0, tz)
}

export function localDate(ms: number, tz: string): string {
  const p = localParts(ms, tz)
  return isoDate(p.year, p.month, p.day)
}

/** Forecast of local day `date`; `asOf` (default: end of that day, or now if earlier) bounds the actual read. */
export async function forecastCenter(req: Opts & { centerId: string; date: string; asOf?: number }): Promise<CenterForecast> {
  const center = getConfig().center(req.centerId)
  const tz = center.timezone
  const country = centerCountry(center.country ?? undefined, tz)
  const weeks = req.weeks ?? DEFAULT_WEEKS
  const dayStart = midnight(req.date, tz)
  const dayEnd = midnight(addDays(req.date, 1), tz)
  const to = Math.min(dayEnd, req.asOf ?? Date.now())
  const history = await queryForecastHistory({
    centerId: req.centerId,
    tz,
    from: midnight(addDays(req.date, -7 * weeks), tz),
    to: Math.max(to, dayStart),
    intervalMin: req.intervalMin,
    source: req.source,
    maxLagMs: req.maxLagMs,
  })
  // Queues never offered a queue contact (dialer queues) have nothing to forecast, unless configured.
  const ids = new Set(history.filter((h) => h.historyStart !== null).map((h) => h.queueId))
  for (const q of center.queues) if (q.direction !== 'outbound') ids.add(q.id)
  const queues = [...ids].sort().map((queueId) => {
    const h = history.find((x) => x.queueId === queueId)
    const past = h?.cells.filter((c) => c.date < req.date) ?? []
    const start = h?.historyStart && h.historyStart < req.date ? h.historyStart : null
    const forecast = forecastDay(req.date, past, start, { intervalMin: req.intervalMin, weeks, decay: req.decay, country, closedDates: center.closedDates })
    const actual = (h?.cells ?? []).filter((c) => c.date === req.date).map((c) => ({ slot: c.slot, offered: c.offered }))
    return { queueId, queueName: queueSettings(center, queueId).name, forecast, actual, patience: estimatePatience(past) }
  })
  return { centerId: req.centerId, timezone: tz, country, date: req.date, intervalMin: req.intervalMin, queues }
}

export type QueueStaffingAhead = QueueForecast & {
  /** Today's level so far ÷ forecast (1 when too little has happened yet). */
  levelFactor: number
  /** Today's forecast after re-levelling (empty unless the forecast is ok). */
  slots: SlotForecast[]
  ahead: StaffingRow[]
}

export async function staffingNextHours(
  req: Opts & { centerId: string; now?: number; hours?: number },
  allowedCenters: string[] | null,
): Promise<{ centerId: string; timezone: string; date: string; intervalMin: ForecastInterval; nowSlot: number; queues: QueueStaffingAhead[] }> {
  const now = req.now ?? Date.now()
  const center = getConfig().center(req.centerId)
  const tz = center.timezone
  const date = localDate(now, tz)
  const p = localParts(now, tz)
  const nowSlot = Math.floor((p.hour * 60 + p.minute) / req.intervalMin)
  const lastSlot = nowSlot + Math.ceil(((req.hours ?? 4) * 60) / req.intervalMin)
  const [fc, staffing] = await Promise.all([
    forecastCenter({ ...req, date, asOf: now }),
    getQueueStaffing({ filters: { centers: [req.centerId] }, now, maxLagMs: req.maxLagMs }, allowedCenters),
  ])
  const queues = fc.queues.map((q) => {
    const staffedNow = staffing.rows.find((r) => r.queueId === q.queueId)?.staffed.value ?? null
    if (q.forecast.status !== 'ok') return { ...q, levelFactor: 1, slots: [], ahead: [] }
    const r = relevel(q.forecast.slots, new Map(q.actual.map((a) => [a.slot, a.offered])), nowSlot)
    const sl = queueSettings(center, q.queueId).serviceLevel
    const upcoming = r.slots.filter((s) => s.slot >= nowSlot && s.slot < lastSlot)
    const ahead = staffingAhead(date, upcoming, req.intervalMin, tz, { ...sl, maxOccupancy: center.targets.occupancy }, staffedNow, q.patience.patienceS, center.staffingModel ?? 'auto')
    return { ...q, levelFactor: r.factor, slots: r.slots, ahead }
  })
  return { centerId: req.centerId, timezone: tz, date, intervalMin: req.intervalMin, nowSlot, queues }
}

/** The next hours of one center shaped for screens (docs/forecast.md, "Screens"). */
export async function centerAhead(req: Opts & { centerId: string; now?: number; hours?: number }, allowedCenters: string[] | null): Promise<AheadCenter> {
  const r = await staffingNextHours(req, allowedCenters)
  return aheadView(r, (slot) => slotStart(r.date, slot, r.intervalMin, r.timezone))
}

export type QueueAccuracy = Accuracy & { queueId: string; queueName: string; daysForecast: number; daysWithout: number }

/**
 * Accuracy per queue of the forecasts of local days [fromDate, toDate] (each made as it would
 * have been that morning: history before the day only), interval by interval.
 */
export async function forecastAccuracy(req: Opts & { centerId: string; fromDate: string; toDate: string; asOf?: number }): Promise<QueueAccuracy[]> {
  const per = new Map<string, { name: string; points: AccuracyPoint[]; days: number; without: number }>()
  for (let d = req.fromDate; d <= req.toDate; d = addDays(d, 1)) {
    const fc = await forecastCenter({ ...req, date: d, asOf: req.asOf })
    for (const q of fc.queues) {
      const e = per.get(q.queueId) ?? { name: q.queueName, points: [], days: 0, without: 0 }
      per.set(q.queueId, e)
      if (q.forecast.status !== 'ok') {
        if (q.forecast.status === 'insufficient_history' || q.actual.length) e.without++
        continue
      }
      e.days++
      const actual = new Map(q.actual.map((a) => [a.slot, a.offered]))
      for (const s of q.forecast.slots) e.points.push({ forecast: s.offered, actual: actual.get(s.slot) ?? 0 })
    }
  }
  return [...per.entries()].map(([queueId, e]) => ({ queueId, queueName: e.name, daysForecast: e.days, daysWithout: e.without, ...accuracy(e.points) }))
}
