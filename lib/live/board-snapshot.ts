/**
 * A wall board's snapshot for a viewer's scope: its tiles (some per channel), agents by state,
 * queue and staffing panels, computed once per tick however many screens show it.
 */
import 'server-only'
import { kpiDefinition, type KpiKey } from '../kpi/definitions'
import type { Channel } from '../queries/scope'
import { getKpis, type QueryMemo } from '../queries/getKpis'
import { getQueueStaffing } from '../queries/getQueueStaffing'
import { ensureContactFacts } from '../queries/refreshContactFacts'
import { alertsTick } from '../alerts/tick'
import { boardChannelKpis, boardKpiKeys, boardPanels, type Board } from '../boards/schema'
import { cached, FACTS_MAX_LAG_MS, LIVE_PART_TICK_MS, part, TICK_MS, todayWithPrevious } from './caches'
import { boardAhead, boardCompliance, FORECAST_PART_TICK_MS } from './board-forecast'
import { channelTrendKey } from './channel-tiles'
import { centerSettingsOf, channelKpis, filtersOf, queueRows, staffingRows, totalsOf } from './compose'
import { AGENT_STATE_KEYS, QUEUE_PANEL_KEYS } from './keys'
import { emailBacklogPart, headlineOf } from './headline'
import { liveReads } from './reads'
import { agentRows, agentThresholdsOf } from './agents'
import { getAgentStates } from '../queries/getAgentStates'
import { backfill, trendStore, trendValues } from './trends'
import type { ChannelKpis, Snapshot } from './types'

export function boardScopeKey(board: Board, allowed: string[] | null): string {
  return `board:${board.id}:${JSON.stringify(allowed)}`
}

/** Centers a board shows to a viewer: the board's centers within what the viewer may see. */
export type ScopeFn = (requested: string[] | null) => string[] | null

export async function computeBoardSnapshot(board: Board, allowed: string[] | null, now = Date.now()): Promise<Snapshot> {
  await ensureContactFacts(FACTS_MAX_LAG_MS)
  // The engine reads of this computation, shared by its parts and by the alert rules' tick.
  const memo: QueryMemo = new Map()
  const filters = filtersOf({ line: null, queues: board.queues, channels: board.channels as Channel[] })
  const panels = boardPanels(board)
  const tileKeys = boardKpiKeys(board)
  const wanted = [...new Set<KpiKey>([...tileKeys, ...(panels.has('agents_by_state') ? AGENT_STATE_KEYS : [])])]
  // Headline tiles cover the real-time channels unless the board names channels (lib/live/realtime.ts);
  // channel tiles, queue and staffing panels keep the board's own filters.
  const head = headlineOf({ queues: board.queues, channels: board.channels as Channel[] }, filters, wanted)
  // Agents are not tied to a queue: on a board limited to some queues or channels (or to the
  // real-time ones), agent figures (agents by state, occupancy…) are those of the board's centers.
  const split = board.queues.length > 0 || board.channels.length > 0 || head.agentKeys.length > 0
  const agentKeys = split ? wanted.filter((k) => kpiDefinition(k).agentTime) : []
  const keys = wanted.filter((k) => !agentKeys.includes(k))
  // Channel tiles ({ kpi, channel }): one getKpis grouped by channel for all of them.
  const channelTiles = boardChannelKpis(board)
  const channelKeys = [...new Set([...channelTiles.values()].flat())]
  const channelFigures = (t: number, live: boolean) =>
    getKpis({ window: { kind: 'today' }, filters, groupBy: ['channel'], keys: channelKeys, now: t, ...(live ? liveReads(channelKeys) : { maxLagMs: 60_000 }) }, allowed, live ? memo : undefined)
  const key = boardScopeKey(board, allowed)
  const timings: Record<string, number> = {}
  const parts = Promise.all([
    keys.length ? todayWithPrevious(key, 'totals', timings, (compare) => getKpis({ window: { kind: 'today' }, filters: head.filters, keys, compare, now, ...liveReads(keys) }, allowed, memo)) : null,
    agentKeys.length ? todayWithPrevious(key, 'agents', timings, (compare) => getKpis({ window: { kind: 'today' }, keys: agentKeys, compare, now }, allowed, memo)) : null,
    panels.has('queues')
      ? part(key, 'queues', TICK_MS, timings, () => getKpis({ window: { kind: 'today' }, filters, groupBy: ['center', 'queue'], keys: QUEUE_PANEL_KEYS, now, ...liveReads(QUEUE_PANEL_KEYS) }, allowed, memo))
      : null,
    panels.has('staffing') ? part(key, 'staffing', LIVE_PART_TICK_MS.staffing, timings, () => getQueueStaffing({ filters, now }, allowed)) : null,
    channelKeys.length ? part(key, 'channels', TICK_MS, timings, () => channelFigures(now, true)) : null,
    panels.has('staffing_ahead') ? part(key, 'ahead', FORECAST_PART_TICK_MS, timings, () => boardAhead(allowed, board.queues, now)) : null,
    panels.has('compliance') ? part(key, 'compliance', FORECAST_PART_TICK_MS, timings, () => boardCompliance(allowed, now)) : null,
    panels.has('email_backlog') ? part(key, 'email', TICK_MS, timings, () => emailBacklogPart(filters, board.queues, allowed, now, memo)) : null,
    panels.has('agents') ? part(key, 'agentList', LIVE_PART_TICK_MS.agents, timings, () => getAgentStates(now, allowed, memo)) : null,
  ])
  // Alert rules: one evaluation per tick for all rules, on this computation's reads (lib/alerts/tick).
  alertsTick({ now, memo })
  const [totals, agentTotals, queues, staffing, byChannel, ahead, compliance, email, agentList] = await parts
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
        tileOtherKeys.length ? getKpis({ window: { kind: 'today' }, filters: head.filters, keys: tileOtherKeys, now: t, maxLagMs: 60_000 }, allowed) : null,
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
    generatedAt: Math.min(now, totals?.at ?? now, queues?.at ?? now, byChannel?.at ?? now, email?.at ?? now),
    servedAt: now,
    scope: { centers: allowed, queues: board.queues, channels: board.channels, line: null },
    kpis,
    trends: trendStore.read(key, now, trendKeys),
    ...(channels ? { channels } : {}),
    // Wall-board queue panels show queue figures (waiting, SL): dialer queues have none.
    ...(queues ? { queues: queueRows(queues.value).filter((q) => q.direction !== 'outbound') } : {}),
    ...(staffing ? { staffing: staffingRows(staffing.value.rows) } : {}),
    ...(ahead ? { ahead: ahead.value } : {}),
    ...(compliance ? { compliance: compliance.value } : {}),
    ...(email ? { emailBacklog: email.value } : {}),
    ...(agentList ? { agents: agentRows(agentList.value, agentList.at), agentThresholds: agentThresholdsOf(agentList.value) } : {}),
    headlineChannels: head.channels,
    timings,
  }
}

/** A board's snapshot for viewers with this scope: computed once per tick however many screens show it. */
export async function getBoardSnapshot(board: Board, allowed: string[] | null): Promise<{ snapshot: Snapshot; stale: boolean }> {
  return cached(boardScopeKey(board, allowed), () => computeBoardSnapshot(board, allowed))
}
