/**
 * Erlang A (lib/kpi/erlang-a) against closed forms, the published Erlang C example in the
 * patience → ∞ limit, and an independent reference: a discrete-event simulation of the
 * M/M/N+M queue written out below (seeded, so the run is reproducible).
 */
import { describe, expect, it } from 'vitest'
import { agentsNeeded, erlangC, serviceLevel } from '@/lib/kpi/erlang'
import { agentsNeededA, erlangA, serviceLevelA } from '@/lib/kpi/erlang-a'

describe('θ = μ: the number in system is Poisson(A) (the chain is that of M/M/∞)', () => {
  // With patience = AHT every contact in the system leaves at rate μ, served or not, so
  // πₙ = e^(−A)·Aⁿ/n!. N = 2 agents, A = 1 (λ = 1/100 s, AHT = patience = 100 s):
  //   P(wait) = P(n ≥ 2) = 1 − e^(−1)·(1 + 1) = 1 − 2/e = 0.264241…
  //   E[(n − 2)⁺] = E[n] − 2 + E[(2 − n)⁺] = 1 − 2 + (2·e^(−1) + 1·e^(−1)) = 3/e − 1 = 0.103638…
  //   P(abandon) = θ·E[(n − 2)⁺]/λ = (1/100)·0.103638/(1/100) = 0.103638…
  const r = erlangA({ agents: 2, arrivalRate: 1 / 100, handleS: 100, patienceS: 100 })
  it('P(wait) = 1 − 2/e', () => expect(r.pWait).toBeCloseTo(1 - 2 / Math.E, 10))
  it('P(abandon) = 3/e − 1', () => expect(r.pAbandon).toBeCloseTo(3 / Math.E - 1, 10))
  it('SL for an infinite threshold is 1 − P(abandon)', () => {
    expect(serviceLevelA({ agents: 2, arrivalRate: 1 / 100, handleS: 100, patienceS: 100 }, 1e5)).toBeCloseTo(1 - (3 / Math.E - 1), 6)
  })
  it('SL for a zero threshold is P(no wait) = 2/e', () => {
    expect(serviceLevelA({ agents: 2, arrivalRate: 1 / 100, handleS: 100, patienceS: 100 }, 0)).toBeCloseTo(2 / Math.E, 10)
  })
})

describe('N = 1, θ = μ = λ = 1/s: SL(t) by hand', () => {
  // πₙ = e^(−1)/n!. An arrival with k ahead is answered with probability 1/(k + 2), after
  // k + 1 stages of rates 2, 3, …, k + 2 (N·μ + (j+1)·θ). For t = 1 s:
  //   k = 0 (π₁ = e⁻¹):     ½ · (1 − e^(−2))                         = 0.432332
  //   k = 1 (π₂ = e⁻¹/2):  ⅓ · (1 − 3e^(−2) + 2e^(−3))  [hypoexp(2,3)] = 0.231993 · ⅓
  // plus P(n = 0) = e⁻¹ answered at once. Arrivals with k ≥ 2 (mass 1 − e⁻¹·2.5 = 0.080301)
  // add at most ¼ of their mass: SL(1) ∈ [lower, lower + 0.080301/4].
  const e1 = Math.exp(-1)
  const k0 = 0.5 * (1 - Math.exp(-2))
  const k1 = (1 - 3 * Math.exp(-2) + 2 * Math.exp(-3)) / 3
  const lower = e1 + e1 * k0 + (e1 / 2) * k1
  const sl = serviceLevelA({ agents: 1, arrivalRate: 1, handleS: 1, patienceS: 1 }, 1)
  it('within the hand-computed bounds', () => {
    expect(sl).toBeGreaterThan(lower)
    expect(sl).toBeLessThan(lower + (1 - e1 * 2.5) / 4)
  })
})

describe('patience → ∞ is Erlang C (Call Centre Helper example: A = 10, AHT 180 s, 80/20 → 14 agents)', () => {
  // Published: 14 agents → P(wait) 17.41 %, SL 88.8 %; 11 agents → P(wait) 68.21 %, SL 39.0 %.
  const base = { arrivalRate: 100 / 1800, handleS: 180, patienceS: 1e9 }
  it('14 agents: P(wait) 0.1741, SL 0.888, no abandons', () => {
    const r = erlangA({ ...base, agents: 14 })
    expect(r.pWait).toBeCloseTo(0.1741, 3)
    expect(r.pAbandon).toBeLessThan(1e-5)
    expect(serviceLevelA({ ...base, agents: 14 }, 20)).toBeCloseTo(0.888, 3)
  })
  it('11 agents: P(wait) 0.6821, SL 0.390', () => {
    expect(erlangA({ ...base, agents: 11 }).pWait).toBeCloseTo(0.6821, 2)
    expect(serviceLevelA({ ...base, agents: 11 }, 20)).toBeCloseTo(0.39, 2)
  })
  it('agents needed 14, as Erlang C', () => {
    expect(agentsNeededA({ arrivalRate: 100 / 1800, handleS: 180, thresholdS: 20, target: 0.8, patienceS: 1e9 })).toBe(14)
  })
})

