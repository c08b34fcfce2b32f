/**
 * Drill-down: the contacts behind a figure (e.g. the abandoned contacts of the window),
 * paginated, with their timestamps, queue wait and handling figures. The contact sets match
 * the KPI definitions (DrillSet in lib/kpi/definitions; each KPI names its `drill`).
 *
 *   listContacts({ window: { kind: 'today' }, set: 'abandoned', filters: { centers: ['paris-sales'] } }, allowedCenters)
 */
import { queryRows } from '../clickhouse'
import { getConfig } from '../config'
import type { DrillSet } from '../kpi/definitions'
import { DIM_COLUMN, makePlan, windowWhere, centerWhere, type ContactDim } from './plan'
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

export type ContactListRow = {
  centerId: string
  contactId: string
  queueId: string
  channel: string
  direction: string
  /** Last answering agent ('' when never answered). */
  agentId: string
  /** The timestamp that put the contact in the set (queue entry, last wrap-up or survey). */
  at: string
  queuedAt: string | null
  answeredAt: string | null
  abandonedAt: string | null
  wrappedAt: string | null
  /** Queue wait until answer, abandon or now, seconds. */
  waitS: number | null
  talkS: number
  holdS: number
  acwS: number
  transferred: boolean
  resolved: boolean | null
  outcome: { lead: boolean; sale: boolean; retentionSave: boolean }
  revenue: number
  csat: number | null
  nps: number | null
  surveyResolved: boolean | null
}

export type ContactList = { set: DrillSet; total: number; page: number; pageSize: number; rows: ContactListRow[] }

/** Fact kind and condition (over outcomeColumns) of each set. */
const SETS: Record<DrillSet, { kind: 'offered' | 'handled' | 'survey'; where: string }> = {
  offered: { kind: 'offered', where: 'TRUE' },
  answered: { kind: 'offered', where: 'ans' },
  abandoned: { kind: 'offered', where: 'abn' },
  short_abandoned: { kind: 'offered', where: 'abn AND wait_ms < short_ms' },
  waiting: { kind: 'offered', where: 'NOT ans AND NOT abn' },
  waiting_now: { kind: 'offered', where: 'NOT ans AND NOT abn' },
  // Default service-level variant: answered late, abandoned (not short) or waiting past the threshold.
  sl_missed: { kind: 'offered', where: '(ans AND wait_ms > sl_ms) OR (abn AND wait_ms >= short_ms) OR (NOT ans AND NOT abn AND wait_ms > sl_ms)' },
  handled: { kind: 'handled', where: 'TRUE' },
  transferred: { kind: 'handled', where: 'transferred = 1' },
  held: { kind: 'handled', where: 'hold_s > 0' },
  unresolved: { kind: 'handled', where: 'resolved = 0' },
  leads: { kind: 'handled', where: 'lead = 1' },
  sales: { kind: 'handled', where: 'sale = 1' },
  retention_saves: { kind: 'handled', where: 'retention_save = 1' },
  surveyed: { kind: 'survey', where: 'TRUE' },
  detractors: { kind: 'survey', where: 'nps <= 6' },
}

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
  const set = SETS[req.set]
  const p = new Params()
  const conds = [`kind = ${p.str(set.kind)}`]
  if (req.set === 'waiting_now') {
    const lookback = getConfig().raw.defaults.waitingLookbackHours * 3_600_000
    conds.push(centerWhere(plan, p), `ts >= ${p.ts(now - lookback)}`, `ts < ${p.ts(now)}`)
  } else conds.push(windowWhere(plan, p))
  const dimFilters: Array<[ContactDim, string[] | undefined]> = [
    ['queue', filters.queues],
    ['channel', filters.channels],
    ['direction', filters.directions],
    ['agent', filters.agents],
  ]
  for (const [d, v] of dimFilters) if (v?.length) conds.push(`${DIM_COLUMN[d]} IN ${p.strs(v)}`)
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
