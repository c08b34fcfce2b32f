/**
 * The /live snapshot of a scope (centers the viewer may see, reporting line, queues, channels):
 * totals, queue and agent tables, staffing, reporting-line KPIs and speed per channel, each part
 * at its own pace, computed once per tick however many supervisors watch it.
 */
import 'server-only'
import { getConfig, type ReportingLine } from '../config'
import type { KpiKey } from '../kpi/definitions'
import type { KpiFilters, Channel } from '../queries/scope'
import { getKpis, type QueryMemo } from '../queries/getKpis'
import { getAgentTable } from '../queries/getAgentTable'
import { getQueueStaffing } from '../queries/getQueueStaffing'
import { ensureContactFacts } from '../queries/refreshContactFacts'
import { alertsTick } from '../alerts/tick'
import { agentRows, agentThresholdsOf } from './agents'
import { cached, FACTS_MAX_LAG_MS, LIVE_PART_TICK_MS, part, todayWithPrevious } from './caches'
import { OUTBOUND_TABLE_KEYS, QUEUE_TABLE_KEYS } from './columns'
import { byKey, centerOptions, centerSettingsOf, channelKpis, filtersOf, queueRows, scopeChannels, seenChannels, staffingRows, totalsOf } from './compose'
import { CHANNEL_KEYS, LINE_KPI_KEYS, LIVE_TOTAL_KEYS, LIVE_TREND_KEYS } from './keys'
import { emailBacklogPart, headlineOf } from './headline'
import { liveReads } from './reads'
import { backfill, trendStore, trendValues } from './trends'
import type { CenterOption, KpiResult, LineKpis, Snapshot } from './types'

export type LiveScope = {
  /** scopeCenters(who, requested): null = every center. */
  allowed: string[] | null
  line: ReportingLine | null
  queues: string[]
  channels: Channel[]
}

export type LiveSnapshot = Snapshot & { centers: CenterOption[] }

const QUEUE_KEYS: KpiKey[] = [...new Set([...QUEUE_TABLE_KEYS, ...OUTBOUND_TABLE_KEYS])]
const CHANNEL_READ_KEYS: KpiKey[] = [...CHANNEL_KEYS, 'handled']

// ---------------------------------------------------------------- /live

export function liveScopeKey(scope: LiveScope): string {
  return `live:${JSON.stringify([scope.allowed, scope.line, [...scope.queues].sort(), [...scope.channels].sort()])}`
}

