/**
 * Every event the default scenario produces is a valid contract-v1 event, and every contact's
 * and every agent's story is consistent: answered after queued, ended after answered, wrapped
 * after ended, talk + hold = ended − answered, no agent on two voice calls at once, chats within
 * the team's concurrency, agent states matching what the agent is doing.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { validateEvent, type PlateauEvent } from '@/lib/contract/events'
import { loadScenario, type Scenario } from '@/simulator/scenario'
import { collect } from '@/simulator/testkit'
import { parseWhen } from '@/simulator/when'

const TS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(Z|[+-]\d\d:\d\d)$/
const FAR_FUTURE = Date.parse('2100-01-01')

let sc: Scenario
let events: PlateauEvent[]
const byContact = new Map<string, PlateauEvent[]>()
const byAgent = new Map<string, PlateauEvent[]>()
const t = (e: PlateauEvent) => Date.parse(e.ts)
/** Plain assertion for hot loops (vitest's expect costs microseconds per call). */
function must(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(msg)
}

beforeAll(() => {
  sc = loadScenario('scenarios/default.yaml')
  // Monday and Tuesday (plus the Sunday before, so Monday starts with yesterday's e-mail backlog)
  const r = collect(sc, parseWhen('2026-09-06', 'Europe/Paris'), parseWhen('2026-09-09', 'Europe/Paris'), 42)
  events = r.events
  for (const e of events) {
    if (e.type === 'agent.state') {
      if (!byAgent.has(e.agent_id)) byAgent.set(e.agent_id, [])
      byAgent.get(e.agent_id)!.push(e)
      continue
    }
    if (!byContact.has(e.contact_id)) byContact.set(e.contact_id, [])
    byContact.get(e.contact_id)!.push(e)
    const agentId = (e as { agent_id?: string }).agent_id
    if (agentId) {
      if (!byAgent.has(agentId)) byAgent.set(agentId, [])
      byAgent.get(agentId)!.push(e)
    }
  }
}, 30_000)

