/**
 * Server side of the live view and the wall boards: packages KPI engine results (lib/queries)
 * into snapshots, once per tick per distinct scope however many browsers poll it (TickCache),
 * and keeps the last 60 minutes of each tile's value for the sparklines (TrendStore, with a
 * one-off backfill from the engine evaluated at past instants).
 *
 * No figure is computed here: every number is an engine result (getKpis and the live-view
 * queries getAgentTable / getQueueStaffing in lib/queries). This module only picks keys,
 * filters and groupings, and names things.
 */
import { CHANNELS } from '../../ingest/events'
import { getConfig, queueSettings, type CenterSettings, type ReportingLine } from '../config'
import { PRESETS } from '../kpi/presets'
import { kpiDefinition, type KpiKey } from '../kpi/definitions'
import { groupSettings, targetFor } from '../kpi/groupSettings'
import { kpiValue, withPrevious } from '../kpi/result'
import type { Channel, KpiFilters } from '../queries/scope'
import { getKpis, type KpiReport } from '../queries/getKpis'
import { getAgentTable } from '../queries/getAgentTable'
import { getQueueStaffing } from '../queries/getQueueStaffing'
import { ensureContactFacts } from '../queries/refreshContactFacts'
import { alertsTick } from '../alerts/tick'
import { isAgentState } from './agent-states'
import { TREND_STEP_MS, TREND_WINDOW_MS, TrendStore } from './history'
import { channelTrendKey } from './channel-tiles'
import { OUTBOUND_TABLE_KEYS, QUEUE_TABLE_KEYS } from './columns'
import { boardChannelKpis, boardKpiKeys, boardPanels, type Board } from './schema'
import { TickCache } from './tick-cache'
import type { AgentRow, CenterOption, ChannelKpis, KpiResult, LineKpis, QueueRow, Snapshot, StaffingRow } from './types'

/**
 * Figures are recomputed at most once per tick per scope (screens poll every 1–2 s, so a
 * half-second tick keeps what they get at most ~0.5 s older than the last computation).
 */
export const TICK_MS = 500

/**
 * Contact facts (lib/queries refreshContactFacts) may lag the events by at most this much when
 * a snapshot starts: one refresh per tick, shared by every query of the snapshot.
 */
export const FACTS_MAX_LAG_MS = 200

/**
 * A snapshot someone asked for within this time is recomputed by the server itself at every
 * tick (TickCache warmForMs): each distinct board once per tick, whatever the number of screens,
 * and a screen's request never waits for a computation once the board is warm.
 */
export const WARM_FOR_MS = 10_000

/**
 * A request waits at most this long for a snapshot being computed when an older one exists;
 * then it gets the older one (its generatedAt says how old it is).
 */
export const SNAPSHOT_MAX_WAIT_MS = 50

export const LIVE_TOTAL_KEYS = [
  'waiting_now',
  'longest_wait_now',
  'service_level',
  'asa',
  'abandonment_rate',
  'aht',
  'occupancy',
  'offered',
  'answered',
  'abandoned',
  'agents_available',
  'agents_on_contact',
  'agents_wrap_up',
  'agents_not_ready',
  'agents_logged_in',
] as const satisfies readonly KpiKey[]

/** Keys with a sparkline on /live. */
export const LIVE_TREND_KEYS: readonly KpiKey[] = ['waiting_now', 'longest_wait_now', 'service_level', 'asa', 'abandonment_rate', 'aht', 'occupancy', 'offered', 'abandoned', 'agents_logged_in']

const QUEUE_PANEL_KEYS = ['waiting_now', 'longest_wait_now', 'service_level', 'offered'] as const satisfies readonly KpiKey[]
/**
 * Speed figures shown per channel on /live when the scope mixes channels: a 20 s phone answer
 * and a 4 h e-mail reply are judged each against their own target.
 */
export const CHANNEL_KEYS = ['waiting_now', 'longest_wait_now', 'service_level', 'asa'] as const satisfies readonly KpiKey[]
const AGENT_STATE_KEYS = ['agents_available', 'agents_on_contact', 'agents_wrap_up', 'agents_not_ready', 'agents_logged_in'] as const satisfies readonly KpiKey[]

/** The reporting-line KPIs on /live: the first four of each line's engine preset (lib/kpi/presets). */
export const LINE_KPI_KEYS: Record<ReportingLine, readonly KpiKey[]> = {
  sales: PRESETS.sales.slice(0, 4),
  marketing: PRESETS.marketing.slice(0, 4),
  customer_service: PRESETS.customer_service.slice(0, 4),
  general_management: PRESETS.general_management.slice(0, 4),
}

