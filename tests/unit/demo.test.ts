/**
 * The demo's plan (no store needed; the store side is tests/integration/demo-history.test.ts):
 * - history days: yesterday first, and the default always covers the whole previous month;
 * - which live run a (re)start uses (planLive): never a time range another run of the day
 *   already covered, the same run again when it is continued;
 * - warm start 'drop': the same run's events with the same ids and timestamps, nothing dated
 *   before emitFrom, every contact complete from its queued event.
 */
import { describe, expect, it } from 'vitest'
import { demoHistoryDays } from '@/simulator/demo'
import type { PlateauEvent } from '@/lib/contract/events'
import { historyDays, historyRun } from '@/simulator/history'
import { Simulation } from '@/simulator/engine'
import { liveIdentities, planLive } from '@/simulator/runner'
import { loadScenario } from '@/simulator/scenario'
import { DAY, HOUR, TzClock } from '@/simulator/time'

const sc = loadScenario('scenarios/default.yaml')
const tz = TzClock.get('Europe/Paris')
const ymd = (day: number) => new Date(day * DAY).toISOString().slice(0, 10)

describe('demo history days', () => {
  it('start with yesterday, newest first', () => {
    const now = Date.parse('2026-11-02T10:00:00Z')
    expect(historyDays(sc, now, 4).map(ymd)).toEqual(['2026-11-01', '2026-10-31', '2026-10-30', '2026-10-29'])
    expect(historyDays(sc, now, 0)).toEqual([])
    // just after midnight in Paris (still the previous day in UTC): yesterday is Paris's yesterday
    expect(historyDays(sc, Date.parse('2026-11-01T23:30:00Z'), 1).map(ymd)).toEqual(['2026-11-01'])
  })

  it('the default (62 days) covers the whole previous calendar month on every day of the year', () => {
    /** Smallest number of history days that covers the previous month on every day of `year`. */
    const needed = (year: number) => {
      let worst = 0
      for (let d = Date.UTC(year, 0, 1); d < Date.UTC(year + 1, 0, 1); d += DAY) {
        const now = tz.dayStart(Math.floor(d / DAY)) + 12 * HOUR
        const [y, m] = ymd(tz.day(now)).split('-').map(Number) as [number, number]
        const firstOfPrev = Math.floor(Date.UTC(y, m - 2, 1) / DAY)
        worst = Math.max(worst, tz.day(now) - firstOfPrev)
      }
      return worst
    }
    for (const year of [2026, 2027, 2028]) {
      const n = needed(year)
      expect(n).toBeGreaterThan(55) // e.g. 31 August reaches back to 1 July
      expect(n).toBeLessThanOrEqual(demoHistoryDays(undefined))
      // and the computed list really contains every day of the previous month on the worst day
      const now = Date.parse(`${year}-08-31T10:00:00Z`)
      const days = new Set(historyDays(sc, now, demoHistoryDays(undefined)).map(ymd))
      for (let d = 1; d <= 31; d++) expect(days.has(`${year}-07-${String(d).padStart(2, '0')}`)).toBe(true)
    }
  })

  it('PLATEAU_DEMO_HISTORY_DAYS: default 62, 0 disables, invalid values fall back to the default', () => {
    expect(demoHistoryDays(undefined)).toBe(62)
    expect(demoHistoryDays('')).toBe(62)
    expect(demoHistoryDays('0')).toBe(0)
    expect(demoHistoryDays('7')).toBe(7)
    expect(demoHistoryDays('-1')).toBe(62)
    expect(demoHistoryDays('1.5')).toBe(62)
    expect(demoHistoryDays('lots')).toBe(62)
  })
})