describe('simulator consistency (default scenario, 3 days)', () => {
  it('produces a realistic volume of every event type, all valid, unique ids, in time order', () => {
    expect(events.length).toBeGreaterThan(100_000)
    const types = new Set(events.map((e) => e.type))
    expect([...types].sort()).toEqual(['agent.state', 'contact.abandoned', 'contact.answered', 'contact.ended', 'contact.queued', 'contact.wrapped', 'survey.completed'])
    const ids = new Set<string>()
    let prev = 0
    for (const e of events) {
      const r = validateEvent(e, FAR_FUTURE)
      must(r.ok, `invalid event ${JSON.stringify(e)}: ${r.ok || r.reason}`)
      must(TS.test(e.ts), `ts format ${e.ts}`)
      must(!ids.has(e.event_id), `duplicate event_id ${e.event_id}`)
      ids.add(e.event_id)
      must(t(e) >= prev, `emitted out of time order: ${e.ts}`)
      prev = t(e)
    }
    expect(new Set(events.map((e) => e.center_id))).toEqual(new Set(sc.centers.map((c) => c.id)))
  })

  it('every contact: queued first, answered after queued, ended after answered, wrapped after ended', () => {
    let transfers = 0
    let checked = 0
    for (const [id, evs] of byContact) {
      must(evs[0]!.type === 'contact.queued', `${id} does not start with contact.queued`)
      must(evs.filter((e) => e.type === 'contact.queued').length === 1, `${id} queued twice`)
      const queuedAt = t(evs[0]!)
      const answered = evs.filter((e) => e.type === 'contact.answered')
      const ended = evs.filter((e) => e.type === 'contact.ended')
      const wrapped = evs.filter((e) => e.type === 'contact.wrapped')
      const abandoned = evs.filter((e) => e.type === 'contact.abandoned')
      must(abandoned.length <= 1 && !(abandoned.length && answered.length), `${id} both answered and abandoned`)
      if (abandoned.length) must(t(abandoned[0]!) >= queuedAt, `${id} abandoned before queued`)
      // legs are sequential: answered_i ≤ ended_i ≤ wrapped_i, answered_{i+1} ≥ ended_i
      must(ended.length <= answered.length, `${id} ended without answered`)
      must(answered.length - ended.length <= 1, `${id} two legs in progress`) // one may be in progress at the end of the run
      must(wrapped.length <= ended.length, `${id} wrapped without ended`)
      answered.forEach((a, i) => {
        must(t(a) >= (i === 0 ? queuedAt : t(ended[i - 1]!)), `${id} answered before queued / before the previous leg ended`)
        const end = ended[i]
        if (!end) return
        must(end.type === 'contact.ended' && a.type === 'contact.answered', 'types')
        must(end.agent_id === a.agent_id, `${id} ended by another agent`)
        must(t(end) >= t(a), `${id} ended before answered`)
        must(Math.abs(end.talk_s + (end.hold_s ?? 0) - (t(end) - t(a)) / 1000) < 0.002, `${id} talk + hold != ended - answered`)
        if (i < ended.length - 1 || i < answered.length - 1) must(end.transferred === true, `${id} leg ${i} not flagged transferred`)
        else must(end.transferred === undefined, `${id} last leg flagged transferred`)
        const w = wrapped[i]
        if (!w) return
        must(w.type === 'contact.wrapped' && w.agent_id === end.agent_id, `${id} wrapped by another agent`)
        must(t(w) >= t(end) && Math.abs((w.wrap_s ?? 0) - (t(w) - t(end)) / 1000) < 0.002, `${id} wrap_s != wrapped - ended`)
        checked++
      })
      if (answered.length > 1) {
        transfers++
        // the transfer leg keeps the queue the contact was offered to and says where it went
        expect(answered[1]!.queue_id).toBe(answered[0]!.queue_id)
        expect((answered[1] as Record<string, unknown>).leg_queue_id).toBeTruthy()
      }
      const last = wrapped[answered.length - 1]
      if (last && last.type === 'contact.wrapped') {
        must(typeof last.resolved === 'boolean' && last.outcome, `${id} final wrap without resolved/outcome`)
        if (last.outcome === 'sale') must(last.revenue! > 0, `${id} sale without revenue`)
        else must(last.revenue === undefined, `${id} revenue without a sale`)
      }
      for (const s of evs.filter((e) => e.type === 'survey.completed')) {
        must(last && t(s) >= t(last), `survey before the contact was wrapped: ${id}`)
      }
    }
    expect(checked).toBeGreaterThan(15_000)
    expect(transfers).toBeGreaterThan(50)
  })

  it('no agent is on two voice calls at once; chats stay within the team concurrency; e-mail one at a time', () => {
    const queue = new Map(sc.queues.map((q) => [q.id, q]))
    const capOf = new Map(sc.agents.map((a) => [a.id, sc.teams[a.team]!.chatCap]))
    const contactQueue = new Map<string, string>()
    for (const [id, evs] of byContact) {
      const q = evs[0]!.type === 'contact.queued' ? evs[0]!.queue_id : ''
      contactQueue.set(id, q)
    }
    let maxChats = 0
    for (const [agent, evs] of byAgent) {
      // open legs of this agent: contact → channel, from answered to ended
      const open = new Map<string, string>()
      for (const e of evs) {
        if (e.type === 'contact.answered') {
          const leg = (e as Record<string, unknown>).leg_queue_id as string | undefined
          const ch = queue.get(leg ?? contactQueue.get(e.contact_id)!)!.channel
          for (const other of open.values()) {
            if (ch !== 'chat' || other !== 'chat') throw new Error(`${agent} answered a ${ch} contact while on a ${other} contact at ${e.ts}`)
          }
          open.set(e.contact_id, ch)
          const chats = [...open.values()].filter((c) => c === 'chat').length
          must(chats <= capOf.get(agent)!, `${agent} on ${chats} chats at ${e.ts}`)
          maxChats = Math.max(maxChats, chats)
        } else if (e.type === 'contact.ended') open.delete(e.contact_id)
      }
    }
    expect(maxChats).toBeGreaterThanOrEqual(2) // concurrency is really used
  })

  it('agent states match what agents do (on_contact while talking, logged in to take contacts)', () => {
    let answers = 0
    for (const [agent, evs] of byAgent) {
      let state = 'offline'
      let prevKey = ''
      let talking = 0
      for (const e of evs) {
        if (e.type === 'agent.state') {
          const key = `${e.state}|${e.reason ?? ''}`
          must(key !== prevKey, `${agent} repeats its state at ${e.ts}`)
          prevKey = key
          state = e.state
          must(talking === 0 || state === 'on_contact', `${agent} left on_contact mid-contact at ${e.ts}`)
        } else if (e.type === 'contact.answered') {
          must(['available', 'on_contact', 'wrap_up'].includes(state), `${agent} answered while ${state} at ${e.ts}`)
          talking++
          answers++
        } else if (e.type === 'contact.ended') talking--
        if (e.type !== 'agent.state' && e.type === 'contact.answered') {
          // the state change to on_contact is emitted right after the answer (same instant)
          const i = evs.indexOf(e)
          const next = evs.slice(i + 1).find((x) => x.type === 'agent.state')
          if (next && t(next) === t(e)) must(next.type === 'agent.state' && next.state === 'on_contact', `${agent}: state after answering`)
        }
      }
    }
    expect(answers).toBeGreaterThan(15_000)
    // every state of the contract is used, with reasons for breaks/training/meetings
    const states = events.filter((e): e is Extract<PlateauEvent, { type: 'agent.state' }> => e.type === 'agent.state')
    expect(new Set(states.map((s) => s.state))).toEqual(new Set(['available', 'on_contact', 'wrap_up', 'break', 'training', 'meeting', 'offline']))
    for (const s of states) if (['break', 'training', 'meeting'].includes(s.state)) expect(s.reason).toBeTruthy()
  })

  it('contacts arrive in opening hours; outbound dials only in calling hours (weekdays 10-13 h, 14-20 h)', () => {
    for (const e of events) {
      if (e.type !== 'contact.queued') continue
      const hm = Number(e.ts.slice(11, 13)) + Number(e.ts.slice(14, 16)) / 60
      if (e.direction === 'outbound') {
        must(e.campaign_id, `outbound without campaign ${e.contact_id}`)
        must((hm >= 10 && hm < 13) || (hm >= 14 && hm < 20), `dialled outside calling hours: ${e.ts}`)
      } else if (e.channel === 'voice' && e.center_id === 'paris-hq') must(hm >= 8.5 && hm < 18.5, `closed: ${e.ts}`)
      else if (e.channel === 'voice' && e.center_id !== 'charleroi-care') must(hm >= 8 && hm < 20, `closed: ${e.ts}`)
      must(e.customer_id, 'customer_id')
    }
  })
})
