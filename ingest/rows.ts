/** Maps a validated event onto a row of the `events` table (one column set for all types). */
import { CONTRACT_FIELDS as KNOWN, LONE_SURROGATE, type PlateauEvent } from '../lib/contract/events'
import type { DeadLetterRow, EventRow } from '../lib/contract/columns'

export type { DeadLetterRow, EventRow }

/** ClickHouse DateTime64(3) text in UTC: `2026-11-22 10:00:00.123`. */
export function chTime(ms: number): string {
  const iso = new Date(ms).toISOString() // 2026-11-22T10:00:00.123Z (years 0000–9999)
  return iso.length === 24 ? `${iso.slice(0, 10)} ${iso.slice(11, 23)}` : iso.replace('T', ' ').replace('Z', '')
}

/**
 * `ts` as ClickHouse text. A validated ts in UTC (`…T10:00:00.123Z` or `…T10:00:00Z`) is cut
 * into shape without a Date round trip; one with an offset goes through chTime.
 */
function tsText(ts: string): string {
  if (ts.length === 24 && ts.charCodeAt(23) === 90 /* Z */) return `${ts.slice(0, 10)} ${ts.slice(11, 23)}`
  if (ts.length === 20 && ts.charCodeAt(19) === 90) return `${ts.slice(0, 10)} ${ts.slice(11, 19)}.000`
  return chTime(Date.parse(ts))
}

const bool = (b: boolean | undefined): number | null => (b === undefined ? null : b ? 1 : 0)

// A batch's rows share one receivedAt: format it once, not per row (toRow is on the ingest hot path).
let lastReceivedMs = NaN
let lastReceived = ''
function receivedText(ms: number): string {
  if (ms !== lastReceivedMs) {
    lastReceived = chTime(ms)
    lastReceivedMs = ms
  }
  return lastReceived
}

export function toRow(e: PlateauEvent, receivedAt: number): EventRow {
  const a = e as Record<string, unknown>
  let extra = ''
  for (const k in a) {
    if (!KNOWN.has(k)) {
      const rest: Record<string, unknown> = {}
      for (const k2 in a) if (!KNOWN.has(k2)) rest[k2] = a[k2]
      extra = JSON.stringify(rest)
      break
    }
  }
  return {
    event_id: e.event_id,
    type: e.type,
    ts: tsText(e.ts),
    center_id: e.center_id,
    contact_id: e.type === 'agent.state' ? '' : e.contact_id,
    agent_id: e.type === 'agent.state' || e.type === 'contact.answered' || e.type === 'contact.ended' || e.type === 'contact.wrapped' ? e.agent_id : '',
    queue_id: e.type === 'contact.queued' || e.type === 'contact.answered' || e.type === 'contact.abandoned' ? e.queue_id : '',
    channel: e.type === 'contact.queued' ? e.channel : '',
    direction: e.type === 'contact.queued' ? e.direction : '',
    campaign_id: (e.type === 'contact.queued' && e.campaign_id) || '',
    customer_id: (e.type === 'contact.queued' && e.customer_id) || '',
    talk_s: e.type === 'contact.ended' ? e.talk_s : 0,
    hold_s: (e.type === 'contact.ended' && e.hold_s) || 0,
    wrap_s: (e.type === 'contact.wrapped' && e.wrap_s) || 0,
    hold_missing: e.type === 'contact.ended' && e.hold_s === undefined ? 1 : 0,
    wrap_missing: e.type === 'contact.wrapped' && e.wrap_s === undefined ? 1 : 0,
    transferred: e.type === 'contact.ended' && e.transferred ? 1 : 0,
    resolved: e.type === 'contact.wrapped' || e.type === 'survey.completed' ? bool(e.resolved) : null,
    outcome: (e.type === 'contact.wrapped' && e.outcome) || '',
    revenue: (e.type === 'contact.wrapped' && e.revenue) || 0,
    csat: e.type === 'survey.completed' ? (e.csat ?? null) : null,
    nps: e.type === 'survey.completed' ? (e.nps ?? null) : null,
    state: e.type === 'agent.state' ? e.state : '',
    reason: (e.type === 'agent.state' && e.reason) || '',
    extra,
    received_at: receivedText(receivedAt),
  }
}

/**
 * Text ClickHouse can always store: each lone UTF-16 surrogate (which has no UTF-8 form) becomes
 * the six characters `\uD8xx`. Deterministic; well-formed text is returned unchanged.
 */
export function storableText(s: string): string {
  return !LONE_SURROGATE.test(s) ? s : s.replace(/\p{Cs}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** A rejected value as text: JSON when it can be serialised, else a description (never throws). */
export function rawText(item: unknown): string {
  if (typeof item === 'string') return item
  try {
    return JSON.stringify(item) ?? String(item)
  } catch (e) {
    return `(not serialisable as JSON: ${(e as Error).message})`
  }
}

export function deadLetter(raw: string, reason: string, src: Partial<Pick<DeadLetterRow, 'source' | 'topic' | 'partition' | 'offset'>> = {}): DeadLetterRow {
  return {
    received_at: chTime(Date.now()),
    source: src.source ?? 'unknown',
    topic: src.topic ?? '',
    partition: src.partition ?? -1,
    offset: src.offset ?? '-1',
    raw: storableText(raw.length > 65536 ? raw.slice(0, 65536) : raw),
    reason: storableText(reason.length > 4096 ? reason.slice(0, 4096) : reason),
  }
}
