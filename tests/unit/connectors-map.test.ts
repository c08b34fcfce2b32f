import { describe, expect, it } from 'vitest'
import { createHmac } from 'node:crypto'
import { fromRealtimeRow, mapQueueLog, mapQueueLogLine } from '@/ingest/connectors/queue-log/map'
import { mapAgentEvent, mapCtr } from '@/ingest/connectors/connect/map'
import { TwilioMapper } from '@/ingest/connectors/twilio/map'
import { twilioSignature, validTwilioSignature } from '@/ingest/connectors/twilio/signature'

const o = { center: 'c1' }

describe('queue_log mapper', () => {
  it('PAUSE keeps its reason; UNPAUSE and ADDMEMBER make the agent available', () => {
    const p = mapQueueLogLine('1762765200|NONE|sales|SIP/alice|PAUSE|Lunch', o)
    expect(p.kind === 'events' && p.events[0]).toMatchObject({ type: 'agent.state', agent_id: 'SIP/alice', state: 'break', reason: 'Lunch', ts: '2025-11-10T09:00:00.000Z' })
    const u = mapQueueLogLine('1762765300|NONE|NONE|SIP/alice|UNPAUSEALL|', o)
    expect(u.kind === 'events' && u.events[0]).toMatchObject({ state: 'available' })
  })
  it('the same line gives the same ids; another line other ids', () => {
    const a = mapQueueLogLine('1762765200|k1|sales|SIP/a|CONNECT|5|x|1', o)
    const b = mapQueueLogLine('1762765200|k1|sales|SIP/a|CONNECT|5|x|1', o)
    const c = mapQueueLogLine('1762765201|k1|sales|SIP/a|CONNECT|5|x|1', o)
    const id = (m: typeof a) => (m.kind === 'events' ? m.events[0]!.event_id : '')
    expect(id(a)).toBe(id(b))
    expect(id(a)).not.toBe(id(c))
  })
  it('queue mapping from configuration; unknown queues keep their name', () => {
    const m = mapQueueLogLine('1762765200|k1|q-700||ENTERQUEUE||0600|1', { center: 'c1', queues: { 'q-700': { id: 'support', channel: 'voice' } } })
    expect(m.kind === 'events' && m.events[0]).toMatchObject({ queue_id: 'support' })
    const n = mapQueueLogLine('1762765200|k1|other||ENTERQUEUE||0600|1', o)
    expect(n.kind === 'events' && n.events[0]).toMatchObject({ queue_id: 'other' })
  })
  it('EXITWITHKEY reads its wait from data4; bad call time is rejected', () => {
    const k = mapQueueLogLine('1762765200|k1|sales||EXITWITHKEY|5|1|1|33', o)
    expect(k.kind === 'events' && k.events[0]).toMatchObject({ type: 'contact.abandoned', exit: 'key:5', wait_s: 33 })
    expect(mapQueueLogLine('1762765200|k1|sales|SIP/a|COMPLETECALLER|5|abc|1', o).kind).toBe('rejected')
  })
  it('FreePBX realtime rows (time as DATETIME UTC, data1…data5 columns)', () => {
    const r = fromRealtimeRow({ time: '2025-11-10 09:00:00', callid: 'k1', queuename: 'sales', agent: 'SIP/a', event: 'COMPLETEAGENT', data1: '5', data2: '120', data3: '1', data4: '', data5: '' })
    expect('error' in r).toBe(false)
    const m = mapQueueLog(r as Exclude<typeof r, { error: string }>, o)
    expect(m.kind === 'events' && m.events.map((e) => e.type)).toEqual(['contact.ended', 'contact.wrapped'])
    expect(m.kind === 'events' && m.events[0]).toMatchObject({ talk_s: 120, ts: '2025-11-10T09:00:00.000Z' })
    // queue_log logs neither hold nor after-call work: omitted (unknown), never 0
    expect(m.kind === 'events' && m.events.map((e) => ('hold_s' in e ? e.hold_s : 'none') ?? 'none')).toEqual(['none', 'none'])
    expect(m.kind === 'events' && m.events.some((e) => 'wrap_s' in e)).toBe(false)
  })
})

