/**
 * Periods of the reports and the executive view, in a time zone (the centers'). Pure and
 * client-safe (the period pickers use it).
 *
 * - Report periods: a calendar month (`2026-10`) or a custom range of local days
 *   (`2026-10-01` … `2026-10-15`, both inclusive) → `resolvePeriod`; their comparison periods
 *   (previous period, same period last year).
 * - Month ranges (`from`..`to` inclusive, 'YYYY-MM'), the executive view's: presets, spans,
 *   the previous range of the same length.
 * Every period must lie where events can: `resolvePeriod` checks it for both.
 *
 *   resolvePeriod({ kind: 'month', month: '2026-10' }, 'Europe/Paris') → { from, to, days, … }
 *   monthSpan('2026-01', '2026-03', tz)   → epoch ms [from, to)
 *   presetRange('last3Months', now, tz)   → { from, to }
 */
import { EARLIEST_EVENT_TS, END_OF_EVENT_TS, EVENT_TS_RANGE_TEXT } from '../contract/ts-range'
import { addLocalDays, addLocalMonths, localParts, zonedToUtc } from '../kpi/time'
import { ParamError } from '../params'

export type PeriodInput = { kind: 'month'; month: string } | { kind: 'range'; from: string; to: string }

export type ResolvedPeriod = {
  kind: 'month' | 'range'
  /** 'YYYY-MM' for months. */
  month?: string
  /** First local day, 'YYYY-MM-DD'. */
  firstDay: string
  /** Last local day (inclusive), 'YYYY-MM-DD'. */
  lastDay: string
  /** Instants, epoch ms; `to` exclusive (local midnight after the last day). */
  from: number
  to: number
  timezone: string
  days: number
}

export const MAX_RANGE_DAYS = 366

/** A period that cannot be reported on: a bad request parameter (400), like any ParamError. */
export class PeriodError extends ParamError {}

/** Periods are those events can cover: inside the contract's ts range (lib/contract/ts-range.ts), in the report's zone. */
function outOfRange(what: string, tz: string): PeriodError {
  return new PeriodError(`period out of range: ${what} (in ${tz}) is not entirely within ${EVENT_TS_RANGE_TEXT}, the times an event can carry`)
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

function parseDay(s: string): { y: number; m: number; d: number } {
  const x = DAY.exec(s)
  if (!x) throw new PeriodError(`expected a date YYYY-MM-DD, got ${JSON.stringify(s.slice(0, 20))}`)
  const y = Number(x[1])
  const m = Number(x[2])
  const d = Number(x[3])
  const check = new Date(Date.UTC(y, m - 1, d))
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) throw new PeriodError(`no such date: ${s}`)
  return { y, m, d }
}

const pad = (n: number) => String(n).padStart(2, '0')
export const dayString = (ms: number, tz: string) => {
  const p = localParts(ms, tz)
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`
}

function countDays(from: number, to: number, tz: string): number {
  let n = 0
  for (let t = from; t < to; t = addLocalDays(t, 1, tz)) n++
  return n
}

export function resolvePeriod(input: PeriodInput, tz: string): ResolvedPeriod {
  return resolve(input, tz, true)
}

/**
 * `inRange` false: for comparison periods only (previous period, last year), which may fall before
 * the earliest time an event can carry (1900-02's previous month in Paris) — they then have no data.
 */
function resolve(input: PeriodInput, tz: string, inRange: boolean): ResolvedPeriod {
  if (input.kind === 'month') {
    const x = MONTH.exec(input.month)
    if (!x) throw new PeriodError(`month must be YYYY-MM, got ${JSON.stringify(input.month.slice(0, 20))}`)
    const y = Number(x[1])
    if (inRange && (y < 1900 || y > 2299)) throw outOfRange(input.month, tz)
    const from = zonedToUtc(y, Number(x[2]), 1, 0, 0, tz)
    const to = addLocalMonths(from, 1, tz)
    if (inRange && (from < EARLIEST_EVENT_TS || to > END_OF_EVENT_TS)) throw outOfRange(input.month, tz)
    return { kind: 'month', month: input.month, firstDay: dayString(from, tz), lastDay: dayString(addLocalDays(to, -1, tz), tz), from, to, timezone: tz, days: countDays(from, to, tz) }
  }
  const a = parseDay(input.from)
  const b = parseDay(input.to)
  if (a.y < 1900 || b.y > 2299) throw outOfRange(`${input.from} … ${input.to}`, tz)
  const from = zonedToUtc(a.y, a.m, a.d, 0, 0, tz)
  const to = addLocalDays(zonedToUtc(b.y, b.m, b.d, 0, 0, tz), 1, tz)
  if (from < EARLIEST_EVENT_TS || to > END_OF_EVENT_TS) throw outOfRange(`${input.from} … ${input.to}`, tz)
  if (to <= from) throw new PeriodError('to must not be before from')
  const days = countDays(from, to, tz)
  if (days > MAX_RANGE_DAYS) throw new PeriodError(`a report covers at most ${MAX_RANGE_DAYS} days (got ${days})`)
  return { kind: 'range', firstDay: input.from, lastDay: input.to, from, to, timezone: tz, days }
}

/** The same local dates one year earlier (29 February → 1 March). */
export function lastYearPeriod(p: ResolvedPeriod): ResolvedPeriod {
  const tz = p.timezone
  const shift = (ms: number) => {
    const x = localParts(ms, tz)
    const d = new Date(Date.UTC(x.year - 1, x.month - 1, x.day))
    return zonedToUtc(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), 0, 0, tz)
  }
  if (p.kind === 'month') {
    const [y, m] = p.month!.split('-').map(Number)
    return resolve({ kind: 'month', month: `${y! - 1}-${pad(m!)}` }, tz, false)
  }
  const from = shift(p.from)
  const to = shift(p.to)
  return { ...p, from, to, firstDay: dayString(from, tz), lastDay: dayString(addLocalDays(to, -1, tz), tz), days: countDays(from, to, tz) }
}

/** The period just before: the previous month, or the same number of days immediately before. */
export function previousPeriod(p: ResolvedPeriod): ResolvedPeriod {
  const tz = p.timezone
  if (p.kind === 'month') {
    const from = addLocalMonths(p.from, -1, tz)
    const x = localParts(from, tz)
    return resolve({ kind: 'month', month: `${x.year}-${pad(x.month)}` }, tz, false)
  }
  const from = addLocalDays(p.from, -p.days, tz)
  return { ...p, from, to: p.from, firstDay: dayString(from, tz), lastDay: dayString(addLocalDays(p.from, -1, tz), tz) }
}

/** The last complete month before `now` in `tz` (the default report). */
export function lastCompleteMonth(now: number, tz: string): string {
  const x = localParts(now, tz)
  const d = new Date(Date.UTC(x.year, x.month - 2, 1))
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`
}

