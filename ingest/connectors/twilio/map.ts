/**
 * Twilio TaskRouter event callbacks → v1 events. Each callback is one form-encoded POST; its
 * event Sid (EV…) makes the event id, so a retried delivery is counted once. Talk and wrap-up
 * times are not in the callbacks: they are the time between reservation.accepted and
 * task.wrapup, and between task.wrapup and task.completed, so the mapper keeps those instants
 * per task (TwilioMapper, bounded memory). After a restart between two of a task's callbacks
 * the missing duration is 0 and flagged in `extra` (docs/connectors.md).
 */
import type { Channel } from '../channel'
import type { PlateauEvent } from '@/lib/contract/events'
import { clip, events, iso, rejected, skipped, sourceId, type Mapped } from '../mapped'

export type TwilioParams = Record<string, string>
export type TwilioOptions = { center: string; queues?: Record<string, { id?: string; channel?: Channel }> }

const CHANNEL: Record<string, Channel> = { voice: 'voice', chat: 'chat', sms: 'sms', email: 'email', default: 'voice' }
const SKIP = /^(task\.(updated|queue\.(left|moved|timeout)|transfer\.\w+|deleted|system-deleted)|reservation\.(created|rejected|timeout|canceled|rescinded|completed|wrapup)|workflow\.\w+|task-queue\.\w+|worker\.(created|deleted|attributes\.update|capacity\.update|channel\.availability\.update))$/

function attributes(p: TwilioParams): Record<string, unknown> {
  try {
    const v = JSON.parse(p.TaskAttributes || '{}')
    return v && typeof v === 'object' ? v : {}
  } catch {
    return {}
  }
}

function workerState(activity: string): { state: string; reason?: string } {
  const a = activity.toLowerCase()
  if (a === 'available' || a === 'idle') return { state: 'available' }
  if (a === 'offline') return { state: 'offline' }
  return { state: 'break', reason: activity }
}

export class TwilioMapper {
  private accepted = new Map<string, number>()
  private wrapped = new Map<string, number>()
  constructor(private readonly maxTasks = 200_000) {}

  private remember(m: Map<string, number>, k: string, v: number) {
    if (m.size >= this.maxTasks) m.delete(m.keys().next().value!)
    m.set(k, v)
  }

  map(p: TwilioParams, o: TwilioOptions): Mapped {
    const type = p.EventType
    const sid = p.Sid || p.EventSid
    if (!type || !sid) return rejected('callback without EventType or Sid')
    const ms = p.TimestampMs ? Number(p.TimestampMs) : Number(p.Timestamp) * 1000
    if (!Number.isFinite(ms) || ms <= 0) return rejected(`bad Timestamp "${p.Timestamp ?? ''}"`)
    const center_id = o.center
    const base = { v: 1 as const, event_id: sourceId('tw', center_id, sid), ts: iso(ms), center_id }
    if (type === 'worker.activity.update') {
      const agent_id = clip(p.WorkerName || p.WorkerSid || '')
      if (!agent_id) return rejected('worker.activity.update without worker')
      const s = workerState(p.WorkerActivityName || '')
      return events({ ...base, type: 'agent.state', agent_id, ...s, ...(s.reason ? { reason: s.reason.slice(0, 256) } : {}) } as PlateauEvent)
    }
    if (SKIP.test(type) || type === 'task.created') return skipped(`${type} carries no KPI data (the contact is queued at task.queue.entered)`)
    if (!type.startsWith('task.') && type !== 'reservation.accepted') return rejected(`unknown TaskRouter event ${type}`)
    const task = p.TaskSid
    if (!task) return rejected(`${type} without TaskSid`)
    const attrs = attributes(p)
    const conv = (attrs.conversations as Record<string, unknown> | undefined)?.conversation_id
    const contact_id = clip(typeof conv === 'string' && conv ? conv : task)
    const qName = p.TaskQueueName || p.TaskQueueSid || ''
    const q = o.queues?.[qName]
    const queue_id = clip(q?.id ?? (qName || 'NONE'))
    const agent_id = clip(p.WorkerName || p.WorkerSid || 'NONE')
    const c = { ...base, contact_id }
    switch (type) {
      case 'task.queue.entered': {
        if (attrs.transferTargetType) return skipped('transfer leg: the contact was queued once, at its first task')
        const direction = attrs.direction === 'outbound' ? 'outbound' : 'inbound'
        return events({ ...c, type: 'contact.queued', queue_id, channel: q?.channel ?? CHANNEL[p.TaskChannelUniqueName ?? 'default'] ?? 'voice', direction } as PlateauEvent)
      }
      case 'reservation.accepted':
        this.remember(this.accepted, task, ms)
        return events({ ...c, type: 'contact.answered', queue_id, agent_id } as PlateauEvent)
      case 'task.canceled':
        return events({ ...c, type: 'contact.abandoned', queue_id, ...(p.TaskCanceledReason ? { canceled_reason: p.TaskCanceledReason.slice(0, 256) } : {}) } as PlateauEvent)
      case 'task.wrapup': {
        const from = this.accepted.get(task)
        this.remember(this.wrapped, task, ms)
        return events({
          // TaskRouter records no hold time: hold_s omitted (unknown, inside talk).
          ...c, type: 'contact.ended', agent_id,
          talk_s: from !== undefined ? Math.max(0, (ms - from) / 1000) : 0, ...(from === undefined ? { talk_logged: false } : {}),
          transferred: !!attrs.transferred || !!attrs.transferTargetType,
        } as PlateauEvent)
      }
      case 'task.completed': {
        const from = this.wrapped.get(task)
        this.accepted.delete(task)
        this.wrapped.delete(task)
        return events({
          ...c, type: 'contact.wrapped', agent_id, ...(from !== undefined ? { wrap_s: Math.max(0, (ms - from) / 1000) } : {}),
        } as PlateauEvent)
      }
      default:
        return skipped(`${type} carries no KPI data`)
    }
  }
}
