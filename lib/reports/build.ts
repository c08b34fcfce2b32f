/**
 * Builds the monthly (or custom-range) report from the KPI engine. Every figure comes from
 * getKpis() — this module never computes a KPI — and every format (JSON, CSV, XLSX, PDF, the
 * page) renders the object built here, so they carry the same numbers by construction, equal
 * to /api/kpis for the same window and centers.
 *
 *   const report = await buildReport({ period: { kind: 'month', month: '2026-10' }, centers: ['paris-sales'],
 *                                      interval: 60, locale: 'fr' }, scopeCenters(who, null))
 */
import 'server-only'
import { getConfig, type ReportingLine } from '../config'
import { BUCKETS, KPI_DEFINITIONS, kpiDefinition, isKpiKey, type KpiKey } from '../kpi/definitions'
import { PRESETS } from '../kpi/presets'
import type { KpiValue } from '../kpi/result'
import type { AppLocale } from '../i18n/config'
import { getKpis, type GroupBy, type KpiReport, type QueryMemo } from '../queries/getKpis'
import { resolveCenters } from '../queries/scope'
import type { WindowSpec } from '../queries/window'
import { queryDataQuality } from '../queries/queryDataQuality'
import { ensureContactFacts } from '../queries/refreshContactFacts'
import { dataVersion, getEntry, getInflight, periodCacheOn, putEntry, setInflight } from '../periods/cache'
import { queryCoverage } from './coverage'
import { UNALLOCATED } from './unallocated'
import { mergeReport } from './merge'
import { lastYearPeriod, previousPeriod, resolvePeriod, selectionTimezone, type PeriodInput, type ResolvedPeriod } from '../periods/calendar'
import { isoDate } from '../forecast/calendar'
import { localParts } from '../kpi/time'
import { complianceSection, forecastSection } from './plan-sections'
import { REPORT_SECTIONS } from './types'
import type {
  Breakdown,
  Definition,
  IntervalSize,
  MonthlyReport,
  QualityInfo,
  ReportCenter,
  ReportPeriodInfo,
  ReportRow,
  ReportSection,
  ReportTable,
  SummaryKpi,
} from './types'

export const SUMMARY_KEYS: KpiKey[] = KPI_DEFINITIONS.filter((d) => !d.live).map((d) => d.key)
// Agent-time figures (occupancy, staffing, cost) are the expensive part of a query: they are
// asked for where they mean something (summary, centers, reporting lines, agents, intervals).
export const DAILY_KEYS: KpiKey[] = ['offered', 'answered', 'abandoned', 'abandonment_rate', 'service_level', 'asa', 'handled', 'aht', 'csat']
export const BREAKDOWN_KEYS: KpiKey[] = [
  'offered',
  'answered',
  'abandoned',
  'abandonment_rate',
  'service_level',
  'asa',
  'max_wait',
  'handled',
  'aht',
  'transfer_rate',
  'fcr_agent',
  'csat',
  'nps',
  'leads',
  'sales',
  'revenue',
]
export const AGENT_KEYS: KpiKey[] = [
  'handled',
  'aht',
  'avg_talk',
  'avg_hold',
  'avg_acw',
  'transfer_rate',
  'hold_rate',
  'fcr_agent',
  'csat',
  'nps',
  'sales',
  'conversion_rate',
  'revenue',
  'occupancy',
  'utilization',
  'logged_in_time',
  'cost',
  'cost_per_contact',
]
export const CENTER_KEYS: KpiKey[] = [
  'offered',
  'answered',
  'abandonment_rate',
  'service_level',
  'asa',
  'handled',
  'aht',
  'occupancy',
  'csat',
  'nps',
  'fcr_agent',
  'revenue',
  'cost',
  'cost_per_contact',
  'margin',
]
export const COST_KEYS: KpiKey[] = [
  'cost',
  'cost_per_contact',
  'cost_per_handled_minute',
  'cost_per_resolved_contact',
  'cost_per_lead',
  'revenue',
  'margin',
  'roi',
  'cost_of_abandonment',
]
export const INTERVAL_KEYS: KpiKey[] = ['offered', 'answered', 'abandoned', 'service_level', 'asa', 'aht', 'agents_staffed', 'agents_needed']

