/**
 * Properties of the KPI engine over random small event logs (fast-check, few runs: each run
 * writes to a real embedded ClickHouse):
 * - the same log delivered in order, or shuffled with duplicates in several batches (with
 *   incremental fact refreshes in between), gives identical KPIs;
 * - the refreshed facts equal a fresh derivation from contacts_v;
 * - every rate is within 0…1; answered + abandoned + still waiting = offered.
 */
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import type { PlateauEvent } from '@/lib/contract/events'
import { ev, insert, kpiStore, values } from './kpi-fixtures'
import type { getKpis as GetKpis, GroupBy } from '@/lib/queries/getKpis'

const RUNS = 12
const BASE = Date.parse('2026-11-10T08:00:00Z')
const iso = (ms: number) => new Date(ms).toISOString()

const CONFIG = `
version: 1
centers:
${Array.from({ length: RUNS * 4 }, (_, i) => {
  const id = `r${Math.floor(i / 4)}${i % 4 < 2 ? 'a' : 'b'}${i % 2}`
  return `  - { id: ${id}, name: ${id}, reportingLine: sales, sourcing: in_house, cost: { model: in_house, agentHourCost: 30, telecomMinuteCost: 0.02, fixedMonthlyCost: 3000 } }`
}).join('\n')}
`

const contactArb = fc.record({
  center: fc.integer({ min: 0, max: 1 }),
  queue: fc.constantFrom('q1', 'q2'),
  channel: fc.constantFrom('voice', 'chat'),
  queuedS: fc.integer({ min: 0, max: 7200 }),
  outcome: fc.constantFrom('answered', 'answered', 'abandoned', 'waiting'),
  waitS: fc.integer({ min: 0, max: 400 }),
  talk: fc.integer({ min: 0, max: 600 }),
  hold: fc.constantFrom(0, 0, 15, 40),
  wrap: fc.integer({ min: 0, max: 120 }),
  agent: fc.constantFrom('ag1', 'ag2'),
  transfer: fc.boolean(),
  resolved: fc.option(fc.boolean(), { nil: undefined }),
  result: fc.constantFrom('none', 'lead', 'sale', 'retention_saved'),
  revenue: fc.constantFrom(0, 0, 49.5, 120),
  survey: fc.option(fc.record({ csat: fc.integer({ min: 1, max: 5 }), nps: fc.integer({ min: 0, max: 10 }), resolved: fc.boolean(), delayS: fc.integer({ min: 60, max: 3 * 86400 }) }), { nil: undefined }),
})
const stateArb = fc.record({
  agent: fc.constantFrom('ag1', 'ag2'),
  center: fc.integer({ min: 0, max: 1 }),
  atS: fc.integer({ min: -3600, max: 9000 }),
  state: fc.constantFrom('available', 'on_contact', 'wrap_up', 'break', 'offline'),
})
const logArb = fc.record({
  contacts: fc.array(contactArb, { minLength: 1, maxLength: 8 }),
  states: fc.array(stateArb, { maxLength: 8 }),
  window: fc.record({ fromS: fc.integer({ min: -1800, max: 5400 }), lenS: fc.constantFrom(900, 1800, 3600, 7200, 4 * 3600) }),
  nowS: fc.constantFrom(4 * 86400, 3600, 5400, 7800),
  groupBy: fc.constantFrom<GroupBy[]>([], ['queue'], ['agent'], ['channel'], ['interval15'], ['queue', 'interval30']),
  seed: fc.integer(),
})
type Log = typeof logArb extends fc.Arbitrary<infer T> ? T : never

