/**
 * The agent-time rollup (agent_slots, 15-minute UTC slots + each agent's state at the slot's
 * end) gives the same agent time as the raw computation from the state changes: a small log
 * spanning slot boundaries, every figure worked out by hand below.
 *
 * Day 2026-11-17, center slots-paris (Europe/Paris), times in UTC. Slots: 08:00, 08:15, 08:30,
 * 08:45, 09:00. "Now" is 09:07.
 *
 *   a1  08:05 available → 08:40 on_contact → 08:50 wrap_up → 08:52 offline
 *       available from the 08:00 slot to the 08:30 slot; no event of a1 in the 08:15 slot
 *   a2  08:10 break → 08:20 available, still available now
 *   a3  08:14:30 on_contact (delivered twice) → 08:31 wrap_up → 08:33 available, still open now
 *   a4  08:00 available (another center, with a 1-hour state cap) → capped at 09:00
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { ev, insert, kpiStore, states } from './kpi-fixtures'

const CONFIG = `
version: 1
defaults:
  timezone: Europe/Paris
  currency: EUR
centers:
  - id: slots-paris
    name: Slots Paris
    reportingLine: sales
    sourcing: in_house
    timezone: Europe/Paris
    cost: { model: in_house, agentHourCost: 30 }
  - id: slots-capped
    name: Slots Capped
    reportingLine: sales
    sourcing: in_house
    timezone: Europe/Paris
    agentStateMaxHours: 1
    cost: { model: in_house, agentHourCost: 30 }
`

const P = 'slots-paris'
const C = 'slots-capped'
const at = (hms: string) => `2026-11-17T${hms}.000Z`
const ms = (hms: string) => Date.parse(at(hms))
const MIN = 60
const NOW = ms('09:07:00')

type Q = typeof import('@/lib/queries/queryAgentTime')
type Plan = typeof import('@/lib/queries/plan')
let queryAgentTime: Q['queryAgentTime']
let makePlan: Plan['makePlan']

beforeAll(async () => {
  await kpiStore(CONFIG)
  const dup = ev('agent.state', P, at('08:14:30'), { agent_id: 'a3', state: 'on_contact' })
  await insert([
    ...states(P, 'a1', [
      [at('08:05:00'), 'available'],
      [at('08:40:00'), 'on_contact'],
      [at('08:50:00'), 'wrap_up'],
      [at('08:52:00'), 'offline'],
    ]),
    ...states(P, 'a2', [
      [at('08:10:00'), 'break'],
      [at('08:20:00'), 'available'],
    ]),
    dup,
    ...states(P, 'a3', [
      [at('08:31:00'), 'wrap_up'],
      [at('08:33:00'), 'available'],
    ]),
    ...states(C, 'a4', [[at('08:00:00'), 'available']]),
  ])
  await insert([dup]) // redelivered
  ;({ queryAgentTime } = await import('@/lib/queries/queryAgentTime'))
  ;({ makePlan } = await import('@/lib/queries/plan'))
  const { ensureAgentSlots } = await import('@/lib/queries/refreshAgentSlots')
  await ensureAgentSlots(0)
})

type Row = Record<string, number | string>
/** The rollup serves windows longer than 2 days by default; these short ones use it too. */
const ALWAYS = { rollupAboveMs: 0 }
const plan = (from: string, to: string | null, o: { now?: number; bucket?: 'interval15' | 'day'; raw?: boolean } = {}) =>
  makePlan({
    centers: [P, C],
    window: to ? { kind: 'custom', from: ms(from), to: ms(to) } : { kind: 'today' },
    now: o.now ?? NOW,
    dims: [],
    bucket: o.bucket ?? null,
    source: o.raw ? 'contacts_v' : 'facts', // contacts_v: the reference path, raw intervals only
    maxLagMs: 0, // the rollup reflects every state change inserted so far
  })
const byKey = (rows: Row[], key: (r: Row) => string) => Object.fromEntries(rows.map((r) => [key(r), r]))
const fig = (r: Row | undefined) =>
  r && {
    available_s: Number(r.available_s),
    on_contact_s: Number(r.on_contact_s),
    wrap_up_s: Number(r.wrap_up_s),
    not_ready_s: Number(r.not_ready_s),
    logged_s: Number(r.logged_s),
  }