export type ReportRequest = {
  period: PeriodInput
  /** Requested centers (empty: every center in scope). */
  centers?: string[]
  /** Requested reporting lines (empty: any). */
  lines?: ReportingLine[]
  interval?: IntervalSize
  locale: AppLocale
  /** Only these sections (default all): the page loads its sections in groups. */
  sections?: readonly ReportSection[]
  /** The instant "now" stands for (tests). */
  now?: number
}

/** Seconds after which an event counts as late (received_at − ts). */
export function lateEventThresholdS(): number {
  const n = Number(process.env.PLATEAU_LATE_EVENT_SECONDS)
  return Number.isFinite(n) && n > 0 ? n : 300
}

const iso = (ms: number) => new Date(ms).toISOString()

function periodInfo(p: ResolvedPeriod): ReportPeriodInfo {
  return {
    kind: p.kind,
    ...(p.month ? { month: p.month } : {}),
    firstDay: p.firstDay,
    lastDay: p.lastDay,
    from: iso(p.from),
    to: iso(p.to),
    days: p.days,
    timezone: p.timezone,
  }
}

const window = (p: ResolvedPeriod): WindowSpec => ({ kind: 'custom', from: p.from, to: p.to })

function byKey(kpis: KpiValue[]): Map<string, KpiValue> {
  return new Map(kpis.map((k) => [k.key, k]))
}

function pick(kpis: KpiValue[], keys: readonly string[]): KpiValue[] {
  const m = byKey(kpis)
  return keys.map((k) => m.get(k)).filter((x): x is KpiValue => !!x)
}

function queueName(center: string, queue: string): string {
  const c = getConfig().center(center)
  return c.queues.find((q) => q.id === queue)?.name ?? queue
}

function toTable(r: KpiReport, keys: KpiKey[], row: (g: KpiReport['rows'][number]['group']) => Omit<ReportRow, 'kpis'> | null): ReportTable {
  const rows: ReportRow[] = []
  for (const x of r.rows) {
    const base = row(x.group)
    if (base) rows.push({ ...base, kpis: x.kpis })
  }
  return { keys, rows }
}

function bucketRow(g: KpiReport['rows'][number]['group']): Omit<ReportRow, 'kpis'> {
  const label = g.bucket ?? ''
  return { id: label, name: label, date: label.slice(0, 10), ...(label.length > 10 ? { time: label.slice(11, 16) } : {}), ...(g.bucketStart ? { start: g.bucketStart } : {}) }
}

/**
 * The report. `allowedCenters`: scopeCenters(who, null) — null = all centers, [] = none.
 * A closed period's sections are served from the cache while their data is
 * unchanged (lib/periods/cache.ts), so the page's sections, then the exports of the same
 * period, are computed once; `fresh: true` always recomputes.
 */
