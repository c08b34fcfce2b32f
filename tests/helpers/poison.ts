/**
 * Hostile strings for the ingest property tests (fast-check): arbitrary code points, lone UTF-16
 * surrogates, control characters, huge strings, put into every string field of a v1 event of
 * every type. Each generated event carries a `probe` extra field first (so it survives the 64 KiB
 * cut of a dead letter's raw text), by which the test finds it in `events` or `dead_letters`.
 */
import fc from 'fast-check'
import { EVENT_TYPES } from '@/lib/contract/vocabulary'

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c))
const control = fc.constantFrom(...'\u0000\u0001\u0007\b\t\n\v\f\r\u001b\u007f\u0085\u2028\u2029\ufeff\ufffe\uffff')
const char = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 3 }, // any code point
  { arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }), weight: 2 }, // incl. C0/C1 controls
  { arbitrary: loneSurrogate, weight: 1 },
  { arbitrary: control, weight: 1 },
  { arbitrary: fc.constantFrom('"', '\\', '\'', '{', '}', '[', ']', ':', ',', '%', '_', '`', '=', '+', '-', '@'), weight: 1 },
)
const short = fc.string({ unit: char, maxLength: 40 })
/** Up to 80,000 characters (over the 64 KiB event limit), cut anywhere (possibly inside a surrogate pair). */
const huge = fc.tuple(fc.string({ unit: char, minLength: 1, maxLength: 8 }), fc.integer({ min: 1_000, max: 80_000 })).map(([s, n]) => s.repeat(Math.ceil(n / s.length)).slice(0, n))
export const hostileString = fc.oneof({ arbitrary: short, weight: 6 }, { arbitrary: huge, weight: 1 }, { arbitrary: fc.constant(''), weight: 1 })

/** A valid event of `type` with every optional string field present, dated `ts`. */
export function validEvent(type: (typeof EVENT_TYPES)[number], id: string, ts: string): Record<string, unknown> {
  const common = { v: 1, type, event_id: id, ts, center_id: 'prop-c' }
  switch (type) {
    case 'contact.queued':
      return { ...common, contact_id: `k-${id}`, queue_id: 'q1', channel: 'voice', direction: 'inbound', campaign_id: 'camp', customer_id: 'cust' }
    case 'contact.answered':
      return { ...common, contact_id: `k-${id}`, queue_id: 'q1', agent_id: 'a1' }
    case 'contact.abandoned':
      return { ...common, contact_id: `k-${id}`, queue_id: 'q1' }
    case 'contact.ended':
      return { ...common, contact_id: `k-${id}`, agent_id: 'a1', talk_s: 60, hold_s: 0 }
    case 'contact.wrapped':
      return { ...common, contact_id: `k-${id}`, agent_id: 'a1', wrap_s: 10, outcome: 'sale' }
    case 'survey.completed':
      return { ...common, contact_id: `k-${id}`, csat: 4 }
    case 'agent.state':
      return { ...common, agent_id: 'a1', state: 'break', reason: 'lunch' }
  }
}

export type HostileEvent = { type: (typeof EVENT_TYPES)[number]; values: Array<[string, string]>; extra: [string, string] | null }

/** Which string fields get which hostile values (at least one), plus maybe a hostile extra field. */
export const hostileEvent: fc.Arbitrary<HostileEvent> = fc.constantFrom(...EVENT_TYPES).chain((type) => {
  const fields = Object.keys(validEvent(type, 'x', 'x')).filter((k) => k !== 'v' && typeof validEvent(type, 'x', 'x')[k] === 'string')
  return fc.record({
    type: fc.constant(type),
    values: fc.subarray(fields, { minLength: 1 }).chain((keys) => fc.tuple(...keys.map((k) => hostileString.map((v) => [k, v] as [string, string])))),
    extra: fc.option(fc.tuple(hostileString, hostileString), { nil: null }),
  })
})

/** The event as an object: `probe` first, then the valid event with the hostile values put in. */
export function buildHostile(h: HostileEvent, probe: string, id: string, ts: string): Record<string, unknown> {
  const e: Record<string, unknown> = { probe, ...validEvent(h.type, id, ts) }
  for (const [k, v] of h.values) e[k] = v
  // defineProperty: a generated key such as "__proto__" stays an own field (as JSON.parse makes it).
  if (h.extra && !Object.hasOwn(e, h.extra[0])) Object.defineProperty(e, h.extra[0], { value: h.extra[1], enumerable: true, writable: true, configurable: true })
  return e
}
