/**
 * Golden tests of the three connectors: the same traffic written in each platform's documented
 * format (Asterisk queue_log, Amazon Connect CTRs + agent events, Twilio TaskRouter callbacks)
 * goes through the connector's pure mapper, the v1 validation and the real pipeline into a real
 * embedded ClickHouse; the real KPI engine then computes every figure below by hand.
 *
 * Day 2026-11-10, window 09:00–10:00 UTC, queue "sales", SL 20 s, short abandon < 5 s.
 *
 *   contact  queued    outcome                                                 wait
 *   k1       09:00:00  answered 09:00:12 by alice, talk 300 s (→ 09:05:12)       12 ✓
 *   k2       09:10:00  answered 09:10:30 by bob, talk 200 s (→ 09:13:50)         30 ✗
 *   k3       09:20:00  abandoned 09:20:45                                        45
 *   k4       09:30:00  left at the queue timeout 09:31:00                        60
 *   k5       09:40:00  answered 09:40:05 by alice, talk 100 s, transferred to      5 ✓
 *                      bob (answered 09:41:50), talk 150 s (→ 09:44:20)
 * After-call work (Connect and Twilio only): k1 30 s, k2 20 s, k5 5 s (alice) + 10 s (bob).
 * Hold (Connect only): k1 10 s. A figure the platform does not record is unknown, not 0:
 * queue_log has neither hold nor after-call work, TaskRouter no hold.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { kpiStore, values } from './kpi-fixtures'
import type { getKpis as GetKpis } from '@/lib/queries/getKpis'
import { mapQueueLogLine } from '@/ingest/connectors/queue-log/map'
import { mapConnectLine } from '@/ingest/connectors/connect/map'
import { TwilioMapper, type TwilioParams } from '@/ingest/connectors/twilio/map'
import { feedMapped, type FeedSummary } from '@/ingest/connectors/feed'

const CONFIG = `
version: 1
defaults:
  timezone: UTC
  currency: EUR
  targets: { serviceLevel: { thresholdSeconds: 20, target: 0.8 }, shortAbandonSeconds: 5, asaSeconds: 30, maxAbandonRate: 0.05 }
centers:
  - { id: ql, name: Asterisk center, reportingLine: sales, sourcing: in_house, queues: [ { id: sales, channel: voice } ] }
  - { id: cx, name: Connect center, reportingLine: sales, sourcing: outsourced, queues: [ { id: sales, channel: voice } ] }
  - { id: tw, name: Twilio center, reportingLine: sales, sourcing: outsourced, queues: [ { id: sales, channel: voice } ] }
`
const D = '2026-11-10'
const iso = (hms: string) => `${D}T${hms}.000Z`
const ms = (hms: string) => Date.parse(iso(hms))
const epoch = (hms: string) => ms(hms) / 1000
const WINDOW = { kind: 'custom' as const, from: ms('09:00:00'), to: ms('10:00:00') }
const LATER = ms('12:00:00')

// ---- Asterisk queue_log: epoch|callid|queue|agent|EVENT|data1|data2|data3|data4|data5
const QL = (hms: string, rest: string) => `${epoch(hms)}|${rest}`
export const queueLogLines = [
  QL('08:59:00', 'NONE|NONE|NONE|QUEUESTART|'),
  QL('08:59:10', 'NONE|sales|SIP/alice|AGENTLOGIN|SIP/alice-0001'),
  QL('08:59:20', 'NONE|sales|SIP/bob|ADDMEMBER|'),
  QL('09:00:00', 'k1|sales||ENTERQUEUE||0612345678|1'),
  QL('09:00:12', 'k1|sales|SIP/alice|CONNECT|12|k1-a|3'),
  QL('09:05:12', 'k1|sales|SIP/alice|COMPLETECALLER|12|300|1'),
  QL('09:10:00', 'k2|sales||ENTERQUEUE||0698765432|1'),
  QL('09:10:28', 'k2|sales|SIP/alice|RINGNOANSWER|15000'),
  QL('09:10:30', 'k2|sales|SIP/bob|CONNECT|30|k2-b|2'),
  QL('09:13:50', 'k2|sales|SIP/bob|COMPLETEAGENT|30|200|1'),
  QL('09:20:00', 'k3|sales||ENTERQUEUE||0611111111|1'),
  QL('09:20:45', 'k3|sales||ABANDON|1|1|45'),
  QL('09:30:00', 'k4|sales||ENTERQUEUE||0622222222|1'),
  QL('09:31:00', 'k4|sales||EXITWITHTIMEOUT|1|1|60'),
  QL('09:35:00', 'NONE|sales|SIP/alice|PAUSE|Lunch'),
  QL('09:39:00', 'NONE|sales|SIP/alice|UNPAUSE|'),
  QL('09:40:00', 'k5|sales||ENTERQUEUE||0633333333|1'),
  QL('09:40:05', 'k5|sales|SIP/alice|CONNECT|5|k5-a|2'),
  QL('09:41:45', 'k5|sales|SIP/alice|BLINDTRANSFER|600|from-queue|5|100|1'),
  QL('09:41:46', 'k5|sales||ENTERQUEUE||0633333333|1'),
  QL('09:41:50', 'k5|sales|SIP/bob|CONNECT|4|k5-b|2'),
  QL('09:44:20', 'k5|sales|SIP/bob|COMPLETECALLER|4|150|1'),
  // Bad input: an unknown event, a truncated line and a corrupted epoch.
  QL('09:50:00', 'k6|sales||MADEUPEVENT|1'),
  QL('09:50:01', 'k6|sales'),
  '17627x4000|k7|sales||ABANDON|1|1|3',
]

// ---- Amazon Connect: CTRs (one JSON record per line) + agent event stream
const agent = (user: string, o: Record<string, unknown>) => ({ ARN: `arn:aws:connect:eu-west-3:1:instance/i/agent/${user}`, Username: user, ...o })
const queue = (enq: string, deq: string) => ({ ARN: 'arn:aws:connect:eu-west-3:1:instance/i/queue/q1', Name: 'sales', EnqueueTimestamp: iso(enq), DequeueTimestamp: iso(deq), Duration: (ms(deq) - ms(enq)) / 1000 })
const ctr = (id: string, o: Record<string, unknown>) => ({ AWSAccountId: '1', ContactId: id, Channel: 'VOICE', InitiationMethod: 'INBOUND', ...o })
export const connectRecords = [
  ctr('k1', { InitiationTimestamp: iso('08:59:50'), DisconnectTimestamp: iso('09:05:12'), DisconnectReason: 'CUSTOMER_DISCONNECT', Queue: queue('09:00:00', '09:00:12'),
    Agent: agent('alice', { ConnectedToAgentTimestamp: iso('09:00:12'), AgentInteractionDuration: 300, CustomerHoldDuration: 10, NumberOfHolds: 1,
      AfterContactWorkStartTimestamp: iso('09:05:12'), AfterContactWorkEndTimestamp: iso('09:05:42'), AfterContactWorkDuration: 30 }) }),
  ctr('k2', { InitiationTimestamp: iso('09:09:50'), DisconnectTimestamp: iso('09:13:50'), DisconnectReason: 'AGENT_DISCONNECT', Queue: queue('09:10:00', '09:10:30'),
    Agent: agent('bob', { ConnectedToAgentTimestamp: iso('09:10:30'), AgentInteractionDuration: 200, CustomerHoldDuration: 0,
      AfterContactWorkStartTimestamp: iso('09:13:50'), AfterContactWorkEndTimestamp: iso('09:14:10'), AfterContactWorkDuration: 20 }) }),
  ctr('k3', { InitiationTimestamp: iso('09:19:50'), DisconnectTimestamp: iso('09:20:45'), DisconnectReason: 'CUSTOMER_DISCONNECT', Queue: queue('09:20:00', '09:20:45'), Agent: null }),
  ctr('k4', { InitiationTimestamp: iso('09:29:50'), DisconnectTimestamp: iso('09:31:00'), DisconnectReason: 'CONTACT_FLOW_DISCONNECT', Queue: queue('09:30:00', '09:31:00'), Agent: null }),
  ctr('k5', { InitiationTimestamp: iso('09:39:50'), DisconnectTimestamp: iso('09:41:45'), NextContactId: 'k5-leg2', TransferCompletedTimestamp: iso('09:41:45'), Queue: queue('09:40:00', '09:40:05'),
    Agent: agent('alice', { ConnectedToAgentTimestamp: iso('09:40:05'), AgentInteractionDuration: 100, CustomerHoldDuration: 0,
      AfterContactWorkStartTimestamp: iso('09:41:45'), AfterContactWorkEndTimestamp: iso('09:41:50'), AfterContactWorkDuration: 5 }) }),
  ctr('k5-leg2', { InitialContactId: 'k5', PreviousContactId: 'k5', InitiationMethod: 'TRANSFER', InitiationTimestamp: iso('09:41:45'), DisconnectTimestamp: iso('09:44:20'),
    DisconnectReason: 'CUSTOMER_DISCONNECT', Queue: queue('09:41:46', '09:41:50'),
    Agent: agent('bob', { ConnectedToAgentTimestamp: iso('09:41:50'), AgentInteractionDuration: 150, CustomerHoldDuration: 0,
      AfterContactWorkStartTimestamp: iso('09:44:20'), AfterContactWorkEndTimestamp: iso('09:44:30'), AfterContactWorkDuration: 10 }) }),
  { EventId: 'ae-1', EventType: 'LOGIN', EventTimestamp: iso('08:59:10'), AgentARN: 'arn:…/agent/alice', CurrentAgentSnapshot: { Configuration: { Username: 'alice' }, AgentStatus: { Name: 'Offline' }, Contacts: [] } },
  { EventId: 'ae-2', EventType: 'STATE_CHANGE', EventTimestamp: iso('09:35:00'), AgentARN: 'arn:…/agent/alice', CurrentAgentSnapshot: { Configuration: { Username: 'alice' }, AgentStatus: { Name: 'Lunch' }, Contacts: [] } },
  { EventId: 'ae-3', EventType: 'HEART_BEAT', EventTimestamp: iso('09:36:00'), AgentARN: 'arn:…/agent/alice', CurrentAgentSnapshot: { Configuration: { Username: 'alice' }, AgentStatus: { Name: 'Lunch' }, Contacts: [] } },
].map((r) => JSON.stringify(r))

// ---- Twilio TaskRouter event callbacks (form parameters)
let evn = 0
const tw = (hms: string, EventType: string, o: TwilioParams = {}): TwilioParams => ({
  AccountSid: 'AC1', WorkspaceSid: 'WS1', Sid: `EV${String(++evn).padStart(32, '0')}`, EventType, Timestamp: String(epoch(hms)), TimestampMs: String(ms(hms)), ...o,
})
const task = (sid: string, extra: Record<string, unknown> = {}) => ({ TaskSid: sid, TaskQueueSid: 'WQ1', TaskQueueName: 'sales', TaskChannelUniqueName: 'voice', TaskAttributes: JSON.stringify({ direction: 'inbound', ...extra }) })
const worker = (name: string) => ({ WorkerSid: `WK${name}`, WorkerName: name })
export const twilioCallbacks: TwilioParams[] = [
  tw('08:59:10', 'worker.activity.update', { ...worker('alice'), WorkerActivityName: 'Available' }),
  tw('09:00:00', 'task.created', task('WTk1')),
  tw('09:00:00', 'task.queue.entered', task('WTk1')),
  tw('09:00:12', 'reservation.accepted', { ...task('WTk1'), ...worker('alice'), ReservationSid: 'WR1' }),
  tw('09:05:12', 'task.wrapup', { ...task('WTk1'), ...worker('alice') }),
  tw('09:05:42', 'task.completed', { ...task('WTk1'), ...worker('alice') }),
  tw('09:10:00', 'task.queue.entered', task('WTk2')),
  tw('09:10:30', 'reservation.accepted', { ...task('WTk2'), ...worker('bob') }),
  tw('09:13:50', 'task.wrapup', { ...task('WTk2'), ...worker('bob') }),
  tw('09:14:10', 'task.completed', { ...task('WTk2'), ...worker('bob') }),
  tw('09:20:00', 'task.queue.entered', task('WTk3')),
  tw('09:20:45', 'task.canceled', { ...task('WTk3'), TaskCanceledReason: 'hangup' }),
  tw('09:30:00', 'task.queue.entered', task('WTk4')),
  tw('09:31:00', 'task.canceled', { ...task('WTk4'), TaskCanceledReason: 'Task TTL Exceeded' }),
  tw('09:35:00', 'worker.activity.update', { ...worker('alice'), WorkerActivityName: 'Lunch' }),
  tw('09:40:00', 'task.queue.entered', task('WTk5')),
  tw('09:40:05', 'reservation.accepted', { ...task('WTk5'), ...worker('alice') }),
  tw('09:41:45', 'task.wrapup', { ...task('WTk5'), ...worker('alice') }),
  tw('09:41:50', 'task.completed', { ...task('WTk5'), ...worker('alice') }),
  // The transfer: a new task for the same conversation.
  tw('09:41:46', 'task.queue.entered', task('WTk5b', { conversations: { conversation_id: 'WTk5' }, transferTargetType: 'worker' })),
  tw('09:41:50', 'reservation.accepted', { ...task('WTk5b', { conversations: { conversation_id: 'WTk5' }, transferTargetType: 'worker' }), ...worker('bob') }),
  tw('09:44:20', 'task.wrapup', { ...task('WTk5b', { conversations: { conversation_id: 'WTk5' }, transferTargetType: 'worker' }), ...worker('bob') }),
  tw('09:44:30', 'task.completed', { ...task('WTk5b', { conversations: { conversation_id: 'WTk5' }, transferTargetType: 'worker' }), ...worker('bob') }),
]

const feedQueueLog = () => feedMapped(queueLogLines.map((raw) => ({ raw, mapped: mapQueueLogLine(raw, { center: 'ql' }) })), 'queue_log')
const feedConnect = () => feedMapped(connectRecords.map((raw) => ({ raw, mapped: mapConnectLine(raw, { center: 'cx' }) })), 'connect')
const feedTwilio = () => {
  const m = new TwilioMapper()
  return feedMapped(twilioCallbacks.map((p) => ({ raw: new URLSearchParams(p).toString(), mapped: m.map(p, { center: 'tw' }) })), 'twilio')
}

let getKpis: typeof GetKpis
let queryRows: typeof import('@/lib/clickhouse').queryRows
const first: Record<string, FeedSummary> = {}
const kpisOf = async (center: string) => {
  const r = await getKpis({ window: WINDOW, filters: { centers: [center] }, now: LATER, maxLagMs: 0 }, null)
  expect(r.rows).toHaveLength(1)
  return values(r.rows[0])
}

beforeAll(async () => {
  await kpiStore(CONFIG)
  ;({ getKpis } = await import('@/lib/queries/getKpis'))
  ;({ queryRows } = await import('@/lib/clickhouse'))
  first.ql = await feedQueueLog()
  first.cx = await feedConnect()
  first.tw = await feedTwilio()
}, 60_000)

describe.each(['ql', 'cx', 'tw'])('center %s: volumes, speed and service level from the raw timestamps', (center) => {
  it('offered, answered, abandoned, ASA, longest wait, SL', async () => {
    const v = await kpisOf(center)
    expect(v.offered).toBe(5) // k1..k5 (k5's transfer leg is not a second contact)
    expect(v.answered).toBe(3) // k1 k2 k5
    expect(v.abandoned).toBe(2) // k3 (45 s), k4 (queue timeout, 60 s)
    expect(v.asa).toBeCloseTo((12 + 30 + 5) / 3)
    expect(v.max_wait).toBe(60) // k4
    expect(v.service_level).toBeCloseTo(2 / (5 - 0)) // k1 12 s, k5 5 s ≤ 20; no short abandon
    expect(v.handled).toBe(3) // k1 k2 k5 (once, with both legs)
    expect(v.transfer_rate).toBeCloseTo(1 / 3) // k5
  })
  it('what the platform does not carry shows no data, not 0', async () => {
    const v = await kpisOf(center)
    expect(v.csat).toBeNull()
    expect(v.nps).toBeNull()
    expect(v.fcr_survey).toBeNull()
  })
})

describe('handling times per platform', () => {
  it('queue_log: talk from COMPLETE*/TRANSFER calltime; no hold, no after-call work: those KPIs show no data', async () => {
    const v = await kpisOf('ql')
    expect(v.avg_talk).toBeCloseTo((300 + 200 + (100 + 150)) / 3)
    expect(v.handled).toBe(3)
    // No contact carries hold or after-call work: unknown, never 0.
    expect(v.avg_hold).toBeNull()
    expect(v.hold_rate).toBeNull()
    expect(v.avg_acw).toBeNull()
    expect(v.aht).toBeNull() // handle time without after-call work would understate it
  })
  it('Connect: AgentInteractionDuration + CustomerHoldDuration + AfterContactWorkDuration', async () => {
    const v = await kpisOf('cx')
    const talk = 300 + 200 + (100 + 150)
    const hold = 10
    const acw = 30 + 20 + (5 + 10)
    expect(v.avg_hold).toBeCloseTo(hold / 3)
    expect(v.avg_acw).toBeCloseTo(acw / 3)
    expect(v.aht).toBeCloseTo((talk + hold + acw) / 3)
    expect(v.hold_rate).toBeCloseTo(1 / 3) // k1
  })
  it('Twilio: talk = wrapup − accepted, wrap-up = completed − wrapup, per task', async () => {
    const v = await kpisOf('tw')
    const talk = (ms('09:05:12') - ms('09:00:12')) / 1000 + (ms('09:13:50') - ms('09:10:30')) / 1000 + ((ms('09:41:45') - ms('09:40:05')) + (ms('09:44:20') - ms('09:41:50'))) / 1000
    expect(talk).toBe(300 + 200 + 100 + 150)
    const acw = 30 + 20 + 5 + 10
    expect(v.avg_talk).toBeCloseTo(talk / 3)
    expect(v.avg_acw).toBeCloseTo(acw / 3)
    // TaskRouter records no hold (it is inside talk): avg hold and hold rate show no data; AHT is talk + ACW.
    expect(v.avg_hold).toBeNull()
    expect(v.hold_rate).toBeNull()
    expect(v.aht).toBeCloseTo((talk + acw) / 3)
  })
  it('the three centers together: each figure averaged over the contacts that carry it', async () => {
    const r = await getKpis({ window: WINDOW, filters: { centers: ['ql', 'cx', 'tw'] }, now: LATER, maxLagMs: 0 }, null)
    expect(r.rows).toHaveLength(1)
    const v = values(r.rows[0])
    const talk = 3 * (300 + 200 + 100 + 150) // every platform records talk, 3 handled contacts each
    const hold = { sum: 10, n: 3 } // Connect only (k1 10 s; k2, k5 0 s)
    const acw = { sum: 2 * (30 + 20 + 5 + 10), n: 6 } // Connect and Twilio
    expect(v.handled).toBe(9)
    expect(v.avg_talk).toBeCloseTo(talk / 9)
    expect(v.avg_hold).toBeCloseTo(hold.sum / hold.n)
    expect(v.hold_rate).toBeCloseTo(1 / hold.n)
    expect(v.avg_acw).toBeCloseTo(acw.sum / acw.n)
    // hold not recorded is inside talk; after-call work averaged where recorded
    expect(v.aht).toBeCloseTo((talk + hold.sum) / 9 + acw.sum / acw.n)
  })
})

