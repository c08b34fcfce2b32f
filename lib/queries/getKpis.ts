/**
 * KPIs for any window, filters and grouping, in the one result shape (lib/kpi/result).
 *
 *   getKpis({ window: { kind: 'today' }, groupBy: ['center'], keys: PRESETS.live }, allowedCenters)
 *
 * Flow: resolve the centers in scope (allowedCenters is always applied) → one plan per
 * period → components from SQL (contact facts, agent time, live state) per center,
 * dimensions and bucket → cost per slice → add slices into the requested groups (reporting
 * line and sourcing come from the configuration) → compute values, previous period, target,
 * status.
 */
import 'server-only'
import { getConfig, type CenterSettings } from '../config'
import { addComponents, emptyComponents, handleSeconds, type Components } from '../kpi/components'
import { computeKpis, type CenterSlice, type KpiNumbers } from '../kpi/compute'
import { sliceCost } from '../kpi/cost'
import { KPI_KEYS, kpiDefinition, type KpiKey } from '../kpi/definitions'
import { groupSettings, targetFor } from '../kpi/groupSettings'
import { kpiValue, type KpiValue } from '../kpi/result'
import { intervalPhaseMs, startOfLocalDay, startOfLocalMonth } from '../kpi/time'
import { queryAgentTime } from './queryAgentTime'
import { FACT_FAMILIES, queryContactComponents, type FactFamily } from './queryContactComponents'
import { queryAgentsNow, queryWaitingNow } from './queryLiveState'
import { ensureContactFacts } from './refreshContactFacts'
import {
  bucketInfo,
  CONTACT_DIMS,
  groupOf,
  makePlan,
  previousPlan,
  TIME_BUCKETS,
  type BucketInfo,
  type ContactDim,
  type PlanGroup,
  type QueryPlan,
  type TimeBucket,
} from './plan'
import { resolveCenters, type KpiFilters } from './scope'
import type { WindowSpec } from './window'

export const GROUP_DIMS = ['center', 'reporting_line', 'sourcing', 'queue', 'channel', 'direction', 'agent'] as const
export type GroupDim = (typeof GROUP_DIMS)[number]
export type GroupBy = GroupDim | TimeBucket

export type KpiRequest = {
  window: WindowSpec
  filters?: KpiFilters
  /** At most one time bucket (interval15 | interval30 | interval60 | day | month). */
  groupBy?: GroupBy[]
  /** Default: every KPI. */
  keys?: readonly KpiKey[]
  /** Also compute the previous period (value.previous, change, changeIsGood). */
  compare?: boolean
  /** The instant "now" stands for (epoch ms); tests freeze time with it. Default Date.now(). */
  now?: number
  /** Accept contact facts refreshed up to this long ago (default 1000 ms; 0 = include every event inserted so far). */
  maxLagMs?: number
  /** 'contacts_v' derives facts inline instead of reading contact_facts (reference path for tests). */
  source?: 'facts' | 'contacts_v'
}

/** A group's coordinates: one entry per groupBy dimension (bucket: local label), plus the bucket's start. */
export type GroupKey = Partial<Record<GroupDim, string>> & { bucket?: string; bucketStart?: string }

export type KpiRow = { group: GroupKey; kpis: KpiValue[] }

export type ReportSpan = { timezone: string; centers: string[] | null; from: string; to: string }

export type KpiReport = {
  asOf: string
  window: WindowSpec['kind']
  /** The window per time-zone group (for "today" each zone has its own midnight). */
  spans: ReportSpan[]
  previousSpans: ReportSpan[] | null
  groupBy: GroupBy[]
  keys: KpiKey[]
  rows: KpiRow[]
  /** Centers in the result: configured ones in scope and any seen in the data. */
  centers: Array<Pick<CenterSettings, 'id' | 'name' | 'configured' | 'reportingLine' | 'sourcing' | 'timezone' | 'currency'>>
}

const AGENT_TIME_KEYS = new Set<KpiKey>(['occupancy', 'utilization', 'logged_in_time', 'agents_staffed', 'agents_needed'])
const COST_KEYS = new Set<KpiKey>([
  'cost',
  'cost_per_contact',
  'cost_per_handled_minute',
  'cost_per_resolved_contact',
  'cost_per_lead',
  'margin',
  'roi',
])
type Needs = { families: FactFamily[]; agentTime: boolean; waiting: boolean; agentsNow: boolean }

