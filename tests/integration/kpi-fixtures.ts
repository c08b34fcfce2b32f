/**
 * Shared set-up for the KPI integration tests: a fresh embedded ClickHouse (PLATEAU_DATA_DIR
 * set before lib/clickhouse is imported), migrations applied, a test configuration, and
 * terse event builders. Events go through the real ingest path: eventLine + insertBatch.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { PlateauEvent } from '@/lib/contract/events'

export async function kpiStore(configYaml: string): Promise<void> {
  process.env.PLATEAU_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-kpi-'))
  process.env.PLATEAU_FACTS_REFRESH_MS = '0'
  delete process.env.CLICKHOUSE_URL
  const { migrate } = await import('@/lib/migrate')
  await migrate()
  const { setConfigOverride } = await import('@/lib/config')
  setConfigOverride(configYaml)
}

let seq = 0
type Extra = Record<string, unknown>

/** One event; `ts` is an ISO instant. event_id defaults to a fresh id. */
export function ev(type: PlateauEvent['type'], center_id: string, ts: string, fields: Extra = {}): PlateauEvent {
  return { v: 1, type, center_id, ts, event_id: `e${++seq}`, ...fields } as PlateauEvent
}

/** Insert events as the pipeline does (validated rows, one batch). */
export async function insert(events: PlateauEvent[]): Promise<void> {
  const { eventLine } = await import('@/ingest/rows')
  const { insertBatch } = await import('@/ingest/sink')
  await insertBatch({ events: events.map((e) => eventLine(e, Date.now())), deadLetters: [] })
}

/** Local Paris wall time on a day → ISO instant (UTC+1 in November, as the tests use). */
export const paris = (day: string, hms: string, offset = '+01:00') => `${day}T${hms}${hms.length === 8 ? '.000' : ''}${offset}`

/** A complete answered contact: queued → answered → ended → wrapped (ISO instants). */
export function answeredContact(
  center: string,
  id: string,
  o: {
    queue: string
    channel?: string
    direction?: 'inbound' | 'outbound'
    queued: string
    answered: string
    agent: string
    ended: string
    talk: number
    hold: number
    wrapped: string
    wrap: number
    resolved?: boolean
    outcome?: string
    revenue?: number
    transferred?: boolean
  },
): PlateauEvent[] {
  return [
    ev('contact.queued', center, o.queued, { contact_id: id, queue_id: o.queue, channel: o.channel ?? 'voice', direction: o.direction ?? 'inbound' }),
    ev('contact.answered', center, o.answered, { contact_id: id, queue_id: o.queue, agent_id: o.agent }),
    ev('contact.ended', center, o.ended, { contact_id: id, agent_id: o.agent, talk_s: o.talk, hold_s: o.hold, transferred: o.transferred }),
    ev('contact.wrapped', center, o.wrapped, {
      contact_id: id,
      agent_id: o.agent,
      wrap_s: o.wrap,
      resolved: o.resolved,
      outcome: o.outcome,
      revenue: o.revenue,
    }),
  ]
}

/** Agent state changes: [[iso, state], ...]. */
export function states(center: string, agent: string, changes: Array<[string, string]>): PlateauEvent[] {
  return changes.map(([ts, state]) => ev('agent.state', center, ts, { agent_id: agent, state }))
}

/** KPI values of a report row by key. */
export function values(row: { kpis: Array<{ key: string; value: number | null }> } | undefined): Record<string, number | null> {
  if (!row) throw new Error('no such row')
  return Object.fromEntries(row.kpis.map((k) => [k.key, k.value]))
}
