/**
 * Asterisk app_queue queue_log → v1 events (pure). One line:
 *   epoch|callid|queuename|agent|EVENT|data1|data2|data3|data4|data5
 * (FreePBX's realtime table holds the same fields as columns: time, callid, queuename, agent,
 * event, data1…data5 — see fromRealtimeRow). Epochs are UTC seconds. docs/connectors.md lists
 * what each event becomes and what queue_log does not carry.
 */
import type { Channel } from '../channel'
import type { PlateauEvent } from '@/lib/contract/events'
import { clip, events, iso, rejected, skipped, sourceId, type Mapped } from '../mapped'

export type QueueLogRecord = { epoch: number; callid: string; queue: string; agent: string; event: string; data: string[] }

export type QueueLogOptions = {
  center: string
  /** Asterisk queue name → Plateau queue id and channel (unknown queues keep their name, voice). */
  queues?: Record<string, { id?: string; channel?: Channel }>
}

/** Events that carry nothing for Plateau's KPIs: skipped (counted, not dead-lettered). */
const IGNORED = new Set(['QUEUESTART', 'CONFIGRELOAD', 'RINGNOANSWER', 'RINGCANCELED', 'DID', 'INFO', 'SYSCOMPAT', 'AGENTDUMP', 'ENTERQUEUE_DUP', 'REMOVEMEMBER_DUP', 'UPDATEFIELD'])

/** Parse one text line; null data fields are empty strings. */
export function parseLine(line: string): QueueLogRecord | { error: string } {
  const f = line.replace(/\r$/, '').split('|')
  if (f.length < 5) return { error: `truncated line: ${f.length} of at least 5 fields` }
  const [t, callid, queue, agent, event, ...data] = f as [string, string, string, string, string, ...string[]]
  if (!/^\d{9,11}(\.\d{1,6})?$/.test(t)) return { error: `bad epoch "${t.slice(0, 20)}"` }
  if (!/^[A-Z_]+$/.test(event)) return { error: `bad event name "${event.slice(0, 40)}"` }
  return { epoch: Number(t), callid, queue, agent, event, data }
}

/** A row of the FreePBX/Asterisk realtime queue_log table (time as epoch or 'YYYY-MM-DD hh:mm:ss' UTC). */
export function fromRealtimeRow(row: Record<string, unknown>): QueueLogRecord | { error: string } {
  const s = (k: string) => (row[k] == null ? '' : String(row[k]))
  const t = s('time')
  const ms = /^\d+(\.\d+)?$/.test(t) ? Number(t) * 1000 : Date.parse(t.replace(' ', 'T') + (/[zZ]|[+-]\d\d:?\d\d$/.test(t) ? '' : 'Z'))
  if (!Number.isFinite(ms)) return { error: `bad time "${t.slice(0, 30)}"` }
  // Older tables have one `data` column holding data1|data2|…
  const data = row.data1 !== undefined ? [1, 2, 3, 4, 5].map((i) => s(`data${i}`)) : s('data').split('|')
  return { epoch: ms / 1000, callid: s('callid'), queue: s('queuename'), agent: s('agent'), event: s('event'), data }
}

const num = (s: string | undefined): number | null => (s !== undefined && /^\d+(\.\d+)?$/.test(s) ? Number(s) : null)

/** One line's shared fields. Helpers below take it instead of closing over it: mapping runs once
 * per line of a bulk import, and per-call closures (named by tsx's keepNames) cost more than the mapping. */
type Line = { r: QueueLogRecord; ts: string; center_id: string; queue_id: string; contact_id: string; agent_id: string; channel: Channel | undefined }

// The identity of the line itself (not the file name): a rotated file re-read under its new name maps to the same ids.
const lineId = (L: Line, kind: string) => sourceId(`ql-${kind}`, L.center_id, L.r.epoch, L.r.callid, L.r.queue, L.r.agent, L.r.event)

