/**
 * The alert tick reads each rule's figure from shared SQL (lib/alerts/measure): contacts at
 * queue × channel added up, agent time by center. Checked on a small log of today, by hand for
 * a few figures, and for every rule against getKpis asked on its own (no shared read, no extra
 * dimensions). Then inside a live tick: the rules read nothing the live snapshot does not.
 */
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { PlateauEvent } from '@/lib/contract/events'
import { freshStore } from '../helpers/store'

const A = 'paris-sales' // reporting line: sales
const B = 'lyon-leads' // reporting line: marketing
const QUIET = 'charleroi-care' // configured, no traffic today
let now = 0

beforeAll(async () => {
  process.env.PLATEAU_DEMO = '0'
  process.env.PLATEAU_FACTS_REFRESH_MS = '0'
  await freshStore('plateau-alerts-measure-')
  const { startOfLocalDay } = await import('@/lib/kpi/time')
  now = Date.now()
  // Every event today in Paris and Lyon, even a few minutes after midnight.
  const t0 = Math.max(now - 20 * 60_000, startOfLocalDay(now, 'Europe/Paris') + 1000)
  const step = Math.floor((now - t0) / 40)
  const at = (i: number) => new Date(t0 + i * step).toISOString()
  const e = (type: string, center: string, i: number, f: Record<string, unknown>) => ({ event_id: randomUUID(), type, ts: at(i), center_id: center, v: 1, ...f }) as PlateauEvent
  const queued = (center: string, id: string, queue: string, channel: string, i: number) => e('contact.queued', center, i, { contact_id: id, queue_id: queue, channel, direction: 'inbound' })
  const answered = (center: string, id: string, queue: string, agent: string, i: number) => [
    e('contact.answered', center, i, { contact_id: id, queue_id: queue, agent_id: agent }),
    e('contact.ended', center, i + 1, { contact_id: id, agent_id: agent, talk_s: 120, hold_s: 0 }),
    e('contact.wrapped', center, i + 2, { contact_id: id, agent_id: agent, wrap_s: 30 }),
  ]
  const { ingestEvents } = await import('@/ingest/pipeline')
  await ingestEvents([
    // A: voice orders — 3 offered (2 answered, 1 abandoned); chat orders — 2 offered (1 answered, 1 still waiting)
    queued(A, 'a1', 'sales-orders-voice', 'voice', 1), ...answered(A, 'a1', 'sales-orders-voice', 'ag1', 2),
    queued(A, 'a2', 'sales-orders-voice', 'voice', 5), ...answered(A, 'a2', 'sales-orders-voice', 'ag2', 6),
    queued(A, 'a3', 'sales-orders-voice', 'voice', 9), e('contact.abandoned', A, 10, { contact_id: 'a3', queue_id: 'sales-orders-voice' }),
    queued(A, 'a4', 'sales-orders-chat', 'chat', 11), ...answered(A, 'a4', 'sales-orders-chat', 'ag1', 12),
    queued(A, 'a5', 'sales-orders-chat', 'chat', 30),
    // B: voice leads — 2 offered (1 answered, 1 still waiting); e-mail leads — 1 offered, waiting
    queued(B, 'b1', 'leads-voice', 'voice', 3), ...answered(B, 'b1', 'leads-voice', 'bg1', 4),
    queued(B, 'b2', 'leads-voice', 'voice', 32),
    queued(B, 'b3', 'leads-email', 'email', 20),
    e('agent.state', A, 0, { agent_id: 'ag1', state: 'available' }),
    e('agent.state', A, 8, { agent_id: 'ag2', state: 'break' }),
    e('agent.state', B, 0, { agent_id: 'bg1', state: 'wrap_up' }),
  ])
})

const RULES = `rules:
  - { id: c-offered-a, kpi: offered, scope: { center: ${A} }, condition: { op: above, value: 100 } }
  - { id: c-abandon-a, kpi: abandonment_rate, scope: { center: ${A} }, condition: { op: above, value: 0.5 } }
  - { id: c-occ-a, kpi: occupancy, scope: { center: ${A} }, condition: { op: above, value: 0.99 } }
  - { id: c-waiting-b, kpi: waiting_now, scope: { center: ${B} }, condition: { op: above, value: 10 } }
  - { id: q-offered-voice, kpi: offered, scope: { center: ${A}, queue: sales-orders-voice }, condition: { op: above, value: 100 } }
  - { id: q-waiting-chat, kpi: waiting_now, scope: { center: ${A}, queue: sales-orders-chat }, condition: { op: above, value: 10 } }
  - { id: q-sl-leads, kpi: service_level, scope: { center: ${B}, queue: leads-voice }, condition: { op: below, value: target } }
  - { id: ch-offered-voice-a, kpi: offered, scope: { center: ${A}, channel: voice }, condition: { op: above, value: 100 } }
  - { id: ch-waiting-email-b, kpi: waiting_now, scope: { center: ${B}, channel: email }, condition: { op: above, value: 10 } }
  - { id: ch-asa-chat-a, kpi: asa, scope: { center: ${A}, channel: chat }, condition: { op: above, value: 600 } }
  - { id: l-offered-sales, kpi: offered, scope: { line: sales }, condition: { op: above, value: 100 } }
  - { id: l-waiting-marketing, kpi: waiting_now, scope: { line: marketing }, condition: { op: above, value: 10 } }
  - { id: all-offered, kpi: offered, scope: {}, condition: { op: above, value: 100 } }
  - { id: c-cpc-a, kpi: cost_per_contact, scope: { center: ${A} }, condition: { op: above, value: 1000 } }
  - { id: c-offered-quiet, kpi: offered, scope: { center: ${QUIET} }, condition: { op: below, value: 1 } }
  - { id: c-waiting-quiet, kpi: waiting_now, scope: { center: ${QUIET} }, condition: { op: above, value: 10 } }
  - { id: ag-break, agentState: break, minutes: 1, scope: { center: ${A} } }
`

