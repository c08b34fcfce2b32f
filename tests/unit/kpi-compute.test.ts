/** The KPI arithmetic on hand-made components (no database). */
import { describe, expect, it } from 'vitest'
import { ResolvedConfig, parseConfig } from '@/lib/config'
import { emptyComponents, type Components } from '@/lib/kpi/components'
import { computeKpis, serviceLevelValue, type CenterSlice } from '@/lib/kpi/compute'
import { proratedFixed, sliceCost } from '@/lib/kpi/cost'
import { kpiDefinition } from '@/lib/kpi/definitions'
import { groupSettings } from '@/lib/kpi/groupSettings'
import { kpiValue, statusOf } from '@/lib/kpi/result'

const cfg = new ResolvedConfig(
  parseConfig(`
centers:
  - { id: a, name: A, reportingLine: sales, sourcing: in_house, cost: { model: in_house, agentHourCost: 30 }, value: { averageOrderValue: 100, valuePerLead: 20 } }
  - { id: b, name: B, reportingLine: sales, sourcing: in_house, currency: GBP, targets: { serviceLevel: { target: 0.9 } } }
`),
)
const comps = (o: Partial<Components>): Components => Object.assign(emptyComponents(), o)
const slice = (id: string, o: Partial<Components>, periodMs = 3_600_000): CenterSlice => ({ center: cfg.center(id), c: comps(o), periodMs })
const settingsOf = (...ids: string[]) => groupSettings(ids.map((i) => cfg.center(i)), null, cfg.center('\0'))

describe('computeKpis', () => {
  it('service level variants', () => {
    const c = comps({ offered: 10, answered: 7, abandoned: 2, still_waiting: 1, undecided: 1, short_abandons: 1, answered_within: 5, abandoned_within: 1 })
    expect(serviceLevelValue(c, 'offered_minus_short')).toBeCloseTo(5 / (10 - 1 - 1))
    expect(serviceLevelValue(c, 'answered_plus_abandoned')).toBeCloseTo(5 / (7 + 2 - 1))
    expect(serviceLevelValue(c, 'answered')).toBeCloseTo(5 / 7)
    expect(serviceLevelValue(c, 'removed_within')).toBeCloseTo((5 + 1) / (10 - 1))
  })

  it('ratios are computed after adding centers, never averaged', () => {
    const v = computeKpis({
      slices: [slice('a', { answered: 1, answered_wait_ms: 10_000, offered: 1 }), slice('a', { answered: 3, answered_wait_ms: 90_000, offered: 3 })],
      settings: settingsOf('a'),
      agentTime: true,
      live: true,
    })
    expect(v.asa).toBeCloseTo((10 + 90) / (1 + 3)) // not (10 + 30) / 2
  })

  it('nulls where a figure is undefined', () => {
    const v = computeKpis({ slices: [slice('a', {})], settings: settingsOf('a'), agentTime: false, live: false })
    expect(v.offered).toBe(0)
    expect(v.asa).toBeNull()
    expect(v.service_level).toBeNull()
    expect(v.occupancy).toBeNull() // split by queue: no agent time
    expect(v.waiting_now).toBeNull() // bucketed: no live figure
    expect(v.agents_needed).toBe(0) // nothing offered
  })

  it('money figures are null when a group mixes currencies or lacks a cost model', () => {
    const mixed = computeKpis({ slices: [slice('a', { revenue: 10, cost: 5 }), slice('b', { revenue: 10, cost_missing: 1 })], settings: settingsOf('a', 'b'), agentTime: true, live: true })
    expect(mixed.revenue).toBeNull()
    expect(mixed.cost).toBeNull()
    const noCost = computeKpis({ slices: [slice('b', { revenue: 10, cost_missing: 1 })], settings: settingsOf('b'), agentTime: true, live: true })
    expect(noCost.revenue).toBe(10)
    expect(noCost.cost).toBeNull()
    expect(noCost.margin).toBeNull()
  })

  it('margin, ROI and cost of abandonment', () => {
    const v = computeKpis({
      slices: [slice('a', { handled: 10, sales: 2, leads: 3, revenue: 500, abandoned: 4, cost: 200 })],
      settings: settingsOf('a'),
      agentTime: true,
      live: true,
    })
    expect(v.margin).toBeCloseTo(500 + 3 * 20 - 200)
    expect(v.roi).toBeCloseTo((500 + 60 - 200) / 200)
    expect(v.cost_of_abandonment).toBeCloseTo(4 * ((2 / 10) * 100 + (3 / 10) * 20))
    expect(v.cost_per_lead).toBeCloseTo(200 / 3)
  })
})

