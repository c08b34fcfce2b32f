/**
 * Live mode (what `npm start` shows) and load mode. Live: within seconds of starting, at any
 * hour, every center has data including activity "now", agents are logged in, contacts are
 * waiting, and nothing is dated in the future. Load: the achieved rate matches the target.
 */
import { describe, expect, it } from 'vitest'
import type { PlateauEvent } from '@/lib/contract/events'
import { Malformed } from '@/simulator/faults'
import { run, runLoad, startLive } from '@/simulator/runner'
import { loadScenario } from '@/simulator/scenario'
import { MemorySink, NullSink } from '@/simulator/sinks'
import { parseWhen } from '@/simulator/when'

const sc = loadScenario('scenarios/default.yaml')
const CENTERS = sc.centers.map((c) => c.id).sort()

/** A clock that runs in real time from a chosen instant. */
const clockAt = (iso: string) => {
  const base = Date.parse(iso)
  const real = Date.now()
  return () => base + (Date.now() - real)
}

async function until(cond: () => boolean, ms: number) {
  const end = Date.now() + ms
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 50))
  return cond()
}

const events = (sink: MemorySink) => sink.items.filter((x): x is PlateauEvent => !(x instanceof Malformed))

describe('simulator live mode', () => {
  for (const [label, at] of [
    ['on a Sunday night (business clock shifted)', '2026-11-22T02:00:00Z'],
    ['on a weekday morning (real clock)', '2026-11-24T09:40:00Z'],
  ] as const) {
    it(`all centers show data and current activity within 10 s ${label}`, async () => {
      const clock = clockAt(at)
      const sink = new MemorySink()
      const started = Date.now()
      const live = startLive({ scenario: sc, seed: 1, sink, clock, faults: { duplicates: 0.002, late: 0.002, malformed: 0.001 } })
      const centersNow = () => {
        const recent = clock() - 10 * 60_000
        return new Set(events(sink).filter((e) => e.type !== 'agent.state' && Date.parse(e.ts) >= recent).map((e) => e.center_id))
      }
      const ok = await until(() => centersNow().size === CENTERS.length, 10_000)
      const elapsed = Date.now() - started
      await new Promise((r) => setTimeout(r, 1500)) // a little live time
      const report = await live.stop()
      expect(ok, `centers with contact activity in the last 10 minutes: ${[...centersNow()].join(', ')}`).toBe(true)
      expect(elapsed).toBeLessThan(10_000)
      if (at.startsWith('2026-11-22')) expect(live.clockOffset).not.toBe(0)
      else expect(live.clockOffset).toBe(0)

      const evs = events(sink)
      const now = clock()
      for (const e of evs) expect(Date.parse(e.ts)).toBeLessThanOrEqual(now) // never in the future
      // "today so far": the backfill covers today since local midnight, and nothing before it
      // (earlier days belong to the demo's history, which must not be covered twice)
      const midnight = Date.parse(`${new Date(now + 3_600_000).toISOString().slice(0, 10)}T00:00:00+01:00`) // Paris, November
      const first = Math.min(...evs.map((e) => Date.parse(e.ts)))
      expect(first).toBeGreaterThanOrEqual(midnight)
      expect(first - midnight).toBeLessThan(3_600_000)
      const contactsFirstHour = evs.filter((e) => e.type === 'contact.queued' && Date.parse(e.ts) < midnight + 3_600_000).length
      if (live.clockOffset !== 0) expect(contactsFirstHour).toBeGreaterThan(100) // a busy business-day hour right after midnight
      // warm floor: agents logged in and contacts waiting right now, in every center
      const state = new Map<string, { center: string; state: string }>()
      const open = new Map<string, string>()
      for (const e of evs) {
        if (e.type === 'agent.state') state.set(e.agent_id, { center: e.center_id, state: e.state })
        else if (e.type === 'contact.queued') open.set(e.contact_id, e.center_id)
        else if (e.type === 'contact.answered' || e.type === 'contact.abandoned') open.delete(e.contact_id)
      }
      for (const c of CENTERS) expect([...state.values()].filter((s) => s.center === c && s.state !== 'offline').length, c).toBeGreaterThan(2)
      expect(open.size).toBeGreaterThan(0)
      expect(report.events).toBe(sink.items.length)
    })
  }

  it('restarting the demo later in the same block replays the same events (ids dedup in the store)', async () => {
    const cutoff = Date.parse('2026-11-22T01:30:00Z')
    const runOnce = async (iso: string) => {
      const sink = new MemorySink()
      const live = startLive({ scenario: sc, seed: 1, sink, clock: clockAt(iso) })
      // until the backfill has passed the cutoff
      await until(() => events(sink).some((e) => Date.parse(e.ts) > cutoff + 300_000), 10_000)
      await live.stop()
      return { offset: live.clockOffset, events: events(sink) }
    }
    const a = await runOnce('2026-11-22T02:00:00Z') // Sunday night, business clock shifted
    const b = await runOnce('2026-11-22T04:30:00Z') // restarted 2.5 h later
    expect(a.offset).not.toBe(0)
    expect(b.offset).toBe(a.offset)
    const byId = new Map(b.events.map((e) => [e.event_id, JSON.stringify(e)]))
    const settled = a.events.filter((e) => Date.parse(e.ts) < cutoff)
    expect(settled.length).toBeGreaterThan(2000)
    // everything the first run emitted (before its late-event window) is re-emitted identically
    for (const e of settled) expect(byId.get(e.event_id)).toBe(JSON.stringify(e))
  })

  it('without backfill: a silent warm-up, then the current floor (agents logged in, contacts in progress)', async () => {
    const clock = clockAt('2026-11-24T10:15:00Z')
    const sink = new MemorySink()
    const live = startLive({ scenario: sc, seed: 2, sink, clock, backfill: 'none' })
    await until(() => sink.items.length > 300, 10_000)
    const report = await live.stop()
    const evs = events(sink)
    const start = live.emitFrom
    // nothing older than the warm-up; history of contacts in progress keeps its real times
    for (const e of evs) expect(Date.parse(e.ts)).toBeGreaterThanOrEqual(start - 3 * 3_600_000)
    const snapshot = evs.filter((e) => Date.parse(e.ts) < start)
    expect(snapshot.some((e) => e.type === 'agent.state' && e.state !== 'offline')).toBe(true)
    expect(snapshot.some((e) => e.type === 'contact.queued')).toBe(true)
    // contacts that finished during the warm-up (final wrap, abandon) are history: not emitted
    expect(snapshot.some((e) => e.type === 'contact.abandoned' || (e.type === 'contact.wrapped' && e.resolved !== undefined))).toBe(false)
    // contacts in progress come with their history: every answered contact of the snapshot was queued
    const queued = new Set(evs.filter((e) => e.type === 'contact.queued').map((e) => (e as { contact_id: string }).contact_id))
    for (const e of snapshot) if (e.type === 'contact.answered') expect(queued.has(e.contact_id)).toBe(true)
    expect(report.events).toBeGreaterThan(300)
  })
})

