/**
 * Event contract v1 — the one schema every producer and the pipeline share.
 * See docs/events.md. One JSON event per Kafka message, keyed by contact_id or agent_id.
 * The words (channels, states, …) are in ./vocabulary (browser-safe, no zod); the stored row's
 * columns in ./columns.
 */
import { z } from 'zod'
import { AGENT_STATES, CHANNELS, DIRECTIONS, OUTCOMES } from './vocabulary'
import { EVENT_TS_RANGE_TEXT, tsInContractRange } from './ts-range'
import { compileUnion } from './compiled'

export * from './vocabulary'

/** Events dated further ahead than this are rejected (clock skew tolerance). */
export const MAX_FUTURE_MS = 5 * 60 * 1000

const id = z.string().min(1).max(128)
const seconds = z.number().finite().min(0).max(7 * 24 * 3600)
// ISO-8601 with an explicit offset (Z or ±hh:mm), millisecond precision at most.
const isoTs = z.iso.datetime({ offset: true, precision: undefined }).refine((s) => !/\.\d{4,}/.test(s), {
  message: 'ts must have at most millisecond precision',
})

const common = {
  event_id: id,
  ts: isoTs,
  center_id: id,
  v: z.literal(1),
}

// `looseObject` keeps unknown extra fields (they are stored in `extra`), never fatal.
export const ContactQueued = z.looseObject({
  ...common,
  type: z.literal('contact.queued'),
  contact_id: id,
  queue_id: id,
  channel: z.enum(CHANNELS),
  direction: z.enum(DIRECTIONS),
  campaign_id: id.optional(),
  customer_id: id.optional(),
})
export const ContactAnswered = z.looseObject({
  ...common,
  type: z.literal('contact.answered'),
  contact_id: id,
  queue_id: id,
  agent_id: id,
})
export const ContactAbandoned = z.looseObject({
  ...common,
  type: z.literal('contact.abandoned'),
  contact_id: id,
  queue_id: id,
})
export const ContactEnded = z.looseObject({
  ...common,
  type: z.literal('contact.ended'),
  contact_id: id,
  agent_id: id,
  talk_s: seconds,
  /** Omitted when the platform does not record hold time (stored as unknown, never 0). */
  hold_s: seconds.optional(),
  transferred: z.boolean().optional(),
})
export const ContactWrapped = z.looseObject({
  ...common,
  type: z.literal('contact.wrapped'),
  contact_id: id,
  agent_id: id,
  /** Omitted when the platform does not record after-call work (stored as unknown, never 0). */
  wrap_s: seconds.optional(),
  resolved: z.boolean().optional(),
  outcome: z.enum(OUTCOMES).optional(),
  revenue: z.number().finite().min(0).optional(),
})
export const SurveyCompleted = z.looseObject({
  ...common,
  type: z.literal('survey.completed'),
  contact_id: id,
  csat: z.number().int().min(1).max(5).optional(),
  nps: z.number().int().min(0).max(10).optional(),
  resolved: z.boolean().optional(),
})
export const AgentState = z.looseObject({
  ...common,
  type: z.literal('agent.state'),
  agent_id: id,
  state: z.enum(AGENT_STATES),
  reason: z.string().max(256).optional(),
})

export const PlateauEvent = z.discriminatedUnion('type', [
  ContactQueued,
  ContactAnswered,
  ContactAbandoned,
  ContactEnded,
  ContactWrapped,
  SurveyCompleted,
  AgentState,
])
export type PlateauEvent = z.infer<typeof PlateauEvent>

/** Every field the contract names, all event types together; any other field of an event is `extra`. */
export const CONTRACT_FIELDS: ReadonlySet<string> = new Set(PlateauEvent.options.flatMap((o) => Object.keys(o.shape)))

export type ParseResult = { ok: true; event: PlateauEvent } | { ok: false; reason: string }

/**
 * An event nested deeper than MAX_DEPTH, or larger than MAX_EVENT_SIZE (characters of its strings
 * and field names, plus one per value), is rejected: this bounds the extra fields.
 */
export const MAX_DEPTH = 16
/** With the u flag a surrogate pair is one code point: only lone surrogates match. */
export const LONE_SURROGATE = /\p{Cs}/u
export const MAX_EVENT_SIZE = 65_536

/**
 * Strings ClickHouse cannot store (a lone UTF-16 surrogate: valid JSON, not valid UTF-8) and
 * values nested too deeply are rejected here, before any insert: one such value would otherwise
 * make every insert of its batch fail. Iterative, and stops descending at MAX_DEPTH, so a value
 * nested 100,000 deep costs no stack. Returns the reason, or null when the value is storable.
 */
