/** lib/live/priority: background work waits while a live snapshot is computed, but never for ever. */
import { describe, expect, it } from 'vitest'
import { liveBusy, liveWork, yieldToLive } from '@/lib/live/priority'

describe('yieldToLive', () => {
  it('waits until the running snapshot computations end', async () => {
    let finish!: () => void
    const snapshot = liveWork(new Promise<void>((r) => (finish = r)))
    expect(liveBusy()).toBe(true)
    const order: string[] = []
    const waiting = yieldToLive(5000).then(() => order.push('history slice'))
    await new Promise((r) => setTimeout(r, 30))
    expect(order).toEqual([]) // still waiting: the snapshot runs
    order.push('snapshot done')
    finish()
    await snapshot
    await waiting
    expect(order).toEqual(['snapshot done', 'history slice'])
    expect(liveBusy()).toBe(false)
  })

  it('gives up after maxWaitMs so the background work still progresses', async () => {
    const never = liveWork(new Promise<void>(() => {}))
    void never
    const t0 = Date.now()
    await yieldToLive(40)
    expect(Date.now() - t0).toBeGreaterThanOrEqual(40)
    expect(liveBusy()).toBe(true)
  })
})