export async function buildReport(req: ReportRequest & { fresh?: boolean }, allowedCenters: string[] | null): Promise<MonthlyReport> {
  const now = req.now ?? Date.now()
  const cfg = getConfig()
  const filters = { centers: req.centers?.length ? req.centers : undefined, reportingLines: req.lines?.length ? req.lines : undefined }
  const resolved = resolveCenters(filters, allowedCenters)
  const zoneCenters = resolved ?? cfg.configuredCenters().map((c) => c.id)
  const tz = selectionTimezone(zoneCenters.map((id) => cfg.center(id).timezone), cfg.raw.defaults.timezone, now)
  const period = resolvePeriod(req.period, tz.timezone)
  if (req.fresh || period.to > now || req.now !== undefined || !(await periodCacheOn('reports'))) return computeReport(req, allowedCenters)
  const prev = previousPeriod(period)
  const ly = lastYearPeriod(period)
  const wanted: ReportSection[] = req.sections?.length ? [...new Set(req.sections)] : [...REPORT_SECTIONS]
  const keyOf = (s: ReportSection) =>
    JSON.stringify([req.period, resolved, allowedCenters, req.centers ?? [], req.lines ?? [], s === 'interval' || s === 'forecast' ? (req.interval ?? 60) : 0, s])
  // Read before computing: an event arriving meanwhile changes the version, so the entry
  // stored below is never served for the newer data.
  const version = await dataVersion(reportSpans(period, prev, ly))
  const parts: Promise<MonthlyReport>[] = []
  const missing: ReportSection[] = []
  for (const s of wanted) {
    const hit = getEntry<MonthlyReport>('reports', keyOf(s), version, now)
    if (hit) parts.push(Promise.resolve(hit))
    else {
      const running = getInflight<MonthlyReport>('reports', keyOf(s), version)
      if (running) parts.push(running)
      else missing.push(s)
    }
  }
  if (missing.length) {
    // Facts must include every event stored when the version was read (the engine otherwise
    // accepts 1 s of lag), or a late event could be missed by an entry stored under its version.
    const computing = ensureContactFacts(0).then(() => computeReport({ ...req, sections: missing }, allowedCenters))
    for (const s of missing) setInflight('reports', keyOf(s), version, computing)
    parts.push(
      computing.then((r) => {
        for (const s of missing) putEntry('reports', keyOf(s), version, r, false, now)
        return r
      }),
    )
  }
  const got = await Promise.all(parts)
  let out = got[0]!
  for (const p of got.slice(1)) out = mergeReport(out, p)
  // Only the sections asked for, in the caller's language.
  return {
    ...out,
    sections: wanted,
    locale: req.locale,
    definitions: wanted.includes('definitions') ? definitions(req.locale, out.summary) : [],
  }
}

