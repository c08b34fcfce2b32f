/**
 * The /live snapshot of a scope (centers the viewer may see, reporting line, queues, channels):
 * totals, queue and agent tables, staffing, reporting-line KPIs and speed per channel, each part
 * at its own pace, computed once per tick however many supervisors watch it.
 */
import 'server-only'
import { getConfig, type ReportingLine } from '../config'
import type { KpiFilters, Channel } from '../queries/scope'
import { getKpis } from '../queries/getKpis'
import { getAgentTable } from '../queries/getAgentTable'
import { getQueueStaffing } from '../queries/getQueueStaffing'
import { ensureContactFacts } from '../queries/refreshContactFacts'
import { alertsTick } from '../alerts/tick'
import { isAgentState } from './agent-states'
import { cached, FACTS_MAX_LAG_MS, LIVE_PART_TICK_MS, part, todayWithPrevious } from './caches'
import { OUTBOUND_TABLE_KEYS, QUEUE_TABLE_KEYS } from './columns'
import { byKey, centerOptions, centerSettingsOf, channelKpis, filtersOf, queueRows, scopeChannels, seenChannels, staffingRows, totalsOf } from './compose'
import { CHANNEL_KEYS, LINE_KPI_KEYS, LIVE_TOTAL_KEYS, LIVE_TREND_KEYS } from './keys'
import { backfill, trendStore, trendValues } from './trends'
import type { AgentRow, CenterOption, KpiResult, LineKpis, Snapshot } from './types'

export type LiveScope = {
  /** scopeCenters(who, requested): null = every center. */
  allowed: string[] | null
  line: ReportingLine | null
  queues: string[]
  channels: Channel[]
}

export type LiveSnapshot = Snapshot & { centers: CenterOption[] }

// ---------------------------------------------------------------- /live

export function liveScopeKey(scope: LiveScope): string {
  return `live:${JSON.stringify([scope.allowed, scope.line, [...scope.queues].sort(), [...scope.channels].sort()])}`
}

export async function computeLiveSnapshot(scope: LiveScope, now = Date.now()): Promise<LiveSnapshot> {
  await ensureContactFacts(FACTS_MAX_LAG_MS)
  // Alert rules: one evaluation per tick for all rules, whatever the number of screens.
  alertsTick(now)
  const filters = filtersOf(scope)
  const key = liveScopeKey(scope)
  const timings: Record<string, number> = {}
  // Speed per channel: one getKpis grouped by channel (unless the scope is one channel).
  const perChannel = scope.channels.length !== 1
  const [totals, queues, lines, agents, staffing, byChannel] = await Promise.all([
    todayWithPrevious(key, 'totals', timings, (compare) => getKpis({ window: { kind: 'today' }, filters, keys: LIVE_TOTAL_KEYS, compare, now }, scope.allowed)),
    part(key, 'queues', LIVE_PART_TICK_MS.queues, timings, () =>
      getKpis({ window: { kind: 'today' }, filters, groupBy: ['center', 'queue', 'channel'], keys: [...new Set([...QUEUE_TABLE_KEYS, ...OUTBOUND_TABLE_KEYS])], now }, scope.allowed),
    ),
    part(key, 'lines', LIVE_PART_TICK_MS.lines, timings, () => lineKpis(scope, filters, now)),
    part(key, 'agents', LIVE_PART_TICK_MS.agents, timings, () => getAgentTable({ filters, now }, scope.allowed)),
    part(key, 'staffing', LIVE_PART_TICK_MS.staffing, timings, () => getQueueStaffing({ filters, now }, scope.allowed)),
    perChannel
      ? part(key, 'channels', LIVE_PART_TICK_MS.channels, timings, () =>
          getKpis({ window: { kind: 'today' }, filters, groupBy: ['channel'], keys: CHANNEL_KEYS, now }, scope.allowed),
        )
      : null,
  ])
  timings.total = Date.now() - now
  const centers = centerSettingsOf(totals.value, scope.allowed)
  const channels = scopeChannels(centers, scope, seenChannels(byChannel?.value ?? null))
  const kpis = totalsOf(totals.value)
  const values = trendValues(kpis, LIVE_TREND_KEYS)
  for (const l of lines.value) Object.assign(values, trendValues(l.kpis, Object.keys(l.kpis), `${l.line}:`))
  trendStore.record(key, now, values)
  backfill(key, now, async (t) => {
    const [r, ls] = await Promise.all([
      getKpis({ window: { kind: 'today' }, filters, keys: LIVE_TREND_KEYS, now: t, maxLagMs: 60_000 }, scope.allowed),
      lineKpis(scope, filters, t, false),
    ])
    const v = trendValues(totalsOf(r), LIVE_TREND_KEYS)
    for (const l of ls) Object.assign(v, trendValues(l.kpis, Object.keys(l.kpis), `${l.line}:`))
    return v
  })
  const agentsAt = agents.at
  return {
    // The figures are as old as the oldest of the fast parts.
    generatedAt: Math.min(totals.at, queues.at, byChannel?.at ?? totals.at),
    servedAt: now,
    scope: { centers: scope.allowed, queues: scope.queues, channels: scope.channels, line: scope.line },
    kpis,
    trends: trendStore.read(key, now, Object.keys(values)),
    queues: queueRows(queues.value),
    agents: agents.value.map(
      (a): AgentRow => ({
        centerId: a.centerId,
        agentId: a.agentId,
        state: isAgentState(a.state) ? a.state : null,
        reason: a.reason,
        timeInStateS: a.stateSince === null ? null : Math.max(0, (agentsAt - a.stateSince) / 1000),
        handledToday: a.handledToday,
        ahtS: a.ahtS,
        currentContactS: a.contactAnsweredAt === null ? null : Math.max(0, (agentsAt - a.contactAnsweredAt) / 1000),
        queueId: a.contactQueueId,
      }),
    ),
    staffing: staffingRows(staffing.value.rows),
    lines: lines.value,
    ...(byChannel && channels.length > 1 ? { channels: channelKpis(byChannel.value, channels, CHANNEL_KEYS, centers, scope.queues) } : {}),
    centers: centerOptions(totals.value),
    timings,
  }
}

async function lineKpis(scope: LiveScope, filters: KpiFilters, now: number, compare = true): Promise<LineKpis[]> {
  const cfg = getConfig()
  const inScope = scope.allowed ? scope.allowed.map((id) => cfg.center(id)) : cfg.configuredCenters()
  const present = new Set(inScope.map((c) => c.reportingLine).filter((l): l is ReportingLine => l !== null && (!scope.line || l === scope.line)))
  if (!present.size) return []
  const keys = [...new Set([...present].flatMap((l) => LINE_KPI_KEYS[l]))]
  const r = await getKpis({ window: { kind: 'today' }, filters, groupBy: ['reporting_line'], keys, compare, now, ...(compare ? {} : { maxLagMs: 60_000 }) }, scope.allowed)
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