describe('planLive: which run a (re)start of the demo uses', () => {
  // Monday 16 November 2026 (Paris = UTC+1): every center is open about 09:00–18:00.
  const at = (hhmm: string) => Date.parse(`2026-11-16T${hhmm}:00+01:00`)
  const midnight = at('00:00')
  const seed = 5
  const plan = (now: number, stored?: Map<string, number>, businessClock?: 'auto' | 'real') => planLive({ scenario: sc, seed, now, stored, businessClock })

  it('first start of the day: events from local midnight on; at night on a shifted clock, in the morning on the real one', () => {
    const night = plan(at('06:00'))
    expect(night.clockOffset).toBe(9 * HOUR) // block 00–08 → 09:00 of today (a business day)
    expect(night.from).toBe(midnight) // simulated day starts at midnight…
    expect(night.emitFrom - night.clockOffset).toBe(midnight) // …and emits from real midnight on
    expect(night).toMatchObject({ warmStart: 'drop', resumed: false, after: null })
    const day = plan(at('10:00'))
    expect(day).toMatchObject({ clockOffset: 0, from: midnight, emitFrom: midnight, warmStart: 'emit', resumed: false, after: null })
    expect(plan(at('06:00'), undefined, 'real')).toMatchObject({ clockOffset: 0, from: midnight, emitFrom: midnight })
    // both are among the day's identities
    const ids = liveIdentities(sc, seed, at('12:00')).map((x) => x.ns)
    expect(ids).toContain(night.ns)
    expect(ids).toContain(day.ns)
    // the real-clock run of a day is that day's history run: when the day becomes history, what
    // the demo stored of it live has the same ids, and filling the rest double counts nothing
    expect(historyRun(sc, seed, tz.day(midnight)).ns).toBe(day.ns)
  })

  it('a restart continues the stored run while its floor is open, else starts after everything stored', () => {
    const a = plan(at('06:00'))
    // 08:30: centers not all open yet (the clock would call for a +1 h shift), but run A (now
    // simulating 17:30) still is: it is continued, identically
    const aLast = at('08:29')
    expect(plan(at('08:30')).clockOffset).toBe(1 * HOUR)
    const a2 = plan(at('08:30'), new Map([[a.ns, aLast]]))
    expect(a2).toEqual({ ...a, resumed: true })
    // 09:30: run A would simulate 18:30 (closed); the real clock takes over after A's last event
    const b = plan(at('09:30'), new Map([[a.ns, aLast]]))
    expect(b).toMatchObject({ clockOffset: 0, from: midnight, emitFrom: aLast + 1, warmStart: 'drop', resumed: false, after: aLast })
    expect(b.ns).not.toBe(a.ns)
    // 11:00: run B stored the latest events: continued with the same cut (same events)
    const b2 = plan(at('11:00'), new Map([[a.ns, aLast], [b.ns, at('10:59')]]))
    expect(b2).toEqual({ ...b, resumed: true })
    // 21:00: B (real clock) is closed now; a shifted run starts after B's last event
    const c = plan(at('21:00'), new Map([[a.ns, aLast], [b.ns, at('20:59')]]))
    expect(c.ns).not.toBe(b.ns)
    expect(c.clockOffset).not.toBe(0)
    expect(c.after).toBe(at('20:59'))
    expect(c.emitFrom - c.clockOffset).toBe(at('20:59') + 1)
  })

  it("runs that are not today's identities (another seed, yesterday's run past midnight) are never overlapped either", () => {
    const p = plan(at('10:00'), new Map([['zzzzzzz', at('00:40')]]))
    expect(p).toMatchObject({ clockOffset: 0, from: midnight, emitFrom: at('00:40') + 1, warmStart: 'drop', after: at('00:40') })
  })
})

describe("warm start 'drop'", () => {
  it('emits the same run from emitFrom on: same ids and timestamps, nothing earlier, every contact from its queued event', () => {
    const from = tz.dayStart(tz.day(Date.parse('2026-11-17T12:00:00Z')))
    const emitFrom = from + 10 * HOUR + 17 * 60_000 // 10:17 on a Tuesday: a busy floor
    const to = emitFrom + HOUR
    const collect = (o: { emitFrom?: number; warmStart?: 'emit' | 'drop' }) => {
      const out: PlateauEvent[] = []
      const sim = new Simulation({ scenario: sc, seed: 3, start: from, ...o, onEvent: (e) => out.push(e) })
      sim.runUntil(to)
      return { out, ns: sim.ns }
    }
    const full = collect({})
    const drop = collect({ emitFrom, warmStart: 'drop' })
    expect(drop.ns).toBe(full.ns)
    const fullById = new Map(full.out.map((e) => [e.event_id, JSON.stringify(e)]))
    const snapshot = drop.out.filter((e) => !fullById.has(e.event_id))
    const rest = drop.out.filter((e) => fullById.has(e.event_id))
    // the snapshot: one agent.state per agent, at emitFrom exactly
    expect(snapshot.length).toBe(sc.agents.length)
    for (const e of snapshot) {
      expect(e.type).toBe('agent.state')
      expect(Date.parse(e.ts)).toBe(emitFrom)
    }
    expect(snapshot.filter((e) => e.type === 'agent.state' && e.state !== 'offline').length).toBeGreaterThan(100)
    // the rest: identical to the full run's events, none dated before emitFrom
    for (const e of rest) {
      expect(JSON.stringify(e)).toBe(fullById.get(e.event_id))
      expect(Date.parse(e.ts)).toBeGreaterThanOrEqual(emitFrom)
    }
    // contacts: only those queued from emitFrom on, each with its queued event
    const queued = new Set(rest.filter((e) => e.type === 'contact.queued').map((e) => (e as { contact_id: string }).contact_id))
    expect(queued.size).toBeGreaterThan(200)
    const contactOf = (e: PlateauEvent) => ('contact_id' in e && typeof e.contact_id === 'string' ? e.contact_id : null)
    for (const e of rest) {
      const c = contactOf(e)
      if (c) expect(queued.has(c), `${e.type} of ${c}`).toBe(true)
    }
    // and it is exactly the full run's events from emitFrom on, minus contacts begun earlier
    const begunEarlier = new Set(full.out.filter((e) => e.type === 'contact.queued' && Date.parse(e.ts) < emitFrom).map((e) => (e as { contact_id: string }).contact_id))
    const expected = full.out.filter((e) => Date.parse(e.ts) >= emitFrom && !begunEarlier.has(contactOf(e) ?? ''))
    expect(rest.map((e) => e.event_id)).toEqual(expected.map((e) => e.event_id))
  })
})
