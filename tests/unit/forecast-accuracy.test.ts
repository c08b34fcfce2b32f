import { describe, expect, it } from 'vitest'
import { accuracy } from '@/lib/forecast/accuracy'

describe('forecast accuracy (WAPE, bias)', () => {
  it('hand-computed', () => {
    // forecast 10, 20, 0 vs actual 8, 25, 2: |2| + |−5| + |−2| = 9 over Σactual 35 → WAPE 9/35;
    // signed 2 − 5 − 2 = −5 → bias −5/35 (the forecast ran low).
    const r = accuracy([
      { forecast: 10, actual: 8 },
      { forecast: 20, actual: 25 },
      { forecast: 0, actual: 2 },
    ])
    expect(r.wape).toBeCloseTo(9 / 35, 12)
    expect(r.bias).toBeCloseTo(-5 / 35, 12)
    expect(r).toMatchObject({ forecast: 30, actual: 35, points: 3 })
  })
  it('nothing offered: no figure, not 0', () => {
    expect(accuracy([{ forecast: 3, actual: 0 }])).toMatchObject({ wape: null, bias: null })
    expect(accuracy([])).toMatchObject({ wape: null, bias: null, points: 0 })
  })
})
