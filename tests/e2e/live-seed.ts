/**
 * Seeding for the live/wallboard browser tests: events go through the real pipeline
 * (POST /api/events with the producer key of playwright.config.ts), each test on a center id
 * of its own so the demo traffic never changes what it asserts.
 */
import { randomUUID } from 'node:crypto'
import { expect, type APIRequestContext } from '@playwright/test'

export const PRODUCER_KEY = 'e2e-producer-key'
export const ADMIN_PASSWORD = 'e2e-admin-password'

export type Ev = Record<string, unknown>

const iso = (ms: number) => new Date(ms).toISOString()

export async function postEvents(request: APIRequestContext, events: Ev[]): Promise<void> {
  for (let i = 0; i < events.length; i += 500) {
    const r = await request.post('/api/events', { data: events.slice(i, i + 500), headers: { authorization: `Bearer ${PRODUCER_KEY}` } })
    expect(r.status(), await r.text()).toBe(202)
  }
}

function ev(type: string, center: string, ts: number, fields: Ev): Ev {
  return { event_id: randomUUID(), type, ts: iso(ts), center_id: center, v: 1, ...fields }
}

export const queued = (center: string, contact: string, queue: string, ts: number, channel = 'voice') =>
  ev('contact.queued', center, ts, { contact_id: contact, queue_id: queue, channel, direction: 'inbound' })
export const abandoned = (center: string, contact: string, queue: string, ts: number) => ev('contact.abandoned', center, ts, { contact_id: contact, queue_id: queue })
export const answered = (center: string, contact: string, queue: string, agent: string, ts: number) =>
  ev('contact.answered', center, ts, { contact_id: contact, queue_id: queue, agent_id: agent })
export const ended = (center: string, contact: string, agent: string, ts: number, talk: number, hold = 0) =>
  ev('contact.ended', center, ts, { contact_id: contact, agent_id: agent, talk_s: talk, hold_s: hold })
export const wrapped = (center: string, contact: string, agent: string, ts: number, wrap: number) =>
  ev('contact.wrapped', center, ts, { contact_id: contact, agent_id: agent, wrap_s: wrap })
export const agentState = (center: string, agent: string, state: string, ts: number) => ev('agent.state', center, ts, { agent_id: agent, state })

/**
 * A small, known day for one center (all within the last few minutes, so it is "today" in any
 * time zone except in the first minutes after midnight): `abandonedIds` abandoned contacts
 * (some short abandons), handled contacts, contacts still waiting, agents in each state.
 */
export function seededDay(center: string, opts: { abandoned: number; handled: number; waiting: number; now?: number }) {
  const now = opts.now ?? Date.now()
  const t0 = now - 5 * 60_000
  const events: Ev[] = []
  const abandonedIds: string[] = []
  const run = randomUUID().slice(0, 8)
  for (let i = 0; i < opts.abandoned; i++) {
    const id = `ab-${run}-${String(i).padStart(2, '0')}`
    const q = i % 2 ? 'e2e-chat' : 'e2e-voice'
    const at = t0 + i * 3000
    // every fourth one is a short abandon (2 s): still an abandoned contact
    events.push(queued(center, id, q, at, q === 'e2e-chat' ? 'chat' : 'voice'), abandoned(center, id, q, at + (i % 4 === 0 ? 2000 : 15_000 + i * 1000)))
    abandonedIds.push(id)
  }
  for (let i = 0; i < opts.handled; i++) {
    const id = `ok-${run}-${i}`
    const agent = `agent-${(i % 3) + 1}`
    const at = t0 + i * 4000
    events.push(queued(center, id, 'e2e-voice', at), answered(center, id, 'e2e-voice', agent, at + 8000), ended(center, id, agent, at + 68_000, 55, 5), wrapped(center, id, agent, at + 88_000, 20))
  }
  for (let i = 0; i < opts.waiting; i++) events.push(queued(center, `wait-${run}-${i}`, 'e2e-voice', now - 20_000 - i * 1000))
  const states: [string, string][] = [
    ['agent-1', 'available'],
    ['agent-2', 'available'],
    ['agent-3', 'on_contact'],
    ['agent-4', 'on_contact'],
    ['agent-5', 'wrap_up'],
    ['agent-6', 'break'],
  ]
  for (const [a, s] of states) events.push(agentState(center, a, s, now - 60_000))
  return { events, abandonedIds, run }
}