/** Discrete-event simulation of M/M/N+M, FCFS, with a seeded generator (mulberry32). */
function simulate(agents: number, lambda: number, handleS: number, patienceS: number, t: number, customers: number, seed: number) {
  let s = seed >>> 0
  const rnd = () => {
    s = (s + 0x6d2b79f5) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 15), z | 1)
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61)
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296
  }
  const exp = (mean: number) => -mean * Math.log(1 - rnd())
  const free: number[] = Array(agents).fill(0) // time each agent becomes free
  let clock = 0
  let waited = 0
  let abandoned = 0
  let inTime = 0
  // FCFS with abandonment: a caller is answered at the earliest agent-free instant if that comes
  // before the caller's patience runs out; callers who abandon do not occupy an agent.
  for (let i = 0; i < customers; i++) {
    clock += exp(1 / lambda)
    const patience = exp(patienceS)
    let best = 0
    for (let a = 1; a < agents; a++) if (free[a]! < free[best]!) best = a
    const start = Math.max(clock, free[best]!)
    const wait = start - clock
    if (wait > 0) waited++
    if (wait > patience) {
      abandoned++
      continue
    }
    if (wait <= t) inTime++
    free[best] = start + exp(handleS)
  }
  return { pWait: waited / customers, pAbandon: abandoned / customers, sl: inTime / customers }
}

describe('against a simulation of the queue (N = 12, A = 10 Erlangs, AHT 180 s, patience 120 s)', () => {
  const input = { agents: 12, arrivalRate: 10 / 180, handleS: 180, patienceS: 120 }
  const sim = simulate(12, 10 / 180, 180, 120, 20, 400_000, 20261206)
  it('P(wait), P(abandon) and SL(20 s) within 0.01 of 400 000 simulated callers', () => {
    const r = erlangA(input)
    expect(Math.abs(r.pWait - sim.pWait)).toBeLessThan(0.01)
    expect(Math.abs(r.pAbandon - sim.pAbandon)).toBeLessThan(0.01)
    expect(Math.abs(serviceLevelA(input, 20) - sim.sl)).toBeLessThan(0.01)
  })
  it('abandonment helps: Erlang A SL above Erlang C SL, and fewer agents needed', () => {
    expect(serviceLevelA(input, 20)).toBeGreaterThan(serviceLevel(12, 10, 180, 20))
    expect(erlangA(input).pWait).toBeLessThan(erlangC(12, 10))
    const req = { arrivalRate: 10 / 180, handleS: 180, thresholdS: 20, target: 0.8 }
    expect(agentsNeededA({ ...req, patienceS: 120 })).toBeLessThanOrEqual(agentsNeeded(req))
  })
})

describe('edge cases', () => {
  it('no traffic: nothing waits, SL 1, 0 agents', () => {
    expect(erlangA({ agents: 3, arrivalRate: 0, handleS: 60, patienceS: 30 }).pWait).toBe(0)
    expect(agentsNeededA({ arrivalRate: 0, handleS: 60, thresholdS: 20, target: 0.8, patienceS: 30 })).toBe(0)
  })
  it('stable even with fewer agents than Erlangs (N < A): abandons absorb the excess', () => {
    const r = erlangA({ agents: 5, arrivalRate: 10 / 180, handleS: 180, patienceS: 60 })
    expect(r.pAbandon).toBeGreaterThan(0.3)
    expect(r.pAbandon).toBeLessThan(1)
  })
  it('large centers stay finite (A = 900, N = 950)', () => {
    const r = erlangA({ agents: 950, arrivalRate: 5, handleS: 180, patienceS: 90 })
    expect(Number.isFinite(r.pWait)).toBe(true)
    expect(serviceLevelA({ agents: 950, arrivalRate: 5, handleS: 180, patienceS: 90 }, 20)).toBeGreaterThan(0.5)
  })
})

describe('patience estimate and model choice (lib/forecast/staffing)', () => {
  it('1/θ = Σ waits ÷ abandons; unknown below 30 abandons', async () => {
    const { estimatePatience, chooseModel } = await import('@/lib/forecast/staffing')
    // 30 abandoned after 40 s, 12 answered after 10 s: (30·40 + 12·10)/30 = 44 s
    expect(estimatePatience([{ abandoned: 20, waitS: 20 * 40 + 8 * 10 }, { abandoned: 10, waitS: 10 * 40 + 4 * 10 }])).toEqual({ patienceS: 44, abandons: 30 })
    expect(estimatePatience([{ abandoned: 29, waitS: 1000 }]).patienceS).toBeNull()
    expect(chooseModel('auto', 44)).toBe('erlang_a')
    expect(chooseModel('auto', null)).toBe('erlang_c')
    expect(chooseModel('erlang_c', 44)).toBe('erlang_c')
    expect(chooseModel('erlang_a', null)).toBe('erlang_c')
  })
})