/** memo: the engine reads of this computation, shared by its parts and by the alert rules' tick. */
export async function computeLiveSnapshot(scope: LiveScope, now = Date.now(), memo: QueryMemo = new Map()): Promise<LiveSnapshot> {
  await ensureContactFacts(FACTS_MAX_LAG_MS)
  const filters = filtersOf(scope)
  const key = liveScopeKey(scope)
  const timings: Record<string, number> = {}
  // The headline covers the real-time channels unless the viewer picked channels (lib/live/realtime.ts);
  // agent figures (occupancy, agents by state) stay those of the scope: agents are not per channel.
  const head = headlineOf(scope, filters, LIVE_TOTAL_KEYS)
  const headTrendKeys = LIVE_TREND_KEYS.filter((k) => head.contactKeys.includes(k))
  const agentTrendKeys = LIVE_TREND_KEYS.filter((k) => head.agentKeys.includes(k))
  // Speed per channel: one getKpis grouped by channel (unless the headline is one channel).
  const perChannel = head.channels.length !== 1
  const parts = Promise.all([
    todayWithPrevious(key, 'totals', timings, (compare) => getKpis({ window: { kind: 'today' }, filters: head.filters, keys: head.contactKeys, compare, now, ...liveReads(head.contactKeys) }, scope.allowed, memo)),
    head.agentKeys.length
      ? todayWithPrevious(key, 'agentTotals', timings, (compare) => getKpis({ window: { kind: 'today' }, filters, keys: head.agentKeys, compare, now }, scope.allowed, memo))
      : null,
    part(key, 'queues', LIVE_PART_TICK_MS.queues, timings, () =>
      getKpis({ window: { kind: 'today' }, filters, groupBy: ['center', 'queue', 'channel'], keys: QUEUE_KEYS, now, ...liveReads(QUEUE_KEYS) }, scope.allowed, memo),
    ),
    part(key, 'lines', LIVE_PART_TICK_MS.lines, timings, () => lineKpis(scope, filters, now, true, memo)),
    part(key, 'agents', LIVE_PART_TICK_MS.agents, timings, () => getAgentTable({ filters, now, memo }, scope.allowed)),
    part(key, 'staffing', LIVE_PART_TICK_MS.staffing, timings, () => getQueueStaffing({ filters, now }, scope.allowed)),
    perChannel
      ? part(key, 'channels', LIVE_PART_TICK_MS.channels, timings, () =>
          // (+ handled: contacts read as the headline reads them, one statement for both)
          getKpis({ window: { kind: 'today' }, filters: head.filters, groupBy: ['channel'], keys: CHANNEL_READ_KEYS, now, ...liveReads(CHANNEL_READ_KEYS) }, scope.allowed, memo),
        )
      : null,
    head.emailTile ? part(key, 'email', LIVE_PART_TICK_MS.queues, timings, () => emailBacklogPart(filters, scope.queues, scope.allowed, now, memo)) : null,
  ])
  // Alert rules: one evaluation per tick for all rules, whatever the number of screens, on this
  // computation's reads (lib/alerts/tick).
  alertsTick({ now, memo })
  const [totals, agentTotals, queues, lines, agents, staffing, byChannel, email] = await parts
  timings.total = Date.now() - now
  const centers = centerSettingsOf(totals.value, scope.allowed)
  const channels = scopeChannels(centers, { queues: scope.queues, channels: scope.channels }, seenChannels(byChannel?.value ?? null)).filter(
    (c) => !head.channels.length || (head.channels as string[]).includes(c),
  )
  const kpis = { ...totalsOf(totals.value), ...(agentTotals ? totalsOf(agentTotals.value) : {}) }
  const values = trendValues(kpis, LIVE_TREND_KEYS)
  for (const l of lines.value) Object.assign(values, trendValues(l.kpis, Object.keys(l.kpis), `${l.line}:`))
  trendStore.record(key, now, values)
  backfill(key, now, async (t) => {
    const [r, a, ls] = await Promise.all([
      getKpis({ window: { kind: 'today' }, filters: head.filters, keys: headTrendKeys, now: t, maxLagMs: 60_000 }, scope.allowed),
      agentTrendKeys.length ? getKpis({ window: { kind: 'today' }, filters, keys: agentTrendKeys, now: t, maxLagMs: 60_000 }, scope.allowed) : null,
      lineKpis(scope, filters, t, false),
    ])
    const v = { ...trendValues(totalsOf(r), headTrendKeys), ...(a ? trendValues(totalsOf(a), agentTrendKeys) : {}) }
    for (const l of ls) Object.assign(v, trendValues(l.kpis, Object.keys(l.kpis), `${l.line}:`))
    return v
  })
  const agentsAt = agents.at
  return {
    // The figures are as old as the oldest of the fast parts.
    generatedAt: Math.min(totals.at, queues.at, byChannel?.at ?? totals.at, email?.at ?? totals.at),
    servedAt: now,
    scope: { centers: scope.allowed, queues: scope.queues, channels: scope.channels, line: scope.line },
    kpis,
    trends: trendStore.read(key, now, Object.keys(values)),
    queues: queueRows(queues.value),
    agents: agentRows(agents.value, agentsAt),
    agentThresholds: agentThresholdsOf(agents.value),
    staffing: staffingRows(staffing.value.rows),
    lines: lines.value,
    ...(byChannel && channels.length > 1 ? { channels: channelKpis(byChannel.value, channels, CHANNEL_KEYS, centers, scope.queues) } : {}),
    headlineChannels: head.channels,
    ...(email ? { emailBacklog: email.value } : {}),
    centers: centerOptions(totals.value),
    timings,
  }
}

async function lineKpis(scope: LiveScope, filters: KpiFilters, now: number, compare = true, memo?: QueryMemo): Promise<LineKpis[]> {
  const cfg = getConfig()
  const inScope = scope.allowed ? scope.allowed.map((id) => cfg.center(id)) : cfg.configuredCenters()
  const present = new Set(inScope.map((c) => c.reportingLine).filter((l): l is ReportingLine => l !== null && (!scope.line || l === scope.line)))
  if (!present.size) return []
  const keys = [...new Set([...present].flatMap((l) => LINE_KPI_KEYS[l]))]
  const r = await getKpis({ window: { kind: 'today' }, filters, groupBy: ['reporting_line'], keys, compare, now, ...(compare ? {} : { maxLagMs: 60_000 }) }, scope.allowed, memo)
  const out: LineKpis[] = []
  for (const row of r.rows) {
    const line = row.group.reporting_line as ReportingLine | undefined
    if (!line || !present.has(line)) continue
    const all = byKey(row.kpis)
    const kpis: Record<string, KpiResult> = {}
    for (const k of LINE_KPI_KEYS[line]) if (all[k]) kpis[k] = all[k]
    out.push({ line, centers: inScope.filter((c) => c.reportingLine === line).map((c) => c.id), kpis })
  }
  return out
}

/** The live snapshot of a scope: computed once per tick however many supervisors watch it. */
export async function getLiveSnapshot(scope: LiveScope): Promise<{ snapshot: LiveSnapshot; stale: boolean }> {
  return cached(liveScopeKey(scope), () => computeLiveSnapshot(scope))
}