describe('alert rules read from shared SQL', () => {
  it('gives every rule the figure of its scope: by hand, and as getKpis computes it alone', async () => {
    const { parseAlerts } = await import('@/lib/alerts/load')
    const { measureRules } = await import('@/lib/alerts/measure')
    const { getKpis } = await import('@/lib/queries/getKpis')
    const rules = parseAlerts(RULES)
    const measures = await measureRules(rules, now, 0)
    const value = (id: string) => measures.get(id)![0]!.value

    // By hand from the log above.
    expect(value('c-offered-a')).toBe(5) // a1..a5
    expect(value('c-abandon-a')).toBeCloseTo(1 / 5) // a3 of 5
    expect(value('q-offered-voice')).toBe(3) // a1, a2, a3
    expect(value('q-waiting-chat')).toBe(1) // a5
    expect(value('ch-offered-voice-a')).toBe(3)
    expect(value('ch-waiting-email-b')).toBe(1) // b3
    expect(value('c-waiting-b')).toBe(2) // b2 (voice) + b3 (e-mail)
    expect(value('l-offered-sales')).toBe(5) // paris-sales is the only sales center with traffic
    expect(value('l-waiting-marketing')).toBe(2)
    expect(value('all-offered')).toBe(5 + 3) // A's 5 + B's b1, b2, b3
    // A configured center with no contact today: 0 offered and 0 waiting, not "no data".
    expect(value('c-offered-quiet')).toBe(0)
    expect(value('c-waiting-quiet')).toBe(0)
    const breaks = measures.get('ag-break')!
    expect(breaks.map((m) => m.subject)).toEqual(['agent:ag2'])

    // Every KPI rule against getKpis asked for its own scope only (no memo, no extra dimensions).
    const DIM = { center: 'center', queue: 'queue', channel: 'channel', line: 'reporting_line' } as const
    for (const r of rules) {
      if (!('kpi' in r)) continue
      const fields = (Object.keys(DIM) as (keyof typeof DIM)[]).filter((f) => r.scope[f] !== undefined)
      const alone = await getKpis({ window: { kind: 'today' }, groupBy: fields.map((f) => DIM[f]), keys: [r.kpi], now, maxLagMs: 0 }, null)
      const row = alone.rows.find((x) => fields.every((f) => x.group[DIM[f]] === r.scope[f]))
      const k = row?.kpis.find((x) => x.key === r.kpi)
      expect([r.id, value(r.id)]).toEqual([r.id, k?.value ?? null])
      if (r.condition.value === 'target') expect([r.id, measures.get(r.id)![0]!.threshold]).toEqual([r.id, k?.target ?? null])
    }
  })

  it('a live tick reads today\'s contacts once for all its parts, and the rules read nothing of their own', async () => {
    const { parseAlerts, setRulesOverride } = await import('@/lib/alerts/load')
    const { latestAlertTick } = await import('@/lib/alerts/tick')
    const { computeLiveSnapshot } = await import('@/lib/live/live-snapshot')
    const { measureRules } = await import('@/lib/alerts/measure')
    const scope = { allowed: null, line: null, queues: [], channels: [] }
    const rules = parseAlerts(RULES)
    // Cost per contact reads agent time with contacts by center, which no live figure does.
    const liveRules = rules.filter((r) => r.id !== 'c-cpc-a')

    // The live snapshot's reads at one instant (this file's first snapshot: every part computes).
    setRulesOverride([])
    const at = Date.now()
    const memo = new Map<string, Promise<unknown>>()
    await computeLiveSnapshot(scope, at, memo)
    const reads = [...memo.keys()]
    // The snapshot's parts (headline, channel speeds, queue table, e-mail backlog) read today's
    // contacts and waiting contacts once each, by queue × channel (lib/live/reads.ts).
    const today = reads.map((k) => JSON.parse(k) as [string, { asOf?: number; dims?: string[] }]).filter(([, p]) => p?.asOf === at)
    expect(today.filter(([kind]) => kind === 'waiting').map(([, p]) => p.dims)).toEqual([['queue', 'channel']])
    expect(today.filter(([kind, p]) => kind === 'contacts' && p.dims?.includes('channel'))).toHaveLength(1)
    const viaSnapshot = await measureRules(liveRules, at, undefined, memo)
    expect([...memo.keys()]).toEqual(reads) // no statement of the rules' own
    const own = await measureRules(liveRules, at)
    for (const r of liveRules) expect([r.id, viaSnapshot.get(r.id)]).toEqual([r.id, own.get(r.id)])

    // The tick a snapshot starts runs at the snapshot's instant, on its memo.
    setRulesOverride(rules)
    await new Promise((r) => setTimeout(r, 600)) // one alert tick (500 ms) later
    const at2 = Date.now()
    await computeLiveSnapshot(scope, at2)
    const tick = await latestAlertTick()
    setRulesOverride([])
    expect(tick?.rules).toBe(rules.length)
    expect(tick?.at).toBe(at2)
  })
})
