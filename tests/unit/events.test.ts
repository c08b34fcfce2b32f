import { describe, expect, it } from 'vitest'
import { eventKey, parseEvent, validateEvent } from '@/lib/contract/events'
import { toRow } from '@/ingest/rows'

const now = Date.parse('2026-11-22T12:00:00Z')
const queued = {
  event_id: 'e1',
  type: 'contact.queued',
  ts: '2026-11-22T10:00:00.123+01:00',
  center_id: 'paris-sales',
  v: 1,
  contact_id: 'c1',
  queue_id: 'q1',
  channel: 'voice',
  direction: 'inbound',
}

describe('event contract v1', () => {
  it('accepts a valid event and keys it by contact', () => {
    const r = validateEvent(queued, now)
    expect(r.ok).toBe(true)
    if (r.ok) expect(eventKey(r.event)).toBe('c1')
  })

  it('keys agent events by agent', () => {
    const r = validateEvent({ event_id: 'a', type: 'agent.state', ts: '2026-11-22T10:00:00Z', center_id: 'x', v: 1, agent_id: 'ag7', state: 'break' }, now)
    expect(r.ok && eventKey(r.event)).toBe('ag7')
  })

  it('keeps unknown extra fields instead of failing', () => {
    const r = validateEvent({ ...queued, ivr_path: 'menu-2', score: 3 }, now)
    expect(r.ok).toBe(true)
    if (r.ok) expect(JSON.parse(toRow(r.event, now).extra)).toEqual({ ivr_path: 'menu-2', score: 3 })
  })

  it('accepts year-old timestamps and rejects ones more than 5 minutes ahead', () => {
    expect(validateEvent({ ...queued, ts: '2025-11-01T08:00:00Z' }, now).ok).toBe(true)
    expect(validateEvent({ ...queued, ts: '2026-11-22T12:04:59Z' }, now).ok).toBe(true)
    const r = validateEvent({ ...queued, ts: '2026-11-22T12:05:01Z' }, now)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.reason).toMatch(/future/)
  })

  it('accepts any time the store can hold (1999, 1900-01-01Z) and rejects earlier ones with a reason', () => {
    expect(validateEvent({ ...queued, ts: '1999-02-10T10:00:00+01:00' }, now).ok).toBe(true)
    expect(validateEvent({ ...queued, ts: '1900-01-01T00:00:00Z' }, now).ok).toBe(true)
    const r = validateEvent({ ...queued, ts: '1899-12-31T23:59:59.999Z' }, now)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.reason).toMatch(/ts: outside 1900-01-01T00:00:00Z/)
    // 00:30 local in a +01:00 zone is 23:30 UTC the day before: outside
    expect(validateEvent({ ...queued, ts: '1900-01-01T00:30:00+01:00' }, now).ok).toBe(false)
  })

  it('requires an offset and at most millisecond precision', () => {
    expect(validateEvent({ ...queued, ts: '2026-11-22T10:00:00' }, now).ok).toBe(false)
    expect(validateEvent({ ...queued, ts: '2026-11-22T10:00:00.1234Z' }, now).ok).toBe(false)
  })

  it('explains what is wrong', () => {
    const r = validateEvent({ ...queued, channel: 'fax', v: 2 }, now)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.reason).toContain('channel')
      expect(r.reason).toContain('v')
    }
    const j = parseEvent('{not json', now)
    expect(j.ok).toBe(false)
    if (!j.ok) expect(j.reason).toMatch(/invalid JSON/)
  })

  it('rejects out-of-range survey scores and negative durations', () => {
    const base = { event_id: 's', ts: '2026-11-22T10:00:00Z', center_id: 'x', v: 1, contact_id: 'c' }
    expect(validateEvent({ ...base, type: 'survey.completed', csat: 6 }, now).ok).toBe(false)
    expect(validateEvent({ ...base, type: 'survey.completed', nps: 10, csat: 5 }, now).ok).toBe(true)
    expect(validateEvent({ ...base, type: 'contact.ended', agent_id: 'a', talk_s: -1, hold_s: 0 }, now).ok).toBe(false)
  })

  it('hold_s and wrap_s are optional: an omitted one is stored as unknown (flag set), a given 0 as 0', () => {
    const base = { event_id: 'h', ts: '2026-11-22T10:00:00Z', center_id: 'x', v: 1, contact_id: 'c', agent_id: 'a' }
    const ended = validateEvent({ ...base, type: 'contact.ended', talk_s: 60 }, now)
    const wrapped = validateEvent({ ...base, type: 'contact.wrapped' }, now)
    const zero = validateEvent({ ...base, type: 'contact.ended', talk_s: 60, hold_s: 0 }, now)
    if (!ended.ok || !wrapped.ok || !zero.ok) throw new Error('rejected')
    expect(toRow(ended.event, now)).toMatchObject({ hold_s: 0, hold_missing: 1, wrap_missing: 0 })
    expect(toRow(wrapped.event, now)).toMatchObject({ wrap_s: 0, wrap_missing: 1, hold_missing: 0 })
    expect(toRow(zero.event, now)).toMatchObject({ hold_s: 0, hold_missing: 0 })
  })

  it('maps timestamps to UTC ClickHouse text', () => {
    const r = validateEvent(queued, now)
    if (!r.ok) throw new Error(r.reason)
    expect(toRow(r.event, now).ts).toBe('2026-11-22 09:00:00.123')
  })
})
