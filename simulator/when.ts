/** CLI instants: `2026-08-01` (local midnight in the given zone), full ISO, `now`, `today`, `now-2h`, `now+30m`, `now-7d`. */
import { DAY, HOUR, MINUTE, TzClock } from './time'

export function parseWhen(s: string, tz: string, now: number = Date.now()): number {
  const v = s.trim().toLowerCase()
  const clock = TzClock.get(tz)
  if (v === 'now') return now
  if (v === 'today') return clock.dayStart(clock.day(now))
  if (v === 'yesterday') return clock.dayStart(clock.day(now) - 1)
  const rel = /^now([+-])(\d+(?:\.\d+)?)([smhd])$/.exec(v)
  if (rel) {
    const unit = { s: 1000, m: MINUTE, h: HOUR, d: DAY }[rel[3] as 's' | 'm' | 'h' | 'd']
    return now + (rel[1] === '-' ? -1 : 1) * Number(rel[2]) * unit
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return clock.dayStart(Math.floor(Date.parse(`${v}T00:00:00Z`) / DAY))
  const t = Date.parse(s)
  if (Number.isNaN(t)) throw new Error(`cannot read the date "${s}" (YYYY-MM-DD, ISO-8601, now, today, now-2h)`)
  return t
}