export type LiveScope = {
  /** scopeCenters(who, requested): null = every center. */
  allowed: string[] | null
  line: ReportingLine | null
  queues: string[]
  channels: Channel[]
}

export type LiveSnapshot = Snapshot & { centers: CenterOption[] }

type G = { __plateauBoardCache?: TickCache<Snapshot>; __plateauTrends?: TrendStore; __plateauBackfilled?: Map<string, number> }
const g = globalThis as unknown as G
export const snapshotCache: TickCache<Snapshot> = (g.__plateauBoardCache ??= new TickCache<Snapshot>(256))
export const trendStore: TrendStore = (g.__plateauTrends ??= new TrendStore(256))
const backfilled: Map<string, number> = (g.__plateauBackfilled ??= new Map())

function filtersOf(scope: Pick<LiveScope, 'line' | 'queues' | 'channels'>): KpiFilters {
  const f: KpiFilters = {}
  if (scope.line) f.reportingLines = [scope.line]
  if (scope.queues.length) f.queues = scope.queues
  if (scope.channels.length) f.channels = scope.channels
  return f
}

function byKey(kpis: readonly KpiResult[]): Record<string, KpiResult> {
  const out: Record<string, KpiResult> = {}
  for (const k of kpis) out[k.key] = k
  return out
}

function totalsOf(report: KpiReport): Record<string, KpiResult> {
  return report.rows[0] ? byKey(report.rows[0].kpis) : {}
}

function centerOptions(report: KpiReport): CenterOption[] {
  return report.centers.map((c) => ({ id: c.id, name: c.name, reportingLine: c.reportingLine, configured: c.configured, timezone: c.timezone, currency: c.currency }))
}

function queueRows(report: KpiReport): QueueRow[] {
  const cfg = getConfig()
  return report.rows
    .filter((r) => r.group.center && r.group.queue !== undefined)
    .map((r) => {
      const center = cfg.center(r.group.center!)
      const qs = queueSettings(center, r.group.queue!)
      const kpis = byKey(r.kpis)
      // A queue not in the configuration is a dialer when it only has outbound attempts.
      const dialer = qs.direction === 'outbound' || (qs.direction === null && (kpis.dial_attempts?.value ?? 0) > 0 && !kpis.offered?.value)
      return {
        centerId: center.id,
        centerName: center.name,
        queueId: r.group.queue!,
        queueName: r.group.queue ? qs.name : '—',
        channel: r.group.channel || qs.channel,
        direction: dialer ? ('outbound' as const) : ('inbound' as const),
        kpis,
      }
    })
}

function staffingRows(rows: Awaited<ReturnType<typeof getQueueStaffing>>['rows']): StaffingRow[] {
  return rows.map((r) => ({
    centerId: r.centerId,
    queueId: r.queueId,
    queueName: r.queueName,
    needed: r.needed,
    staffed: r.staffed,
    arrivalsPerHour: r.arrivalsPerHour,
    ahtS: r.ahtS,
    slThresholdS: r.slThresholdS,
    slTarget: r.slTarget,
  }))
}

function trendValues(kpis: Record<string, KpiResult>, keys: readonly string[], prefix = ''): Record<string, number | null> {
  const out: Record<string, number | null> = {}
  for (const k of keys) out[prefix + k] = kpis[k]?.value ?? null
  return out
}

/**
 * Fill the last 60 minutes of a new scope's sparklines by asking the engine for the same
 * figures "as of" past instants (every 5 minutes), once per scope per hour, in the background.
 */
function backfill(scopeKey: string, now: number, at: (t: number) => Promise<Record<string, number | null>>): void {
  const last = backfilled.get(scopeKey)
  if (last !== undefined && now - last < TREND_WINDOW_MS) return
  backfilled.set(scopeKey, now)
  if (backfilled.size > 512) for (const k of [...backfilled.keys()].slice(0, 256)) backfilled.delete(k)
  void (async () => {
    for (let t = now - TREND_WINDOW_MS + TREND_STEP_MS; t < now - TREND_STEP_MS; t += 5 * 60_000) {
      try {
        trendStore.record(scopeKey, t, await at(t))
      } catch {
        return // the live figures matter more; try again in an hour
      }
    }
  })()
}

