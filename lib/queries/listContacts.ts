/**
 * Drill-down: the contacts behind a figure (e.g. the abandoned contacts of the window),
 * paginated, with their timestamps, queue wait and handling figures. The contact sets match
 * the KPI definitions (DrillSet in lib/kpi/definitions; each KPI names its `drill`); their conditions
 * are in ./contactSets, the SQL they share with streamContacts in ./contactRows.
 *
 *   listContacts({ window: { kind: 'today' }, set: 'abandoned', filters: { centers: ['paris-sales'] } }, allowedCenters)
 */
import 'server-only'
import { queryRows } from '../clickhouse'
import { getConfig } from '../config'
import type { DrillSet } from '../kpi/definitions'
import { CONTACT_ROW_COLUMNS, contactRow, setConditions, setRowsFrom, type RawContactRow } from './contactRows'
import type { ContactList } from './contactSets'
import { makePlan } from './plan'
import { FINAL_SETTINGS } from './queryContactComponents'
import { ensureContactFacts } from './refreshContactFacts'
import { resolveCenters, type KpiFilters } from './scope'
import { Params } from './sql'
import type { WindowSpec } from './window'

export type ContactListRequest = {
  window: WindowSpec
  set: DrillSet
  filters?: KpiFilters
  /** 1-based. */
  page?: number
  /** Default 50, at most 500. */
  pageSize?: number
  /** 'time': by the set's timestamp, oldest first (default); 'wait': longest queue wait first. */
  sort?: 'time' | 'wait'
  now?: number
  maxLagMs?: number
  source?: 'facts' | 'contacts_v'
}

// Defined in ./contactSets, a pure module the client components import too.
export type { ContactList, ContactListRow } from './contactSets'

export async function listContacts(req: ContactListRequest, allowedCenters: string[] | null): Promise<ContactList> {
  const page = Math.max(1, Math.floor(req.page ?? 1))
  const pageSize = Math.min(500, Math.max(1, Math.floor(req.pageSize ?? 50)))
  const empty: ContactList = { set: req.set, total: 0, page, pageSize, rows: [] }
  const filters = req.filters ?? {}
  const centers = resolveCenters(filters, allowedCenters)
  if (centers && centers.length === 0) return empty
  const plan = makePlan({ centers, window: req.window, now: req.now ?? Date.now(), dims: [], bucket: null, source: req.source })
  if (plan.source === 'facts') await ensureContactFacts(req.maxLagMs ?? 1000)
  const p = new Params()
  const from = setRowsFrom(plan, req.set, setConditions(plan, req.set, filters, p), p)
  const settings = plan.source === 'facts' ? FINAL_SETTINGS : ''
  const order = req.sort === 'wait' ? 'wait_ms DESC, ts, contact_id' : 'ts, contact_id, sub_id'
  const [rows, [count]] = await Promise.all([
    queryRows<RawContactRow>(
      `SELECT ${CONTACT_ROW_COLUMNS} FROM ${from} ORDER BY ${order} LIMIT ${p.int(pageSize)} OFFSET ${p.int((page - 1) * pageSize)} ${settings}`,
      p.values,
    ),
    queryRows<{ n: string }>(`SELECT count() AS n FROM ${from} ${settings}`, p.values),
  ])
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
  const cfg = getConfig()
  const names = (centerId: string, queueId: string) => {
    const c = cfg.center(centerId)
    return { centerName: c.name, queueName: queueId ? (c.queues.find((q) => q.id === queueId)?.name ?? queueId) : '' }
  }
  return {
    set: req.set,
    total: Number(count?.n ?? 0),
    page,
    pageSize,
    rows: rows.map(contactRow).map(({ subId: _sub, lead, sale, retentionSave, at, queuedAt, answeredAt, abandonedAt, wrappedAt, ...r }) => ({
      ...r,
      ...names(r.centerId, r.queueId),
      at: iso(at)!,
      queuedAt: iso(queuedAt),
      answeredAt: iso(answeredAt),
      abandonedAt: iso(abandonedAt),
      wrappedAt: iso(wrappedAt),
      outcome: { lead, sale, retentionSave },
    })),
  }
}