describe('agent-time rollup', () => {
  it('holds each slot and the state at its end, also for a slot without an event', async () => {
    const { queryRows } = await import('@/lib/clickhouse')
    const rows = await queryRows<Row>(
      `SELECT toString(slot) AS slot, available_ms, on_contact_ms, logged_ms, toString(end_state) AS end_state, toString(end_since) AS end_since
       FROM agent_slots FINAL WHERE center_id = 'slots-paris' AND agent_id = 'a1' ORDER BY slot`,
    )
    expect(rows.map((r) => [r.slot, Number(r.available_ms), Number(r.on_contact_ms), Number(r.logged_ms), r.end_state])).toEqual([
      ['2026-11-17 08:00:00', 10 * MIN * 1000, 0, 10 * MIN * 1000, 'available'], // 08:05 → 08:15
      ['2026-11-17 08:15:00', 15 * MIN * 1000, 0, 15 * MIN * 1000, 'available'], // no event: the whole slot
      ['2026-11-17 08:30:00', 10 * MIN * 1000, 5 * MIN * 1000, 15 * MIN * 1000, 'on_contact'], // 08:30 → 08:40, 08:40 → 08:45
      ['2026-11-17 08:45:00', 0, 5 * MIN * 1000, 7 * MIN * 1000, ''], // 08:45 → 08:50 on contact, 2 min wrap-up, offline at 08:52
    ])
    expect(rows[1].end_since).toBe('2026-11-17 08:05:00.000') // the available state started in an earlier slot
  })

  it('08:00–09:00 per agent: read from the slots, equal to the raw computation', async () => {
    const p = plan('08:00:00', '09:00:00')
    const slots = byKey(await queryAgentTime(p, true, ALWAYS), (r) => String(r.agent_id))
    const raw = byKey(await queryAgentTime(plan('08:00:00', '09:00:00', { raw: true }), true, ALWAYS), (r) => String(r.agent_id))
    // a1: available 08:05–08:40 = 35 min, on contact 08:40–08:50 = 10 min, wrap-up 08:50–08:52 = 2 min
    expect(fig(slots.a1)).toEqual({ available_s: 35 * MIN, on_contact_s: 10 * MIN, wrap_up_s: 2 * MIN, not_ready_s: 0, logged_s: 47 * MIN })
    // a2: break 08:10–08:20 = 10 min, available 08:20–09:00 (window end) = 40 min
    expect(fig(slots.a2)).toEqual({ available_s: 40 * MIN, on_contact_s: 0, wrap_up_s: 0, not_ready_s: 10 * MIN, logged_s: 50 * MIN })
    // a3: on contact 08:14:30–08:31 = 16.5 min (the redelivered copy lasts 0 ms), wrap-up 2 min, available 08:33–09:00 = 27 min
    expect(fig(slots.a3)).toEqual({ available_s: 27 * MIN, on_contact_s: 16.5 * MIN, wrap_up_s: 2 * MIN, not_ready_s: 0, logged_s: 45.5 * MIN })
    // a4 (1-hour cap): available 08:00–09:00
    expect(fig(slots.a4)).toEqual({ available_s: 60 * MIN, on_contact_s: 0, wrap_up_s: 0, not_ready_s: 0, logged_s: 60 * MIN })
    for (const a of ['a1', 'a2', 'a3', 'a4']) expect(fig(slots[a])).toEqual(fig(raw[a]))
  })

  it('by 15-minute interval: a state crossing slots is split at each boundary', async () => {
    const rows = await queryAgentTime(plan('08:00:00', '09:00:00', { bucket: 'interval15' }), true, ALWAYS)
    const a1 = rows.filter((r) => r.agent_id === 'a1').sort((x, y) => Number(x.bucket) - Number(y.bucket))
    expect(a1.map((r) => [Number(r.bucket), Number(r.available_s)])).toEqual([
      [ms('08:00:00'), 10 * MIN], // 08:05–08:15
      [ms('08:15:00'), 15 * MIN], // 08:15–08:30
      [ms('08:30:00'), 10 * MIN], // 08:30–08:40
      [ms('08:45:00'), 0],
    ])
    const raw = await queryAgentTime(plan('08:00:00', '09:00:00', { bucket: 'interval15', raw: true }), true, ALWAYS)
    const key = (r: Row) => `${r.center_id}|${r.agent_id}|${r.bucket}`
    expect(Object.fromEntries(rows.map((r) => [key(r), fig(r)]))).toEqual(Object.fromEntries(raw.map((r) => [key(r), fig(r)])))
  })

  it('today until 09:07: complete slots from the rollup, the current one raw from the states at 09:00; open states count as now', async () => {
    const rows = byKey(await queryAgentTime(plan('', null), false, { ...ALWAYS, now: true }), (r) => String(r.center_id))
    const raw = byKey(await queryAgentTime(plan('', null, { raw: true }), false, { ...ALWAYS, now: true }), (r) => String(r.center_id))
    // slots-paris: a1 47 min; a2 break 10 + available 08:20–09:07 = 47 min; a3 16.5 + 2 + available 08:33–09:07 = 34 min
    expect(Number(rows[P].logged_s)).toBe((47 + 10 + 47 + 16.5 + 2 + 34) * MIN)
    expect(Number(rows[P].available_s)).toBe((35 + 47 + 34) * MIN)
    expect(Number(rows[P].agents_available_now)).toBe(2) // a2 and a3; a1 is offline
    expect(Number(rows[P].agents_logged_in_now)).toBe(2)
    // slots-capped: a4's state is not believed after 1 h (09:00): 60 min, nobody logged in now
    expect(Number(rows[C].logged_s)).toBe(60 * MIN)
    expect(Number(rows[C].agents_logged_in_now)).toBe(0)
    for (const c of [P, C]) expect(rows[c]).toEqual(raw[c])
  })

  it('a late state change re-derives the slots it moves', async () => {
    // a1 went on break at 08:20, delivered after the slots were built: available 08:05–08:20 = 15 min, break 08:20–08:40 = 20 min
    await insert(states(P, 'a1', [[at('08:20:00'), 'break']]))
    const slots = byKey(await queryAgentTime(plan('08:00:00', '09:00:00'), true, ALWAYS), (r) => String(r.agent_id))
    expect(fig(slots.a1)).toEqual({ available_s: 15 * MIN, on_contact_s: 10 * MIN, wrap_up_s: 2 * MIN, not_ready_s: 20 * MIN, logged_s: 47 * MIN })
    const raw = byKey(await queryAgentTime(plan('08:00:00', '09:00:00', { raw: true }), true, ALWAYS), (r) => String(r.agent_id))
    expect(fig(slots.a1)).toEqual(fig(raw.a1))
  })
})

