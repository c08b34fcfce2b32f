/**
 * `eventLine` (the insert's line, built straight from an event) is the line of `toRow`'s row:
 * for every event type, with every optional field present or absent, numbers at their edges,
 * timestamps in UTC or with an offset, extra fields, and hostile strings in every string field.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { eventLine, lineColumns, toRow } from '@/ingest/rows'
import { EVENT_COLUMNS } from '@/lib/contract/columns'
import { AGENT_STATES, CHANNELS, DIRECTIONS, OUTCOMES, type PlateauEvent } from '@/lib/contract/events'
import { hostileString } from '../helpers/poison'
import { rowLine } from '../helpers/row-line'

const text = fc.oneof(hostileString, fc.constantFrom('a', 'x\ty', 'back\\slash', '\\N', 'é', '😀'))
const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined })
const seconds = fc.oneof(fc.constantFrom(0, -0, 0.5, 604800, 1e-7, 123.456), fc.double({ min: 0, max: 604800, noNaN: true }))
const ts = fc.oneof(
  fc.constantFrom('2026-11-22T10:00:00.123Z', '2026-11-22T10:00:00Z', '2026-11-22T00:30:00.5+02:00', '2026-11-22T23:30:00-05:00', '2026-11-22T10:00:00.000+05:30'),
  fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2099-12-31T23:59:59Z') }).map((ms) => new Date(ms).toISOString()),
)
const common = { v: fc.constant(1), event_id: text, ts, center_id: text }
// Extra fields, and fields the contract names for other event types (which no column of this type reads).
const extra = fc.dictionary(
  fc.constantFrom('ivr_path', 'score', 'note\t', 'x', 'contact_id', 'agent_id', 'queue_id', 'channel', 'campaign_id', 'customer_id', 'talk_s', 'hold_s', 'wrap_s', 'transferred', 'resolved', 'outcome', 'revenue', 'csat', 'nps', 'state', 'reason'),
  fc.oneof(text, fc.integer({ min: 0, max: 10 }), fc.boolean(), fc.constant(null)),
  { maxKeys: 4 },
)

const event = fc
  .oneof(
    fc.record({ ...common, type: fc.constant('contact.queued'), contact_id: text, queue_id: text, channel: fc.constantFrom(...CHANNELS), direction: fc.constantFrom(...DIRECTIONS), campaign_id: optional(text), customer_id: optional(text) }),
    fc.record({ ...common, type: fc.constant('contact.answered'), contact_id: text, queue_id: text, agent_id: text }),
    fc.record({ ...common, type: fc.constant('contact.abandoned'), contact_id: text, queue_id: text }),
    fc.record({ ...common, type: fc.constant('contact.ended'), contact_id: text, agent_id: text, talk_s: seconds, hold_s: optional(seconds), transferred: optional(fc.boolean()) }),
    fc.record({ ...common, type: fc.constant('contact.wrapped'), contact_id: text, agent_id: text, wrap_s: optional(seconds), resolved: optional(fc.boolean()), outcome: optional(fc.constantFrom(...OUTCOMES)), revenue: optional(fc.oneof(fc.constantFrom(0, 1e21, 5e-324, 99.99), fc.double({ min: 0, max: 1e12, noNaN: true }))) }),
    fc.record({ ...common, type: fc.constant('survey.completed'), contact_id: text, csat: optional(fc.integer({ min: 1, max: 5 })), nps: optional(fc.integer({ min: 0, max: 10 })), resolved: optional(fc.boolean()) }),
    fc.record({ ...common, type: fc.constant('agent.state'), agent_id: text, state: fc.constantFrom(...AGENT_STATES), reason: optional(text) }),
  )
  .chain((e) => extra.map((x) => ({ ...x, ...e })))
  // An absent optional field is absent, not present as undefined (as JSON.parse gives it).
  .map((e) => Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)) as unknown as PlateauEvent)

describe('eventLine', () => {
  it('is the line of toRow’s row, for any event', () => {
    fc.assert(
      fc.property(event, fc.integer({ min: 0, max: Date.parse('2099-12-31T23:59:59Z') }), (e, receivedAt) => {
        expect(eventLine(e, receivedAt)).toBe(rowLine(toRow(e, receivedAt)))
      }),
      { numRuns: 3000 },
    )
  })

  it('has one field per column, and lineColumns reads them back', () => {
    const e = { v: 1, type: 'contact.queued', event_id: 'e\t1', ts: '2026-11-22T10:00:00.123+01:00', center_id: 'c', contact_id: 'k', queue_id: 'q', channel: 'voice', direction: 'inbound' } as PlateauEvent
    const cols = lineColumns(eventLine(e, Date.parse('2026-11-22T09:00:01Z')))
    expect(Object.keys(cols)).toEqual([...EVENT_COLUMNS])
    expect(cols).toMatchObject({ event_id: 'e\\t1', ts: '2026-11-22 09:00:00.123', hold_missing: '0', resolved: '\\N', received_at: '2026-11-22 09:00:01.000' })
  })
})
