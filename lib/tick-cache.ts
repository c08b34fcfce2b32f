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
 *    and the figures' own `at` tells how old they are. When the previous computation of the
 *    key took longer than the time left to wait, or the key is warm (below), the caller gets
 *    the older value at once.
 * A failed computation is not cached: callers waiting for it get the error, the next tick
 * tries again, and `lastGood` still gives the previous result.
 *
 * `warmForMs`: keep the key fresh without waiting for requests — while it was requested within
 * that time, the cache recomputes it at every tick by itself (one computation per tick, never
 * two at once). Screens then always get figures at most one tick + one computation old, at
 * once, whatever their number; a key nobody asks for any more stops costing anything.
 */
import 'server-only'


export type TickEntry<T> = {
  tick: number
  value: T | undefined
  /** When the computation of `value` started, i.e. the instant its figures describe (ms). */
  at: number
  inflight: Promise<T> | null
  /** When the running computation started, and how long the last successful one took (ms). */
  inflightAt: number
  lastMs: number | null
  lastUse: number
  lastError: Error | null
  /** Self-refresh while requested (see warmForMs). */
  warm: { compute: () => Promise<T>; tickMs: number; until: number } | null
}

export type TickCacheStats = { computations: number; hits: number; coalesced: number; staleServed: number; errors: number; warmComputations: number }

export type TickGet<T> = { value: T; at: number; fresh: boolean }

export class TickCache<T> {
  private readonly entries = new Map<string, TickEntry<T>>()
  readonly stats: TickCacheStats = { computations: 0, hits: 0, coalesced: 0, staleServed: 0, errors: 0, warmComputations: 0 }
  private timer: ReturnType<typeof setInterval> | null = null

  constructor(
    private readonly maxEntries = 256,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string, tickMs: number, compute: () => Promise<T>, opts: { maxWaitMs?: number; warmForMs?: number } = {}): Promise<TickGet<T>> {
    const now = this.now()
    const tick = Math.floor(now / tickMs)
    let e = this.entries.get(key)
    if (e && opts.warmForMs) {
      e.warm = { compute, tickMs, until: now + opts.warmForMs }
      this.startTimer(tickMs)
    }
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
      e = { tick: -1, value: undefined, at: 0, inflight: null, inflightAt: 0, lastMs: null, lastUse: now, lastError: null, warm: null }
      if (opts.warmForMs) {
        e.warm = { compute, tickMs, until: now + opts.warmForMs }
        this.startTimer(tickMs)
      }
      this.entries.set(key, e)
      this.evict()
    }
    const entry = e
    let started = false
    if (!entry.inflight) {
      started = true
      this.start(entry, tick, now, compute)
    } else this.stats.coalesced++
    const inflight = entry.inflight!
    const old = entry.value
    if (old === undefined || opts.maxWaitMs === undefined) {
      const value = await inflight
      return { value, at: entry.at, fresh: started }
    }
    const oldAt = entry.at
    // A warm key refreshes itself every tick: its figures are at most a tick (and a computation)
    // old, so callers never wait. Otherwise, no waiting when the computation will not end in time.
    if (entry.warm || (entry.lastMs !== null && entry.inflightAt + entry.lastMs - now > opts.maxWaitMs)) {
      this.stats.staleServed++
      return { value: old, at: oldAt, fresh: false }
    }
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

  private start(entry: TickEntry<T>, tick: number, startedAt: number, compute: () => Promise<T>): void {
    this.stats.computations++
    const p = (async () => compute())().then(
      (value) => {
        entry.lastMs = this.now() - startedAt
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
    entry.inflightAt = startedAt
    // Nobody may be waiting (stale value served, self-refresh): never an unhandled rejection.
    p.catch(() => {}).finally(() => {
      if (entry.inflight === p) entry.inflight = null
    })
  }

  /** Recompute warm keys at each tick boundary (one timer per cache, unref'd). */
  private startTimer(tickMs: number): void {
    if (this.timer) return
    const period = Math.max(20, Math.floor(tickMs / 5))
    this.timer = setInterval(() => this.refreshWarm(), period)
    ;(this.timer as { unref?: () => void }).unref?.()
  }

  /** One pass of the self-refresh (exposed for tests). */
  refreshWarm(): number {
    const now = this.now()
    let started = 0
    for (const e of this.entries.values()) {
      if (!e.warm) continue
      if (now > e.warm.until) {
        e.warm = null
        continue
      }
      const tick = Math.floor(now / e.warm.tickMs)
      if (e.inflight || (e.value !== undefined && e.tick >= tick)) continue
      this.stats.warmComputations++
      this.start(e, tick, now, e.warm.compute)
      started++
    }
    if (![...this.entries.values()].some((e) => e.warm) && this.timer) {
      clearInterval(this.timer)
      this.timer = null
    }
    return started
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
