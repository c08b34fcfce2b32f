/**
 * Maps a validated event onto a row of the `events` table (one column set for all types): `toRow`
 * as an object (the readable reference), `eventLine` as the insert's TabSeparated line.
 */
import { CONTRACT_FIELDS as KNOWN, LONE_SURROGATE, type PlateauEvent } from '../lib/contract/events'
import { EVENT_COLUMNS, type DeadLetterRow, type EventRow } from '../lib/contract/columns'

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

/** The event's fields the contract does not name, as JSON ('' when there are none). */
function extraText(e: PlateauEvent): string {
  const a = e as Record<string, unknown>
  for (const k in a) {
    if (!KNOWN.has(k)) {
      const rest: Record<string, unknown> = {}
      for (const k2 in a) if (!KNOWN.has(k2)) rest[k2] = a[k2]
      return JSON.stringify(rest)
    }
  }
  return ''
}

export function toRow(e: PlateauEvent, receivedAt: number): EventRow {
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
    extra: extraText(e),
    received_at: receivedText(receivedAt),
  }
}

// Characters a TabSeparated string must escape.
const TSV_SPECIAL = /[\\\t\n\r\0]/
const TSV_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '\\0' }
/** A string as a TabSeparated field. */
export function tsvText(s: string): string {
  return s.length === 0 || !TSV_SPECIAL.test(s) ? s : s.replace(/[\\\t\n\r\0]/g, (c) => TSV_ESCAPES[c]!)
}
const num = (n: number) => String(n)
const nullable = (n: number | null | undefined) => (n === null || n === undefined ? '\\N' : String(n))

const fields = new Array<string>(EVENT_COLUMNS.length)
/**
 * The row `toRow` maps, as one line of the events insert (TabSeparated, columns in EVENT_COLUMNS
 * order, null as \N), built straight from the event: no row object per event on the ingest hot
 * path. ~0.6× the CPU of toRow and then serialising its row; an import 1.3× faster (BENCHMARKS.md,
 * Ingest, 2026-12-07 20:54). tests/unit/event-line.test.ts holds it to the line of toRow's row for
 * every event type, optional field and hostile string.
 */
export function eventLine(e: PlateauEvent, receivedAt: number): string {
  const queued = e.type === 'contact.queued'
  const answered = e.type === 'contact.answered'
  const ended = e.type === 'contact.ended'
  const wrapped = e.type === 'contact.wrapped'
  const survey = e.type === 'survey.completed'
  const agent = e.type === 'agent.state'
  fields[0] = tsvText(e.event_id)
  fields[1] = tsvText(e.type)
  fields[2] = tsText(e.ts)
  fields[3] = tsvText(e.center_id)
  fields[4] = agent ? '' : tsvText(e.contact_id)
  fields[5] = agent || answered || ended || wrapped ? tsvText(e.agent_id) : ''
  fields[6] = queued || answered || e.type === 'contact.abandoned' ? tsvText(e.queue_id) : ''
  fields[7] = queued ? tsvText(e.channel) : ''
  fields[8] = queued ? tsvText(e.direction) : ''
  fields[9] = queued && e.campaign_id ? tsvText(e.campaign_id) : ''
  fields[10] = queued && e.customer_id ? tsvText(e.customer_id) : ''
  fields[11] = ended ? num(e.talk_s) : '0'
  fields[12] = num((ended && e.hold_s) || 0)
  fields[13] = num((wrapped && e.wrap_s) || 0)
  fields[14] = ended && e.hold_s === undefined ? '1' : '0'
  fields[15] = wrapped && e.wrap_s === undefined ? '1' : '0'
  fields[16] = ended && e.transferred ? '1' : '0'
  fields[17] = wrapped || survey ? nullable(bool(e.resolved)) : '\\N'
  fields[18] = wrapped && e.outcome ? tsvText(e.outcome) : ''
  fields[19] = num((wrapped && e.revenue) || 0)
  fields[20] = survey ? nullable(e.csat) : '\\N'
  fields[21] = survey ? nullable(e.nps) : '\\N'
  fields[22] = agent ? tsvText(e.state) : ''
  fields[23] = agent && e.reason ? tsvText(e.reason) : ''
  fields[24] = tsvText(extraText(e))
  fields[25] = receivedText(receivedAt)
  return fields.join('\t')
}

/** An events line back as its columns' text (escapes kept): what a dead letter shows of a row the store refused. */
export function lineColumns(line: string): Record<string, string> {
  const values = line.split('\t')
  return Object.fromEntries(EVENT_COLUMNS.map((c, i) => [c, values[i] ?? '']))
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
