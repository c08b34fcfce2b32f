/**
 * The simulator's traffic as an Asterisk queue_log: v1 events → the lines app_queue would have
 * written for the same calls (epochs with millisecond decimals, as queue_log allows), so a demo
 * center can be fed through the queue_log connector and compared with the same traffic sent as
 * v1 events. What queue_log cannot say is dropped here as on a real PBX: hold time (inside the
 * calltime), after-call work, surveys, outcomes, and the on-contact / wrap-up agent states.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { PlateauEvent } from '../lib/contract/events'

type Call = { queue: string; queuedMs: number | null }

export class QueueLogWriter {
  private readonly calls = new Map<string, Call>()
  constructor(readonly center: string) {}

  /** The queue_log lines (without newline) for one event of this writer's center; [] for others. */
  lines(e: PlateauEvent): string[] {
    if (e.center_id !== this.center) return []
    const ms = Date.parse(e.ts)
    const ep = (ms / 1000).toFixed(3)
    const field = (s: string) => s.replace(/[|\r\n]/g, '_')
    if (e.type === 'agent.state') {
      const a = field(e.agent_id)
      if (e.state === 'available') return [`${ep}|NONE|NONE|${a}|UNPAUSE|`]
      if (e.state === 'offline') return [`${ep}|NONE|NONE|${a}|AGENTLOGOFF|`]
      if (e.state === 'on_contact' || e.state === 'wrap_up') return [] // queue_log has no such state
      return [`${ep}|NONE|NONE|${a}|PAUSE|${field(e.reason ?? e.state)}`]
    }
    const cid = field(e.contact_id)
    const call = this.calls.get(cid)
    switch (e.type) {
      case 'contact.queued': {
        if (!call) this.calls.set(cid, { queue: field(e.queue_id), queuedMs: ms })
        return [`${ep}|${cid}|${field(e.queue_id)}|NONE|ENTERQUEUE||${field(e.customer_id ?? '')}|1`]
      }
      case 'contact.answered': {
        const wait = call?.queuedMs != null ? Math.max(0, Math.round((ms - call.queuedMs) / 1000)) : 0
        if (!call) this.calls.set(cid, { queue: field(e.queue_id), queuedMs: null })
        return [`${ep}|${cid}|${field(e.queue_id)}|${field(e.agent_id)}|CONNECT|${wait}|${cid}-b|1`]
      }
      case 'contact.abandoned': {
        const wait = call?.queuedMs != null ? Math.max(0, Math.round((ms - call.queuedMs) / 1000)) : 0
        this.calls.delete(cid)
        return [`${ep}|${cid}|${field(e.queue_id)}|NONE|ABANDON|1|1|${wait}`]
      }
      case 'contact.ended': {
        // The calltime app_queue logs runs from CONNECT to hang-up: talk and hold together.
        const calltime = (e.talk_s + (e.hold_s ?? 0)).toFixed(3)
        const q = call?.queue ?? 'NONE'
        if (!e.transferred) this.calls.delete(cid)
        return e.transferred
          ? [`${ep}|${cid}|${q}|${field(e.agent_id)}|BLINDTRANSFER|transfer|from-queue|0|${calltime}|1`]
          : [`${ep}|${cid}|${q}|${field(e.agent_id)}|COMPLETEAGENT|0|${calltime}|1`]
      }
      default:
        return [] // contact.wrapped, survey.completed: not in queue_log
    }
  }
}

/** Appends one center's events to a queue_log file, as the PBX would (the connector follows it). */
export class QueueLogFileSink {
  private readonly writer: QueueLogWriter
  constructor(center: string, readonly file: string) {
    this.writer = new QueueLogWriter(center)
    fs.mkdirSync(path.dirname(file), { recursive: true })
  }
  /** Writes this center's events; returns the others (to send as v1 events). */
  take(events: PlateauEvent[]): PlateauEvent[] {
    const rest: PlateauEvent[] = []
    let text = ''
    for (const e of events) {
      const l = this.writer.lines(e)
      if (e.center_id === this.writer.center) for (const x of l) text += x + '\n'
      else rest.push(e)
    }
    if (text) fs.appendFileSync(this.file, text)
    return rest
  }
}