/**
 * The time zone a selection of centers is reported in: their common zone, else the zone most
 * of them use. `mixed` is true when the centers' local months do not start at the same
 * instant (then the report says which zone's calendar it used).
 */
export function selectionTimezone(zones: string[], fallback: string, probe: number): { timezone: string; mixed: boolean } {
  if (!zones.length) return { timezone: fallback, mixed: false }
  const count = new Map<string, number>()
  for (const z of zones) count.set(z, (count.get(z) ?? 0) + 1)
  const timezone = [...count.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0]
  // Same calendar if local month starts coincide over the surrounding year (DST rules included).
  const x = localParts(probe, timezone)
  let mixed = false
  for (let i = -12; i <= 1 && !mixed; i++) {
    const d = new Date(Date.UTC(x.year, x.month - 1 + i, 1))
    const ref = zonedToUtc(d.getUTCFullYear(), d.getUTCMonth() + 1, 1, 0, 0, timezone)
    const mid = zonedToUtc(d.getUTCFullYear(), d.getUTCMonth() + 1, 15, 0, 0, timezone)
    for (const z of count.keys()) {
      if (zonedToUtc(d.getUTCFullYear(), d.getUTCMonth() + 1, 1, 0, 0, z) !== ref || zonedToUtc(d.getUTCFullYear(), d.getUTCMonth() + 1, 15, 0, 0, z) !== mid) mixed = true
    }
  }
  return { timezone, mixed }
}

// ---------------------------------------------------------------- month ranges (executive view)

export const MAX_PERIOD_MONTHS = 24
export const TREND_MONTHS = 12

export type PeriodPreset = 'lastMonth' | 'thisMonth' | 'last3Months' | 'last12Months' | 'yearToDate'
export const PERIOD_PRESETS: readonly PeriodPreset[] = ['lastMonth', 'thisMonth', 'last3Months', 'last12Months', 'yearToDate']

export type MonthRange = { from: string; to: string }

export function monthKey(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month - 1, 1))
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`
}

export function parseMonth(m: string): { year: number; month: number } {
  const [y, mo] = m.split('-').map(Number)
  return { year: y!, month: mo! }
}

/** 'YYYY-MM' shifted by n months. */
export function addMonths(m: string, n: number): string {
  const { year, month } = parseMonth(m)
  return monthKey(year, month + n)
}

/** Number of months from..to inclusive. */
export function monthCount(from: string, to: string): number {
  const a = parseMonth(from)
  const b = parseMonth(to)
  return (b.year - a.year) * 12 + (b.month - a.month) + 1
}

export function monthsBetween(from: string, to: string): string[] {
  const n = monthCount(from, to)
  return Array.from({ length: Math.max(0, n) }, (_, i) => addMonths(from, i))
}

/** The month containing `now` in `tz`, as 'YYYY-MM'. */
export function currentMonth(now: number, tz: string): string {
  const p = localParts(now, tz)
  return monthKey(p.year, p.month)
}

export function presetRange(preset: PeriodPreset, now: number, tz: string): MonthRange {
  const cur = currentMonth(now, tz)
  switch (preset) {
    case 'lastMonth':
      return { from: addMonths(cur, -1), to: addMonths(cur, -1) }
    case 'thisMonth':
      return { from: cur, to: cur }
    case 'last3Months':
      return { from: addMonths(cur, -3), to: addMonths(cur, -1) }
    case 'last12Months':
      return { from: addMonths(cur, -12), to: addMonths(cur, -1) }
    case 'yearToDate':
      return { from: `${cur.slice(0, 4)}-01`, to: cur }
  }
}

/** Default: the last complete month (as the reports'). */
export function defaultRange(now: number, tz: string): MonthRange {
  const m = lastCompleteMonth(now, tz)
  return { from: m, to: m }
}

/** [start of `from`, start of the month after `to`) in `tz`, epoch ms. */
export function monthSpan(from: string, to: string, tz: string): { from: number; to: number } {
  const a = parseMonth(from)
  const start = zonedToUtc(a.year, a.month, 1, 0, 0, tz)
  const b = parseMonth(to)
  const end = addLocalMonths(zonedToUtc(b.year, b.month, 1, 0, 0, tz), 1, tz)
  return { from: start, to: end }
}

/** The previous period of whole months, as the engine compares with (same number of months just before). */
export function previousRange(from: string, to: string): MonthRange {
  const n = monthCount(from, to)
  return { from: addMonths(from, -n), to: addMonths(from, -1) }
}
