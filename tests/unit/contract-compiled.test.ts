/**
 * The compiled fast path of validation (lib/contract/compiled.ts via validateEvent) against zod
 * alone (validateEventWithZod) on a generated corpus of valid and invalid events: same decision,
 * same reason, same stored row.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileUnion } from '@/lib/contract/compiled'
import { AGENT_STATES, CHANNELS, EVENT_TYPES, OUTCOMES, parseEvent, validateEvent, validateEventWithZod } from '@/lib/contract/events'
import { chTime, toRow } from '@/ingest/rows'
import { z } from 'zod'
import { hostileString, validEvent } from '../helpers/poison'

const NOW = Date.parse('2026-11-22T12:00:00Z')

const timestamps = fc.oneof(
  fc.constantFrom(
    '2026-11-22T10:00:00Z',
    '2026-11-22T10:00:00.123Z',
    '2026-11-22T10:00:00.1Z',
    '2026-11-22T10:00:00.12Z',
    '2026-11-22T10:00:00.1234Z',
    '2026-11-22T10:00:00.123+01:00',
    '2026-11-22T10:00:00-05:30',
    '2026-11-22T10:00:00',
    '2026-11-22T10:00:00z',
    '2026-11-22 10:00:00Z',
    '2024-02-29T00:00:00Z',
    '2026-02-29T00:00:00Z',
    '2026-11-22T24:00:00Z',
    '2026-11-22T23:59:60Z',
    '2026-11-22T12:04:59.999Z',
    '2026-11-22T12:05:00.001Z',
    '2030-01-01T00:00:00Z',
    '1900-01-01T00:00:00Z',
    '1899-12-31T23:59:59.999Z',
    '1900-01-01T00:30:00+01:00',
    '2299-12-31T23:59:59.999Z',
    '2300-01-01T00:00:00Z',
    '0000-01-01T00:00:00Z',
    '',
  ),
  fc.date({ min: new Date('1850-01-01'), max: new Date('2350-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
)

/** Values of every JSON kind plus the bounds the contract uses. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, -0, 1, 1.5, -1, 4, 5, 6, 10, 11, 604800, 604800.5, 604801, 1e308, Number.MAX_SAFE_INTEGER + 2, null, true, false, '', '5', 'x'.repeat(128), 'x'.repeat(129), [], {}, [1], { a: 1 }),
  fc.constantFrom(...CHANNELS, ...OUTCOMES, ...AGENT_STATES, ...EVENT_TYPES, 'inbound', 'outbound', 'Voice', 'unknown'),
  hostileString,
  timestamps,
  fc.double(),
  fc.integer(),
)

type Mutation = { kind: 'set'; key: string; value: unknown } | { kind: 'delete'; key: string } | { kind: 'extra'; key: string; value: unknown }

const corpusEvent = fc
  .record({
    type: fc.constantFrom(...EVENT_TYPES),
    ts: timestamps,
    full: fc.boolean(),
    mutations: fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant('set' as const), key: fc.constantFrom('v', 'type', 'event_id', 'ts', 'center_id', 'contact_id', 'queue_id', 'agent_id', 'channel', 'direction', 'campaign_id', 'customer_id', 'talk_s', 'hold_s', 'transferred', 'wrap_s', 'resolved', 'outcome', 'revenue', 'csat', 'nps', 'state', 'reason'), value: anyValue }),
        fc.record({ kind: fc.constant('delete' as const), key: fc.constantFrom('v', 'type', 'event_id', 'ts', 'center_id', 'contact_id', 'queue_id', 'agent_id', 'channel', 'talk_s', 'hold_s', 'wrap_s', 'csat', 'state', 'reason') }),
        fc.record({ kind: fc.constant('extra' as const), key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'note', 'meta', 'toString'), hostileString), value: anyValue }),
      ),
      { maxLength: 3 },
    ),
  })
  .map(({ type, ts, full, mutations }) => {
    const e = validEvent(type, 'e1', ts)
    if (!full) for (const k of ['campaign_id', 'customer_id', 'hold_s', 'wrap_s', 'outcome', 'csat', 'reason']) delete e[k]
    for (const m of mutations as Mutation[]) {
      if (m.kind === 'delete') delete e[m.key]
      // defineProperty: "__proto__" stays an own field, as JSON.parse makes it.
      else Object.defineProperty(e, m.key, { value: m.value, enumerable: true, writable: true, configurable: true })
    }
    return e
  })

/** Accepted by the compiled checks (the event returned is the value itself, not zod's copy). */
let compiledHits = 0

