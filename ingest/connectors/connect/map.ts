/**
 * Amazon Connect → v1 events (pure): Contact Trace Records (one JSON record per line, as Kinesis
 * Data Streams / Firehose deliver them) and Agent Event Stream records. A CTR holds a whole
 * contact, so one CTR becomes several events, each id derived from ContactId + the field it
 * comes from. Transfer legs (InitiationMethod TRANSFER / QUEUE_TRANSFER) belong to the first
 * contact of the chain (InitialContactId), as the v1 contract wants one contact with legs.
 */
import type { Channel } from '../channel'
import type { PlateauEvent } from '@/lib/contract/events'
import { clip, events, iso, rejected, skipped, sourceId, type Mapped } from '../mapped'

type Obj = Record<string, unknown>
const obj = (v: unknown): Obj | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null)
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null)
const time = (v: unknown): number | null => {
  const s = str(v)
  if (!s) return null
  const t = Date.parse(s)
  return Number.isFinite(t) ? t : null
}
const secs = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0)
/** A duration the record may lack: omitted (unknown, "no data") rather than 0. */
const optSecs = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined)

const CHANNEL: Record<string, Channel> = { VOICE: 'voice', CHAT: 'chat', EMAIL: 'email' }
const TRANSFER_LEG = new Set(['TRANSFER', 'QUEUE_TRANSFER'])

export type ConnectOptions = { center: string; queues?: Record<string, { id?: string; channel?: Channel }> }

export function mapCtr(ctr: unknown, o: ConnectOptions): Mapped {
  const c = obj(ctr)
  const contactId = str(c?.ContactId)
  if (!c || !contactId) return rejected('CTR without ContactId')
  const method = String(c.InitiationMethod ?? 'INBOUND')
  const contact_id = clip(str(c.InitialContactId) ?? contactId)
  const center_id = o.center
  const queue = obj(c.Queue)
  const agent = obj(c.Agent)
  const qName = str(queue?.Name) ?? str(queue?.ARN)
  const q = qName ? o.queues?.[qName] : undefined
  // TASK has no v1 channel: a task counts when its queue is mapped to a channel in the source's
  // queue mapping (the center decides what its tasks are, e.g. email or mail); otherwise it is
  // kept in dead_letters rather than counted as something it is not.
  const channel = CHANNEL[String(c.Channel)] ?? q?.channel
  if (!channel) return rejected(`CTR channel ${String(c.Channel)} has no v1 channel (map its queue ${qName ?? '(none)'} to a channel in the source's queues)`)
  const queue_id = clip(q?.id ?? qName ?? 'NONE')
  const agent_id = clip(str(agent?.Username) ?? str(agent?.ARN) ?? 'NONE')
  const out: PlateauEvent[] = []
  const push = (field: string, ms: number, type: PlateauEvent['type'], fields: Obj) =>
    out.push({ v: 1, event_id: sourceId(`ctr-${field}`, center_id, contactId, field), type, ts: iso(ms), center_id, contact_id, ...fields } as PlateauEvent)

  const leg = TRANSFER_LEG.has(method)
  const enq = time(queue?.EnqueueTimestamp)
  const deq = time(queue?.DequeueTimestamp)
  const connected = time(agent?.ConnectedToAgentTimestamp)
  const disconnect = time(c.DisconnectTimestamp)
  const outbound = method === 'OUTBOUND'
  const direction = outbound ? 'outbound' : 'inbound'
  const queuedAt = enq ?? (outbound ? time(c.InitiationTimestamp) : null)

  if (queuedAt !== null && !leg) {
    push('Queue.EnqueueTimestamp', queuedAt, 'contact.queued', {
      queue_id, channel: q?.channel ?? channel, direction, initiation_method: method,
      ...(str(c.PreviousContactId) ? { previous_contact_id: str(c.PreviousContactId) } : {}),
    })
  }
  if (connected !== null && agent) {
    push('Agent.ConnectedToAgentTimestamp', connected, 'contact.answered', { queue_id, agent_id })
    const acwStart = time(agent.AfterContactWorkStartTimestamp)
    const acwEnd = time(agent.AfterContactWorkEndTimestamp)
    const transferred = !!str(c.NextContactId) || !!time(c.TransferCompletedTimestamp)
    const endedAt = acwStart ?? disconnect
    if (endedAt !== null) {
      push('Agent.AgentInteractionDuration', endedAt, 'contact.ended', {
        agent_id, talk_s: secs(agent.AgentInteractionDuration), hold_s: optSecs(agent.CustomerHoldDuration), transferred,
        ...(str(c.DisconnectReason) ? { disconnect_reason: str(c.DisconnectReason) } : {}),
      })
      push('Agent.AfterContactWorkDuration', acwEnd ?? endedAt, 'contact.wrapped', { agent_id, wrap_s: optSecs(agent.AfterContactWorkDuration) })
    }
  } else if (queuedAt !== null && !leg) {
    const at = deq ?? disconnect
    if (at === null) return rejected('CTR queued, never answered and without Dequeue/Disconnect timestamp')
    push('Queue.DequeueTimestamp', at, 'contact.abandoned', { queue_id, ...(str(c.DisconnectReason) ? { disconnect_reason: str(c.DisconnectReason) } : {}) })
  }
  return out.length ? events(...out) : skipped(`CTR ${method} without queue or agent (e.g. IVR-only)`)
}