describe('simulator pacing', () => {
  it('load mode sustains the target rate', async () => {
    const sink = new NullSink()
    // A clock that moves 7 ms per reading: the pacing is checked, not this machine's speed.
    let t = Date.now()
    const clock = () => (t += 7)
    const r = await runLoad({ scenario: sc, seed: 1, rate: 4000, durationMs: 2500, ts: 'now', from: parseWhen('2026-09-07', 'Europe/Paris'), sink, clock, sliceMs: 1 })
    expect(Math.abs(r.achieved - 4000) / 4000).toBeLessThan(0.03)
    expect(Math.abs(r.perSecond[0]! - 4000)).toBeLessThan(200)
    expect(Math.abs(r.perSecond[1]! - 4000)).toBeLessThan(200)
    expect(sink.delivered).toBe(r.sent)
  })

  it('--speed N runs simulated time N times faster than the clock', async () => {
    const from = parseWhen('2026-09-07', 'Europe/Paris') + 10 * 3_600_000
    // A clock that moves 20 ms per reading: the pacing is checked, not this machine's speed.
    let t = Date.now()
    const clock = () => (t += 20)
    const r = await run({ scenario: sc, seed: 1, from, to: from + 3_600_000, speed: 2400, sink: new NullSink(), tickMs: 50, clock })
    expect(r.wallMs).toBeGreaterThanOrEqual(1500) // 1 h / 2400 = 1.5 s of the clock
    expect(r.wallMs).toBeLessThan(1700)
    expect(r.events).toBeGreaterThan(1000)
  })
})
