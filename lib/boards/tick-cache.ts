/**
 * Per-tick snapshot cache with in-flight coalescing: however many screens poll the same board
 * (same key), the server computes it at most once per tick, and never runs two computations
 * of one key at the same time. Bounded (LRU by last use) so a day of distinct filters cannot
 * grow memory.
 *
 *   const { value } = await tickCache.get(`board:${id}:${scopeKey}`, 500, () => computeBoard(...))
 *
 * A request at tick T (= floor(now / tickMs)):
 *  - a value computed at tick ≥ T exists → returned at once (no work);
 *  - otherwise one computation starts (unless one is already running, which is shared);
 *  - with no value yet, the caller waits for that computation;
 *  - with an older value, the caller waits at most `maxWaitMs` for the new one and otherwise
 *    gets the older value (stale-while-revalidate): a slow store never makes every screen wait,
 *    and the figures' own `at` tells how old they are.
 * A failed computation is not cached: callers waiting for it get the error, the next tick
 * tries again, and `lastGood` still gives the previous result.
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

export type TickCacheStats = { computations: number; hits: number; coalesced: number; staleServed: number; errors: number }

export type TickGet<T> = { value: T; at: number; fresh: boolean }

export class TickCache<T> {
  private readonly entries = new Map<string, TickEntry<T>>()
  readonly stats: TickCacheStats = { computations: 0, hits: 0, coalesced: 0, staleServed: 0, errors: 0 }

  constructor(
    private readonly maxEntries = 256,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string, tickMs: number, compute: () => Promise<T>, opts: { maxWaitMs?: number } = {}): Promise<TickGet<T>> {
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
    } else {
      e = { tick: -1, value: undefined, at: 0, inflight: null, lastUse: now, lastError: null }
      this.entries.set(key, e)
      this.evict()
    }
    const entry = e
    let started = false
    if (!entry.inflight) {
      started = true
      this.stats.computations++
      const startedAt = now
      const p = (async () => compute())().then(
        (value) => {
          entry.value = value
          entry.tick = Math.max(entry.tick, tick)
          entry.at = startedAt
          entry.lastError = null
          return value
        },
        (err: Error) => {
          this.stats.errors++
          entry.lastError = err
          throw err
        },
      )
      entry.inflight = p
      // Nobody may be waiting (stale value served): never an unhandled rejection.
      p.catch(() => {}).finally(() => {
        if (entry.inflight === p) entry.inflight = null
      })
    } else this.stats.coalesced++
    const inflight = entry.inflight!
    const old = entry.value
    if (old === undefined || opts.maxWaitMs === undefined) {
      const value = await inflight
      return { value, at: entry.at, fresh: started }
    }
    const oldAt = entry.at
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), opts.maxWaitMs)))
    try {
      const r = await Promise.race([inflight, timeout])
      if (r === 'timeout') {
        this.stats.staleServed++
        return { value: old, at: oldAt, fresh: false }
      }
      return { value: r, at: entry.at, fresh: started }
    } finally {
      clearTimeout(timer)
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
  }
}
