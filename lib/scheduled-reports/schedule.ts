/**
 * Report schedules: what a schedule says (monthly on day N at HH:MM, weekly on a weekday at HH:MM,
 * in a time zone), its latest occurrence at or before an instant, and the report period a run covers
 * (monthly: the previous calendar month; weekly: the seven local days Monday–Sunday before the run's week).
 */
import 'server-only'
import { z } from 'zod'
import { TimeZone } from '../config/schema'
import { localParts, zonedToUtc } from '../kpi/time'
import type { PeriodInput } from '../periods/calendar'

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const

export const ScheduleSpec = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'id: lowercase letters, digits, - and _'),
    cadence: z.enum(['monthly', 'weekly']),
    /** monthly: day of the month 1–28 (every month has it) */
    day: z.number().int().min(1).max(28).optional(),
    /** weekly: mon … sun */
    weekday: z.enum(WEEKDAYS).optional(),
    time: z.string().regex(HHMM, 'time: HH:MM'),
    /** default: the first center's time zone (lib/config) */
    timezone: TimeZone.optional(),
    centers: z.array(z.string().min(1)).min(1).max(100),
    recipients: z
      .array(z.object({ user: z.string().min(1), email: z.string().email().optional() }))
      .min(1)
      .max(100),
    formats: z.array(z.enum(['xlsx', 'pdf'])).min(1).max(2).default(['xlsx']),
    locale: z.enum(['fr', 'en']).default('fr'),
    enabled: z.boolean().default(true),
  })
  .refine((s) => (s.cadence === 'monthly' ? s.day !== undefined && s.weekday === undefined : s.weekday !== undefined && s.day === undefined), {
    message: 'monthly schedules need `day` (1–28), weekly schedules need `weekday`',
  })
export type ScheduleSpec = z.infer<typeof ScheduleSpec>

export const SchedulesFile = z.object({ schedules: z.array(ScheduleSpec).max(1000).default([]) }).refine(
  (f) => new Set(f.schedules.map((s) => s.id)).size === f.schedules.length,
  { message: 'schedule ids must be unique' },
)

const pad = (n: number) => String(n).padStart(2, '0')

/** ISO weekday of a local date, 0 = Monday. */
function weekdayIndex(y: number, m: number, d: number): number {
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7
}

function shiftDate(y: number, m: number, d: number, days: number): { y: number; m: number; d: number } {
  const t = new Date(Date.UTC(y, m - 1, d + days))
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() }
}

/** The latest occurrence of `s` at or before `now` (epoch ms), in time zone `tz`. */
export function latestOccurrence(s: Pick<ScheduleSpec, 'cadence' | 'day' | 'weekday' | 'time'>, tz: string, now: number): number {
  const [hh, mm] = s.time.split(':').map(Number) as [number, number]
  const p = localParts(now, tz)
  if (s.cadence === 'monthly') {
    let y = p.year
    let m = p.month
    for (;;) {
      const t = zonedToUtc(y, m, s.day!, hh, mm, tz)
      if (t <= now) return t
      m -= 1
      if (m === 0) (m = 12), (y -= 1)
    }
  }
  const target = WEEKDAYS.indexOf(s.weekday!)
  const back = (weekdayIndex(p.year, p.month, p.day) - target + 7) % 7
  let d = shiftDate(p.year, p.month, p.day, -back)
  let t = zonedToUtc(d.y, d.m, d.d, hh, mm, tz)
  if (t > now) {
    d = shiftDate(d.y, d.m, d.d, -7)
    t = zonedToUtc(d.y, d.m, d.d, hh, mm, tz)
  }
  return t
}

/** The period a run at `runAt` reports on. */
export function runPeriod(s: Pick<ScheduleSpec, 'cadence'>, tz: string, runAt: number): PeriodInput {
  const p = localParts(runAt, tz)
  if (s.cadence === 'monthly') {
    const y = p.month === 1 ? p.year - 1 : p.year
    const m = p.month === 1 ? 12 : p.month - 1
    return { kind: 'month', month: `${y}-${pad(m)}` }
  }
  const monday = shiftDate(p.year, p.month, p.day, -weekdayIndex(p.year, p.month, p.day) - 7)
  const sunday = shiftDate(monday.y, monday.m, monday.d, 6)
  return { kind: 'range', from: `${monday.y}-${pad(monday.m)}-${pad(monday.d)}`, to: `${sunday.y}-${pad(sunday.m)}-${pad(sunday.d)}` }
}

export function periodLabel(p: PeriodInput): string {
  return p.kind === 'month' ? p.month : `${p.from}_${p.to}`
}
