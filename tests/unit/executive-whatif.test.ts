/**
 * The executive what-if (lib/executive/whatif): ±1 agent → SL, ASA, abandonment (Erlang C),
 * added cost and revenue at risk. Expected values are worked out by hand in the comments; the
 * Erlang C figures themselves are the published Call Centre Helper example (A = 10 Erlangs,
 * h = 180 s: 13 agents → ASA 17.1 s, 14 agents → ASA 7.8 s, SL(20 s) 88.8 %, P(wait) 17.41 %),
 * see tests/unit/erlang-reference.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { abandonmentEstimate, agentsForAsa, calibratePatience, whatIf, type WhatIfInput } from '@/lib/executive/whatif'

// 200 contacts offered in 1 hour with traffic, AHT 180 s → λ = 200/3600 per s, A = 200 × 180 / 3600 = 10 Erlangs.
const BASE: WhatIfInput = {
  offered: 200,
  openSeconds: 3600,
  ahtS: 180,
  asaS: 7.9, // observed; Erlang C gives 7.84 s with 14 agents, 17.1 s with 13
  abandonmentRate: 0.05,
  thresholdS: 20,
  slTarget: 0.8,
  valuePerAbandon: 40,
  agentHourCost: 30,
}

describe('baseline agents', () => {
  it('is the Erlang C staffing matching the observed ASA: 7.9 s → 14 agents (7.8 s; 13 give 17.1 s)', () => {
    const r = whatIf(BASE)!
    expect(r.trafficErlangs).toBeCloseTo(10, 12)
    expect(r.arrivalsPerHour).toBeCloseTo(200, 12)
    expect(r.baselineAgents).toBe(14)
    expect(r.baselineSource).toBe('asa')
    expect(agentsForAsa(10, 180, 17.2)).toBe(13)
  })
  it('falls back to traffic ÷ occupancy, then to the SL-target staffing', () => {
    // A = 10, occupancy 80 % → 10 / 0.8 = 12.5 → 13 agents
    expect(whatIf({ ...BASE, asaS: null, occupancy: 0.8 })!.baselineAgents).toBe(13)
    expect(whatIf({ ...BASE, asaS: null, occupancy: 0.8 })!.baselineSource).toBe('occupancy')
    // 80/20 on A = 10, h = 180 → 14 agents (Call Centre Helper)
    const t = whatIf({ ...BASE, asaS: null, occupancy: null })!
    expect(t.baselineSource).toBe('target')
    expect(t.baselineAgents).toBe(14)
  })
})

describe('scenarios', () => {
  const r = whatIf(BASE)!
  it('baseline reproduces the published figures for 14 agents and the observed abandonment', () => {
    expect(r.base.agents).toBe(14)
    expect(r.base.serviceLevel).toBeCloseTo(0.888, 3)
    expect(r.base.asaS).toBeCloseTo(7.8, 1)
    expect(r.base.probabilityOfWaiting).toBeCloseTo(0.1741, 4)
    // patience calibrated so that abandonment at 14 agents = observed 5 %:
    // θ = h·(C/ab − 1)/(N − A) = 180 × (0.17413/0.05 − 1) / 4 = 111.7 s
    expect(r.patienceS!).toBeCloseTo((180 * (0.174132 / 0.05 - 1)) / 4, 1)
    expect(r.base.abandonmentRate).toBeCloseTo(0.05, 9)
    expect(r.base.abandoned).toBeCloseTo(200 * 0.05, 9)
    expect(r.base.addedCost).toBe(0)
    expect(r.base.revenueAtRisk).toBe(0)
  })
  it('one agent fewer: 13 agents, SL 79.6 %, ASA 17.1 s (published), more abandons', () => {
    expect(r.minus.agents).toBe(13)
    expect(r.minus.serviceLevel).toBeCloseTo(0.7956, 3)
    expect(r.minus.asaS!).toBeCloseTo(17.1, 1)
    expect(r.minus.abandonmentRate).toBeGreaterThan(0.05)
  })
  it('one agent more: better SL, shorter ASA, fewer abandons', () => {
    expect(r.plus.agents).toBe(15)
    expect(r.plus.serviceLevel).toBeGreaterThan(r.base.serviceLevel)
    expect(r.plus.asaS!).toBeLessThan(r.base.asaS!)
    expect(r.plus.abandonmentRate).toBeLessThan(0.05)
  })
  it('added cost = ±1 agent × 1 hour with traffic × 30 €/h; revenue at risk = Δabandoned × 40 €', () => {
    expect(r.plus.addedCost).toBeCloseTo(30, 9)
    expect(r.minus.addedCost).toBeCloseTo(-30, 9)
    expect(r.minus.revenueAtRisk!).toBeCloseTo((r.minus.abandoned - r.base.abandoned) * 40, 9)
    expect(r.minus.revenueAtRisk!).toBeGreaterThan(0) // revenue lost
    expect(r.plus.revenueAtRisk!).toBeLessThan(0) // revenue recovered
  })
  it('per-contact contract: added cost = change in contacts answered × price', () => {
    const p = whatIf({ ...BASE, agentHourCost: null, pricePerHandledContact: 5 })!
    // one more agent → fewer abandons → more contacts answered and billed
    expect(p.plus.addedCost!).toBeCloseTo((p.base.abandoned - p.plus.abandoned) * 5, 9)
    expect(p.plus.addedCost!).toBeGreaterThan(0)
  })
  it('unknown value of an abandon → revenue at risk null (shown as —), not 0', () => {
    expect(whatIf({ ...BASE, valuePerAbandon: null })!.plus.revenueAtRisk).toBeNull()
  })
})

describe('abandonment model', () => {
  it('no abandons observed → infinite patience → no abandons in any stable scenario', () => {
    expect(calibratePatience(14, 10, 180, 0)).toBeNull()
    const r = whatIf({ ...BASE, abandonmentRate: 0 })!
    expect(r.plus.abandonmentRate).toBe(0)
    expect(r.minus.abandonmentRate).toBe(0)
  })
  it('observed abandonment above P(wait) → zero patience: every delayed contact abandons', () => {
    expect(calibratePatience(14, 10, 180, 0.3)).toBe(0)
    expect(abandonmentEstimate(14, 10, 180, 0)).toBeCloseTo(0.1741, 4)
  })
  it('N ≤ A: no steady state — SL 0, ASA null, at least the excess 1 − N/A is lost', () => {
    // A = 10, baseline from ASA 120 s → 11 agents; 10 agents cannot keep up
    const r = whatIf({ ...BASE, asaS: 123 })!
    expect(r.baselineAgents).toBe(11)
    expect(r.minus.agents).toBe(10)
    expect(r.minus.stable).toBe(false)
    expect(r.minus.asaS).toBeNull()
    expect(r.minus.serviceLevel).toBe(0)
    expect(abandonmentEstimate(8, 10, 180, 100)).toBeCloseTo(1 - 8 / 10, 12)
    expect(r.minus.abandonmentRate).toBeGreaterThanOrEqual(r.base.abandonmentRate)
  })
  it('abandonment falls as agents are added', () => {
    const theta = calibratePatience(14, 10, 180, 0.05)
    let prev = 1
    for (let n = 11; n <= 20; n++) {
      const a = abandonmentEstimate(n, 10, 180, theta)
      expect(a).toBeLessThan(prev)
      prev = a
    }
  })
})

describe('no usable load', () => {
  it('no offered contacts, no AHT or no hours with traffic → null', () => {
    expect(whatIf({ ...BASE, offered: 0 })).toBeNull()
    expect(whatIf({ ...BASE, ahtS: null })).toBeNull()
    expect(whatIf({ ...BASE, openSeconds: 0 })).toBeNull()
  })
})