/** The report, always computed (no cache). */
export async function computeReport(req: ReportRequest, allowedCenters: string[] | null): Promise<MonthlyReport> {
  const now = req.now ?? Date.now()
  const cfg = getConfig()
  const sections = new Set<ReportSection>(req.sections?.length ? req.sections : REPORT_SECTIONS)
  const want = (s: ReportSection) => sections.has(s)
  const filters = { centers: req.centers?.length ? req.centers : undefined, reportingLines: req.lines?.length ? req.lines : undefined }
  const resolved = resolveCenters(filters, allowedCenters)
  const zoneCenters = resolved ?? cfg.configuredCenters().map((c) => c.id)
  const tz = selectionTimezone(
    zoneCenters.map((id) => cfg.center(id).timezone),
    cfg.raw.defaults.timezone,
    now,
  )
  const period = resolvePeriod(req.period, tz.timezone)
  const prevPeriod = previousPeriod(period)
  const lyPeriod = lastYearPeriod(period)
  const interval: IntervalSize = req.interval ?? 60

  // Everything goes through the engine with the caller's scope, like /api/kpis.
  // One memo for the whole report: sections over the same period and grouping share their SQL.
  const memo: QueryMemo = new Map()
  const kpis = (w: ResolvedPeriod, keys: KpiKey[], groupBy: GroupBy[] = [], compare = false) =>
    getKpis({ window: window(w), filters, keys, groupBy, compare, now }, allowedCenters, memo)
  const empty = Promise.resolve(null)

  const linesOf = (ids: string[]) => [...new Set(ids.map((id) => cfg.center(id).reportingLine))]
  const selectionLines = linesOf(zoneCenters)
  const singleLine = selectionLines.length === 1 && selectionLines[0] !== null ? (selectionLines[0] as ReportingLine) : null
  const lineKeys = [...new Set(Object.entries(PRESETS).filter(([k]) => k !== 'live').flatMap(([, v]) => v as readonly KpiKey[]))]

  // Only what the requested sections need: the page asks for sections one group at a time.
  const needSummary = want('summary') || want('cost') || (want('reporting_line') && singleLine !== null)
  const summaryKeys = want('summary') ? SUMMARY_KEYS : [...new Set([...COST_KEYS, ...(singleLine ? PRESETS[singleLine] : [])])]
  const coverageOf = (p: ResolvedPeriod) => queryCoverage({ centers: resolved, from: p.from, to: p.to, timezone: p.timezone, now })
  const [summaryR, lastYearR, dailyR, centersR, lineR, queueR, channelR, directionR, agentR, intervalR, quality, coverage, previousCoverage, lastYearCoverage, dataStamp] = await Promise.all([
    needSummary ? kpis(period, summaryKeys, [], true) : empty,
    want('summary') ? kpis(lyPeriod, SUMMARY_KEYS) : empty,
    want('daily') ? kpis(period, DAILY_KEYS, ['day']) : empty,
    // The agent table's unallocated remainder is the center's cost minus its agents' costs.
    want('centers') || want('cost') || want('agent') ? kpis(period, [...new Set([...CENTER_KEYS, ...COST_KEYS])], ['center']) : empty,
    want('reporting_line') && !singleLine ? kpis(period, lineKeys, ['reporting_line']) : empty,
    want('queue') ? kpis(period, BREAKDOWN_KEYS, ['center', 'queue']) : empty,
    want('channel') ? kpis(period, BREAKDOWN_KEYS, ['channel']) : empty,
    want('direction') ? kpis(period, BREAKDOWN_KEYS, ['direction']) : empty,
    want('agent') ? kpis(period, AGENT_KEYS, ['center', 'agent']) : empty,
    want('interval') ? kpis(period, INTERVAL_KEYS, [`interval${interval}` as GroupBy]) : empty,
    want('summary') || want('quality')
      ? queryDataQuality({ centers: resolved, from: period.from, to: period.to, lateAfterS: lateEventThresholdS() })
      : Promise.resolve(null),
    coverageOf(period),
    coverageOf(prevPeriod),
    coverageOf(lyPeriod),
    dataVersion(reportSpans(period, prevPeriod, lyPeriod)),
  ])

  const first = [summaryR, dailyR, centersR, lineR, queueR, channelR, directionR, agentR, intervalR].find((x): x is KpiReport => x !== null)
  const centerList = first
    ? first.centers
    : (resolved ?? cfg.configuredCenters().map((c) => c.id)).map((id) => ({ id, ...pickCenter(cfg.center(id)) }))
  const centers: ReportCenter[] = centerList.map((c) => ({
    id: c.id,
    name: c.name,
    reportingLine: c.reportingLine,
    sourcing: c.sourcing,
    timezone: c.timezone,
    currency: c.currency,
    configured: c.configured,
  }))
  const planIds = centers.map((c) => c.id)
  // A forecast compared with what happened: days up to today only (a future day has no actual).
  const lastPlanDay = period.to > now ? localDayOf(now, period.timezone) : period.lastDay
  const [forecast, compliance] = await Promise.all([
    want('forecast') && lastPlanDay >= period.firstDay ? forecastSection(planIds, period.firstDay, lastPlanDay, interval, Math.min(now, period.to)) : null,
    want('compliance') ? complianceSection(planIds, period.from, Math.min(period.to, now + 1)) : null,
  ])
  const currencies = [...new Set(centers.map((c) => c.currency))]
  const currency = currencies.length === 1 ? currencies[0]! : currencies.length === 0 ? cfg.raw.defaults.currency : null

  // Missing data is "no data", never 0: agent-time figures without any agent-state event, and
  // comparisons with a period that has no event at all.
  const noAgents = coverage.agentStateEvents === 0
  const centerNoAgents = new Set(coverage.centers.filter((c) => c.agentStateEvents === 0).map((c) => c.id))
  const clean = (ks: KpiValue[], noAgentTime = noAgents): KpiValue[] =>
    ks.map((k) => {
      let x = noAgentTime && KPI_BY_KEY_AGENT_TIME.has(k.key) ? noAgentData(k) : k
      if (previousCoverage.daysWithData === 0 && x.previous !== null) x = { ...x, previous: null, change: null, changeIsGood: null }
      return x
    })
  const cleanRows = (t: ReportTable, perCenter = false): ReportTable => ({ ...t, rows: t.rows.map((r) => ({ ...r, kpis: clean(r.kpis, noAgents || (perCenter && !!r.center && centerNoAgents.has(r.center))) })) })

  const summaryKpis = clean(summaryR?.rows[0]?.kpis ?? [])
  const lastYear = byKey(lastYearR?.rows[0]?.kpis ?? [])
  const lastYearHasData = lastYearCoverage.daysWithData > 0
  const summary: SummaryKpi[] = (want('summary') ? summaryKpis : []).map((k) => {
    const ly = lastYearHasData ? (lastYear.get(k.key)?.value ?? null) : null
    return { ...k, lastYear: ly, lastYearChange: k.value !== null && ly !== null ? k.value - ly : null }
  })

  const reportingLines: MonthlyReport['reportingLines'] = []
  if (want('reporting_line')) {
    if (singleLine) reportingLines.push({ line: singleLine, keys: [...PRESETS[singleLine]], kpis: pick(summaryKpis, PRESETS[singleLine]) })
    else
      for (const row of lineR?.rows ?? []) {
        const line = row.group.reporting_line ?? 'unassigned'
        const keys = line in PRESETS && line !== 'live' ? [...PRESETS[line as ReportingLine]] : [...PRESETS.general_management]
        reportingLines.push({ line, keys, kpis: pick(clean(row.kpis), keys) })
      }
  }

  const centerName = (id: string) => cfg.center(id).name
  const centerRows = centersR ? cleanRows(toTable(centersR, CENTER_KEYS, (g) => ({ id: g.center!, name: centerName(g.center!), center: g.center })), true).rows : []
  const cost: MonthlyReport['cost'] = {
    keys: COST_KEYS,
    total: pick(summaryKpis, COST_KEYS),
    byCenter: centerRows.map((r) => ({ ...r, kpis: pick(r.kpis, COST_KEYS) })),
  }
  const emptyTable = (keys: KpiKey[]): ReportTable => ({ keys, rows: [] })
  const centersTable = centersR ? { keys: CENTER_KEYS, rows: centerRows.map((r) => ({ ...r, kpis: pick(r.kpis, CENTER_KEYS) })) } : emptyTable(CENTER_KEYS)

  const breakdowns: Record<Breakdown, ReportTable> = {
    queue: queueR ? toTable(queueR, BREAKDOWN_KEYS, (g) => ({ id: `${g.center}|${g.queue}`, name: queueName(g.center!, g.queue ?? ''), center: g.center })) : emptyTable(BREAKDOWN_KEYS),
    channel: channelR ? toTable(channelR, BREAKDOWN_KEYS, (g) => ({ id: g.channel ?? '', name: g.channel ?? '' })) : emptyTable(BREAKDOWN_KEYS),
    direction: directionR ? toTable(directionR, BREAKDOWN_KEYS, (g) => ({ id: g.direction ?? '', name: g.direction ?? '' })) : emptyTable(BREAKDOWN_KEYS),
    // Contacts never answered have no agent: they are not an agent's row. Named from the agent
    // directory with the id kept (a file has no hover); an agent not in it keeps its id.
    agent: agentR
      ? withUnallocated(
          cleanRows(toTable(agentR, AGENT_KEYS, (g) => (g.agent ? { id: `${g.center}|${g.agent}`, name: agentSheetName(g.center!, g.agent), center: g.center } : null)), true),
          centerRows,
        )
      : emptyTable(AGENT_KEYS),
  }
  for (const b of ['queue', 'channel', 'direction'] as const) breakdowns[b] = cleanRows(breakdowns[b])

  const closed = period.to <= now
  const q: QualityInfo = quality
    ? { ...quality, closed, stable: closed && coverage.complete && quality.lateAfterClose === 0 }
    : { lateAfterS: lateEventThresholdS(), events: 0, lastReceivedAt: null, lateEvents: 0, lateAfterClose: 0, lastLateAfterCloseAt: null, deadLetters: 0, closed, stable: false }

  return {
    version: 1,
    generatedAt: new Date().toISOString(),
    asOf: first?.asOf ?? new Date(now).toISOString(),
    sections: [...sections],
    locale: req.locale,
    period: periodInfo(period),
    previousPeriod: periodInfo(prevPeriod),
    lastYearPeriod: periodInfo(lyPeriod),
    open: period.to > now,
    partial: period.to > now || !coverage.complete,
    coverage,
    previousCoverage,
    lastYearCoverage,
    dataStamp,
    mixedTimezones: tz.mixed,
    selection: { centers, reportingLines: req.lines ?? [], requestedCenters: (req.centers ?? []).filter((c) => centers.some((x) => x.id === c)) },
    currency,
    summary,
    reportingLines,
    cost,
    daily: dailyR ? cleanRows(toTable(dailyR, DAILY_KEYS, bucketRow)) : emptyTable(DAILY_KEYS),
    centers: centersTable,
    breakdowns,
    interval: { ...(intervalR ? cleanRows(toTable(intervalR, INTERVAL_KEYS, bucketRow)) : emptyTable(INTERVAL_KEYS)), size: interval },
    forecast: forecast ?? { rows: [], byDay: [], byInterval: {}, intervalMin: interval, centersLeftOut: 0 },
    compliance: compliance ?? { rows: [], centersLeftOut: 0 },
    quality: q,
    definitions: want('definitions') ? definitions(req.locale, summary) : [],
  }
}

