/**
 * Issue 14 (low): the first /api/live after a long idle returned 20-minute-old figures without
 * the stale flag. `cached` (lib/live/caches.ts, what /api/live and the board routes call) serves
 * the last snapshot while a new one computes; it must say when that snapshot is old.
 */
import { afterAll, describe, expect, it, vi } from 'vitest'

vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true })
afterAll(() => vi.useRealTimers())

describe('live snapshot after a long idle', () => {
  it('an old snapshot served while the next one computes carries stale: true; the next fresh one does not', { timeout: 60_000 }, async () => {
    const { cached, STALE_AFTER_MS } = await import('@/lib/live/caches')
    let n = 0
    // each computation takes 120 ms (more than SNAPSHOT_MAX_WAIT_MS): a request never waits for it once a value exists
    const compute = async () => {
      n++
      const generatedAt = Date.now()
      await new Promise((r) => setTimeout(r, 120))
      return { generatedAt, n } as never
    }
    const first = await cached('live:idle-test', compute)
    expect(first.stale).toBe(false)
    vi.setSystemTime(Date.now() + 20 * 60_000) // nobody asked for 20 minutes
    const afterIdle = await cached('live:idle-test', compute)
    expect((afterIdle.snapshot as unknown as { n: number }).n).toBe(1) // the old figures…
    expect(Date.now() - (afterIdle.snapshot as unknown as { generatedAt: number }).generatedAt).toBeGreaterThan(STALE_AFTER_MS)
    expect(afterIdle.stale).toBe(true) // …flagged
    await new Promise((r) => setTimeout(r, 300))
    const later = await cached('live:idle-test', compute)
    expect((later.snapshot as unknown as { n: number }).n).toBeGreaterThan(1)
    expect(later.stale).toBe(false)
  })
})
