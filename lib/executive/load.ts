/**
 * Builds the executive view for a period from the KPI engine (lib/queries getKpis): every
 * figure is an engine result; this module chooses the groupings, orders the rows and feeds
 * the what-if (lib/executive/whatif, Erlang C from lib/kpi/erlang).
 *
 *   const view = await getExecutiveView({ range: { from: '2026-01', to: '2026-03' } }, scopeCenters(who, requested))
 *
 * Queries (run concurrently): the period with its previous period for the whole scope, per
 * reporting line, per sourcing and per center; the 12-month trend per month for the same
 * four groupings; per queue (inbound voice/chat) for the what-if, with its hours with traffic.
 */
import 'server-only'
import { getConfig, queueSettings, type CenterSettings } from '../config'
import { KPI_DEFINITIONS, sliceCost, type KpiKey, type KpiValue } from '../kpi'
import type { Coverage } from '../reports/coverage'
import { ensureContactFacts, type GroupBy, type KpiReport, type KpiRow, type QueryMemo, type WindowSpec } from '../queries'
import { qualityRows, rankCenters } from './analysis'
import { cachedCoverage, cachedGetKpis, cachedQueueOpenHours } from './engine'
import { addMonths, currentMonth, monthSpan, monthsBetween, previousRange, TREND_MONTHS, type MonthRange } from '../periods/calendar'
import {
  QUALITY_KPIS,
  TREND_KPIS,
  VIEW_KPIS,
  WHATIF_KPIS,
  type ExecutiveView,
  type GroupKind,
  type GroupRow,
  type TrendKpi,
  type TrendSeries,
  type WhatIfRow,
} from './types'
import { whatIf } from './whatif'

export type ExecutiveRequest = {
  range: MonthRange
  /** The instant "now" stands for (tests freeze time). */
  now?: number
  /** Contact facts freshness accepted (default 5 s: an executive view is not a live board). */
  maxLagMs?: number
  source?: 'facts' | 'contacts_v'
}

/** Reference time zone for month boundaries (the configuration's default zone). */
export function executiveTimezone(): string {
  return getConfig().raw.defaults.timezone
}

const GROUPINGS: Array<{ kind: GroupKind; groupBy: GroupBy[] }> = [
  { kind: 'total', groupBy: [] },
  { kind: 'reporting_line', groupBy: ['reporting_line'] },
  { kind: 'sourcing', groupBy: ['sourcing'] },
  { kind: 'center', groupBy: ['center'] },
]

const REPORTING_LINE_ORDER = ['sales', 'marketing', 'customer_service', 'general_management', 'unassigned']
const SOURCING_ORDER = ['in_house', 'outsourced', 'unassigned']

function byKey(kpis: KpiValue[]): Partial<Record<KpiKey, KpiValue>> {
  const out: Partial<Record<KpiKey, KpiValue>> = {}
  for (const k of kpis) out[k.key] = k
  return out
}

function groupId(kind: GroupKind, row: KpiRow): string {
  if (kind === 'total') return 'all'
  return row.group[kind] ?? 'unassigned'
}

function currencyOf(kpis: KpiValue[], fallback: string | null): string | null {
  const money = kpis.find((k) => k.unit === 'currency')
  if (!money) return fallback
  return money.currency ?? null
}

function toGroupRows(kind: GroupKind, report: KpiReport): GroupRow[] {
  const centers = new Map(report.centers.map((c) => [c.id, c]))
  const rows = report.rows.map((r): GroupRow => {
    const id = groupId(kind, r)
    const c = kind === 'center' ? centers.get(id) : undefined
    return {
      kind,
      id,
      ...(c ? { name: c.name, reportingLine: c.reportingLine, sourcing: c.sourcing, configured: c.configured } : {}),
      ...(kind === 'reporting_line' ? { reportingLine: id === 'unassigned' ? null : (id as GroupRow['reportingLine']) } : {}),
      ...(kind === 'sourcing' ? { sourcing: id === 'unassigned' ? null : (id as GroupRow['sourcing']) } : {}),
      currency: currencyOf(r.kpis, c?.currency ?? null),
      kpis: byKey(r.kpis),
    }
  })
  const order = kind === 'reporting_line' ? REPORTING_LINE_ORDER : kind === 'sourcing' ? SOURCING_ORDER : null
  if (order) rows.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id))
  if (kind === 'center') rows.sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id))
  return rows
}

