/**
 * A report and its previous period read in one statement (queryContactComponentsByPeriod) give
 * exactly the rows of the two statements read one by one, for every bucket, with dimensions,
 * with centers in three time zones (Kolkata's half-hour offset moves hourly buckets), and with
 * contacts still waiting at each period's "now". getKpis with a previous period reads the
 * contact components once.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { PlateauEvent } from '@/lib/contract/events'
import { answeredContact, ev, insert, kpiStore } from './kpi-fixtures'

const CONFIG = `
version: 1
defaults:
  timezone: Europe/Paris
  targets: { serviceLevel: { thresholdSeconds: 20, target: 0.8 }, shortAbandonSeconds: 5 }
centers:
  - { id: pa, name: Paris, reportingLine: sales, sourcing: in_house, timezone: Europe/Paris }
  - { id: ny, name: New York, reportingLine: marketing, sourcing: in_house, timezone: America/New_York }
  - { id: ka, name: Kolkata, reportingLine: customer_service, sourcing: outsourced, timezone: Asia/Kolkata }
`

const DAY = 86_400_000
// Midnight UTC, 2026-11-01: the windows below cover October and November.
const T0 = Date.parse('2026-11-01T00:00:00Z')
const iso = (ms: number) => new Date(ms).toISOString()

/** Over 60 days, every 7 h 13 min: answered, abandoned, or left waiting (no outcome), in each center. */
function log(): PlateauEvent[] {
  const out: PlateauEvent[] = []
  let i = 0
  for (let t = T0 - 40 * DAY; t < T0 + 20 * DAY; t += 26_000_000) {
    for (const center of ['pa', 'ny', 'ka']) {
      const id = `${center}-${i++}`
      const queue = i % 2 ? 'q-voice' : 'q-chat'
      const kind = i % 5
      if (kind < 3) {
        const a = t + (kind * 17 + 3) * 1000
        out.push(
          ...answeredContact(center, id, {
            queue,
            channel: i % 2 ? 'voice' : 'chat',
            queued: iso(t),
            answered: iso(a),
            agent: `ag${i % 3}`,
            ended: iso(a + 200_000),
            talk: 180,
            hold: i % 4 ? 20 : 0,
            wrapped: iso(a + 260_000),
            wrap: 60,
            resolved: i % 2 === 0,
            outcome: i % 7 ? 'none' : 'sale',
            revenue: i % 7 ? 0 : 80,
          }),
        )
        if (i % 6 === 0) out.push(ev('survey.completed', center, iso(a + 3 * 3_600_000), { contact_id: id, csat: (i % 5) + 1, nps: i % 11, resolved: true }))
      } else {
        out.push(ev('contact.queued', center, iso(t), { contact_id: id, queue_id: queue, channel: 'voice', direction: i % 9 ? 'inbound' : 'outbound' }))
        if (kind === 3) out.push(ev('contact.abandoned', center, iso(t + 4_000 + (i % 40) * 1000), { contact_id: id, queue_id: queue }))
      }
    }
  }
  return out
}

type Mod = {
  makePlan: typeof import('@/lib/queries/plan').makePlan
  previousPlan: typeof import('@/lib/queries/plan').previousPlan
  q: typeof import('@/lib/queries/queryContactComponents')
}
let m: Mod

const sorted = (rows: Array<Record<string, unknown>>) => rows.map((r) => JSON.stringify(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1)))).sort()

beforeAll(async () => {
  await kpiStore(CONFIG)
  await insert(log())
  const { refreshContactFacts } = await import('@/lib/queries/refreshContactFacts')
  await refreshContactFacts()
  const plan = await import('@/lib/queries/plan')
  m = { makePlan: plan.makePlan, previousPlan: plan.previousPlan, q: await import('@/lib/queries/queryContactComponents') }
}, 120_000)

