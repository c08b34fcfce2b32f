/**
 * The executive period: whole calendar months, `from`..`to` inclusive ('YYYY-MM'). Pure and
 * client-safe (the period picker uses it); parsing search params (zod) is in periodParams.ts.
 *
 *   monthSpan('2026-01', '2026-03', tz)   → epoch ms [from, to)
 *   presetRange('last3Months', now, tz)   → { from, to }
 */
import { addLocalMonths, localParts, zonedToUtc } from '../kpi/time'

export const MAX_PERIOD_MONTHS = 24
export const TREND_MONTHS = 12

export type PeriodPreset = 'lastMonth' | 'thisMonth' | 'last3Months' | 'last12Months' | 'yearToDate'
export const PERIOD_PRESETS: readonly PeriodPreset[] = ['lastMonth', 'thisMonth', 'last3Months', 'last12Months', 'yearToDate']

export type MonthRange = { from: string; to: string }

const pad = (n: number) => String(n).padStart(2, '0')

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

/** Default: the last complete month. */
export function defaultRange(now: number, tz: string): MonthRange {
  return presetRange('lastMonth', now, tz)
}

/** [start of `from`, start of the month after `to`) in `tz`, epoch ms. */
export function monthSpan(from: string, to: string, tz: string): { from: number; to: number } {
  const a = parseMonth(from)
  const start = zonedToUtc(a.year, a.month, 1, 0, 0, tz)
  const b = parseMonth(to)
  const end = addLocalMonths(zonedToUtc(b.year, b.month, 1, 0, 0, tz), 1, tz)
  return { from: start, to: end }
}

/** Query string of a range (page links, export links, print page). */
export function periodQuery(r: MonthRange): string {
  return new URLSearchParams({ from: r.from, to: r.to }).toString()
}

/** The previous period of whole months, as the engine compares with (same number of months just before). */
export function previousRange(from: string, to: string): MonthRange {
  const n = monthCount(from, to)
  return { from: addMonths(from, -n), to: addMonths(from, -1) }
}