/**
 * The contact-fact kinds a set of KPIs reads, from the timestamp each is bucketed on: queue
 * entry → offered rows, wrap-up → handled rows, survey → survey rows; the mixed ones (cost,
 * margin, Erlang C…) combine offered and handled figures. Agent-state and "now" KPIs read none.
 */
export function contactFamilies(keys: readonly KpiKey[]): FactFamily[] {
  const want = new Set<FactFamily>()
  for (const k of keys) {
    const b = kpiDefinition(k).bucketedOn
    if (b === 'queued_at' || b === 'mixed') want.add('offered')
    if (b === 'wrapped_at' || b === 'mixed') want.add('handled')
    if (b === 'survey_at') want.add('survey')
  }
  return FACT_FAMILIES.filter((f) => want.has(f))
}

const WAITING_KEYS = new Set<KpiKey>(['waiting_now', 'longest_wait_now'])
const AGENTS_NOW_KEYS = new Set<KpiKey>(['agents_available', 'agents_on_contact', 'agents_wrap_up', 'agents_not_ready', 'agents_logged_in'])

const FILTER_OF: Record<ContactDim, keyof KpiFilters> = { queue: 'queues', channel: 'channels', direction: 'directions', agent: 'agents' }
const SPLIT_DIMS: ContactDim[] = ['queue', 'channel', 'direction']

export function isTimeBucket(g: string): g is TimeBucket {
  return (TIME_BUCKETS as readonly string[]).includes(g)
}

/** data: at least one stored row (contacts or agent time) fell in it — a base with none is "no data", not zeros. */
type Base = { center: string; dims: Partial<Record<ContactDim, string>>; bucket: number | null; c: Components; from: number; to: number; data: boolean }
type Group = { key: GroupKey; ordinalKey: string; slices: Map<string, CenterSlice>; queue: string | null; bucketStart: number | null; data: boolean }

/**
 * Query results shared by several getKpis calls that run the same SQL (a report asks for the
 * summary, the centers and the reporting lines of one period: one contact query and one
 * agent-time query serve the three). Keyed by query kind and plan; scope it to one unit of work.
 */
export type QueryMemo = Map<string, Promise<unknown>>

function shared<T>(memo: QueryMemo | undefined, key: unknown[], run: () => Promise<T>): Promise<T> {
  if (!memo) return run()
  const k = JSON.stringify(key)
  let p = memo.get(k) as Promise<T> | undefined
  if (!p) memo.set(k, (p = run()))
  return p
}