function contact(L: Line, type: PlateauEvent['type'], fields: Record<string, unknown>, kind: string = type): PlateauEvent {
  return { v: 1, ts: L.ts, center_id: L.center_id, event_id: lineId(L, kind), type, contact_id: L.contact_id, ...fields } as PlateauEvent
}
function agentState(L: Line, state: string, reason?: string): Mapped {
  if (!L.r.agent) return rejected(`${L.r.event} without an agent`)
  return events({ v: 1, ts: L.ts, center_id: L.center_id, event_id: lineId(L, 'state'), type: 'agent.state', agent_id: L.agent_id, state, ...(reason ? { reason: reason.slice(0, 256) } : {}) } as PlateauEvent)
}
function needCall(L: Line): Mapped | null {
  return !L.r.callid || L.r.callid === 'NONE' ? rejected(`${L.r.event} without a call id`) : null
}
// Handled on COMPLETE*/TRANSFER: ended + wrapped at the same instant. queue_log logs neither hold
// nor after-call work: hold_s / wrap_s are omitted, stored as unknown ("no data", never 0).
function finished(L: Line, talk: number | null, transferred: boolean, how: string): Mapped {
  if (talk === null) return rejected(`${L.r.event}: call time missing or not a number`)
  return events(contact(L, 'contact.ended', { agent_id: L.agent_id, talk_s: talk, transferred, end: how }), contact(L, 'contact.wrapped', { agent_id: L.agent_id }))
}
function exit(L: Line, wait: string | undefined, why: string): Mapped {
  const w = num(wait)
  return needCall(L) ?? events(contact(L, 'contact.abandoned', { queue_id: L.queue_id, exit: why, ...(w !== null ? { wait_s: w } : {}) }))
}

export function mapQueueLog(r: QueueLogRecord, o: QueueLogOptions): Mapped {
  const q = o.queues?.[r.queue]
  const L: Line = {
    r,
    ts: iso(Math.round(r.epoch * 1000)),
    center_id: o.center,
    queue_id: clip(q?.id ?? (r.queue || 'NONE')),
    contact_id: clip(r.callid),
    agent_id: clip(r.agent || 'NONE'),
    channel: q?.channel,
  }
  switch (r.event) {
    case 'ENTERQUEUE': // data: url|callerid|position
      return (
        needCall(L) ??
        events(contact(L, 'contact.queued', { queue_id: L.queue_id, channel: L.channel ?? 'voice', direction: 'inbound', ...(r.data[1] ? { caller_id: r.data[1].slice(0, 64) } : {}) }))
      )
    case 'CONNECT': // data: holdtime|bridgedchanneluniqueid|ringtime
      return needCall(L) ?? events(contact(L, 'contact.answered', { queue_id: L.queue_id, agent_id: L.agent_id }))
    case 'COMPLETECALLER': // data: holdtime|calltime|origposition
    case 'COMPLETEAGENT':
      return needCall(L) ?? finished(L, num(r.data[1]), false, r.event === 'COMPLETECALLER' ? 'caller' : 'agent')
    case 'TRANSFER': // data: extension|context|holdtime|calltime|origposition
    case 'BLINDTRANSFER':
    case 'ATTENDEDTRANSFER': // data: method|data|holdtime|calltime|origposition
      return needCall(L) ?? finished(L, num(r.data[3]), true, r.event.toLowerCase())
    case 'ABANDON': // data: position|origposition|waittime
      return exit(L, r.data[2], 'abandon')
    case 'EXITWITHTIMEOUT': // data: position|origposition|waittime
      return exit(L, r.data[2], 'timeout')
    case 'EXITEMPTY': // data: position|origposition|waittime
      return exit(L, r.data[2], 'empty')
    case 'EXITWITHKEY': // data: key|position|origposition|waittime
      return exit(L, r.data[3], `key:${r.data[0] ?? ''}`)
    case 'AGENTLOGIN':
    case 'ADDMEMBER':
    case 'UNPAUSE':
    case 'UNPAUSEALL':
      return agentState(L, 'available')
    case 'AGENTLOGOFF':
    case 'REMOVEMEMBER':
      return agentState(L, 'offline')
    case 'PAUSE': // data: reason
    case 'PAUSEALL':
      return agentState(L, 'break', r.data[0] || undefined)
    default:
      return IGNORED.has(r.event) ? skipped(`${r.event} carries no KPI data`) : rejected(`unknown queue_log event ${r.event}`)
  }
}

/** One raw line → mapped result (parse + map). */
export function mapQueueLogLine(line: string, o: QueueLogOptions): Mapped {
  const p = parseLine(line)
  return 'error' in p ? rejected(p.error) : mapQueueLog(p, o)
}
