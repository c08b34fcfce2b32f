/**
 * Row-level export: every contact of a drill-down set (the same sets and conditions as
 * listContacts, the paginated drill-down), as an async iterator of rows — for CSV files of a
 * million rows without holding them in memory.
 *
 *   for await (const row of streamContacts({ window, set: 'abandoned', filters }, allowedCenters)) …
 *
 * Paging by key, not by OFFSET: rows come in (ts, center_id, contact_id, sub_id) order, each
 * page asks for the rows after the last key seen, inside a time slice that adapts to the data
 * density, so every query reads a bounded number of rows and memory stays flat in both store
 * modes (embedded chdb returns whole results, so a single streamed query would not be).
 *
 * The set conditions and filters are listContacts' (lib/queries/contactSets.ts, dimFilterWhere in
 * plan.ts); tests/integration/reports.test.ts checks both return the same contacts for every set.
 */
import { queryRows } from '../clickhouse'
import { getConfig } from '../config'
import type { DrillSet } from '../kpi/definitions'
import { CONTACT_SETS } from './contactSets'
import { centerWhere, dimFilterWhere, makePlan, planSpan, windowWhere } from './plan'
import { factsFrom, FINAL_SETTINGS, outcomeColumns } from './queryContactComponents'
import { ensureContactFacts } from './refreshContactFacts'
import { resolveCenters, type KpiFilters } from './scope'
import { Params } from './sql'
import type { WindowSpec } from './window'

export type StreamContactsRequest = {
  window: WindowSpec
  set: DrillSet
  filters?: KpiFilters
  now?: number
  maxLagMs?: number
  /** Rows per query (default 5 000). */
  pageSize?: number
  /** Stop after this many rows (default: no limit). */
  limit?: number
}

export type StreamedContact = {
  centerId: string
  contactId: string
  subId: string
  queueId: string
  channel: string
  direction: string
  agentId: string
  /** Epoch ms of the timestamp that put the contact in the set. */
  at: number
  queuedAt: number | null
  answeredAt: number | null
  abandonedAt: number | null
  wrappedAt: number | null
  waitS: number | null
  talkS: number
  holdS: number
  acwS: number
  transferred: boolean
  resolved: boolean | null
  lead: boolean
  sale: boolean
  retentionSave: boolean
  revenue: number
  csat: number | null
  nps: number | null
  surveyResolved: boolean | null
}

type Raw = Record<string, string | number | null>

const DAY = 86_400_000
const chMs = (v: unknown) => (v === null || v === undefined ? null : Date.parse(String(v).replace(' ', 'T') + 'Z'))
const bool = (v: unknown) => (v === null || v === undefined ? null : Number(v) === 1)

function toRow(r: Raw): StreamedContact {
  return {
    centerId: String(r.center_id),
    contactId: String(r.contact_id),
    subId: String(r.sub_id),
    queueId: String(r.queue_id),
    channel: String(r.channel),
    direction: String(r.direction),
    agentId: String(r.agent_id),
    at: Number(r.ts_ms),
    queuedAt: chMs(r.queued_at),
    answeredAt: chMs(r.answered_at),
    abandonedAt: chMs(r.abandoned_at),
    wrappedAt: chMs(r.wrapped_at),
    waitS: r.wait_ms === null ? null : Number(r.wait_ms) / 1000,
    talkS: Number(r.talk_s),
    holdS: Number(r.hold_s),
    acwS: Number(r.wrap_s),
    transferred: Number(r.transferred) === 1,
    resolved: bool(r.resolved),
    lead: Number(r.lead) === 1,
    sale: Number(r.sale) === 1,
    retentionSave: Number(r.retention_save) === 1,
    revenue: Number(r.revenue),
    csat: r.csat === null ? null : Number(r.csat),
    nps: r.nps === null ? null : Number(r.nps),
    surveyResolved: bool(r.survey_resolved),
  }
}

export async function* streamContacts(req: StreamContactsRequest, allowedCenters: string[] | null): AsyncGenerator<StreamedContact> {
  const filters = req.filters ?? {}
  const centers = resolveCenters(filters, allowedCenters)
  if (centers && centers.length === 0) return
  const now = req.now ?? Date.now()
  const plan = makePlan({ centers, window: req.window, now, dims: [], bucket: null })
  await ensureContactFacts(req.maxLagMs ?? 1000)
  const set = CONTACT_SETS[req.set]
  const pageSize = Math.max(100, Math.min(50_000, req.pageSize ?? 5000))
  const limit = req.limit ?? Infinity
  let { from, to } = planSpan(plan)
  if (req.set === 'waiting_now') {
    from = now - getConfig().raw.defaults.waitingLookbackHours * 3_600_000
    to = now
  }
  to = Math.min(to, now)

  // Cursor: (ts ms, center, contact, sub) of the last row sent; slices of [sliceFrom, sliceTo).
  let cursor: { ts: number; center: string; contact: string; sub: string } | null = null
  let sliceFrom = from
  let slice = DAY
  let sent = 0
  while (sliceFrom < to && sent < limit) {
    const sliceTo = Math.min(to, sliceFrom + slice)
    const p = new Params()
    const conds = [`kind = ${p.str(set.kind)}`, `ts >= ${p.ts(sliceFrom)}`, `ts < ${p.ts(sliceTo)}`]
    conds.push(req.set === 'waiting_now' ? centerWhere(plan, p) : windowWhere(plan, p))
    conds.push(...dimFilterWhere(filters, p))
    if (cursor) {
      conds.push(
        `(toUnixTimestamp64Milli(ts), toString(center_id), contact_id, sub_id) > (${p.int(cursor.ts)}, ${p.str(cursor.center)}, ${p.str(cursor.contact)}, ${p.str(cursor.sub)})`,
      )
    }
    const n = Math.min(pageSize, limit - sent)
    const rows = await queryRows<Raw>(
      `SELECT center_id, contact_id, sub_id, queue_id, channel, direction, agent_id, toUnixTimestamp64Milli(ts) AS ts_ms,
              queued_at, answered_at, abandoned_at, wrapped_at,
              if(isNull(queued_at), NULL, wait_ms) AS wait_ms, talk_s, hold_s, wrap_s, transferred, resolved, lead, sale, retention_save,
              revenue, csat, nps, survey_resolved
       FROM (SELECT *, ${outcomeColumns(plan, p)} FROM ${factsFrom(plan)} WHERE ${conds.join(' AND ')})
       WHERE ${set.where}
       ORDER BY ts_ms, toString(center_id), contact_id, sub_id
       LIMIT ${p.int(n)}
       ${FINAL_SETTINGS}`,
      p.values,
    )
    for (const r of rows) {
      yield toRow(r)
      sent++
    }
    if (rows.length === n && sent < limit) {
      const last = rows[rows.length - 1]!
      cursor = { ts: Number(last.ts_ms), center: String(last.center_id), contact: String(last.contact_id), sub: String(last.sub_id) }
      // A full page: the slice is dense; keep it (continue after the cursor), shrink it for the next one.
      slice = Math.max(60_000, Math.floor(slice / 2))
      sliceFrom = cursor.ts
      continue
    }
    // Slice exhausted: move on, widen the next slice when this one was sparse.
    cursor = null
    sliceFrom = sliceTo
    if (rows.length < n / 4) slice = Math.min(31 * DAY, slice * 2)
  }
}
