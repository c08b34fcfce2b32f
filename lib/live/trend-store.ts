/**
 * Bounded in-memory history of KPI values for the tile sparklines ("trend over the last 60
 * minutes"). One ring of SLOTS samples per (scope, KPI): a sample every STEP_MS, the newest
 * value within a slot wins. Scopes not read for an hour are dropped and at most MAX_SCOPES are
 * kept (least recently used first), so memory is bounded whatever runs for days.
 *
 * The history is per server process and starts empty after a restart (the sparkline fills in
 * as the minutes pass; the figures themselves never depend on it).
 */
import 'server-only'


export const TREND_WINDOW_MS = 60 * 60 * 1000
export const TREND_STEP_MS = 30 * 1000
export const TREND_SLOTS = TREND_WINDOW_MS / TREND_STEP_MS // 120

export type Trend = {
  /** Start of the first slot (ms). */
  start: number
  stepMs: number
  /** One value per slot, oldest first; null where nothing was sampled. */
  values: (number | null)[]
}

type Ring = { slots: Float64Array; stamp: Float64Array }
type Scope = { lastUse: number; rings: Map<string, Ring> }

export class TrendStore {
  private readonly scopes = new Map<string, Scope>()

  constructor(private readonly maxScopes = 256) {}

  record(scope: string, now: number, values: Record<string, number | null | undefined>): void {
    const s = this.scope(scope, now)
    const slot = Math.floor(now / TREND_STEP_MS)
    const i = slot % TREND_SLOTS
    for (const [key, v] of Object.entries(values)) {
      let r = s.rings.get(key)
      if (!r) {
        r = { slots: new Float64Array(TREND_SLOTS).fill(NaN), stamp: new Float64Array(TREND_SLOTS).fill(-1) }
        s.rings.set(key, r)
      }
      r.slots[i] = v === null || v === undefined || !Number.isFinite(v) ? NaN : v
      r.stamp[i] = slot
    }
  }

  /** The last 60 minutes of each KPI of a scope (slots outside the window are null). */
  read(scope: string, now: number, keys: readonly string[]): Record<string, Trend> {
    const s = this.scope(scope, now)
    const last = Math.floor(now / TREND_STEP_MS)
    const first = last - TREND_SLOTS + 1
    const out: Record<string, Trend> = {}
    for (const key of keys) {
      const r = s.rings.get(key)
      const values: (number | null)[] = new Array(TREND_SLOTS)
      for (let k = 0; k < TREND_SLOTS; k++) {
        const slot = first + k
        const i = slot % TREND_SLOTS
        values[k] = r && r.stamp[i] === slot && !Number.isNaN(r.slots[i]!) ? r.slots[i]! : null
      }
      out[key] = { start: first * TREND_STEP_MS, stepMs: TREND_STEP_MS, values }
    }
    return out
  }

  get size(): number {
    return this.scopes.size
  }

  private scope(key: string, now: number): Scope {
    let s = this.scopes.get(key)
    if (s) this.scopes.delete(key)
    else s = { lastUse: now, rings: new Map() }
    s.lastUse = now
    this.scopes.set(key, s)
    // Drop idle scopes and keep the LRU bound.
    for (const [k, v] of this.scopes) {
      if (this.scopes.size <= this.maxScopes && now - v.lastUse < TREND_WINDOW_MS) break
      if (k !== key) this.scopes.delete(k)
      else break
    }
    return s
  }
}