export async function getKpis(req: KpiRequest, allowedCenters: string[] | null, memo?: QueryMemo): Promise<KpiReport> {
  const now = req.now ?? Date.now()
  const keys = req.keys?.length ? [...new Set(req.keys)] : [...KPI_KEYS]
  const groupBy = [...new Set(req.groupBy ?? [])]
  const buckets = groupBy.filter(isTimeBucket)
  if (buckets.length > 1) throw new RangeError('at most one time bucket in groupBy')
  const bucket = buckets[0] ?? null
  const filters = req.filters ?? {}
  const sqlDims = CONTACT_DIMS.filter((d) => groupBy.includes(d) || (filters[FILTER_OF[d]] as unknown[] | undefined)?.length)
  const centers = resolveCenters(filters, allowedCenters)
  const cfg = getConfig()
  const report: KpiReport = { asOf: new Date(now).toISOString(), window: req.window.kind, spans: [], previousSpans: null, groupBy, keys, rows: [], centers: [] }
  if (centers && centers.length === 0) return report

  const plan = makePlan({ centers, window: req.window, now, dims: sqlDims, bucket, source: req.source })
  if (plan.source === 'facts') await ensureContactFacts(req.maxLagMs ?? 1000)
  const needs: Needs = {
    families: contactFamilies(keys),
    agentTime: keys.some((k) => AGENT_TIME_KEYS.has(k) || COST_KEYS.has(k)),
    waiting: !bucket && !sqlDims.includes('agent') && keys.some((k) => WAITING_KEYS.has(k)),
    agentsNow: !bucket && !sqlDims.some((d) => SPLIT_DIMS.includes(d)) && keys.some((k) => AGENTS_NOW_KEYS.has(k)),
  }
  const prevPlan = req.compare ? previousPlan(plan, req.window) : null
  const prevNeeds = { ...needs, waiting: false, agentsNow: false } // live KPIs have no previous value
  const [cur, prev] = await Promise.all([evaluate(plan, needs, filters, groupBy, memo), prevPlan ? evaluate(prevPlan, prevNeeds, filters, groupBy, memo) : null])

  const spans = (p: QueryPlan): ReportSpan[] =>
    p.groups.map((g) => ({ timezone: g.tz, centers: g.centers, from: new Date(g.from).toISOString(), to: new Date(g.to).toISOString() }))
  report.spans = spans(plan)
  report.previousSpans = prevPlan ? spans(prevPlan) : null

  const defaults = cfg.center('\u0000unconfigured')
  const prevByOrdinal = new Map(prev ? [...prev.values()].map((g) => [g.ordinalKey, g]) : [])
  const seenCenters = new Set<string>()
  for (const g of cur.values()) {
    for (const id of g.slices.keys()) seenCenters.add(id)
    const centersOfGroup = [...g.slices.values()].map((s) => s.center)
    const settings = groupSettings(centersOfGroup, g.queue, defaults, { channels: groupChannels(g.key, filters, centersOfGroup), queues: filters.queues })
    const flags = { agentTime: !sqlDims.some((d) => SPLIT_DIMS.includes(d)), live: !bucket }
    const values = computeKpis({ slices: [...g.slices.values()], settings, ...flags })
    let previous: KpiNumbers = {}
    // A base with no stored row at all (history not there, center new) has no previous value:
    // comparing with its zeros would show the whole value as the change.
    const pg = prev ? prevByOrdinal.get(g.ordinalKey) : undefined
    if (pg?.data) previous = computeKpis({ slices: [...pg.slices.values()], settings, ...flags, live: false })
    const kpis = keys.map((k) => {
      const def = kpiDefinition(k)
      return kpiValue(def, values[k] ?? null, def.live ? null : (previous[k] ?? null), targetFor(def, settings, values), settings.warnBand, {
        variant: k === 'service_level' ? settings.serviceLevelVariant : undefined,
        currency: settings.currency ?? undefined,
      })
    })
    report.rows.push({ group: g.key, kpis })
  }
  report.rows.sort((a, b) => compareKeys(a.group, b.group, groupBy))
  const inScope = centers ?? cfg.configuredCenters().map((c) => c.id)
  report.centers = [...new Set([...inScope, ...seenCenters])].sort().map((id) => {
    const c = cfg.center(id)
    return { id, name: c.name, configured: c.configured, reportingLine: c.reportingLine, sourcing: c.sourcing, timezone: c.timezone, currency: c.currency }
  })
  return report
}

/**
 * The channels a group's contacts can be on, for its speed targets (per queue, so per channel):
 * its own when grouped by channel, else the channel filter, else the channels of its centers'
 * configured queues (within the queue filter).
 */
function groupChannels(key: GroupKey, filters: KpiFilters, centers: CenterSettings[]): string[] {
  if (key.channel) return [key.channel]
  if (filters.channels?.length) return [...filters.channels]
  const found = new Set<string>()
  for (const c of centers) for (const q of c.queues) if (q.channel && (!filters.queues?.length || filters.queues.includes(q.id))) found.add(q.channel)
  return [...found]
}

function compareKeys(a: GroupKey, b: GroupKey, groupBy: GroupBy[]): number {
  for (const g of groupBy) {
    const k = isTimeBucket(g) ? 'bucketStart' : g
    const x = (a as Record<string, string | undefined>)[k] ?? ''
    const y = (b as Record<string, string | undefined>)[k] ?? ''
    if (x !== y) return x < y ? -1 : 1
  }
  return 0
}

/** Bucket start containing `t` in `tz`. */
function bucketStartOf(bucket: TimeBucket, t: number, tz: string): number {
  if (bucket === 'day') return startOfLocalDay(t, tz)
  if (bucket === 'month') return startOfLocalMonth(t, tz)
  const size = { interval15: 900_000, interval30: 1_800_000, interval60: 3_600_000 }[bucket]
  const phase = intervalPhaseMs(tz, size, t)
  return Math.floor((t + phase) / size) * size - phase
}

