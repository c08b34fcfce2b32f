import { beforeAll, describe, expect, it } from 'vitest'
import { freshStore } from '../helpers/store'
import { validateEvent, type PlateauEvent } from '@/lib/contract/events'
import { eventLine } from '@/ingest/rows'

let insertBatch: typeof import('@/ingest/sink').insertBatch
let queryRows: typeof import('@/lib/clickhouse').queryRows

beforeAll(async () => {
  await freshStore()
  ;({ insertBatch } = await import('@/ingest/sink'))
  ;({ queryRows } = await import('@/lib/clickhouse'))
})

const now = Date.parse('2026-11-25T12:00:00Z')
let n = 0
function ev(e: Record<string, unknown>): PlateauEvent {
  const r = validateEvent({ event_id: `e${++n}`, center_id: 'c1', v: 1, ...e }, now)
  if (!r.ok) throw new Error(r.reason)
  return r.event
}
const write = (events: PlateauEvent[]) => insertBatch({ events: events.map((e) => eventLine(e, now)), deadLetters: [] })

describe('per-contact table', () => {
  it('is unchanged by duplicates and arrival order', async () => {
    const log = [
      ev({ type: 'contact.queued', ts: '2026-11-22T09:00:00.000Z', contact_id: 'k1', queue_id: 'q', channel: 'voice', direction: 'inbound' }),
      ev({ type: 'contact.answered', ts: '2026-11-22T09:00:12.500Z', contact_id: 'k1', queue_id: 'q', agent_id: 'a1' }),
      ev({ type: 'contact.ended', ts: '2026-11-22T09:03:00.000Z', contact_id: 'k1', agent_id: 'a1', talk_s: 150, hold_s: 10, transferred: true }),
      ev({ type: 'contact.answered', ts: '2026-11-22T09:03:05.000Z', contact_id: 'k1', queue_id: 'q', agent_id: 'a2' }),
      ev({ type: 'contact.ended', ts: '2026-11-22T09:05:00.000Z', contact_id: 'k1', agent_id: 'a2', talk_s: 100, hold_s: 0 }),
      ev({ type: 'contact.wrapped', ts: '2026-11-22T09:05:30.000Z', contact_id: 'k1', agent_id: 'a2', wrap_s: 30, resolved: true, outcome: 'sale', revenue: 99.5 }),
      ev({ type: 'survey.completed', ts: '2026-11-24T09:00:00.000Z', contact_id: 'k1', csat: 5, nps: 9 }),
    ]
    // Out of order (reversed) in three batches, with every event sent twice.
    const shuffled = [...log].reverse()
    await write(shuffled.slice(0, 3))
    await write([...shuffled.slice(3), ...shuffled])
    await write(log)
    const [c] = await queryRows<Record<string, unknown>>(
      `SELECT queued_at, answered_at, agent_id, talk_s, hold_s, transferred, wrap_s, revenue, length(survey_list) AS surveys,
              dateDiff('millisecond', queued_at, answered_at) AS wait_ms, channel
       FROM contacts_v WHERE center_id = {c:String} AND contact_id = {k:String}`,
      { c: 'c1', k: 'k1' },
    )
    expect(Number(c.wait_ms)).toBe(12_500) // answered 09:00:12.500 − queued 09:00:00.000
    expect(c.agent_id).toBe('a2') // the last answering agent
    expect(c.talk_s).toBe(150 + 100) // two legs, each counted once despite duplicates
    expect(c.hold_s).toBe(10 + 0)
    expect(c.transferred).toBe(1)
    expect(c.wrap_s).toBe(30)
    expect(c.revenue).toBe(99.5)
    expect(c.surveys).toBe(1)
    expect(c.channel).toBe('voice')
  })

  it('derives agent state intervals, deduplicated', async () => {
    const s = (ts: string, state: string, id: string) =>
      validateEvent({ event_id: id, type: 'agent.state', ts, center_id: 'c1', v: 1, agent_id: 'ag', state }, now)
    const evs = [s('2026-11-22T08:00:00Z', 'available', 's1'), s('2026-11-22T08:10:00Z', 'break', 's2'), s('2026-11-22T08:25:00Z', 'available', 's3')]
      .map((r) => (r.ok ? r.event : null))
      .filter((e): e is PlateauEvent => e !== null)
    await write([...evs, ...evs])
    const rows = await queryRows<{ state: string; secs: string | null }>(
      `SELECT state, dateDiff('second', started_at, ended_at) AS secs FROM agent_state_intervals
       WHERE center_id = 'c1' AND agent_id = 'ag' ORDER BY started_at`,
    )
    expect(rows.map((r) => [r.state, r.secs === null ? null : Number(r.secs)])).toEqual([
      ['available', 10 * 60],
      ['break', 15 * 60],
      ['available', null], // current state
    ])
  })
})