/** KPIs computed from agent states: "no data" without any agent-state event. */
const AGENT_TIME = new Set<string>(KPI_DEFINITIONS.filter((d) => d.agentTime).map((d) => d.key))

/**
 * Missing data is "no data", never 0 (issue 18 item 5): when the previous period has no event for
 * a group's centers, its previous values and changes are null ("—"); agent-time figures
 * (occupancy…) are null when the group's centers have no agent-state event in the period (and
 * their previous values when the previous period has none).
 */
function withoutMissing(row: GroupRow, ids: (c: { id: string }) => boolean, cov: Coverage, prev: Coverage): GroupRow {
  const centers = (c: Coverage) => c.centers.filter(ids)
  const prevData = centers(prev).some((c) => c.daysWithData > 0)
  const agents = centers(cov).some((c) => c.agentStateEvents > 0)
  const prevAgents = centers(prev).some((c) => c.agentStateEvents > 0)
  const kpis: GroupRow['kpis'] = {}
  for (const [key, v] of Object.entries(row.kpis) as Array<[KpiKey, KpiValue]>) {
    let x = v
    if (AGENT_TIME.has(key) && !agents) x = { ...x, value: null, status: null, previous: null, change: null, changeIsGood: null }
    if (!prevData || (AGENT_TIME.has(key) && !prevAgents)) x = { ...x, previous: null, change: null, changeIsGood: null }
    kpis[key] = x
  }
  return { ...row, kpis }
}

function emptyTotal(): GroupRow {
  return { kind: 'total', id: 'all', currency: null, kpis: {} }
}

async function timed<T>(timings: Record<string, number>, name: string, f: () => Promise<T>): Promise<T> {
  const t0 = performance.now()
  try {
    return await f()
  } finally {
    timings[name] = Math.round(performance.now() - t0)
  }
}

/** Cost of one extra agent hour and of one extra handled contact, from the engine's cost model. */
function marginalCosts(center: CenterSettings, at: number): { agentHour: number | null; perContact: number | null } {
  const one = (a: { agentSeconds: number; handled: number }) => sliceCost(center, at, at, { ...a, voiceSeconds: 0, fixedShare: 0 })
  const agentHour = one({ agentSeconds: 3600, handled: 0 })
  const perContact = one({ agentSeconds: 0, handled: 1 })
  return { agentHour: agentHour && agentHour > 0 ? agentHour : null, perContact: perContact && perContact > 0 ? perContact : null }
}