describe('Amazon Connect mapper', () => {
  it('a TASK CTR has no v1 channel: rejected (kept in dead letters) unless its queue is mapped to a channel', () => {
    const task = { ContactId: 'x', Channel: 'TASK', Queue: { Name: 'claims', EnqueueTimestamp: '2025-11-10T09:00:00.000Z', DequeueTimestamp: '2025-11-10T09:00:30.000Z' } }
    expect(mapCtr(task, o)).toMatchObject({ kind: 'rejected' })
    const m = mapCtr(task, { center: 'c1', queues: { claims: { id: 'claims', channel: 'mail' } } })
    expect(m.kind === 'events' && m.events.map((e) => e.type)).toEqual(['contact.queued', 'contact.abandoned'])
    expect(m.kind === 'events' && m.events[0]).toMatchObject({ channel: 'mail', queue_id: 'claims' })
  })
  it('a CTR without CustomerHoldDuration / AfterContactWorkDuration leaves them unknown (omitted), not 0', () => {
    const m = mapCtr({ ContactId: 'y', Channel: 'CHAT', Queue: { Name: 'q', EnqueueTimestamp: '2025-11-10T09:00:00.000Z' },
      Agent: { Username: 'al', ConnectedToAgentTimestamp: '2025-11-10T09:00:10.000Z', AgentInteractionDuration: 60 }, DisconnectTimestamp: '2025-11-10T09:01:10.000Z' }, o)
    const ended = m.kind === 'events' ? m.events.find((e) => e.type === 'contact.ended') : undefined
    const wrapped = m.kind === 'events' ? m.events.find((e) => e.type === 'contact.wrapped') : undefined
    expect(ended).toMatchObject({ talk_s: 60 })
    expect(ended && 'hold_s' in ended && ended.hold_s !== undefined).toBe(false)
    expect(wrapped && 'wrap_s' in wrapped && wrapped.wrap_s !== undefined).toBe(false)
  })
  it('a custom agent status becomes break with the status name', () => {
    const m = mapAgentEvent({ EventId: 'e', EventType: 'STATE_CHANGE', EventTimestamp: '2025-11-10T09:00:00.000Z', CurrentAgentSnapshot: { Configuration: { Username: 'al' }, AgentStatus: { Name: 'Training' }, Contacts: [] } }, o)
    expect(m.kind === 'events' && m.events[0]).toMatchObject({ state: 'break', reason: 'Training' })
    const w = mapAgentEvent({ EventId: 'f', EventType: 'STATE_CHANGE', EventTimestamp: '2025-11-10T09:00:00.000Z', CurrentAgentSnapshot: { Configuration: { Username: 'al' }, AgentStatus: { Name: 'Available' }, Contacts: [{ State: 'ENDED' }] } }, o)
    expect(w.kind === 'events' && w.events[0]).toMatchObject({ state: 'wrap_up' })
  })
})

describe('Twilio', () => {
  it('a retried callback (same Sid) maps to the same event id', () => {
    const p = { Sid: 'EV1', EventType: 'task.canceled', Timestamp: '1762765200', TaskSid: 'WT1', TaskQueueName: 'sales' }
    const a = new TwilioMapper().map(p, o)
    const b = new TwilioMapper().map(p, o)
    expect(a).toEqual(b)
  })
  it('X-Twilio-Signature: HMAC-SHA1 over URL + sorted name/value pairs, base64', () => {
    const url = 'https://plateau.example/api/connectors/twilio/c1'
    const params = { To: '+33', CallSid: 'CA1', Body: 'é' }
    const byHand = createHmac('sha1', 'tok').update(url + 'Body' + 'é' + 'CallSid' + 'CA1' + 'To' + '+33').digest('base64')
    expect(twilioSignature('tok', url, params)).toBe(byHand)
    expect(validTwilioSignature('tok', byHand, url, params)).toBe(true)
    expect(validTwilioSignature('tok', byHand, url, { ...params, To: '+34' })).toBe(false)
    expect(validTwilioSignature('other', byHand, url, params)).toBe(false)
    expect(validTwilioSignature('tok', null, url, params)).toBe(false)
  })
})