describe('figures a platform lacks are stored as unknown', () => {
  it('queue_log legs and wrap-ups are flagged missing; Connect ones are not', async () => {
    const rows = await queryRows<{ center_id: string; hold: string; wrap: string; n: string }>(
      `SELECT center_id, sum(hold_missing) AS hold, sum(wrap_missing) AS wrap, count() AS n FROM contacts_v WHERE center_id IN ('ql','cx','tw') AND isNotNull(wrapped_at) GROUP BY center_id ORDER BY center_id`,
    )
    expect(rows.map((r) => [r.center_id, Number(r.hold), Number(r.wrap), Number(r.n)])).toEqual([
      ['cx', 0, 0, 3],
      ['ql', 3, 3, 3],
      ['tw', 3, 0, 3],
    ])
  })
})

describe('records, bad input and idempotency', () => {
  it('summaries: accepted events, skipped records, rejected ones with reasons', () => {
    // queue_log: 25 lines; skipped QUEUESTART + RINGNOANSWER; rejected MADEUPEVENT, truncated, bad epoch.
    expect(first.ql).toMatchObject({ records: 25, skipped: 2, rejected: 3 })
    // events: ENTERQUEUE 6 (k5 re-enters after its transfer), CONNECT 4, COMPLETE/TRANSFER 4×2, exits 2, agent lines 4 (login, add, pause, unpause)
    expect(first.ql.events).toBe(6 + 4 + 4 * 2 + 2 + 4)
    expect(Object.keys(first.ql.reasons).sort()).toEqual(['bad epoch "…"', 'truncated line: 3 of at least 5 fields', 'unknown queue_log event MADEUPEVENT'].sort())
    // Connect: k1 k2 k5 → 4 events each (queued, answered, ended, wrapped); k3 k4 → 2; leg 2 → 3; agent events 2 + 1 heartbeat skipped.
    expect(first.cx).toMatchObject({ records: 9, events: 3 * 4 + 2 * 2 + 3 + 2, skipped: 1, rejected: 0 })
    // Twilio: 23 callbacks, task.created skipped, the transfer leg's queue entry skipped.
    expect(first.tw).toMatchObject({ records: 23, skipped: 2, rejected: 0, events: 21 })
  })

  it('rejected lines are kept in dead_letters with their reason', async () => {
    const rows = await queryRows<{ raw: string; reason: string }>(`SELECT raw, reason FROM dead_letters WHERE source = {s:String} ORDER BY raw`, { s: 'queue_log' })
    expect(rows.map((r) => r.raw).sort()).toEqual(queueLogLines.slice(-3).sort())
  })

  it('feeding everything a second time changes nothing (deterministic ids)', async () => {
    const before = await Promise.all(['ql', 'cx', 'tw'].map(kpisOf))
    await feedQueueLog()
    await feedConnect()
    await feedTwilio()
    const after = await Promise.all(['ql', 'cx', 'tw'].map(kpisOf))
    expect(after).toEqual(before)
    const [n] = await queryRows<{ n: string; u: string }>(`SELECT count() AS n, uniqExact(event_id) AS u FROM events FINAL WHERE center_id IN ('ql','cx','tw')`)
    expect(Number(n!.n)).toBe(Number(n!.u))
  })
})
