/**
 * Deterministic contact-center event generator for the pipeline tests and the ingest benchmark
 * (independent of the simulator). Contacts go queued → answered (sometimes transferred:
 * a second answered + ended leg) → ended → wrapped, or queued → abandoned; some get a survey;
 * agents emit state changes. `expectedTotals` computes, in plain JS, what the KPI-style
 * queries on `contacts_v` must return for a set of events (deduplicated by event_id).
 */
import type { PlateauEvent } from '../../lib/contract/events'
import { eventKey } from '../../lib/contract/events'

export const GEN_CENTERS = ['paris-sales', 'lyon-leads', 'bruxelles-care', 'charleroi-care', 'paris-hq'] as const
const QUEUES: Record<string, string[]> = {
  'paris-sales': ['sales-orders-voice', 'sales-orders-chat', 'sales-outbound'],
  'lyon-leads': ['leads-voice', 'leads-email', 'leads-outbound'],
  'bruxelles-care': ['care-voice', 'care-chat', 'care-email', 'complaints-voice', 'retention-voice'],
  'charleroi-care': ['support-voice', 'support-email'],
  'paris-hq': ['hq-switchboard-voice', 'hq-email'],
}
const OUTCOMES = ['none', 'lead', 'sale', 'information', 'complaint'] as const
const STATES = ['available', 'on_contact', 'wrap_up', 'break', 'training', 'meeting', 'offline'] as const

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export type GenOptions = {
  /** Number of events to produce (the last contact may be cut short; expectations follow the events). */
  events: number
  seed?: number
  /** Prefix of contact ids and event ids, to keep runs apart. */
  prefix?: string
  /** First event time (ms); events step forward from there. Default: 2026-06-01T08:00Z (historical is valid). */
  startMs?: number
  /** Mean gap between consecutive contacts' start times, ms. */
  gapMs?: number
}

function isoOffset(ms: number, offsetMin: number): string {
  // ISO-8601 with an explicit +hh:mm offset (the contract allows any offset), millisecond precision.
  const local = new Date(ms + offsetMin * 60_000).toISOString().slice(0, 23)
  const sign = offsetMin >= 0 ? '+' : '-'
  const a = Math.abs(offsetMin)
  return `${local}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`
}

