/**
 * Parsing the executive period from search params (page, API, exports, print page) with zod:
 * `from`/`to` as 'YYYY-MM' (inclusive), or a `preset`; default the last complete month.
 *
 *   parsePeriodParams({ from: '2026-01', to: '2026-03' }, now, tz)  → { from, to } | throws PeriodError
 */
import 'server-only'
import { z } from 'zod'
import { paramValues, type RawParams } from '../params'
import { currentMonth, defaultRange, MAX_PERIOD_MONTHS, monthCount, PeriodError, presetRange, resolvePeriod, type MonthRange, type PeriodPreset } from '../periods/calendar'

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month as YYYY-MM')

export const PeriodParams = z.object({
  from: Month.optional(),
  to: Month.optional(),
  preset: z.enum(['lastMonth', 'thisMonth', 'last3Months', 'last12Months', 'yearToDate'] satisfies readonly PeriodPreset[]).optional(),
})

/** Validated month range from raw search params (strings or string arrays). Throws PeriodError. */
export function parsePeriodParams(raw: RawParams, now: number, tz: string): MonthRange {
  const one = (k: string) => paramValues(raw, k)[0] || undefined
  const r = PeriodParams.safeParse({ from: one('from'), to: one('to'), preset: one('preset') })
  if (!r.success) throw new PeriodError(r.error.issues.map((i) => `${i.path.join('.') || 'period'}: ${i.message}`).join('; '))
  const { from, to, preset } = r.data
  if (preset && !from && !to) return presetRange(preset, now, tz)
  if (!from && !to) return defaultRange(now, tz)
  const f = from ?? to!
  const t = to ?? from!
  if (f > t) throw new PeriodError(`from (${f}) is after to (${t})`)
  const cur = currentMonth(now, tz)
  if (t > cur) throw new PeriodError(`to (${t}) is in the future (current month ${cur})`)
  for (const m of [f, t]) resolvePeriod({ kind: 'month', month: m }, tz) // the same range as reports: any period an event can cover
  if (monthCount(f, t) > MAX_PERIOD_MONTHS) throw new PeriodError(`at most ${MAX_PERIOD_MONTHS} months (got ${monthCount(f, t)})`)
  return { from: f, to: t }
}