function expectSame(value: unknown): void {
  const fast = validateEvent(value, NOW)
  if (fast.ok && fast.event === value) compiledHits++
  const slow = validateEventWithZod(value, NOW)
  expect(fast.ok).toBe(slow.ok)
  if (!fast.ok || !slow.ok) {
    expect(fast).toEqual(slow)
    return
  }
  expect(toRow(fast.event, NOW)).toEqual(toRow(slow.event, NOW))
}

describe('compiled validation agrees with zod', () => {
  it('on valid events of every type, with and without optional fields', () => {
    let accepted = 0
    for (const type of EVENT_TYPES) {
      for (const ts of ['2026-11-22T10:00:00Z', '2026-11-22T10:00:00.5+02:00']) {
        const e = validEvent(type, 'e1', ts)
        expectSame(e)
        expectSame(JSON.parse(JSON.stringify(e)))
        const r = validateEvent(e, NOW)
        if (r.ok && r.event === e) accepted++
      }
    }
    expect(accepted).toBe(EVENT_TYPES.length * 2)
  })

  it('on a generated corpus of valid and invalid events (objects and JSON text)', () => {
    let ok = 0
    let rejected = 0
    compiledHits = 0
    fc.assert(
      fc.property(corpusEvent, (e) => {
        expectSame(e)
        let text: string | undefined
        try {
          text = JSON.stringify(e)
        } catch {
          /* a value JSON cannot hold */
        }
        if (text !== undefined) {
          const parsed = JSON.parse(text)
          expectSame(parsed)
          expect(parseEvent(text, NOW)).toEqual(validateEventWithZod(parsed, NOW))
        }
        if (validateEventWithZod(e, NOW).ok) ok++
        else rejected++
      }),
      { numRuns: 2000, seed: 21 },
    )
    // The corpus exercises both sides.
    expect(ok).toBeGreaterThan(300)
    expect(rejected).toBeGreaterThan(300)
    expect(compiledHits).toBeGreaterThan(300)
  }, 120_000)

  it('on values that are not plain objects', () => {
    class Ev {
      constructor(public readonly o: Record<string, unknown>) {
        Object.assign(this, o)
      }
    }
    for (const v of [null, undefined, 1, 'x', [], [validEvent('agent.state', 'e', '2026-11-22T10:00:00Z')], new Ev(validEvent('agent.state', 'e', '2026-11-22T10:00:00Z')), Object.create(null)]) expectSame(v)
  })

  it('stores ts as the same UTC text as before (chTime of the parsed instant)', () => {
    for (const ts of ['2026-11-22T10:00:00Z', '2026-11-22T10:00:00.123Z', '2026-11-22T10:00:00.1Z', '2026-11-22T10:00:00+01:00', '1900-01-01T00:00:00.000Z']) {
      const r = validateEvent(validEvent('agent.state', 'e', ts), NOW)
      expect(r.ok).toBe(true)
      if (r.ok) expect(toRow(r.event, NOW).ts).toBe(chTime(Date.parse(ts)))
    }
  })

  it('refuses to compile a check it does not know (no silent drift from the schema)', () => {
    const u = z.discriminatedUnion('type', [z.looseObject({ type: z.literal('a'), x: z.string().trim() })])
    expect(() => compileUnion(u as never, 'type')).toThrow(/contract compiler/)
    const email = z.discriminatedUnion('type', [z.looseObject({ type: z.literal('a'), x: z.string().email() })])
    expect(() => compileUnion(email as never, 'type')).toThrow(/contract compiler/)
    const strict = z.discriminatedUnion('type', [z.object({ type: z.literal('a') })])
    expect(() => compileUnion(strict as never, 'type')).toThrow(/loose objects/)
  })
})