function uuidish(rnd: () => number): string {
  let h = ''
  for (let i = 0; i < 4; i++) h += Math.floor(rnd() * 0x100000000).toString(16).padStart(8, '0')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/** Generates exactly `opts.events` valid events, contact by contact, plus agent state changes. */
export function generateEvents(opts: GenOptions): PlateauEvent[] {
  const rnd = prng(opts.seed ?? 1)
  const prefix = opts.prefix ?? 'g'
  const out: PlateauEvent[] = []
  let t = opts.startMs ?? Date.parse('2026-06-01T08:00:00.000Z')
  const gap = opts.gapMs ?? 700
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
  const offsetFor = (center: string) => (center.startsWith('bruxelles') || center.startsWith('charleroi') ? 60 : 120)
  let contactNo = 0
  const push = (e: Record<string, unknown>) => {
    if (out.length < opts.events) out.push(e as PlateauEvent)
  }
  while (out.length < opts.events) {
    const center = pick(GEN_CENTERS)
    const off = offsetFor(center)
    const base = { center_id: center, v: 1 as const }
    const id = () => `${prefix}-${uuidish(rnd)}`
    const r = rnd()
    if (r < 0.2) {
      // agent state change
      push({ ...base, event_id: id(), type: 'agent.state', ts: isoOffset(t, off), agent_id: `${center}-ag${Math.floor(rnd() * 40)}`, state: pick(STATES), ...(rnd() < 0.3 ? { reason: 'planned' } : {}) })
      t += Math.floor(rnd() * gap)
      continue
    }
    const contact = `${prefix}-c${++contactNo}`
    const queue = pick(QUEUES[center]!)
    const outbound = queue.endsWith('outbound')
    const channel = queue.endsWith('chat') ? 'chat' : queue.endsWith('email') ? 'email' : 'voice'
    let ct = t
    push({
      ...base, event_id: id(), type: 'contact.queued', ts: isoOffset(ct, off), contact_id: contact, queue_id: queue, channel,
      direction: outbound ? 'outbound' : 'inbound', customer_id: `cust-${Math.floor(rnd() * 100000)}`,
      ...(outbound ? { campaign_id: `camp-${Math.floor(rnd() * 5)}` } : {}),
    })
    ct += 1000 + Math.floor(rnd() * 60_000)
    if (rnd() < 0.12) {
      push({ ...base, event_id: id(), type: 'contact.abandoned', ts: isoOffset(ct, off), contact_id: contact, queue_id: queue })
    } else {
      const legs = rnd() < 0.1 ? 2 : 1
      let agent = ''
      for (let leg = 0; leg < legs; leg++) {
        agent = `${center}-ag${Math.floor(rnd() * 40)}`
        push({ ...base, event_id: id(), type: 'contact.answered', ts: isoOffset(ct, off), contact_id: contact, queue_id: queue, agent_id: agent })
        const talk = 20 + Math.floor(rnd() * 600)
        const hold = rnd() < 0.3 ? Math.floor(rnd() * 90) : 0
        ct += talk * 1000 + hold * 1000
        push({
          ...base, event_id: id(), type: 'contact.ended', ts: isoOffset(ct, off), contact_id: contact, agent_id: agent, talk_s: talk, hold_s: hold,
          ...(leg < legs - 1 ? { transferred: true } : {}),
        })
        ct += 2000
      }
      const wrap = 5 + Math.floor(rnd() * 120)
      ct += wrap * 1000
      const outcome = pick(OUTCOMES)
      push({
        ...base, event_id: id(), type: 'contact.wrapped', ts: isoOffset(ct, off), contact_id: contact, agent_id: agent, wrap_s: wrap,
        resolved: rnd() < 0.8, outcome, revenue: outcome === 'sale' ? Math.floor(rnd() * 400) / 2 : 0,
      })
      if (rnd() < 0.15) {
        push({ ...base, event_id: id(), type: 'survey.completed', ts: isoOffset(ct + 3_600_000, off), contact_id: contact, csat: 1 + Math.floor(rnd() * 5), nps: Math.floor(rnd() * 11) })
      }
    }
    t += Math.floor(rnd() * gap)
  }
  return out
}

/** Kafka message for an event: key contact_id | agent_id, value the JSON. */
export function toMessage(e: PlateauEvent): { key: string; value: string } {
  return { key: eventKey(e), value: JSON.stringify(e) }
}

export type Totals = {
  events: number
  contacts: number
  offered: number
  answered: number
  abandoned: number
  transferred: number
  talk_s: number
  hold_s: number
  wrap_s: number
  revenue: number
  surveys: number
  /** Σ (first answered − queued) in ms over contacts with both. */
  wait_ms: number
  agent_states: number
}

/**
 * What the store must report for these events, computed by hand (JS), each event counted once
 * by event_id. `totalsSql` is the query that must return exactly this on `contacts_v`.
 */
export function expectedTotals(events: PlateauEvent[]): Totals {
  const seen = new Set<string>()
  const contacts = new Map<string, { queued?: number; answered?: number; abandoned: boolean; transferred: boolean }>()
  const t: Totals = { events: 0, contacts: 0, offered: 0, answered: 0, abandoned: 0, transferred: 0, talk_s: 0, hold_s: 0, wrap_s: 0, revenue: 0, surveys: 0, wait_ms: 0, agent_states: 0 }
  for (const e of events) {
    if (seen.has(e.event_id)) continue
    seen.add(e.event_id)
    t.events++
    if (e.type === 'agent.state') {
      t.agent_states++
      continue
    }
    const k = `${e.center_id}\u0000${e.contact_id}`
    let c = contacts.get(k)
    if (!c) contacts.set(k, (c = { abandoned: false, transferred: false }))
    const ms = Date.parse(e.ts)
    if (e.type === 'contact.queued') c.queued = Math.min(c.queued ?? Infinity, ms)
    if (e.type === 'contact.answered') c.answered = Math.min(c.answered ?? Infinity, ms)
    if (e.type === 'contact.abandoned') c.abandoned = true
    if (e.type === 'contact.ended') {
      t.talk_s += e.talk_s
      t.hold_s += (e.hold_s ?? 0)
      if (e.transferred) c.transferred = true
    }
    if (e.type === 'contact.wrapped') {
      t.wrap_s += (e.wrap_s ?? 0)
      t.revenue += e.revenue ?? 0
    }
    if (e.type === 'survey.completed') t.surveys++
  }
  for (const c of contacts.values()) {
    t.contacts++
    if (c.queued !== undefined) t.offered++
    if (c.answered !== undefined) t.answered++
    if (c.abandoned) t.abandoned++
    if (c.transferred) t.transferred++
    if (c.queued !== undefined && c.answered !== undefined) t.wait_ms += c.answered - c.queued
  }
  return t
}

/** KPI-style totals over `contacts_v` (+ agent states), same keys as `Totals` (minus `events`). */
export const TOTALS_SQL = `
SELECT
  (SELECT count(DISTINCT event_id) FROM events) AS events,
  count() AS contacts,
  countIf(queued_at IS NOT NULL) AS offered,
  countIf(answered_at IS NOT NULL) AS answered,
  countIf(abandoned_at IS NOT NULL) AS abandoned,
  countIf(transferred) AS transferred,
  sum(talk_s) AS talk_s,
  sum(hold_s) AS hold_s,
  sum(wrap_s) AS wrap_s,
  sum(revenue) AS revenue,
  sum(length(survey_list)) AS surveys,
  sumIf(dateDiff('millisecond', queued_at, answered_at), queued_at IS NOT NULL AND answered_at IS NOT NULL) AS wait_ms,
  (SELECT count() FROM (SELECT DISTINCT center_id, agent_id, ts, event_id FROM agent_state_events)) AS agent_states
FROM contacts_v`

/** Normalise a TOTALS_SQL row (ClickHouse returns 64-bit ints as strings in JSON). */
export function toTotals(row: Record<string, unknown>): Totals {
  const o: Record<string, number> = {}
  for (const [k, v] of Object.entries(row)) o[k] = Number(v)
  return o as Totals
}
