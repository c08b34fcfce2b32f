/**
 * Erlang C against published values and against the textbook formula written out directly.
 * Sources:
 * - Call Centre Helper, "Erlang C Formula – Made Simple With an Easy Worked Example"
 *   (100 calls in 30 min, AHT 180 s, 80/20): 11 agents → P(wait) 68.21 %, SL 39.0 %,
 *   ASA 122.8 s; 14 agents → P(wait) 17.41 %, SL 88.8 %, ASA 7.8 s; 14 agents needed.
 * - The Erlang C formula (e.g. Wikipedia "Erlang (unit)", Erlang C section):
 *   C(N, A) = (A^N/N! · N/(N−A)) / (Σ_{k<N} A^k/k! + A^N/N! · N/(N−A)).
 */
import { describe, expect, it } from 'vitest'
import { agentsNeeded, averageSpeedOfAnswer, erlangB, erlangC, serviceLevel } from '@/lib/kpi/erlang'

/** The formula as printed, with factorials (fine for small N). */
function erlangCDirect(n: number, a: number): number {
  let sum = 0
  let term = 1 // A^k / k!
  for (let k = 0; k < n; k++) {
    sum += term
    term *= a / (k + 1)
  }
  const top = term * (n / (n - a)) // A^N/N! · N/(N−A)
  return top / (sum + top)
}

describe('Erlang C', () => {
  it('Call Centre Helper worked example: 100 calls / 30 min, AHT 180 s → A = 100 × 180 / 1800 = 10 Erlangs', () => {
    const A = (100 * 180) / 1800
    expect(erlangC(11, A)).toBeCloseTo(0.6821, 4)
    expect(serviceLevel(11, A, 180, 20)).toBeCloseTo(0.39, 2)
    expect(averageSpeedOfAnswer(11, A, 180)).toBeCloseTo(122.8, 1)
    expect(erlangC(14, A)).toBeCloseTo(0.1741, 4)
    expect(serviceLevel(14, A, 180, 20)).toBeCloseTo(0.888, 3)
    expect(averageSpeedOfAnswer(14, A, 180)).toBeCloseTo(7.8, 1)
    expect(agentsNeeded({ arrivalRate: 100 / 1800, handleS: 180, thresholdS: 20, target: 0.8 })).toBe(14)
  })

  it('matches the factorial formula for small systems', () => {
    for (const [n, a] of [[1, 0.5], [2, 1.5], [5, 3.2], [11, 10], [30, 24.5], [55, 48]] as const) {
      expect(erlangC(n, a)).toBeCloseTo(erlangCDirect(n, a), 12)
    }
  })

  it('stays finite and sensible for thousands of agents (no A^N or N! overflow)', () => {
    const c = erlangC(5000, 4900)
    expect(Number.isFinite(c)).toBe(true)
    expect(c).toBeGreaterThan(0)
    expect(c).toBeLessThan(1)
    const n = agentsNeeded({ arrivalRate: 4900 / 180, handleS: 180, thresholdS: 20, target: 0.8 })
    expect(n).toBeGreaterThan(4900)
    expect(serviceLevel(n, 4900, 180, 20)).toBeGreaterThanOrEqual(0.8)
    expect(serviceLevel(n - 1, 4900, 180, 20)).toBeLessThan(0.8)
  })

  it('edge cases: no traffic, unstable queue, Erlang B recursion start', () => {
    expect(agentsNeeded({ arrivalRate: 0, handleS: 180, thresholdS: 20, target: 0.8 })).toBe(0)
    expect(erlangC(3, 3)).toBe(1)
    expect(serviceLevel(3, 3.5, 180, 20)).toBe(0)
    expect(averageSpeedOfAnswer(3, 3.5, 180)).toBe(Infinity)
    expect(erlangB(0, 5)).toBe(1)
    expect(erlangB(1, 1)).toBeCloseTo(1 / 2) // A / (1 + A)
    expect(() => agentsNeeded({ arrivalRate: 1, handleS: 10, thresholdS: 20, target: 1 })).toThrow(/infinitely many/)
  })

  it('an occupancy cap can only add agents', () => {
    const base = { arrivalRate: 100 / 1800, handleS: 180, thresholdS: 20, target: 0.8 }
    expect(agentsNeeded({ ...base, maxOccupancy: 0.85 })).toBe(14) // 10/14 = 71 % already under 85 %
    expect(agentsNeeded({ ...base, maxOccupancy: 0.6 })).toBe(17) // ⌈10 / 0.6⌉ = 17
  })
})