/** The event log of a run, for center ids `${prefix}0` / `${prefix}1`. */
function eventsOf(log: Log, prefix: string): PlateauEvent[] {
  const out: PlateauEvent[] = []
  log.contacts.forEach((c, i) => {
    const center = `${prefix}${c.center}`
    const id = `k${i}`
    const q = BASE + c.queuedS * 1000
    let e = (type: PlateauEvent['type'], at: number, f: Record<string, unknown>) => out.push({ ...ev(type, center, iso(at), { contact_id: id, ...f }), event_id: `${id}-${type}-${at}` })
    e('contact.queued', q, { queue_id: c.queue, channel: c.channel, direction: 'inbound' })
    if (c.outcome === 'abandoned') e('contact.abandoned', q + c.waitS * 1000, { queue_id: c.queue })
    if (c.outcome !== 'answered') return
    const a = q + c.waitS * 1000
    e('contact.answered', a, { queue_id: c.queue, agent_id: c.agent })
    let end = a + c.talk * 1000 + c.hold * 1000
    e('contact.ended', end, { agent_id: c.agent, talk_s: c.talk, hold_s: c.hold, transferred: c.transfer })
    let wrapped = end + c.wrap * 1000
    e('contact.wrapped', wrapped, { agent_id: c.agent, wrap_s: c.wrap, resolved: c.transfer ? false : c.resolved, outcome: c.transfer ? 'none' : c.result, revenue: c.transfer ? 0 : c.revenue })
    if (c.transfer) {
      const other = c.agent === 'ag1' ? 'ag2' : 'ag1'
      e('contact.answered', wrapped + 5000, { queue_id: c.queue, agent_id: other })
      end = wrapped + 5000 + 120_000
      e('contact.ended', end, { agent_id: other, talk_s: 110, hold_s: 10 })
      wrapped = end + 30_000
      e('contact.wrapped', wrapped, { agent_id: other, wrap_s: 30, resolved: c.resolved, outcome: c.result, revenue: c.revenue })
    }
    if (c.survey) e('survey.completed', wrapped + c.survey.delayS * 1000, { csat: c.survey.csat, nps: c.survey.nps, resolved: c.survey.resolved })
    e = () => 0
  })
  for (const s of log.states) {
    const at = BASE + s.atS * 1000
    out.push({ ...ev('agent.state', `${prefix}${s.center}`, iso(at), { agent_id: s.agent, state: s.state }), event_id: `st-${s.agent}-${s.center}-${at}-${s.state}` })
  }
  return out
}

/** Deterministic shuffle + duplicates + split into batches. */
function scramble(events: PlateauEvent[], seed: number): PlateauEvent[][] {
  let x = seed >>> 0 || 1
  const rnd = () => ((x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32)
  const all = [...events, ...events.filter(() => rnd() < 0.4)]
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    ;[all[i], all[j]] = [all[j], all[i]]
  }
  const a = Math.floor(all.length / 3)
  return [all.slice(0, a), all.slice(a, 2 * a), all.slice(2 * a)]
}

let getKpis: typeof GetKpis
let refresh: () => Promise<unknown>

beforeAll(async () => {
  await kpiStore(CONFIG)
  ;({ getKpis } = await import('@/lib/queries/getKpis'))
  const { refreshContactFacts } = await import('@/lib/queries/refreshContactFacts')
  refresh = refreshContactFacts
})

describe('KPI properties', () => {
  it('order, duplicates and batching never change a KPI; rates in 0…1; answered + abandoned + waiting = offered', async () => {
    let run = 0
    await fc.assert(
      fc.asyncProperty(logArb, async (log) => {
        const r = run++
        const [pa, pb] = [`r${r}a`, `r${r}b`]
        await insert(eventsOf(log, pa))
        for (const batch of scramble(eventsOf(log, pb), log.seed)) {
          await insert(batch)
          await refresh()
        }
        const req = (prefix: string, source?: 'contacts_v') =>
          getKpis(
            {
              window: { kind: 'custom', from: BASE + log.window.fromS * 1000, to: BASE + (log.window.fromS + log.window.lenS) * 1000 },
              filters: { centers: [`${prefix}0`, `${prefix}1`] },
              groupBy: log.groupBy,
              now: BASE + log.nowS * 1000,
              maxLagMs: 0,
              source,
            },
            null,
          )
        const [a, b, bDirect] = [await req(pa), await req(pb), await req(pb, 'contacts_v')]
        const table = (x: Awaited<ReturnType<typeof req>>) => x.rows.map((row) => [row.group, values(row)])
        expect(table(b)).toEqual(table(a))
        expect(table(bDirect)).toEqual(table(b))
        for (const row of a.rows) {
          const v = values(row)
          expect(v.answered! + v.abandoned! + v.still_waiting!).toBe(v.offered)
          for (const k of row.kpis) {
            if (k.unit === 'percent' && k.value !== null) {
              expect(k.value, k.key).toBeGreaterThanOrEqual(0)
              expect(k.value, k.key).toBeLessThanOrEqual(1)
            }
          }
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    )
  })
})
