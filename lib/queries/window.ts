/**
 * Time windows [from, to) and their previous period. "today" is per time zone: each center's
 * today starts at its own local midnight.
 */
import 'server-only'
import { addLocalDays, addLocalMonths, shiftLocalDays, startOfLocalDay, startOfLocalMonth } from '../kpi/time'

export type WindowSpec =
  | { kind: 'today' }
  | { kind: 'last15m' }
  | { kind: 'last60m' }
  /** from/to: epoch ms, to exclusive. */
  | { kind: 'custom'; from: number; to: number }

export type Span = { from: number; to: number }

export function resolveWindow(spec: WindowSpec, tz: string, now: number): Span {
  switch (spec.kind) {
    case 'today':
      return { from: startOfLocalDay(now, tz), to: now }
    case 'last15m':
      return { from: now - 15 * 60_000, to: now }
    case 'last60m':
      return { from: now - 60 * 60_000, to: now }
    case 'custom':
      return { from: spec.from, to: spec.to }
  }
}

/** "today" is compared with the same weekday last week until the same local time (intraday habit: Monday vs Monday). */
export const TODAY_COMPARE_DAYS = 7

/**
 * The period to compare with: the same weekday last week until the same local time for "today"; the previous
 * N calendar months or N local days when the window is made of whole ones; otherwise the
 * same duration immediately before.
 */
export function previousWindow(spec: WindowSpec, w: Span, tz: string): Span {
  if (spec.kind === 'today') return { from: addLocalDays(w.from, -TODAY_COMPARE_DAYS, tz), to: shiftLocalDays(w.to, -TODAY_COMPARE_DAYS, tz) }
  if (spec.kind === 'custom') {
    if (startOfLocalMonth(w.from, tz) === w.from && startOfLocalMonth(w.to, tz) === w.to) {
      let n = 0
      while (addLocalMonths(w.from, n, tz) < w.to) n++
      return { from: addLocalMonths(w.from, -n, tz), to: w.from }
    }
    if (startOfLocalDay(w.from, tz) === w.from && startOfLocalDay(w.to, tz) === w.to) {
      let n = 0
      while (addLocalDays(w.from, n, tz) < w.to) n++
      return { from: addLocalDays(w.from, -n, tz), to: w.from }
    }
  }
  return { from: w.from - (w.to - w.from), to: w.from }
}
