/**
 * How fresh the live and board snapshots are, and the per-process caches behind them: a
 * snapshot once per tick per scope (TickCache) however many browsers poll it, and each part of
 * a snapshot at its own pace, with its last good value on failure.
 */
import 'server-only'
import { kpiDefinition } from '../kpi/definitions'
import { withPrevious } from '../kpi/result'
import type { KpiReport } from '../queries/getKpis'
import { totalsOf } from './compose'
import { liveWork } from './priority'
import { TickCache } from '../tick-cache'
import type { Snapshot } from './types'

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

/**
 * A snapshot older than this is served with `stale: true` even when no computation failed: the
 * first request after a long idle gets the last snapshot (minutes old) while a new one computes.
 */
export const STALE_AFTER_MS = 10_000

/** How often "vs yesterday at this time" is recomputed (todayWithPrevious). */
export const PREVIOUS_TICK_MS = 5000

/**
 * How often each part of the live view is recomputed (ms). Counts and the queue table follow
 * every tick; the agent table every 2 s; staffing (a 15-minute Erlang C estimate) and the
 * reporting-line KPIs (surveys, revenue) every 5 s — they cannot move faster than that.
 */
export const LIVE_PART_TICK_MS = { totals: TICK_MS, queues: TICK_MS, channels: TICK_MS, agents: 2000, lines: 5000, staffing: 5000 } as const

type G = { __plateauBoardCache?: TickCache<Snapshot>; __plateauPartCache?: TickCache<unknown> }
const g = globalThis as unknown as G
export const snapshotCache: TickCache<Snapshot> = (g.__plateauBoardCache ??= new TickCache<Snapshot>(256))
const partCache: TickCache<unknown> = (g.__plateauPartCache ??= new TickCache<unknown>(1024))

/**
 * Today's figures every tick, compared with yesterday until the same time: that comparison moves
 * slowly, so it is recomputed every PREVIOUS_TICK_MS only (a snapshot then costs three engine
 * statements per tick instead of five).
 */
export async function todayWithPrevious(
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

/**
 * One part of a snapshot, recomputed at most once per `tickMs` per scope; on failure its last
 * good value (so one slow or failing part never blanks the others).
 */
export async function part<T>(scopeKey: string, name: string, tickMs: number, timings: Record<string, number>, compute: () => Promise<T>): Promise<{ value: T; at: number }> {
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

/**
 * Once per tick per key; on failure the last good snapshot (flagged stale, with its own
 * generatedAt so screens show its true age) rather than nothing.
 */
export async function cached<S extends Snapshot>(key: string, compute: () => Promise<S>): Promise<{ snapshot: S; stale: boolean }> {
  try {
    // Counted as live work: the history fill waits while it runs (lib/live/priority).
    const { value, at } = await snapshotCache.get(key, TICK_MS, () => liveWork(compute()), { maxWaitMs: SNAPSHOT_MAX_WAIT_MS, warmForMs: WARM_FOR_MS })
    return { snapshot: value as S, stale: Date.now() - at > STALE_AFTER_MS }
  } catch (e) {
    const last = snapshotCache.lastGood(key)
    if (!last) throw e
    console.warn(`[plateau] ${key}: serving the last good snapshot: ${(e as Error).message}`)
    return { snapshot: last.value as S, stale: true }
  }
}