// ---------------------------------------------------------------- channels

/** Settings of every center of a report (configured ones in scope and any seen in the data). */
function centerSettingsOf(report: KpiReport | null, allowed: string[] | null): CenterSettings[] {
  const cfg = getConfig()
  if (report) return report.centers.map((c) => cfg.center(c.id))
  return allowed ? allowed.map((id) => cfg.center(id)) : cfg.configuredCenters()
}

/**
 * The channels of a scope, in CHANNELS order: its channel filter, else the channels of its
 * centers' configured queues (within its queue filter) and any seen in today's data.
 */
function scopeChannels(centers: CenterSettings[], scope: { queues: readonly string[]; channels: readonly string[] }, seen: readonly string[] = []): string[] {
  if (scope.channels.length) return CHANNELS.filter((c) => scope.channels.includes(c))
  const found = new Set(seen.filter((c) => c !== ''))
  for (const c of centers) for (const q of c.queues) if (q.channel && (!scope.queues.length || scope.queues.includes(q.id))) found.add(q.channel)
  return [...CHANNELS.filter((c) => found.has(c)), ...[...found].filter((c) => !(CHANNELS as readonly string[]).includes(c)).sort()]
}

function seenChannels(report: KpiReport | null): string[] {
  return report ? report.rows.map((r) => r.group.channel ?? '') : []
}

/**
 * Per channel, the engine's figures (getKpis grouped by channel: each row carries its channel's
 * targets); a channel of the scope with no contact today gets empty figures with its targets.
 */
function channelKpis(report: KpiReport | null, channels: readonly string[], keys: readonly KpiKey[], centers: CenterSettings[], queues: readonly string[]): ChannelKpis[] {
  const defaults = getConfig().center('\u0000unconfigured')
  const rows = new Map((report?.rows ?? []).map((r) => [r.group.channel ?? '', byKey(r.kpis)]))
  const singleQueue = queues.length === 1 ? queues[0]! : null
  return channels.map((channel) => {
    const got = rows.get(channel)
    const kpis: Record<string, KpiResult> = {}
    if (got) for (const k of keys) kpis[k] = got[k]!
    else {
      const settings = groupSettings(centers, singleQueue, defaults, { channels: [channel], queues })
      for (const k of keys) kpis[k] = kpiValue(kpiDefinition(k), null, null, targetFor(kpiDefinition(k), settings, {}), settings.warnBand)
    }
    return { channel, kpis }
  })
}

// ---------------------------------------------------------------- /live

export function liveScopeKey(scope: LiveScope): string {
  return `live:${JSON.stringify([scope.allowed, scope.line, [...scope.queues].sort(), [...scope.channels].sort()])}`
}

/**
 * How often each part of the live view is recomputed (ms). Counts and the queue table follow
 * every tick; the agent table every 2 s; staffing (a 15-minute Erlang C estimate) and the
 * reporting-line KPIs (surveys, revenue) every 5 s — they cannot move faster than that.
 */
/** How often "vs yesterday at this time" is recomputed (todayWithPrevious). */
export const PREVIOUS_TICK_MS = 5000

export const LIVE_PART_TICK_MS = { totals: TICK_MS, queues: TICK_MS, channels: TICK_MS, agents: 2000, lines: 5000, staffing: 5000 } as const

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

type G2 = { __plateauPartCache?: TickCache<unknown> }
const partCache: TickCache<unknown> = ((globalThis as unknown as G2).__plateauPartCache ??= new TickCache<unknown>(1024))

/**
 * One part of a snapshot, recomputed at most once per `tickMs` per scope; on failure its last
 * good value (so one slow or failing part never blanks the others).
 */
/**
 * Today's figures every tick, compared with yesterday until the same time: that comparison moves
 * slowly, so it is recomputed every PREVIOUS_TICK_MS only (a snapshot then costs three engine
 * statements per tick instead of five).
 */
async function todayWithPrevious(
  scopeKey: string,
  name: string,
  timings: Record<string, number>,
  run: (compare: boolean) => Promise<KpiReport>,
): Promise<{ value: KpiReport; at: number }> {
  const [cur, prev] = await Promise.all([part(scopeKey, name, TICK_MS, timings, () => run(false)), part(scopeKey, `${name}:previous`, PREVIOUS_TICK_MS, timings, () => run(true))])
  const previous = totalsOf(prev.value)
  const rows = cur.value.rows.map((row) => ({ ...row, kpis: row.kpis.map((k) => withPrevious(kpiDefinition(k.key), k, previous[k.key]?.previous ?? null)) }))
  return { value: { ...cur.value, rows, previousSpans: prev.value.previousSpans }, at: cur.at }
}

