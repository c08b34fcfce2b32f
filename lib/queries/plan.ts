/**
 * A resolved KPI query: centers grouped by time zone, each group with its window, the instant
 * "now" stands for, the SQL-level dimensions and the time bucket. Shared by the SQL builders.
 */
import 'server-only'
import { dayLabel, intervalLabel, intervalPhaseMs, addLocalDays, addLocalMonths, monthLabel } from '../kpi/time'
import { Params, ms } from './sql'
import type { Span, WindowSpec } from './window'
import { resolveWindow, previousWindow } from './window'
import { timezoneGroups, type KpiFilters } from './scope'

export const TIME_BUCKETS = ['interval15', 'interval30', 'interval60', 'day', 'month'] as const
export type TimeBucket = (typeof TIME_BUCKETS)[number]
/** Dimensions carried by contact facts (columns of contact_facts). */
export const CONTACT_DIMS = ['queue', 'channel', 'direction', 'agent'] as const
export type ContactDim = (typeof CONTACT_DIMS)[number]
export const DIM_COLUMN: Record<ContactDim, string> = { queue: 'queue_id', channel: 'channel', direction: 'direction', agent: 'agent_id' }

export type PlanGroup = { tz: string; centers: string[] | null } & Span

export type QueryPlan = {
  groups: PlanGroup[]
  /** Every center of the query, or null for all centers (configured or not). */
  centers: string[] | null
  asOf: number
  dims: ContactDim[]
  bucket: TimeBucket | null
  /** 'facts': the contact_facts table; 'contacts_v': derive facts inline (reference path). */
  source: 'facts' | 'contacts_v'
  /** How old the refreshed stores may be (KpiRequest.maxLagMs); agent time refreshes its rollup with it. */
  maxLagMs?: number
}

export function makePlan(opts: {
  centers: string[] | null
  window: WindowSpec
  now: number
  dims: ContactDim[]
  bucket: TimeBucket | null
  source?: 'facts' | 'contacts_v'
  maxLagMs?: number
}): QueryPlan {
  const groups = timezoneGroups(opts.centers).map((g) => ({ ...g, ...resolveWindow(opts.window, g.tz, opts.now) }))
  return { groups, centers: opts.centers, asOf: opts.now, dims: opts.dims, bucket: opts.bucket, source: opts.source ?? 'facts', maxLagMs: opts.maxLagMs }
}

/** The same query over the previous period, "now" moved back by the same amount. */
export function previousPlan(plan: QueryPlan, window: WindowSpec): QueryPlan {
  const groups = plan.groups.map((g) => ({ ...g, ...previousWindow(window, g, g.tz) }))
  const shift = plan.groups[0] ? plan.groups[0].to - groups[0].to : 0
  return { ...plan, groups, asOf: plan.asOf - shift }
}

export function planSpan(plan: QueryPlan): Span {
  return { from: Math.min(...plan.groups.map((g) => g.from)), to: Math.max(...plan.groups.map((g) => g.to)) }
}

/** `center_id` restriction of the whole query ('TRUE' for all centers). */
export function centerWhere(plan: QueryPlan, p: Params, col = 'center_id'): string {
  return plan.centers ? `${col} IN ${p.strs(plan.centers)}` : 'TRUE'
}

/** Restrictions for the contact-dimension filters that are set (queues, channels, directions, agents), in that order. */
export function dimFilterWhere(filters: KpiFilters, p: Params): string[] {
  const dims: Array<[ContactDim, string[] | undefined]> = [
    ['queue', filters.queues],
    ['channel', filters.channels],
    ['direction', filters.directions],
    ['agent', filters.agents],
  ]
  const out: string[] = []
  for (const [d, v] of dims) if (v?.length) out.push(`${DIM_COLUMN[d]} IN ${p.strs(v)}`)
  return out
}

function groupCond(plan: QueryPlan, g: PlanGroup, p: Params, col: string): string {
  if (g.centers) return `${col} IN ${p.strs(g.centers)}`
  const listed = plan.groups.flatMap((x) => x.centers ?? [])
  return listed.length ? `${col} NOT IN ${p.strs(listed)}` : 'TRUE'
}