export function unstorable(value: unknown): string | null {
  // Entries: value, its field name (for the reason), depth.
  const stack: Array<[unknown, string, number]> = [[value, '', 0]]
  let size = 0
  while (stack.length) {
    const [v, key, depth] = stack.pop()!
    if (++size > MAX_EVENT_SIZE) return `event larger than ${MAX_EVENT_SIZE} characters (extra fields too large)`
    if (typeof v === 'string') {
      if ((size += v.length) > MAX_EVENT_SIZE) return `event larger than ${MAX_EVENT_SIZE} characters (extra fields too large)`
      if (LONE_SURROGATE.test(v)) return `${key || 'value'}: contains a lone UTF-16 surrogate (not storable as UTF-8)`
    } else if (v !== null && typeof v === 'object') {
      if (depth >= MAX_DEPTH) return `${key || 'value'}: nested deeper than ${MAX_DEPTH} levels`
      if (Array.isArray(v)) for (const x of v) stack.push([x, key, depth + 1])
      else
        for (const k in v) {
          size += k.length
          if (LONE_SURROGATE.test(k)) return `${key || 'value'}: a field name contains a lone UTF-16 surrogate (not storable as UTF-8)`
          stack.push([(v as Record<string, unknown>)[k], depth ? key : k, depth + 1])
        }
    }
  }
  return null
}

/**
 * True when unstorable(value) is null, without its work list: one recursive pass summing the
 * same size. Anything else (too large, too deep, a lone surrogate) returns false and
 * unstorable() then finds and words the reason.
 */
function quickStorable(value: unknown): boolean {
  quickSize = 0
  return walkStorable(value, 0) && quickSize <= MAX_EVENT_SIZE
}
let quickSize = 0
function walkStorable(v: unknown, depth: number): boolean {
  quickSize++
  if (typeof v === 'string') {
    quickSize += v.length
    return !LONE_SURROGATE.test(v)
  }
  if (v === null || typeof v !== 'object') return true
  if (depth >= MAX_DEPTH) return false
  if (Array.isArray(v)) {
    for (const x of v) if (!walkStorable(x, depth + 1)) return false
    return true
  }
  for (const k in v) {
    quickSize += k.length
    // The contract's own field names are ASCII.
    if (!CONTRACT_FIELDS.has(k) && LONE_SURROGATE.test(k)) return false
    if (!walkStorable((v as Record<string, unknown>)[k], depth + 1)) return false
  }
  return true
}

/** The schema compiled to plain checks (./compiled): true → zod would accept the value as it is. */
const acceptedAsIs = compileUnion(PlateauEvent as unknown as Parameters<typeof compileUnion>[0], 'type')

/**
 * Validate one decoded JSON value. `now` is injectable for tests. When the compiled checks
 * accept it, the event is `value` itself (do not mutate it afterwards); otherwise zod decides
 * and words the reason.
 */
export function validateEvent(value: unknown, now: number = Date.now()): ParseResult {
  if (quickStorable(value) && acceptedAsIs(value)) return checkTime(value as PlateauEvent, now)
  return validateEventWithZod(value, now)
}

/** The same decisions and reasons through zod alone: the reference the compiled path is tested against. */
export function validateEventWithZod(value: unknown, now: number = Date.now()): ParseResult {
  const bad = unstorable(value)
  if (bad) return { ok: false, reason: bad }
  const r = PlateauEvent.safeParse(value)
  if (!r.success) {
    const reason = r.error.issues
      .slice(0, 5)
      .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
      .join('; ')
    return { ok: false, reason }
  }
  return checkTime(r.data, now)
}

function checkTime(event: PlateauEvent, now: number): ParseResult {
  const ms = Date.parse(event.ts)
  if (ms - now > MAX_FUTURE_MS) return { ok: false, reason: `ts: more than 5 minutes in the future (${event.ts})` }
  if (!tsInContractRange(ms)) return { ok: false, reason: `ts: outside ${EVENT_TS_RANGE_TEXT}, the times the store can hold (${event.ts})` }
  return { ok: true, event }
}

/** Decode and validate one raw message (Kafka value or NDJSON line). */
export function parseEvent(raw: string, now: number = Date.now()): ParseResult {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch (e) {
    return { ok: false, reason: `invalid JSON: ${(e as Error).message}` }
  }
  return validateEvent(value, now)
}

/** Kafka message key: contact events by contact, agent events by agent (keeps each one ordered). */
export function eventKey(e: PlateauEvent): string {
  return e.type === 'agent.state' ? e.agent_id : e.contact_id
}
