/**
 * The in-process write buffer's flush rules (ingest/buffer.ts), with the store replaced by a
 * recorder: a large addition is written at once when no write is under way; a small one waits
 * for the timer; additions arriving during a write are written together right after it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

const writes: number[] = []
let release: (() => void) | null = null
let hold = false
vi.mock('../../ingest/sink', () => ({
  writeBatch: async (b: { events: unknown[] }) => {
    writes.push(b.events.length)
    if (hold) await new Promise<void>((r) => (release = r))
  },
}))

const { WriteBuffer } = await import('../../ingest/buffer')
const rows = (n: number) => Array.from({ length: n }, (_, i) => `e${i}`)

describe('WriteBuffer', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    writes.length = 0
    hold = false
    release = null
  })
  afterEach(() => vi.useRealTimers())

  it('writes a large addition at once, without waiting for the timer', async () => {
    const b = new WriteBuffer({ maxRows: 10_000, maxDelayMs: 200, eagerRows: 100 })
    let done = false
    const p = b.add(rows(150)).then(() => (done = true))
    await vi.advanceTimersByTimeAsync(0)
    expect(writes).toEqual([150])
    expect(done).toBe(true)
    await p
  })

  it('keeps a small addition until the timer, then writes it with what joined it', async () => {
    const b = new WriteBuffer({ maxRows: 10_000, maxDelayMs: 200, eagerRows: 100 })
    const p = Promise.all([b.add(rows(10)), b.add(rows(20))])
    await vi.advanceTimersByTimeAsync(199)
    expect(writes).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    await p
    expect(writes).toEqual([30])
  })

  it('without eagerRows a large addition below maxRows waits for the timer (as before)', async () => {
    const b = new WriteBuffer({ maxRows: 10_000, maxDelayMs: 200 })
    const p = b.add(rows(5_000))
    await vi.advanceTimersByTimeAsync(100)
    expect(writes).toEqual([])
    await vi.advanceTimersByTimeAsync(100)
    await p
    expect(writes).toEqual([5_000])
  })

  it('during a write, large additions accumulate and are written together right after it', async () => {
    const b = new WriteBuffer({ maxRows: 10_000, maxDelayMs: 200, eagerRows: 100 })
    hold = true
    const first = b.add(rows(150))
    await vi.advanceTimersByTimeAsync(0)
    expect(writes).toEqual([150])
    const second = Promise.all([b.add(rows(120)), b.add(rows(130))])
    await vi.advanceTimersByTimeAsync(0)
    expect(writes).toEqual([150]) // one write at a time
    hold = false
    release!()
    await first
    await vi.advanceTimersByTimeAsync(0)
    expect(writes).toEqual([150, 250]) // no timer wait after the first write
    await second
  })
})