describe('two periods in one statement', () => {
  const windows = {
    // November by its local month bounds (previous: October), "now" inside it: contacts still waiting.
    month: { kind: 'custom' as const, from: T0 - 3_600_000, to: T0 + 30 * DAY - 3_600_000 },
    // 10 days (previous: the 10 before).
    days: { kind: 'custom' as const, from: T0 - 3 * DAY, to: T0 + 7 * DAY },
    today: { kind: 'today' as const },
  }
  const cases: Array<[keyof typeof windows, Parameters<Mod['makePlan']>[0]['bucket'], Parameters<Mod['makePlan']>[0]['dims']]> = [
    ['month', null, []],
    ['month', 'day', []],
    ['month', 'month', ['channel']],
    ['days', 'interval60', []],
    ['days', 'interval15', ['queue']],
    ['days', null, ['agent', 'direction']],
    ['today', null, []],
    ['today', 'interval30', ['queue']],
  ]
  it.each(cases)('%s by %s, dims %j: the same rows as two statements', async (w, bucket, dims) => {
    const now = T0 + 9 * DAY + 5 * 3_600_000 + 123
    for (const centers of [null, ['pa'], ['ny', 'ka']]) {
      const plan = m.makePlan({ centers, window: windows[w], now, dims, bucket })
      const prev = m.previousPlan(plan, windows[w])
      expect(m.q.combinable([plan, prev])).toBe(true)
      const [a, b] = await m.q.queryContactComponentsByPeriod([plan, prev])
      const one = await m.q.queryContactComponents(plan)
      const two = await m.q.queryContactComponents(prev)
      expect(one.length).toBeGreaterThan(0)
      expect(two.length).toBeGreaterThan(0)
      expect(sorted(a!)).toEqual(sorted(one))
      expect(sorted(b!)).toEqual(sorted(two))
    }
  })

  it('still-waiting contacts are counted at each period’s own "now"', async () => {
    const plan = m.makePlan({ centers: ['pa'], window: windows.month, now: T0 + 9 * DAY, dims: [], bucket: null })
    const prev = m.previousPlan(plan, windows.month)
    const [a, b] = await m.q.queryContactComponentsByPeriod([plan, prev])
    // The same rows as above, and at least one contact per period neither answered nor abandoned.
    expect(Number(a![0]!.still_waiting)).toBeGreaterThan(0)
    expect(Number(b![0]!.still_waiting)).toBeGreaterThan(0)
    expect(sorted(a!)).toEqual(sorted(await m.q.queryContactComponents(plan)))
    expect(sorted(b!)).toEqual(sorted(await m.q.queryContactComponents(prev)))
  })

  it('a subset of the components reads the same figures as the whole statement (each KPI\'s inputs, lib/kpi/inputs)', async () => {
    const { KPI_CONTACT_INPUTS } = await import('@/lib/kpi/inputs')
    const now = T0 + 9 * DAY + 5 * 3_600_000 + 123
    const subsets = [...new Set(Object.values(KPI_CONTACT_INPUTS).filter((c) => c.length).map((c) => JSON.stringify(c)))].map((j) => JSON.parse(j) as typeof m.q.ALL_CONTACT_COMPONENTS)
    for (const [w, bucket] of [['month', 'day'], ['today', null]] as const) {
      const plan = m.makePlan({ centers: null, window: windows[w], now, dims: ['queue'], bucket })
      const prev = m.previousPlan(plan, windows[w])
      const all = await m.q.queryContactComponents(plan)
      expect(all.length).toBeGreaterThan(0)
      for (const subset of subsets) {
        const keep = (rows: Array<Record<string, unknown>>) =>
          rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !(m.q.ALL_CONTACT_COMPONENTS as readonly string[]).includes(k) || subset.includes(k as never))))
        const rows = await m.q.queryContactComponents(plan, subset)
        // Rows come per (center, queue, bucket) of the fact kinds read: compare the non-empty ones.
        const nonZero = (rows: Array<Record<string, unknown>>) => keep(rows).filter((r) => subset.some((c) => Number(r[c]) !== 0))
        expect(Object.keys(rows[0]!).filter((k) => (m.q.ALL_CONTACT_COMPONENTS as readonly string[]).includes(k)).sort(), JSON.stringify(subset)).toEqual([...subset].sort())
        expect(sorted(nonZero(rows)), JSON.stringify(subset)).toEqual(sorted(nonZero(all)))
        const [a] = await m.q.queryContactComponentsByPeriod([plan, prev], subset)
        expect(sorted(nonZero(a!)), JSON.stringify(subset)).toEqual(sorted(nonZero(all)))
      }
    }
  })

  it('overlapping windows or different buckets are not combinable', () => {
    const now = T0 + 9 * DAY
    const a = m.makePlan({ centers: null, window: windows.days, now, dims: [], bucket: null })
    const b = m.makePlan({ centers: null, window: { kind: 'custom', from: T0, to: T0 + 12 * DAY }, now, dims: [], bucket: null })
    expect(m.q.combinable([a, b])).toBe(false)
    expect(m.q.combinable([a, { ...m.previousPlan(a, windows.days), bucket: 'day' }])).toBe(false)
    expect(m.q.combinable([a, m.previousPlan(a, windows.days)])).toBe(true)
  })

  it('getKpis with a previous period reads the contact components in one statement', async () => {
    const { getKpis } = await import('@/lib/queries/getKpis')
    const { queryRows } = await import('@/lib/clickhouse')
    // SELECT statements the engine ran (this process's counter; the read itself counts one).
    const selects = async () => Number((await queryRows<{ n: string }>("SELECT value AS n FROM system.events WHERE event = 'SelectQuery'"))[0]!.n)
    const now = T0 + 9 * DAY
    // Contact KPIs only: no agent-time statement, so the contact reads are all that is counted.
    // Facts refreshed in beforeAll count as fresh for an hour: with the default lag (1 s), a call
    // on a slow machine would refresh them again and count the refresh's statements too.
    const req = { window: windows.month, groupBy: ['center' as const, 'day' as const], keys: ['offered', 'answered', 'asa', 'aht'] as const, now, maxLagMs: 3_600_000 }
    await getKpis(req, null) // the first request of a process also reads the refresh state
    let before = await selects()
    const alone = await getKpis(req, null)
    const oneSelects = (await selects()) - before - 1
    before = await selects()
    const withPrevious = await getKpis({ ...req, compare: true }, null)
    const twoSelects = (await selects()) - before - 1
    expect(oneSelects).toBeGreaterThan(0)
    expect(twoSelects).toBe(oneSelects)
    // The same current values, and previous values that are those of the previous period read alone.
    // (Paris: its previous period is October, the window being November's local month.)
    const plan = m.makePlan({ centers: ['pa'], window: windows.month, now, dims: [], bucket: 'day' })
    const prev = m.previousPlan(plan, windows.month)
    const prevAlone = await getKpis({ ...req, window: { kind: 'custom', from: prev.groups[0]!.from, to: plan.groups[0]!.from }, now: prev.asOf }, ['pa'])
    const valuesOf = (r: typeof alone, field: 'value' | 'previous') => r.rows.map((row) => JSON.stringify([row.group.center, row.group.bucket, row.kpis.map((k) => k[field])]))
    expect(valuesOf(withPrevious, 'value')).toEqual(valuesOf(alone, 'value'))
    // Day i of the period is compared with day i of the previous one, center by center.
    const byCenter = (r: typeof alone, field: 'value' | 'previous') => {
      const out = new Map<string, Array<Array<number | null>>>()
      for (const row of r.rows) out.set(row.group.center!, [...(out.get(row.group.center!) ?? []), row.kpis.map((k) => k[field])])
      return out
    }
    const expected = byCenter(prevAlone, 'value')
    let compared = 0
    for (const [center, days] of byCenter(withPrevious, 'previous')) {
      if (center !== 'pa') continue
      days.forEach((previous, i) => {
        if (previous.every((x) => x === null)) return
        expect(previous).toEqual(expected.get(center)![i])
        compared++
      })
    }
    expect(compared).toBeGreaterThanOrEqual(8)
  })
})