/**
 * Agent Event Stream record → agent.state. The agent's status (Available, Offline, or a custom
 * not-routable status such as Lunch) and its contacts decide the state: a connected contact
 * → on_contact, a contact in after-contact work → wrap_up.
 */
export function mapAgentEvent(rec: unknown, o: ConnectOptions): Mapped {
  const r = obj(rec)
  const eventId = str(r?.EventId)
  const type = str(r?.EventType)
  const at = time(r?.EventTimestamp)
  if (!r || !eventId || !type || at === null) return rejected('agent event without EventId, EventType or EventTimestamp')
  if (type === 'HEART_BEAT') return skipped('HEART_BEAT carries no state change')
  const snap = obj(r.CurrentAgentSnapshot)
  const config = obj(snap?.Configuration)
  const agent_id = clip(str(config?.Username) ?? str(r.AgentARN) ?? '')
  if (!agent_id) return rejected('agent event without agent')
  const status = str(obj(snap?.AgentStatus)?.Name) ?? ''
  const contacts = Array.isArray(snap?.Contacts) ? (snap!.Contacts as unknown[]).map(obj) : []
  const cstate = (s: string) => contacts.some((c) => String(c?.State) === s)
  let state: string
  let reason: string | undefined
  if (type === 'LOGOUT' || status === 'Offline') state = 'offline'
  else if (cstate('CONNECTED') || cstate('CONNECTED_ONHOLD')) state = 'on_contact'
  else if (cstate('ENDED')) state = 'wrap_up'
  else if (status === 'Available' || type === 'LOGIN') state = 'available'
  else {
    state = 'break'
    reason = status || undefined
  }
  return events({
    v: 1, event_id: sourceId('cae', o.center, eventId), type: 'agent.state', ts: iso(at), center_id: o.center, agent_id, state,
    ...(reason ? { reason: reason.slice(0, 256) } : {}),
  } as PlateauEvent)
}

/** One JSON line (CTR or agent event, told apart by their fields). */
export function mapConnectLine(line: string, o: ConnectOptions): Mapped {
  let v: unknown
  try {
    v = JSON.parse(line)
  } catch (e) {
    return rejected(`invalid JSON: ${(e as Error).message}`)
  }
  const r = obj(v)
  if (r && 'ContactId' in r) return mapCtr(r, o)
  if (r && 'EventType' in r && 'EventId' in r) return mapAgentEvent(r, o)
  return rejected('neither a CTR (ContactId) nor an agent event (EventId, EventType)')
}