export async function getExecutiveView(req: ExecutiveRequest, allowedCenters: string[] | null): Promise<ExecutiveView> {
  const t0 = performance.now()
  const now = req.now ?? Date.now()
  const tz = executiveTimezone()
  const timings: Record<string, number> = {}
  const span = monthSpan(req.range.from, req.range.to, tz)
  const window: WindowSpec = { kind: 'custom', from: span.from, to: span.to }
  const trendFrom = addMonths(req.range.to, -(TREND_MONTHS - 1))
  const trendMonths = monthsBetween(trendFrom, req.range.to)
  const trendSpan = monthSpan(trendFrom, req.range.to, tz)
  // The trend is asked in two parts: the closed months (cached until late data arrives) and,
  // when the range reaches it, the current month (recomputed as data comes in).
  const curStart = monthSpan(currentMonth(now, tz), currentMonth(now, tz), tz).from
  const trendWindows: WindowSpec[] =
    trendSpan.from < curStart && curStart < trendSpan.to
      ? [
          { kind: 'custom', from: trendSpan.from, to: curStart },
          { kind: 'custom', from: curStart, to: trendSpan.to },
        ]
      : [{ kind: 'custom', from: trendSpan.from, to: trendSpan.to }]
  // Facts are brought up to date once; the cached calls below then read them as they are.
  if (req.source !== 'contacts_v') await timed(timings, 'facts', () => ensureContactFacts(req.maxLagMs ?? 5000))
  const common = { now, maxLagMs: Number.MAX_SAFE_INTEGER, source: req.source }
  // The groupings of one window share their SQL (one scan for total, lines, sourcing, centers).
  const memo: QueryMemo = new Map()
  const filters = { channels: ['voice', 'chat'] as Array<'voice' | 'chat'>, directions: ['inbound' as const] }

  const prevRange = previousRange(req.range.from, req.range.to)
  const prevSpanMs = monthSpan(prevRange.from, prevRange.to, tz)
  const [periodReports, trendReports, queueReport, openHours, coverage, prevCoverage] = await Promise.all([
    Promise.all(
      GROUPINGS.map((g) =>
        timed(timings, `period:${g.kind}`, () => cachedGetKpis({ ...common, window, groupBy: g.groupBy, keys: VIEW_KPIS, compare: true }, allowedCenters, memo)),
      ),
    ),
    Promise.all(
      GROUPINGS.map((g) =>
        timed(timings, `trend:${g.kind}`, async () => {
          const parts = await Promise.all(trendWindows.map((w) => cachedGetKpis({ ...common, window: w, groupBy: [...g.groupBy, 'month'], keys: [...TREND_KPIS, 'offered'] }, allowedCenters, memo)))
          return { ...parts[0]!, rows: parts.flatMap((p) => p.rows), centers: parts.flatMap((p) => p.centers) }
        }),
      ),
    ),
    timed(timings, 'whatif:kpis', () => cachedGetKpis({ ...common, window, filters, groupBy: ['center', 'queue'], keys: WHATIF_KPIS }, allowedCenters, memo)),
    timed(timings, 'whatif:openHours', () => cachedQueueOpenHours({ ...common, window, filters }, allowedCenters)),
    timed(timings, 'coverage', () => cachedCoverage(allowedCenters, span, tz, now)),
    timed(timings, 'coverage:previous', () => cachedCoverage(allowedCenters, prevSpanMs, tz, now)),
  ])

  const [totalRep, linesRep, sourcingRep, centersRep] = periodReports
  const info = new Map(centersRep!.centers.map((c) => [c.id, c]))
  const clean = (r: GroupRow) =>
    withoutMissing(
      r,
      (c) =>
        r.kind === 'total' ||
        (r.kind === 'center' && c.id === r.id) ||
        (r.kind === 'reporting_line' && (info.get(c.id)?.reportingLine ?? 'unassigned') === r.id) ||
        (r.kind === 'sourcing' && (info.get(c.id)?.sourcing ?? 'unassigned') === r.id),
      coverage,
      prevCoverage,
    )
  const total = clean(toGroupRows('total', totalRep!)[0] ?? emptyTotal())
  const reportingLines = toGroupRows('reporting_line', linesRep!).map(clean)
  const sourcing = toGroupRows('sourcing', sourcingRep!).map(clean)
  const centers = toGroupRows('center', centersRep!).map(clean)

  // ---- trend: one series per group, one value per month
  const series: TrendSeries[] = []
  const monthIndex = new Map(trendMonths.map((m, i) => [m, i]))
  GROUPINGS.forEach((g, gi) => {
    const rep = trendReports[gi]!
    const names = new Map(rep.centers.map((c) => [c.id, c.name]))
    const byId = new Map<string, TrendSeries>()
    for (const row of rep.rows) {
      const id = groupId(g.kind, row)
      let s = byId.get(id)
      if (!s) {
        s = { kind: g.kind, id, ...(g.kind === 'center' ? { name: names.get(id) ?? id } : {}), values: {} }
        for (const k of TREND_KPIS) s.values[k] = trendMonths.map(() => null)
        byId.set(id, s)
      }
      const i = monthIndex.get(row.group.bucket ?? '')
      if (i === undefined) continue
      // A month without any contact is "no data", not a loss: the engine still charges fixed
      // costs pro rata to it (docs/kpis.md), which would draw a flat −fixed-cost margin.
      const count = (k: KpiKey) => row.kpis.find((v) => v.key === k)?.value ?? 0
      if (count('offered') === 0 && count('handled') === 0) continue
      for (const v of row.kpis) if ((TREND_KPIS as readonly string[]).includes(v.key)) s.values[v.key as TrendKpi]![i] = v.value
    }
    const list = [...byId.values()]
    const order = g.kind === 'reporting_line' ? REPORTING_LINE_ORDER : g.kind === 'sourcing' ? SOURCING_ORDER : null
    if (order) list.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id))
    else list.sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id))
    series.push(...list)
  })

  // ---- what-if per inbound voice/chat queue
  const cfg = getConfig()
  const hours = new Map(openHours.map((h) => [`${h.centerId}|${h.queueId}`, h.openHours]))
  const occupancyOf = new Map(centers.map((c) => [c.id, c.kpis.occupancy?.value ?? null]))
  const whatIfRows: WhatIfRow[] = []
  for (const row of queueReport.rows) {
    const centerId = row.group.center ?? ''
    const queueId = row.group.queue ?? ''
    if (!centerId || !queueId) continue
    const center = cfg.center(centerId)
    const q = queueSettings(center, queueId)
    const k = byKey(row.kpis)
    const v = (key: KpiKey) => k[key]?.value ?? null
    const abandoned = v('abandoned')
    const coa = v('cost_of_abandonment')
    const valuePerAbandon = coa !== null && abandoned !== null && abandoned > 0 ? coa / abandoned : null
    const costs = marginalCosts(center, span.from)
    const openH = hours.get(`${centerId}|${queueId}`) ?? 0
    const result = whatIf({
      offered: v('offered') ?? 0,
      openSeconds: openH * 3600,
      ahtS: v('aht'),
      asaS: v('asa'),
      abandonmentRate: v('abandonment_rate'),
      occupancy: occupancyOf.get(centerId) ?? null,
      thresholdS: q.serviceLevel.thresholdSeconds,
      slTarget: q.serviceLevel.target,
      valuePerAbandon,
      agentHourCost: costs.agentHour,
      pricePerHandledContact: costs.agentHour === null ? costs.perContact : null,
    })
    whatIfRows.push({
      centerId,
      centerName: center.name,
      queueId,
      queueName: q.name,
      channel: q.channel,
      currency: center.currency,
      observed: { offered: v('offered'), ahtS: v('aht'), asaS: v('asa'), abandonmentRate: v('abandonment_rate'), serviceLevel: v('service_level') },
      thresholdS: q.serviceLevel.thresholdSeconds,
      slTarget: q.serviceLevel.target,
      valuePerAbandon,
      result,
    })
  }
  whatIfRows.sort((a, b) => a.centerName.localeCompare(b.centerName) || a.queueName.localeCompare(b.queueName))

  const prevSpan = totalRep!.previousSpans?.[0]
  const view: ExecutiveView = {
    period: {
      from: req.range.from,
      to: req.range.to,
      span,
      previous: prevSpan ? { from: Date.parse(prevSpan.from), to: Date.parse(prevSpan.to) } : null,
      timezone: tz,
    },
    generatedAt: now,
    scope: allowedCenters,
    total,
    reportingLines,
    sourcing,
    centers,
    trend: { months: trendMonths, series },
    rankings: { byMargin: rankCenters(centers, 'margin', 'desc'), byCostPerContact: rankCenters(centers, 'cost_per_contact', 'asc') },
    quality: qualityRows(
      centers,
      reportingLines.find((l) => l.id === 'customer_service'),
      QUALITY_KPIS,
    ),
    whatIf: whatIfRows,
    timings,
  }
  timings.total = Math.round(performance.now() - t0)
  return view
}