/** A per-time-zone-group expression: multiIf(center in group 0, e0, …). */
export function perGroup(plan: QueryPlan, p: Params, expr: (g: PlanGroup) => string, col = 'center_id'): string {
  if (plan.groups.length === 1) return expr(plan.groups[0])
  const parts: string[] = []
  plan.groups.forEach((g, i) => {
    if (i === plan.groups.length - 1) parts.push(expr(g))
    else parts.push(groupCond(plan, g, p, col), expr(g))
  })
  return `multiIf(${parts.join(', ')})`
}

/** perGroup for an integer per group: a single placeholder when every group has the same value (less to plan). */
export function perGroupInt(plan: QueryPlan, p: Params, value: (g: PlanGroup) => number, col = 'center_id'): string {
  const vs = plan.groups.map(value)
  return vs.every((v) => v === vs[0]) ? p.int(vs[0]) : perGroup(plan, p, (g) => p.int(value(g)), col)
}

/** Rows whose timestamp falls in their center's window (and before "now"). */
export function windowWhere(plan: QueryPlan, p: Params, tsCol = 'ts', col = 'center_id'): string {
  const { from, to } = planSpan(plan)
  const bounds = `${tsCol} >= ${p.ts(from)} AND ${tsCol} < ${p.ts(Math.min(to, plan.asOf))}`
  if (plan.groups.length === 1) return `${centerWhere(plan, p, col)} AND ${bounds}`
  const ors = plan.groups.map((g) => `(${groupCond(plan, g, p, col)} AND ${tsCol} >= ${p.ts(g.from)} AND ${tsCol} < ${p.ts(g.to)})`)
  return `${centerWhere(plan, p, col)} AND ${bounds} AND (${ors.join(' OR ')})`
}

const INTERVAL_MS: Record<'interval15' | 'interval30' | 'interval60', number> = {
  interval15: 15 * 60_000,
  interval30: 30 * 60_000,
  interval60: 60 * 60_000,
}

/** Bucket start (epoch ms, Int64) of an epoch-ms expression, in the row's center time zone. */
export function bucketStartSql(plan: QueryPlan, p: Params, msExpr: string, bucket: TimeBucket = plan.bucket!): string {
  return perGroup(plan, p, (g) => {
    if (bucket === 'day') return `toInt64(toUnixTimestamp(toStartOfDay(fromUnixTimestamp64Milli(${msExpr}), ${p.str(g.tz)}))) * 1000`
    if (bucket === 'month') {
      const tz = p.str(g.tz)
      return `toInt64(toUnixTimestamp(toDateTime(toStartOfMonth(fromUnixTimestamp64Milli(${msExpr}), ${tz}), ${tz}))) * 1000`
    }
    const size = INTERVAL_MS[bucket]
    const phase = p.int(intervalPhaseMs(g.tz, size, g.from))
    return `(intDiv(${msExpr} + ${phase}, ${size}) * ${size} - ${phase})`
  })
}

/** Phase-aligned fixed-size sub-buckets used to split agent time (day/month use 15 min). */
export function splitSizeMs(bucket: TimeBucket): number {
  return bucket === 'day' || bucket === 'month' ? INTERVAL_MS.interval15 : INTERVAL_MS[bucket]
}
export function splitPhaseSql(plan: QueryPlan, p: Params, bucket: TimeBucket): string {
  const size = splitSizeMs(bucket)
  return perGroup(plan, p, (g) => p.int(intervalPhaseMs(g.tz, size, g.from)))
}

export type BucketInfo = { label: string; start: number; end: number }

/** Label and [start, end) of a bucket starting at `start` in `tz`. */
export function bucketInfo(bucket: TimeBucket, start: number, tz: string): BucketInfo {
  if (bucket === 'day') return { label: dayLabel(start, tz), start, end: addLocalDays(start, 1, tz) }
  if (bucket === 'month') return { label: monthLabel(start, tz), start, end: addLocalMonths(start, 1, tz) }
  return { label: intervalLabel(start, tz), start, end: start + INTERVAL_MS[bucket] }
}

/** The time-zone group a center belongs to. */
export function groupOf(plan: QueryPlan, center: string): PlanGroup {
  return plan.groups.find((g) => g.centers?.includes(center)) ?? plan.groups.find((g) => g.centers === null) ?? plan.groups[0]
}

export { ms }
