/**
 * Intraday forecast of offered contacts and AHT for one center × queue × local day, from
 * stored history (see docs/forecast.md):
 *
 *   offered(slot) = Σₖ wₖ · offered(day − 7k, slot) / Σₖ wₖ,   wₖ = decay^(k−1), k = 1…weeks
 *   AHT(slot)     = Σₖ wₖ · handleS(day − 7k, slot) / Σₖ wₖ · handled(day − 7k, slot)
 *
 * i.e. the same weekday of the previous weeks, interval by interval (the seasonal shape), the
 * most recent week weighing most (the recent level). Reference days that were public holidays
 * or closed dates are skipped — they do not represent a normal weekday. Pure: no I/O.
 */
import 'server-only'
import { addDays, daysBetween, holidayOn, type HolidayCountry } from './calendar'

export const FORECAST_INTERVALS = [15, 30, 60] as const
export type ForecastInterval = (typeof FORECAST_INTERVALS)[number]

/** One local day × interval of history. `slot` = minutes since local midnight ÷ interval. */
export type HistoryCell = {
  date: string
  slot: number
  offered: number
  handled: number
  handleS: number
  /** Offered contacts abandoned in queue, and the queue wait (s) of offered contacts answered or abandoned (patience, Erlang A). */
  abandoned?: number
  waitS?: number
}

export type ForecastOptions = {
  intervalMin: ForecastInterval
  /** Same-weekday weeks looked back (default 8). */
  weeks?: number
  /** Weight ratio between a week and the one after it (default 0.6; 1 = plain average). */
  decay?: number
  /** Days of history needed before forecasting at all (default 14). */
  minHistoryDays?: number
  country: HolidayCountry | null
  closedDates?: readonly string[]
}

export type SlotForecast = { slot: number; offered: number; ahtS: number | null }

export type Forecast =
  | { status: 'ok'; date: string; intervalMin: ForecastInterval; slots: SlotForecast[]; reference: { date: string; weight: number }[] }
  | { status: 'closed'; date: string; reason: 'public_holiday' | 'closed_date' | 'closed_weekday'; holiday?: string }
  | { status: 'insufficient_history'; date: string; historyDays: number; neededDays: number; comparableWeeks: number }

export const DEFAULT_WEEKS = 8
export const DEFAULT_DECAY = 0.6
export const MIN_HISTORY_DAYS = 14

export function slotsPerDay(intervalMin: ForecastInterval): number {
  return (24 * 60) / intervalMin
}

/** Why `date` is not a working day, or null. */
export function closedReason(date: string, opts: Pick<ForecastOptions, 'country' | 'closedDates'>): { reason: 'public_holiday' | 'closed_date'; holiday?: string } | null {
  if (opts.closedDates?.includes(date)) return { reason: 'closed_date' }
  const h = opts.country ? holidayOn(opts.country, date) : null
  return h ? { reason: 'public_holiday', holiday: h.name } : null
}

/**
 * Forecast for local day `date`. `historyStart`: first local day the store holds data for
 * this queue (null: none); history cells after `date` − 1 are ignored.
 */
export function forecastDay(date: string, history: readonly HistoryCell[], historyStart: string | null, opts: ForecastOptions): Forecast {
  const closed = closedReason(date, opts)
  if (closed) return { status: 'closed', date, ...closed }
  const neededDays = opts.minHistoryDays ?? MIN_HISTORY_DAYS
  const historyDays = historyStart ? Math.max(0, daysBetween(historyStart, date)) : 0
  const weeks = opts.weeks ?? DEFAULT_WEEKS
  const decay = opts.decay ?? DEFAULT_DECAY
  const reference: { date: string; weight: number }[] = []
  for (let k = 1; k <= weeks; k++) {
    const d = addDays(date, -7 * k)
    if (!historyStart || d < historyStart) break
    if (closedReason(d, opts)) continue
    reference.push({ date: d, weight: decay ** (k - 1) })
  }
  if (historyDays < neededDays || reference.length < 2) {
    return { status: 'insufficient_history', date, historyDays, neededDays, comparableWeeks: reference.length }
  }
  const n = slotsPerDay(opts.intervalMin)
  const weightOf = new Map(reference.map((r) => [r.date, r.weight]))
  const off = new Array<number>(n).fill(0)
  const hs = new Array<number>(n).fill(0)
  const hd = new Array<number>(n).fill(0)
  for (const c of history) {
    const w = weightOf.get(c.date)
    if (w === undefined || c.slot < 0 || c.slot >= n) continue
    off[c.slot] += w * c.offered
    hs[c.slot] += w * c.handleS
    hd[c.slot] += w * c.handled
  }
  if (off.every((x) => x === 0)) return { status: 'closed', date, reason: 'closed_weekday' }
  const total = reference.reduce((s, r) => s + r.weight, 0)
  const slots = off.map((o, slot) => ({ slot, offered: o / total, ahtS: hd[slot] > 0 ? hs[slot] / hd[slot] : null }))
  return { status: 'ok', date, intervalMin: opts.intervalMin, slots, reference }
}

/** Bounds of the intraday level factor (today's actual ÷ forecast so far). */
export const LEVEL_FACTOR_BOUNDS = [0.5, 2] as const
/** Forecast volume needed over the elapsed intervals before today's level is trusted. */
export const MIN_LEVEL_VOLUME = 20

/**
 * Re-level the rest of today on what has happened so far: factor = actual ÷ forecast over the
 * intervals before `nowSlot` (when that forecast volume reaches MIN_LEVEL_VOLUME, else 1),
 * clamped to LEVEL_FACTOR_BOUNDS, applied to the slots from `nowSlot` on.
 */
export function relevel(slots: readonly SlotForecast[], actualBySlot: ReadonlyMap<number, number>, nowSlot: number): { factor: number; slots: SlotForecast[] } {
  let f = 0
  let a = 0
  for (const s of slots) {
    if (s.slot >= nowSlot) continue
    f += s.offered
    a += actualBySlot.get(s.slot) ?? 0
  }
  const raw = f >= MIN_LEVEL_VOLUME ? a / f : 1
  const factor = Math.min(LEVEL_FACTOR_BOUNDS[1], Math.max(LEVEL_FACTOR_BOUNDS[0], raw))
  return { factor, slots: slots.map((s) => (s.slot >= nowSlot ? { ...s, offered: s.offered * factor } : s)) }
}
