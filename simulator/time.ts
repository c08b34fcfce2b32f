/**
 * Time-zone arithmetic for the simulator: UTC ms <-> a center's local calendar, and ISO
 * timestamps with the local offset (`2026-11-22T10:00:00.123+01:00`). Offsets come from
 * lib/kpi/time (Intl, no I/O) and are cached per quarter hour, so the hot path is a Map lookup.
 */
import { offsetMs } from '../lib/kpi/time'

export const MINUTE = 60_000
export const HOUR = 3_600_000
export const DAY = 86_400_000
const Q = 15 * MINUTE

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const
export type Weekday = (typeof WEEKDAYS)[number]

const clocks = new Map<string, TzClock>()

export class TzClock {
  private readonly cache = new Map<number, number>()

  static get(tz: string): TzClock {
    let c = clocks.get(tz)
    if (!c) clocks.set(tz, (c = new TzClock(tz)))
    return c
  }

  private constructor(readonly tz: string) {
    offsetMs(0, tz) // an unknown zone throws (RangeError) here, not at first use
  }

  /** Local time minus UTC, in ms, at the given instant (lib/kpi/time's offsetMs at the quarter hour). */
  offset(utcMs: number): number {
    const k = Math.floor(utcMs / Q)
    let o = this.cache.get(k)
    if (o === undefined) {
      o = offsetMs(k * Q, this.tz)
      this.cache.set(k, o)
    }
    return o
  }

  /** Local wall-clock ms (as if it were UTC) of an instant. */
  local(utcMs: number): number {
    return utcMs + this.offset(utcMs)
  }

  /** Local day number (days since 1970-01-01 in local time). */
  day(utcMs: number): number {
    return Math.floor(this.local(utcMs) / DAY)
  }

  /** UTC instant of a local wall-clock time (the earlier one when ambiguous, shifted forward in a gap). */
  toUtc(localMs: number): number {
    let u = localMs - this.offset(localMs)
    u = localMs - this.offset(u)
    return u
  }

  /** UTC instant of local midnight starting local day `day`. */
  dayStart(day: number): number {
    return this.toUtc(day * DAY)
  }

  iso(utcMs: number): string {
    return isoWithOffset(utcMs, this.offset(utcMs))
  }
}

export function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7 // 1970-01-01 was a Thursday (0 = Sunday)
}

/** `YYYY-MM-DD` of a local day number. */
export function dayToDate(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10)
}

export function dateToDay(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY)
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`
}

export function isoWithOffset(utcMs: number, offsetMs: number): string {
  const s = new Date(utcMs + offsetMs).toISOString()
  if (offsetMs === 0) return s
  const a = Math.abs(offsetMs) / MINUTE
  return `${s.slice(0, 23)}${offsetMs > 0 ? '+' : '-'}${pad2(Math.floor(a / 60))}:${pad2(a % 60)}`
}

/** "08:30" → minutes after midnight ("24:00" allowed). */
export function parseHm(s: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s.trim())
  if (!m) throw new Error(`bad time "${s}" (expected HH:MM)`)
  const v = +m[1]! * 60 + +m[2]!
  if (+m[2]! > 59 || v > 24 * 60) throw new Error(`bad time "${s}"`)
  return v
}

/** "mon-fri", "sat", "mon,wed,fri", "all", "holiday" → set of weekday indexes (holiday = 7). */
export function parseDays(spec: string): number[] {
  const out = new Set<number>()
  for (const raw of spec.split(',').map((x) => x.trim().toLowerCase())) {
    if (raw === 'all' || raw === 'daily') [0, 1, 2, 3, 4, 5, 6].forEach((d) => out.add(d))
    else if (raw === 'holiday' || raw === 'holidays') out.add(7)
    else if (raw === 'weekdays') [1, 2, 3, 4, 5].forEach((d) => out.add(d))
    else if (raw === 'weekend') [0, 6].forEach((d) => out.add(d))
    else if (raw.includes('-')) {
      const [a, b] = raw.split('-').map(dayIdx)
      for (let d = a!; ; d = (d + 1) % 7) {
        out.add(d)
        if (d === b) break
      }
    } else out.add(dayIdx(raw))
  }
  return [...out].sort((a, b) => a - b)
}

function dayIdx(s: string): number {
  const i = (WEEKDAYS as readonly string[]).indexOf(s.slice(0, 3))
  if (i < 0) throw new Error(`bad day "${s}" (expected mon..sun, ranges like mon-fri, "all", "holiday")`)
  return i
}

/** "08:00-12:30,13:30-18:00" | "24h" | "closed" → [[startMin, endMin], ...]. */
export function parseIntervals(spec: string): [number, number][] {
  const s = spec.trim().toLowerCase()
  if (s === 'closed' || s === '') return []
  if (s === '24h' || s === 'all day') return [[0, 24 * 60]]
  return s.split(',').map((part) => {
    const [a, b] = part.split('-')
    if (!a || !b) throw new Error(`bad hours "${spec}" (expected HH:MM-HH:MM[,HH:MM-HH:MM])`)
    const iv: [number, number] = [parseHm(a), parseHm(b)]
    if (iv[1] <= iv[0]) throw new Error(`bad hours "${part}": end must be after start (no overnight intervals)`)
    return iv
  })
}