describe('agent-time rollup on random logs', () => {
  // Seeded random state changes (offline included, redelivered copies, inserted in shuffled
  // batches with refreshes between, so later batches are late changes), then every window of
  // whole slots: the rollup path must give exactly the raw computation's figures.
  it('equals the raw computation for any slot-aligned window, bucket and "now"', async () => {
    let seed = 7
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    const STATES = ['available', 'on_contact', 'wrap_up', 'break', 'training', 'offline']
    const base = Date.parse('2026-11-18T06:00:00.000Z')
    const evs = []
    for (const center of [P, C])
      for (const agent of ['r1', 'r2', 'r3']) {
        let t = base + Math.floor(rnd() * 1800_000)
        while (t < base + 4 * 3_600_000) {
          const e = ev('agent.state', center, new Date(t).toISOString(), { agent_id: agent, state: STATES[Math.floor(rnd() * STATES.length)] })
          evs.push(e)
          if (rnd() < 0.1) evs.push(e) // redelivered
          t += Math.floor(rnd() * (rnd() < 0.2 ? 3_000_000 : 600_000))
        }
      }
    for (let i = evs.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1))
      ;[evs[i], evs[j]] = [evs[j], evs[i]]
    }
    const { ensureAgentSlots } = await import('@/lib/queries/refreshAgentSlots')
    const third = Math.ceil(evs.length / 3)
    for (let i = 0; i < 3; i++) {
      await insert(evs.slice(i * third, (i + 1) * third))
      await ensureAgentSlots(0)
    }
    const key = (r: Row) => `${r.center_id}|${r.agent_id ?? ''}|${r.bucket ?? ''}`
    const table = (rows: Row[]) => Object.fromEntries(rows.map((r) => [key(r), r]))
    let compared = 0
    for (let run = 0; run < 12; run++) {
      const from = base + Math.floor(rnd() * 16) * 900_000
      const to = from + (1 + Math.floor(rnd() * 12)) * 900_000
      const now = rnd() < 0.5 ? to + 86_400_000 : from + Math.floor(rnd() * (to - from)) + 1
      const bucket = ([null, 'interval15', 'day'] as const)[run % 3]
      const mk = (raw: boolean) =>
        makePlan({ centers: [P, C], window: { kind: 'custom', from, to }, now, dims: [], bucket, source: raw ? 'contacts_v' : 'facts', maxLagMs: 0 })
      for (const byAgent of [false, true]) {
        const withNow = !bucket && now <= to
        const a = await queryAgentTime(mk(false), byAgent, { ...ALWAYS, now: withNow })
        const b = await queryAgentTime(mk(true), byAgent, { ...ALWAYS, now: withNow })
        expect(table(a)).toEqual(table(b))
        compared += a.length
      }
    }
    expect(compared).toBeGreaterThan(0)
    // A window longer than 2 days takes the rollup by default.
    const long = (raw: boolean) =>
      makePlan({ centers: [P, C], window: { kind: 'custom', from: base - 2 * 86_400_000, to: base + 86_400_000 }, now: NOW + 30 * 86_400_000, dims: [], bucket: 'day', source: raw ? 'contacts_v' : 'facts', maxLagMs: 0 })
    const [a, b] = [await queryAgentTime(long(false), true), await queryAgentTime(long(true), true)]
    expect(a.length).toBeGreaterThan(0)
    expect(table(a)).toEqual(table(b))
  })
})
