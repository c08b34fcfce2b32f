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
import { computeKpis, type KpiNumbers } from '../kpi/compute'
import { KPI_KEYS, kpiDefinition, keysReading } from '../kpi/definitions'
import { contactInputs } from '../kpi/inputs'
import { groupSettings, targetFor } from '../kpi/groupSettings'
import { kpiValue } from '../kpi/result'
import { allocateCost } from './allocateCost'
import { groupSlices, type Group } from './groupSlices'
import { FILTER_OF, isTimeBucket, SPLIT_DIMS, type GroupBy, type GroupKey, type KpiReport, type KpiRequest, type Needs, type QueryMemo, type ReportSpan } from './kpiRequest'
import { CONTACT_DIMS, makePlan, previousPlan, type QueryPlan } from './plan'
import { primeContactPeriods, readSlices } from './readSlices'
import { ensureContactFacts } from './refreshContactFacts'
import { resolveCenters, type KpiFilters } from './scope'

export { GROUP_DIMS, isTimeBucket } from './kpiRequest'
export type { GroupBy, GroupDim, GroupKey, KpiReport, KpiRequest, KpiRow, QueryMemo, ReportSpan } from './kpiRequest'

export async function getKpis(req: KpiRequest, allowedCenters: string[] | null, memo?: QueryMemo): Promise<KpiReport> {
  const now = req.now ?? Date.now()
  const keys = req.keys?.length ? [...new Set(req.keys)] : [...KPI_KEYS]
  const groupBy = [...new Set(req.groupBy ?? [])]
  const buckets = groupBy.filter(isTimeBucket)
  if (buckets.length > 1) throw new RangeError('at most one time bucket in groupBy')
  const bucket = buckets[0] ?? null
  const filters = req.filters ?? {}
  const sqlDims = CONTACT_DIMS.filter((d) => groupBy.includes(d) || req.readDims?.includes(d) || (filters[FILTER_OF[d]] as unknown[] | undefined)?.length)
  const centers = resolveCenters(filters, allowedCenters)
  const cfg = getConfig()
  const report: KpiReport = { asOf: new Date(now).toISOString(), window: req.window.kind, spans: [], previousSpans: null, groupBy, keys, rows: [], centers: [] }
  if (centers && centers.length === 0) return report

  const plan = makePlan({ centers, window: req.window, now, dims: sqlDims, bucket, source: req.source, maxLagMs: req.maxLagMs })
  if (plan.source === 'facts') await ensureContactFacts(req.maxLagMs ?? 1000)
  const needs: Needs = {
    contacts: contactInputs([...keys, ...(req.readKeys ?? [])]),
    agentTime: keysReading(keys, 'agent_time'),
    waiting: !bucket && !sqlDims.includes('agent') && keysReading(keys, 'waiting_now'),
    agentsNow: !bucket && !sqlDims.some((d) => SPLIT_DIMS.includes(d)) && keysReading(keys, 'agents_now'),
  }
  const prevPlan = req.compare ? previousPlan(plan, req.window) : null
  const prevNeeds = { ...needs, waiting: false, agentsNow: false } // live KPIs have no previous value
  if (prevPlan) primeContactPeriods((memo ??= new Map()), [plan, prevPlan], needs.contacts)
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
        variant: def.variants ? String(settings[def.variants.setting as keyof typeof settings]) : undefined,
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

/** Components per (center, dims, bucket), with cost, filtered, added into the requested groups. */
async function evaluate(plan: QueryPlan, needs: Needs, filters: KpiFilters, groupBy: GroupBy[], memo: QueryMemo | undefined): Promise<Map<string, Group>> {
  // Dims only read (KpiRequest.readDims), not grouped or filtered on: a request by center.
  const everyCenter = plan.dims.every((d) => !groupBy.includes(d) && !(filters[FILTER_OF[d]] as unknown[] | undefined)?.length)
  const slices = await readSlices(plan, needs, memo, everyCenter)
  allocateCost(slices)
  return groupSlices(slices.base, plan, slices.cal, filters, groupBy)
}
