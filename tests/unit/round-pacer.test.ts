import { describe, expect, it } from 'vitest'
import { RoundPacer } from '@/lib/queries/sharedRefresh'

describe('RoundPacer', () => {
  it('lets a round start only once factor × the last round has passed since its end', () => {
    const p = new RoundPacer(3)
    expect(p.ready(0)).toBe(true)
    p.start(1_000)
    // Never two rounds at once.
    expect(p.ready(1_200)).toBe(false)
    p.end(1_400) // a 400 ms round: the next one waits 3 × 400 = 1,200 ms after 1,400
    expect(p.ready(2_599)).toBe(false)
    expect(p.ready(2_600)).toBe(true)
    // Rounds then take at most 400 / (400 + 1,200) = 1/4 of the time.
    p.start(2_600)
    p.end(2_650) // a 50 ms round: the next may start 150 ms later
    expect(p.ready(2_799)).toBe(false)
    expect(p.ready(2_800)).toBe(true)
  })

  it('with factor 0 only prevents overlapping rounds', () => {
    const p = new RoundPacer(0)
    p.start(0)
    expect(p.ready(5_000)).toBe(false)
    p.end(5_000)
    expect(p.ready(5_000)).toBe(true)
  })
})
