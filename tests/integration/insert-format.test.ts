/**
 * The events insert body (TabSeparated lines, ingest/rows.ts and ingest/sink.ts) through the real embedded store: every
 * value read back is the value written — hostile strings (tabs, newlines, backslashes, `\N`,
 * controls, any code point), nulls, and the float and integer edges.
 */
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import type { EventRow } from '@/lib/contract/columns'
import { freshStore } from '../helpers/store'
import { hostileString } from '../helpers/poison'
import { rowLine } from '../helpers/row-line'

let insertBatch: typeof import('@/ingest/sink').insertBatch
let queryRows: typeof import('@/lib/clickhouse').queryRows

beforeAll(async () => {
  await freshStore('plateau-insert-format-')
  ;({ insertBatch } = await import('@/ingest/sink'))
  ;({ queryRows } = await import('@/lib/clickhouse'))
})

// Validation refuses lone surrogates before any insert (lib/contract/events.ts): not generated here.
const text = hostileString.filter((s) => !/\p{Cs}/u.test(s) && s.length < 5000)
const tricky = fc.oneof(text, fc.constantFrom('\\N', '\\', '\t', '\n', '\r\n', '\0', 'a\\tb', '"', "'", '', ' lead', 'trail '))
const seconds = fc.oneof(fc.constantFrom(0, -0, 0.5, 604800, 1e-7, 123.456), fc.double({ min: 0, max: 604800, noNaN: true }))

let n = 0
const row = fc
  .record({
    type: tricky,
    contact_id: tricky,
    agent_id: tricky,
    queue_id: tricky,
    campaign_id: tricky,
    reason: tricky,
    extra: tricky,
    talk_s: seconds,
    revenue: fc.oneof(fc.constantFrom(0, 1e21, 5e-324, 99.99), fc.double({ min: 0, max: 1e12, noNaN: true })),
    resolved: fc.constantFrom(null, 0, 1),
    csat: fc.constantFrom(null, 1, 5),
    nps: fc.constantFrom(null, 0, 10),
  })
  .map(
    (r): EventRow => ({
      event_id: `fmt-${++n}`,
      ts: '2026-11-22 10:00:00.123',
      center_id: 'fmt',
      channel: 'voice',
      direction: 'inbound',
      customer_id: '',
      hold_s: 0,
      wrap_s: 0,
      hold_missing: 1,
      wrap_missing: 0,
      transferred: 1,
      outcome: '',
      state: '',
      received_at: '2026-11-22 10:00:01.000',
      ...r,
    }),
  )

describe('events insert format', () => {
  it('stores every value exactly as written', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 20 }), async (rows) => {
        await insertBatch({ events: rows.map(rowLine), deadLetters: [] })
        const got = await queryRows<Record<string, unknown>>(
          `SELECT event_id, type, contact_id, agent_id, queue_id, campaign_id, reason, extra, talk_s, revenue, resolved, csat, nps, transferred, hold_missing,
                  toString(ts) AS ts, toString(received_at) AS received_at
           FROM events WHERE event_id IN {ids:Array(String)}`,
          { ids: rows.map((r) => r.event_id) },
        )
        const byId = new Map(got.map((g) => [g.event_id, g]))
        for (const r of rows) {
          const g = byId.get(r.event_id)
          expect(g, r.event_id).toBeDefined()
          for (const k of ['type', 'contact_id', 'agent_id', 'queue_id', 'campaign_id', 'reason', 'extra'] as const) expect(g![k]).toBe(r[k])
          for (const k of ['talk_s', 'revenue', 'resolved', 'csat', 'nps', 'transferred', 'hold_missing'] as const) expect(g![k] === null ? null : Number(g![k])).toBe(r[k] === null ? null : r[k] + 0)
          expect(g!.ts).toBe('2026-11-22 10:00:00.123')
          expect(g!.received_at).toBe('2026-11-22 10:00:01.000')
        }
      }),
      { numRuns: 25, seed: 7 },
    )
  }, 300_000)
})
