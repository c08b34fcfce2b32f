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
import 'server-only'
import { queryRows } from '../clickhouse'
import type { DrillSet } from '../kpi/definitions'
import { CONTACT_ROW_COLUMNS, contactRow, setConditions, setRowsFrom, setSpan, type ContactRow, type RawContactRow } from './contactRows'
import { makePlan } from './plan'
import { FINAL_SETTINGS } from './queryContactComponents'
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

const DAY = 86_400_000

/** A streamed contact: the row-level shape of ./contactRows. */
export type StreamedContact = ContactRow

export async function* streamContacts(req: StreamContactsRequest, allowedCenters: string[] | null): AsyncGenerator<StreamedContact> {
  const filters = req.filters ?? {}
  const centers = resolveCenters(filters, allowedCenters)
  if (centers && centers.length === 0) return
  const now = req.now ?? Date.now()
  const plan = makePlan({ centers, window: req.window, now, dims: [], bucket: null })
  await ensureContactFacts(req.maxLagMs ?? 1000)
  const pageSize = Math.max(100, Math.min(50_000, req.pageSize ?? 5000))
  const limit = req.limit ?? Infinity
  const { from, to } = setSpan(plan, req.set)

  // Cursor: (ts ms, center, contact, sub) of the last row sent; slices of [sliceFrom, sliceTo).
  let cursor: { ts: number; center: string; contact: string; sub: string } | null = null
  let sliceFrom = from
  let slice = DAY
  let sent = 0
  while (sliceFrom < to && sent < limit) {
    const sliceTo = Math.min(to, sliceFrom + slice)
    const p = new Params()
    const conds = [...setConditions(plan, req.set, filters, p), `ts >= ${p.ts(sliceFrom)}`, `ts < ${p.ts(sliceTo)}`]
    if (cursor) {
      conds.push(
        `(toUnixTimestamp64Milli(ts), toString(center_id), contact_id, sub_id) > (${p.int(cursor.ts)}, ${p.str(cursor.center)}, ${p.str(cursor.contact)}, ${p.str(cursor.sub)})`,
      )
    }
    const n = Math.min(pageSize, limit - sent)
    const rows = await queryRows<RawContactRow>(
      `SELECT ${CONTACT_ROW_COLUMNS}
       FROM ${setRowsFrom(plan, req.set, conds, p)}
       ORDER BY ts_ms, toString(center_id), contact_id, sub_id
       LIMIT ${p.int(n)}
       ${FINAL_SETTINGS}`,
      p.values,
    )
    for (const r of rows) {
      yield contactRow(r)
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