/** The data a report rests on: the period with its previous period, and the same period last year. */
function reportSpans(period: ResolvedPeriod, prev: ResolvedPeriod, ly: ResolvedPeriod) {
  return [
    { from: prev.from, to: period.to },
    { from: ly.from, to: ly.to },
  ]
}

function localDayOf(ms: number, tz: string): string {
  const p = localParts(ms, tz)
  return isoDate(p.year, p.month, p.day)
}

function pickCenter(c: ReturnType<ReturnType<typeof getConfig>['center']>) {
  return { name: c.name, configured: c.configured, reportingLine: c.reportingLine, sourcing: c.sourcing, timezone: c.timezone, currency: c.currency }
}

/** Each KPI of the report with its formula, in the report's language, and the variant in force. */
export function definitions(locale: AppLocale, summary: Pick<KpiValue, 'key' | 'variant'>[]): Definition[] {
  const variantOf = new Map(summary.map((k) => [k.key, k.variant]))
  return SUMMARY_KEYS.filter(isKpiKey).map((key) => {
    const d = kpiDefinition(key)
    const v = variantOf.get(key)
    const opt = v && d.variants ? d.variants.options.find((o) => o.id === v) : undefined
    return {
      key,
      label: d.label[locale],
      unit: d.unit,
      formula: d.formula[locale],
      bucketedOn: BUCKETS[d.bucketedOn][locale],
      variant: opt ? opt[locale] : null,
      settings: [...(d.settings ?? [])],
    }
  })
}

