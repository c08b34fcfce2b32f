/**
 * Drill-down: the contacts behind a figure (e.g. the abandoned contacts of the window),
 * paginated, with their timestamps, queue wait and handling figures. The contact sets match
 * the KPI definitions (DrillSet in lib/kpi/definitions; each KPI names its `drill`); their conditions
 * are in ./contactSets (shared with streamContacts).
 *
 *   listContacts({ window: { kind: 'today' }, set: 'abandoned', filters: { centers: ['paris-sales'] } }, allowedCenters)
 */
import { queryRows } from '../clickhouse'
import { getConfig } from '../config'
import type { DrillSet } from '../kpi/definitions'
import { CONTACT_SETS, type ContactList } from './contactSets'
import { dimFilterWhere, makePlan, windowWhere, centerWhere } from './plan'
import { factsFrom, FINAL_SETTINGS, outcomeColumns } from './queryContactComponents'
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

type Raw = Record<string, string | number | null>

export async function listContacts(req: ContactListRequest, allowedCenters: string[] | null): Promise<ContactList> {
  const page = Math.max(1, Math.floor(req.page ?? 1))
  const pageSize = Math.min(500, Math.max(1, Math.floor(req.pageSize ?? 50)))
  const empty: ContactList = { set: req.set, total: 0, page, pageSize, rows: [] }
  const filters = req.filters ?? {}
  const centers = resolveCenters(filters, allowedCenters)
  if (centers && centers.length === 0) return empty
  const now = req.now ?? Date.now()
  const plan = makePlan({ centers, window: req.window, now, dims: [], bucket: null, source: req.source })
  if (plan.source === 'facts') await ensureContactFacts(req.maxLagMs ?? 1000)
  const set = CONTACT_SETS[req.set]
  const p = new Params()
  const conds = [`kind = ${p.str(set.kind)}`]
  if (req.set === 'waiting_now') {
    const lookback = getConfig().raw.defaults.waitingLookbackHours * 3_600_000
    conds.push(centerWhere(plan, p), `ts >= ${p.ts(now - lookback)}`, `ts < ${p.ts(now)}`)
  } else conds.push(windowWhere(plan, p))
  conds.push(...dimFilterWhere(filters, p))
  const inner = `SELECT *, ${outcomeColumns(plan, p)} FROM ${factsFrom(plan)} WHERE ${conds.join(' AND ')}`
  const settings = plan.source === 'facts' ? FINAL_SETTINGS : ''
  const order = req.sort === 'wait' ? 'wait_ms DESC, ts, contact_id' : 'ts, contact_id, sub_id'
  const [rows, [count]] = await Promise.all([
    queryRows<Raw>(
      `SELECT center_id, contact_id, queue_id, channel, direction, agent_id, ts, queued_at, answered_at, abandoned_at, wrapped_at,
              if(isNull(queued_at), NULL, wait_ms) AS wait_ms, talk_s, hold_s, wrap_s, transferred, resolved, lead, sale, retention_save,
              revenue, csat, nps, survey_resolved
       FROM (${inner}) WHERE ${set.where}
       ORDER BY ${order} LIMIT ${p.int(pageSize)} OFFSET ${p.int((page - 1) * pageSize)} ${settings}`,
      p.values,
    ),
    queryRows<{ n: string }>(`SELECT count() AS n FROM (${inner}) WHERE ${set.where} ${settings}`, p.values),
  ])
  const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(String(v).replace(' ', 'T') + 'Z').toISOString())
  const bool = (v: unknown) => (v === null || v === undefined ? null : Number(v) === 1)
  return {
    set: req.set,
    total: Number(count?.n ?? 0),
    page,
    pageSize,
    rows: rows.map((r) => ({
      centerId: String(r.center_id),
      contactId: String(r.contact_id),
      queueId: String(r.queue_id),
      channel: String(r.channel),
      direction: String(r.direction),
      agentId: String(r.agent_id),
      at: iso(r.ts)!,
      queuedAt: iso(r.queued_at),
      answeredAt: iso(r.answered_at),
      abandonedAt: iso(r.abandoned_at),
      wrappedAt: iso(r.wrapped_at),
      waitS: r.wait_ms === null ? null : Number(r.wait_ms) / 1000,
      talkS: Number(r.talk_s),
      holdS: Number(r.hold_s),
      acwS: Number(r.wrap_s),
      transferred: Number(r.transferred) === 1,
      resolved: bool(r.resolved),
      outcome: { lead: Number(r.lead) === 1, sale: Number(r.sale) === 1, retentionSave: Number(r.retention_save) === 1 },
      revenue: Number(r.revenue),
      csat: r.csat === null ? null : Number(r.csat),
      nps: r.nps === null ? null : Number(r.nps),
      surveyResolved: bool(r.survey_resolved),
    })),
  }
}
