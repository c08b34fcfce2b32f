/**
 * Forecast history from the store: offered queue contacts (inbound / unknown direction, as the
 * engine counts them) and handled contacts with their handle time, per queue × local day ×
 * local interval of one center, over contact facts (or contacts_v) — same SQL in embedded
 * and server modes, values only as typed placeholders.
 */
import 'server-only'
import { queryRows } from '../clickhouse'
import { contactFactsSelect } from '../queries/contactFactsSql'
import { FINAL_SETTINGS, QUEUE_CONTACT } from '../queries/queryContactComponents'
import { ensureContactFacts } from '../queries/refreshContactFacts'
import { Params } from '../queries/sql'
import type { ForecastInterval, HistoryCell } from './model'

export type HistoryRequest = {
  centerId: string
  tz: string
  /** Instants [from, to) of the history read (local-day aligned by the caller). */
  from: number
  to: number
  intervalMin: ForecastInterval
  queues?: readonly string[]
  source?: 'facts' | 'contacts_v'
  maxLagMs?: number
}

/**
 * historyStart: first local day with an offered contact within [from, to) — history before
 * `from` is not read (the model looks back no further than the window; a queue whose data
 * starts before it has at least the window's days of history).
 */
export type QueueHistory = { queueId: string; historyStart: string | null; cells: HistoryCell[] }

function factsSource(source: 'facts' | 'contacts_v'): string {
  return source === 'facts' ? 'contact_facts FINAL' : `(${contactFactsSelect('TRUE')})`
}

export async function queryForecastHistory(req: HistoryRequest): Promise<QueueHistory[]> {
  const source = req.source ?? 'facts'
  if (source === 'facts') await ensureContactFacts(req.maxLagMs ?? 1000)
  const settings = source === 'facts' ? FINAL_SETTINGS : ''
  const p = new Params()
  const tz = p.str(req.tz)
  const local = `toTimeZone(ts, ${tz})`
  const conds = [`center_id = ${p.str(req.centerId)}`, `queue_id != ''`]
  if (req.queues) conds.push(`queue_id IN ${p.strs(req.queues)}`)
  const offered = `kind = 'offered' AND ${QUEUE_CONTACT}`
  const sql = `
SELECT queue_id, toString(toDate(${local})) AS d,
       intDiv(toHour(${local}) * 60 + toMinute(${local}), ${p.int(req.intervalMin)}) AS slot,
       countIf(${offered}) AS offered,
       countIf(kind = 'handled') AS handled,
       sumIf(talk_s + hold_s + wrap_s, kind = 'handled') AS handle_s,
       countIf(${offered} AND isNull(answered_at) AND isNotNull(abandoned_at)) AS abandoned,
       sumIf(greatest(0, dateDiff('millisecond', ts, assumeNotNull(coalesce(answered_at, abandoned_at)))) / 1000,
             ${offered} AND isNotNull(coalesce(answered_at, abandoned_at))) AS wait_s
FROM ${factsSource(source)}
WHERE ${conds.join(' AND ')} AND ts >= fromUnixTimestamp64Milli(${p.int(req.from)}, 'UTC') AND ts < fromUnixTimestamp64Milli(${p.int(req.to)}, 'UTC')
GROUP BY queue_id, d, slot
ORDER BY queue_id, d, slot
${settings}`
  type Row = { queue_id: string; d: string; slot: string | number; offered: string | number; handled: string | number; handle_s: string | number; abandoned: string | number; wait_s: string | number }
  const rows = await queryRows<Row>(sql, p.values)
  const byQueue = new Map<string, QueueHistory>()
  for (const r of rows) {
    let q = byQueue.get(r.queue_id)
    if (!q) byQueue.set(r.queue_id, (q = { queueId: r.queue_id, historyStart: null, cells: [] }))
    const offered = Number(r.offered)
    if (offered > 0 && (q.historyStart === null || r.d < q.historyStart)) q.historyStart = r.d
    q.cells.push({ date: r.d, slot: Number(r.slot), offered, handled: Number(r.handled), handleS: Number(r.handle_s), abandoned: Number(r.abandoned), waitS: Number(r.wait_s) })
  }
  return [...byQueue.values()].sort((a, b) => a.queueId.localeCompare(b.queueId))
}