/** The agent sheet's name of an agent: "Camille Martin (paris-sales-orders-01)", or the id alone when not in the directory. */
function agentSheetName(center: string, agent: string): string {
  const name = getConfig().center(center).agents.find((a) => a.id === agent)?.name
  return name ? `${name} (${agent})` : agent
}

/** KPIs computed from agent states: "no data" (null) when no agent-state event exists. */
const KPI_BY_KEY_AGENT_TIME = new Set<string>(KPI_DEFINITIONS.filter((d) => d.agentTime).map((d) => d.key))
const noAgentData = (k: KpiValue): KpiValue => ({ ...k, value: null, previous: null, change: null, changeIsGood: null, status: null })

/** Cost not carried by any agent (telecom, fixed costs, agents absent from the contacts): one row per center. */
function withUnallocated(t: ReportTable, centerRows: ReportRow[]): ReportTable {
  const extra: ReportRow[] = []
  for (const c of centerRows) {
    const total = c.kpis.find((k) => k.key === 'cost')
    if (!total || total.value === null) continue
    const allocated = t.rows.filter((r) => r.center === c.center).reduce((a, r) => a + (r.kpis.find((k) => k.key === 'cost')?.value ?? 0), 0)
    const rest = Math.round((total.value - allocated) * 100) / 100
    if (Math.abs(rest) < 0.005) continue
    extra.push({ id: `${c.center}|${UNALLOCATED}`, name: UNALLOCATED, center: c.center, kpis: [{ ...total, value: rest, previous: null, change: null, changeIsGood: null, target: null, status: null }] })
  }
  return { ...t, rows: [...t.rows, ...extra] }
}
