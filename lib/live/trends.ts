/**
 * The sparklines: the last 60 minutes of each tile's value per scope (TrendStore), with a
 * one-off back-fill from the engine evaluated at past instants when a scope is new.
 */
import 'server-only'
import type { KpiResult } from './types'
import { TREND_STEP_MS, TREND_WINDOW_MS, TrendStore } from './trend-store'

type G = { __plateauTrends?: TrendStore; __plateauBackfilled?: Map<string, number> }
const g = globalThis as unknown as G
export const trendStore: TrendStore = (g.__plateauTrends ??= new TrendStore(256))
const backfilled: Map<string, number> = (g.__plateauBackfilled ??= new Map())

export function trendValues(kpis: Record<string, KpiResult>, keys: readonly string[], prefix = ''): Record<string, number | null> {
  const out: Record<string, number | null> = {}
  for (const k of keys) out[prefix + k] = kpis[k]?.value ?? null
  return out
}

/**
 * Fill the last 60 minutes of a new scope's sparklines by asking the engine for the same
 * figures "as of" past instants (every 5 minutes), once per scope per hour, in the background.
 */
export function backfill(scopeKey: string, now: number, at: (t: number) => Promise<Record<string, number | null>>): void {
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