async function part<T>(scopeKey: string, name: string, tickMs: number, timings: Record<string, number>, compute: () => Promise<T>): Promise<{ value: T; at: number }> {
  const k = `${scopeKey}|${name}`
  const t0 = Date.now()
  try {
    // Parts refreshed every tick are waited for; slower parts never hold up a snapshot once
    // they have a value (their own age is at most their period + one computation).
    const r = await partCache.get(k, tickMs, compute as () => Promise<unknown>, tickMs > TICK_MS ? { maxWaitMs: 50 } : {})
    if (r.fresh) timings[name] = Date.now() - t0
    return { value: r.value as T, at: r.at }
  } catch (e) {
    const last = partCache.lastGood(k)
    if (!last) throw e
    console.warn(`[plateau] ${k}: keeping the last good value: ${(e as Error).message}`)
    return { value: last.value as T, at: last.at }
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

// ---------------------------------------------------------------- boards

export function boardScopeKey(board: Board, allowed: string[] | null): string {
  return `board:${board.id}:${JSON.stringify(allowed)}`
}

/** Centers a board shows to a viewer: the board's centers within what the viewer may see. */
export type ScopeFn = (requested: string[] | null) => string[] | null

export async function computeBoardSnapshot(board: Board, allowed: string[] | null, now = Date.now()): Promise<Snapshot> {
  await ensureContactFacts(FACTS_MAX_LAG_MS)
  alertsTick(now)
  const filters = filtersOf({ line: null, queues: board.queues, channels: board.channels as Channel[] })
  const panels = boardPanels(board)
  const tileKeys = boardKpiKeys(board)
  const wanted = [...new Set<KpiKey>([...tileKeys, ...(panels.has('agents_by_state') ? AGENT_STATE_KEYS : [])])]
  // Agents are not tied to a queue: on a board limited to some queues or channels, agent
  // figures (agents by state, occupancy…) are those of the board's centers.
  const split = board.queues.length > 0 || board.channels.length > 0
  const agentKeys = split ? wanted.filter((k) => kpiDefinition(k).agentTime) : []
  const keys = wanted.filter((k) => !agentKeys.includes(k))
  // Channel tiles ({ kpi, channel }): one getKpis grouped by channel for all of them.
  const channelTiles = boardChannelKpis(board)
  const channelKeys = [...new Set([...channelTiles.values()].flat())]
  const channelFigures = (t: number, live: boolean) =>
    getKpis({ window: { kind: 'today' }, filters, groupBy: ['channel'], keys: channelKeys, now: t, ...(live ? {} : { maxLagMs: 60_000 }) }, allowed)
  const key = boardScopeKey(board, allowed)
  const timings: Record<string, number> = {}
  const [totals, agentTotals, queues, staffing, byChannel] = await Promise.all([
    keys.length ? todayWithPrevious(key, 'totals', timings, (compare) => getKpis({ window: { kind: 'today' }, filters, keys, compare, now }, allowed)) : null,
    agentKeys.length ? todayWithPrevious(key, 'agents', timings, (compare) => getKpis({ window: { kind: 'today' }, keys: agentKeys, compare, now }, allowed)) : null,
    panels.has('queues')
      ? part(key, 'queues', TICK_MS, timings, () => getKpis({ window: { kind: 'today' }, filters, groupBy: ['center', 'queue'], keys: QUEUE_PANEL_KEYS, now }, allowed))
      : null,
    panels.has('staffing') ? part(key, 'staffing', LIVE_PART_TICK_MS.staffing, timings, () => getQueueStaffing({ filters, now }, allowed)) : null,
    channelKeys.length ? part(key, 'channels', TICK_MS, timings, () => channelFigures(now, true)) : null,
  ])
  timings.total = Date.now() - now
  const centers = centerSettingsOf(totals?.value ?? null, allowed)
  const kpis = { ...(totals ? totalsOf(totals.value) : {}), ...(agentTotals ? totalsOf(agentTotals.value) : {}) }
  const channels = byChannel ? channelKpis(byChannel.value, [...channelTiles.keys()], channelKeys, centers, board.queues) : null
  const channelTrends = (list: ChannelKpis[]) => {
    const out: Record<string, number | null> = {}
    for (const c of list) for (const k of channelTiles.get(c.channel as Channel) ?? []) out[channelTrendKey(c.channel, k)] = c.kpis[k]?.value ?? null
    return out
  }
  const trendKeys = [...tileKeys, ...[...channelTiles].flatMap(([ch, ks]) => ks.map((k) => channelTrendKey(ch, k)))]
  trendStore.record(key, now, { ...trendValues(kpis, tileKeys), ...(channels ? channelTrends(channels) : {}) })
  if (trendKeys.length) {
    const tileAgentKeys = tileKeys.filter((k) => agentKeys.includes(k))
    const tileOtherKeys = tileKeys.filter((k) => !agentKeys.includes(k))
    backfill(key, now, async (t) => {
      const [r, a, c] = await Promise.all([
        tileOtherKeys.length ? getKpis({ window: { kind: 'today' }, filters, keys: tileOtherKeys, now: t, maxLagMs: 60_000 }, allowed) : null,
        tileAgentKeys.length ? getKpis({ window: { kind: 'today' }, keys: tileAgentKeys, now: t, maxLagMs: 60_000 }, allowed) : null,
        channelKeys.length ? channelFigures(t, false) : null,
      ])
      return {
        ...(r ? trendValues(totalsOf(r), tileOtherKeys) : {}),
        ...(a ? trendValues(totalsOf(a), tileAgentKeys) : {}),
        ...(c ? channelTrends(channelKpis(c, [...channelTiles.keys()], channelKeys, centers, board.queues)) : {}),
      }
    })
  }
  return {
    // as old as the oldest of the per-tick parts
    generatedAt: Math.min(now, totals?.at ?? now, queues?.at ?? now, byChannel?.at ?? now),
    servedAt: now,
    scope: { centers: allowed, queues: board.queues, channels: board.channels, line: null },
    kpis,
    trends: trendStore.read(key, now, trendKeys),
    ...(channels ? { channels } : {}),
    // Wall-board queue panels show queue figures (waiting, SL): dialer queues have none.
    ...(queues ? { queues: queueRows(queues.value).filter((q) => q.direction !== 'outbound') } : {}),
    ...(staffing ? { staffing: staffingRows(staffing.value.rows) } : {}),
    timings,
  }
}

/** A board's snapshot for viewers with this scope: computed once per tick however many screens show it. */
export async function getBoardSnapshot(board: Board, allowed: string[] | null): Promise<{ snapshot: Snapshot; stale: boolean }> {
  return cached(boardScopeKey(board, allowed), () => computeBoardSnapshot(board, allowed))
}

/**
 * Once per tick per key; on failure the last good snapshot (flagged stale, with its own
 * generatedAt so screens show its true age) rather than nothing.
 */
async function cached<S extends Snapshot>(key: string, compute: () => Promise<S>): Promise<{ snapshot: S; stale: boolean }> {
  try {
    const { value } = await snapshotCache.get(key, TICK_MS, compute, { maxWaitMs: SNAPSHOT_MAX_WAIT_MS, warmForMs: WARM_FOR_MS })
    return { snapshot: value as S, stale: false }
  } catch (e) {
    const last = snapshotCache.lastGood(key)
    if (!last) throw e
    console.warn(`[plateau] ${key}: serving the last good snapshot: ${(e as Error).message}`)
    return { snapshot: last.value as S, stale: true }
  }
}

// A snapshot is serialised once, however many screens receive it (100 screens = 100 responses
// per second of the same figures); only servedAt/stale are added per response.
const serialised = new WeakMap<Snapshot, string>()

/** The JSON response for a snapshot: `servedAt` = now, `stale` when it is a fallback. */
export function snapshotResponse(snapshot: Snapshot, stale: boolean): Response {
  let body = serialised.get(snapshot)
  if (body === undefined) {
    const { servedAt: _s, stale: _t, ...rest } = snapshot
    body = JSON.stringify(rest)
    serialised.set(snapshot, body)
  }
  const head = `{"servedAt":${Date.now()},${stale ? '"stale":true,' : ''}`
  return new Response(head + body.slice(1), {
    status: 200,
    // Diagnostics (bench/boards.ts): snapshot computations of this server process so far.
    headers: { 'content-type': 'application/json', 'x-plateau-snapshot-computations': String(snapshotCache.stats.computations) },
  })
}