describe('cost models', () => {
  it('fixed costs pro-rate by time over local months', () => {
    // 10 days of November (720 h) + 5 days of December (744 h), in Paris (UTC+1 all along)
    const from = Date.parse('2026-11-20T23:00:00Z')
    const to = Date.parse('2026-12-05T23:00:00Z')
    expect(proratedFixed(7440, from, to, 'Europe/Paris')).toBeCloseTo((7440 * 10 * 24) / 720 + (7440 * 5 * 24) / 744)
  })
  it('in-house, per contact and per hour', () => {
    const c = new ResolvedConfig(
      parseConfig(`
centers:
  - { id: i, name: I, reportingLine: sales, sourcing: in_house, cost: { model: in_house, agentHourCost: 36, telecomMinuteCost: 0.015 } }
  - { id: o, name: O, reportingLine: marketing, sourcing: outsourced, cost: { model: outsourced, pricePerHandledContact: 4.2 } }
  - { id: h, name: H, reportingLine: marketing, sourcing: outsourced, cost: { model: outsourced, pricePerAgentHour: 31 } }
`),
    )
    const act = { agentSeconds: 7200, handled: 25, voiceSeconds: 600, fixedShare: 1 }
    expect(sliceCost(c.center('i'), 0, 1, act)).toBeCloseTo(2 * 36 + 10 * 0.015)
    expect(sliceCost(c.center('o'), 0, 1, act)).toBeCloseTo(25 * 4.2)
    expect(sliceCost(c.center('h'), 0, 1, act)).toBeCloseTo(2 * 31)
    expect(sliceCost(c.center('unknown'), 0, 1, act)).toBeNull()
  })
})

describe('result shape and status', () => {
  it('change, changeIsGood and status follow the definition’s direction and the warn band', () => {
    const asa = kpiDefinition('asa')
    expect(kpiValue(asa, 25, 40, 30, 0.1)).toEqual({ key: 'asa', value: 25, previous: 40, change: -15, changeIsGood: true, target: 30, status: 'good', unit: 'seconds' })
    expect(statusOf(asa, 32, 30, 0.1)).toBe('warn') // within 30 + 3
    expect(statusOf(asa, 34, 30, 0.1)).toBe('bad')
    const sl = kpiDefinition('service_level')
    expect(statusOf(sl, 0.75, 0.8, 0.1)).toBe('warn') // ≥ 0.72
    expect(statusOf(sl, 0.7, 0.8, 0.1)).toBe('bad')
    expect(statusOf(kpiDefinition('nps'), 22, 30, 0.1)).toBe('warn') // within 10 points
    expect(kpiValue(kpiDefinition('offered'), 10, 8, null, 0.1)).toMatchObject({ change: 2, changeIsGood: null, status: null })
    expect(kpiValue(kpiDefinition('revenue'), 10, null, null, 0.1, { currency: 'EUR' })).toMatchObject({ change: null, currency: 'EUR' })
  })

  it('group settings: shared values only', () => {
    const s = settingsOf('a', 'b')
    expect(s.targets.serviceLevel).toBeNull() // 0.8 vs 0.9
    expect(s.currency).toBeNull() // EUR vs GBP
    expect(s.serviceLevel).toEqual({ thresholdSeconds: 20, target: 0.8 }) // defaults for Erlang C
    expect(settingsOf('b').targets.serviceLevel).toBe(0.9)
  })
})
