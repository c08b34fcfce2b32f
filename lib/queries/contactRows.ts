/**
 * The row-level contact queries' shared parts (listContacts: the paginated drill-down;
 * streamContacts: the streamed export): which fact rows make up a set, the columns they read,
 * and one parsed row shape — so a drill-down page and the CSV export list the same contacts
 * with the same figures.
 */
import 'server-only'
import { getConfig } from '../config'
import type { DrillSet } from '../kpi/definitions'
import { CONTACT_SETS } from './contactSets'
import { centerWhere, dimFilterWhere, planSpan, windowWhere, type QueryPlan } from './plan'
import { factsFrom, outcomeColumns, QUEUE_CONTACT } from './queryContactComponents'
import type { KpiFilters } from './scope'
import type { Params } from './sql'

/** A contact of a set (one fact row): times in epoch ms. */
export type ContactRow = {
  centerId: string
  contactId: string
  subId: string
  queueId: string
  channel: string
  direction: string
  /** Last answering agent ('' when never answered). */
  agentId: string
  /** Epoch ms of the timestamp that put the contact in the set (queue entry, last wrap-up or survey). */
  at: number
  queuedAt: number | null
  answeredAt: number | null
  abandonedAt: number | null
  wrappedAt: number | null
  /** Queue wait until answer, abandon or now, seconds (lib/queries/queryContactComponents waitMsSql). */
  waitS: number | null
  talkS: number
  /** null: the platform does not record it (queue_log, TaskRouter) */
  holdS: number | null
  acwS: number | null
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

/** [from, to) of the fact timestamps a set can have: the window, or "waiting now"'s lookback before now. */
export function setSpan(plan: QueryPlan, set: DrillSet): { from: number; to: number } {
  if (set === 'waiting_now') return { from: plan.asOf - getConfig().raw.defaults.waitingLookbackHours * 3_600_000, to: plan.asOf }
  const { from, to } = planSpan(plan)
  return { from, to: Math.min(to, plan.asOf) }
}

/** Conditions on contact_facts rows for a set (kind, window or lookback, dimension filters). */
export function setConditions(plan: QueryPlan, set: DrillSet, filters: KpiFilters, p: Params): string[] {
  const kind = CONTACT_SETS[set].kind
  // The offered sets are queue contacts, as the figures they open (QUEUE_CONTACT).
  const conds = [`kind = ${p.str(kind)}`, ...(kind === 'offered' ? [QUEUE_CONTACT] : [])]
  if (set === 'waiting_now') {
    const { from, to } = setSpan(plan, set)
    conds.push(centerWhere(plan, p), `ts >= ${p.ts(from)}`, `ts < ${p.ts(to)}`)
  } else conds.push(windowWhere(plan, p))
  conds.push(...dimFilterWhere(filters, p))
  return conds
}

/** FROM clause: the set's rows with their outcome columns, `conds` applied (set's own condition included). */
export function setRowsFrom(plan: QueryPlan, set: DrillSet, conds: string[], p: Params): string {
  return `(SELECT * FROM (SELECT *, ${outcomeColumns(plan, p)} FROM ${factsFrom(plan)} WHERE ${conds.join(' AND ')}) WHERE ${CONTACT_SETS[set].where})`
}

/** The columns a ContactRow is read from. */
export const CONTACT_ROW_COLUMNS = `center_id, contact_id, sub_id, queue_id, channel, direction, agent_id, toUnixTimestamp64Milli(ts) AS ts_ms,
       queued_at, answered_at, abandoned_at, wrapped_at,
       if(isNull(queued_at), NULL, wait_ms) AS wait_ms, talk_s, if(hold_missing = 1, NULL, hold_s) AS hold_or_null, if(wrap_missing = 1, NULL, wrap_s) AS wrap_or_null, transferred, resolved, lead, sale, retention_save,
       revenue, csat, nps, survey_resolved`

export type RawContactRow = Record<string, string | number | null>

const chMs = (v: unknown) => (v === null || v === undefined ? null : Date.parse(String(v).replace(' ', 'T') + 'Z'))
const bool = (v: unknown) => (v === null || v === undefined ? null : Number(v) === 1)

export function contactRow(r: RawContactRow): ContactRow {
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
    holdS: r.hold_or_null === null ? null : Number(r.hold_or_null),
    acwS: r.wrap_or_null === null ? null : Number(r.wrap_or_null),
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