/** Bucket labels, ends and positions, memoised (Intl formatting is not free). */
class BucketCalendar {
  private infos = new Map<string, BucketInfo>()
  private ordinals = new Map<string, number>()
  constructor(private plan: QueryPlan) {}
  info(start: number, tz: string): BucketInfo {
    const k = `${tz}|${start}`
    let i = this.infos.get(k)
    if (!i) this.infos.set(k, (i = bucketInfo(this.plan.bucket!, start, tz)))
    return i
  }
  /** Index of the bucket counted from the one containing the window start. */
  ordinal(start: number, g: PlanGroup): number {
    const k = `${g.tz}|${g.from}|${start}`
    let o = this.ordinals.get(k)
    if (o === undefined) {
      const b = this.plan.bucket!
      const first = bucketStartOf(b, g.from, g.tz)
      if (b === 'day' || b === 'month') {
        o = 0
        for (let t = first; t < start; t = this.info(t, g.tz).end) o++
      } else o = Math.round((start - first) / (this.info(first, g.tz).end - first))
      this.ordinals.set(k, o)
    }
    return o
  }
}

/** Components per (center, dims, bucket), with cost, filtered, added into the requested groups. */
async function evaluate(
  plan: QueryPlan,
  needs: Needs,
  filters: KpiFilters,
  groupBy: GroupBy[],
  memo: QueryMemo | undefined,
): Promise<Map<string, Group>> {
  const cfg = getConfig()
  const split = plan.dims.some((d) => SPLIT_DIMS.includes(d))
  const byAgent = plan.dims.includes('agent')
  // Agents by state now ride along with the agent-time scan when the window reaches now.
  const agentsNowInAgentTime = needs.agentsNow && plan.groups.every((g) => g.to >= plan.asOf)
  const [contactRows, agentRows, waitingRows, agentsNowRows] = await Promise.all([
    needs.families.length ? shared(memo, ['contacts', plan, needs.families], () => queryContactComponents(plan, needs.families)) : Promise.resolve([]),
    needs.agentTime || agentsNowInAgentTime
      ? shared(memo, ['agentTime', plan, byAgent && !split, agentsNowInAgentTime], () => queryAgentTime(plan, byAgent && !split, { now: agentsNowInAgentTime }))
      : Promise.resolve([]),
    needs.waiting ? shared(memo, ['waiting', plan], () => queryWaitingNow(plan)) : Promise.resolve([]),
    needs.agentsNow && !agentsNowInAgentTime ? shared(memo, ['agentsNow', plan, byAgent], () => queryAgentsNow(plan, byAgent)) : Promise.resolve([]),
  ])

  const base = new Map<string, Base>()
  const cal = new BucketCalendar(plan)
  const period = (center: string, bucket: number | null) => {
    const g = groupOf(plan, center)
    const end = Math.min(g.to, plan.asOf)
    if (bucket === null || !plan.bucket) return { from: g.from, to: end }
    const b = cal.info(bucket, g.tz)
    return { from: Math.max(b.start, g.from), to: Math.min(b.end, end) }
  }
  const get = (center: string, row: Record<string, unknown>, bucket: number | null): Base => {
    const dims: Partial<Record<ContactDim, string>> = {}
    for (const d of plan.dims) dims[d] = String(row[{ queue: 'queue_id', channel: 'channel', direction: 'direction', agent: 'agent_id' }[d]] ?? '')
    const k = JSON.stringify([center, plan.dims.map((d) => dims[d]), bucket])
    let b = base.get(k)
    if (!b) base.set(k, (b = { center, dims, bucket, c: emptyComponents(), ...period(center, bucket), data: false }))
    return b
  }
  const num = (v: unknown) => (v === undefined || v === null ? null : Number(v))
  for (const r of contactRows) {
    const b = get(r.center_id, r, num(r.bucket))
    addComponents(b.c, r as never)
    b.data = true
  }
  // Agent time per center (and bucket), for splitting cost when rows are finer than agents.
  const centerAgentSeconds = new Map<string, number>()
  for (const r of agentRows) {
    const ck = JSON.stringify([r.center_id, num(r.bucket)])
    centerAgentSeconds.set(ck, (centerAgentSeconds.get(ck) ?? 0) + Number(r.logged_s))
    if (!split) {
      const b = get(r.center_id, r, num(r.bucket))
      addComponents(b.c, r as never)
      if (Number(r.logged_s) > 0) b.data = true
    }
  }
  for (const r of waitingRows) addComponents(get(r.center_id, r, null).c, r as never)
  for (const r of agentsNowRows) addComponents(get(r.center_id, r, null).c, r as never)
  // Centers in scope with no rows still have fixed costs and zero counts.
  if (plan.dims.length === 0) {
    const inScope = plan.centers ?? cfg.configuredCenters().map((c) => c.id)
    for (const center of inScope) {
      const g = groupOf(plan, center)
      if (!plan.bucket) get(center, {}, null)
      else for (let t = bucketStartOf(plan.bucket, g.from, g.tz); t < Math.min(g.to, plan.asOf); t = cal.info(t, g.tz).end) get(center, {}, t)
    }
  }

  // Cost per base row; shared costs split by handle time within the center (and bucket).
  const totals = new Map<string, { handle: number; offered: number; rows: number }>()
  for (const b of base.values()) {
    const ck = JSON.stringify([b.center, b.bucket])
    const t = totals.get(ck) ?? { handle: 0, offered: 0, rows: 0 }
    t.handle += handleSeconds(b.c)
    t.offered += b.c.offered
    t.rows += 1
    totals.set(ck, t)
  }
  for (const b of base.values()) {
    const center = cfg.center(b.center)
    if (!center.cost) {
      b.c.cost_missing = 1
      continue
    }
    const ck = JSON.stringify([b.center, b.bucket])
    const t = totals.get(ck)!
    const share = !split && !byAgent ? 1 : t.handle > 0 ? handleSeconds(b.c) / t.handle : t.offered > 0 ? b.c.offered / t.offered : t.rows === 1 ? 1 : 0
    const agentSeconds = !split ? b.c.logged_s : (centerAgentSeconds.get(ck) ?? 0) * share
    b.c.cost =
      sliceCost(center, b.from, b.to, {
        agentSeconds,
        handled: b.c.handled,
        voiceSeconds: b.c.voice_wait_ms / 1000 + b.c.voice_handle_s,
        fixedShare: share,
      }) ?? 0
  }

  // Filter by dimension values, then add into the requested groups.
  const groups = new Map<string, Group>()
  for (const b of base.values()) {
    if (!plan.dims.every((d) => !(filters[FILTER_OF[d]] as string[] | undefined)?.length || (filters[FILTER_OF[d]] as string[]).includes(b.dims[d]!))) continue
    const center = cfg.center(b.center)
    const key: GroupKey = {}
    const ord: unknown[] = []
    let bucketStart: number | null = null
    for (const gb of groupBy) {
      if (isTimeBucket(gb)) {
        const g = groupOf(plan, b.center)
        key.bucket = cal.info(b.bucket!, g.tz).label
        bucketStart = b.bucket
        // Buckets are matched with the previous period by position from the window start.
        ord.push(`#${cal.ordinal(b.bucket!, g)}`)
        continue
      }
      const v =
        gb === 'center' ? b.center : gb === 'reporting_line' ? (center.reportingLine ?? 'unassigned') : gb === 'sourcing' ? (center.sourcing ?? 'unassigned') : b.dims[gb]!
      key[gb] = v
      ord.push(v)
    }
    const k = JSON.stringify(groupBy.map((gb) => (isTimeBucket(gb) ? key.bucket : key[gb])))
    let grp = groups.get(k)
    if (!grp) {
      const queue = key.queue ?? (filters.queues?.length === 1 ? filters.queues[0] : null)
      groups.set(k, (grp = { key, ordinalKey: JSON.stringify(ord), slices: new Map(), queue, bucketStart, data: false }))
    }
    const s = grp.slices.get(b.center) ?? { center, c: emptyComponents(), periodMs: b.to - b.from }
    addComponents(s.c, b.c)
    grp.slices.set(b.center, s)
    if (b.data) grp.data = true
    if (grp.bucketStart !== null && bucketStart !== null) grp.bucketStart = Math.min(grp.bucketStart, bucketStart)
  }
  for (const g of groups.values()) if (g.bucketStart !== null) g.key.bucketStart = new Date(g.bucketStart).toISOString()
  return groups
}
