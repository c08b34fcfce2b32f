/**
 * Per-tick snapshot cache with in-flight coalescing: however many screens poll the same board
 * (same key), the server computes it at most once per tick, and never runs two computations
 * of one key at the same time. Bounded (LRU by last use) so a day of distinct filters cannot
 * grow memory.
 *
 *   const snap = await tickCache.get(`board:${id}:${scopeKey}`, 1000, () => computeBoard(...))
 *
 * Semantics for a request at tick T (= floor(now / tickMs)):
 *  - a value computed at tick ≥ T exists → returned at once (no work);
 *  - a computation is in flight (started at T or T−1) → the caller waits for it and shares its
 *    result (so slow computations cannot pile up);
 *  - otherwise one computation starts, tagged T.
 * A failed computation is not cached: its waiters get the error, the next tick tries again,
 * and `lastGood` still gives the previous result (the API answers it, flagged stale).
 */

export type TickEntry<T> = {
  tick: number
  value: T | undefined
  /** When the computation of `value` started, i.e. the instant its figures describe (ms). */
  at: number
  inflight: Promise<T> | null
  lastUse: number
  lastError: Error | null
}

export type TickCacheStats = { computations: number; hits: number; coalesced: number; errors: number; entries: number }

export class TickCache<T> {
  private readonly entries = new Map<string, TickEntry<T>>()
  readonly stats: TickCacheStats = { computations: 0, hits: 0, coalesced: 0, errors: 0, entries: 0 }

  constructor(private readonly maxEntries = 256, private readonly now: () => number = Date.now) {}

  async get(key: string, tickMs: number, compute: () => Promise<T>): Promise<{ value: T; at: number; fresh: boolean }> {
    const now = this.now()
    const tick = Math.floor(now / tickMs)
    let e = this.entries.get(key)
    if (e) {
      e.lastUse = now
      // Map order = LRU order: move to the end.
      this.entries.delete(key)
      this.entries.set(key, e)
      if (e.value !== undefined && e.tick >= tick) {
        this.stats.hits++
        return { value: e.value, at: e.at, fresh: false }
      }
      if (e.inflight) {
        this.stats.coalesced++
        const value = await e.inflight
        return { value, at: e.at, fresh: false }
      }
    } else {
      e = { tick: -1, value: undefined, at: 0, inflight: null, lastUse: now, lastError: null }
      this.entries.set(key, e)
      this.evict()
    }
    const entry = e
    const startedAt = now
    this.stats.computations++
    const p = (async () => compute())()
    entry.inflight = p
    try {
      const value = await p
      entry.value = value
      entry.tick = tick
      entry.at = startedAt
      entry.lastError = null
      return { value, at: entry.at, fresh: true }
    } catch (err) {
      this.stats.errors++
      entry.lastError = err as Error
      throw err
    } finally {
      entry.inflight = null
    }
  }

  /** The last successful value of a key, whatever its age (for "keep the last data"). */
  lastGood(key: string): { value: T; at: number } | null {
    const e = this.entries.get(key)
    return e && e.value !== undefined ? { value: e.value, at: e.at } : null
  }

  get size(): number {
    return this.entries.size
  }

  clear(): void {
    this.entries.clear()
  }

  private evict(): void {
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string
      this.entries.delete(oldest)
    }
    this.stats.entries = this.entries.size
  }
}
