/**
 * A KPI query reads only the contact-fact kinds its KPIs need (getKpis → contactFamilies). Check
 * that the choice is safe: for every KPI, the components of the kinds left out never change
 * its value, and every contact component belongs to exactly one kind.
 */
import { describe, expect, it } from 'vitest'
import { ResolvedConfig, parseConfig } from '@/lib/config'
import { CONTACT_MAXES, CONTACT_SUMS, emptyComponents, MAX_KEYS, SUM_KEYS, type Components } from '@/lib/kpi/components'
import { computeKpis } from '@/lib/kpi/compute'
import { KPI_KEYS } from '@/lib/kpi/definitions'
import { groupSettings } from '@/lib/kpi/groupSettings'
import { contactFamilies } from '@/lib/queries/getKpis'
import { FACT_FAMILIES, familyComponents } from '@/lib/queries/queryContactComponents'

const cfg = new ResolvedConfig(
  parseConfig(`
centers:
  - { id: a, name: A, reportingLine: sales, sourcing: in_house, cost: { model: in_house, agentHourCost: 30 }, value: { averageOrderValue: 100, valuePerLead: 20, valuePerRetentionSave: 50 } }
`),
)

describe('contact fact kinds per KPI', () => {
  it('every contact component comes from exactly one kind', () => {
    const all = FACT_FAMILIES.flatMap(familyComponents)
    expect(new Set(all).size).toBe(all.length)
    expect([...all].sort()).toEqual([...CONTACT_SUMS, ...CONTACT_MAXES].sort())
  })

  it('components of the kinds a KPI does not read never change its value', () => {
    let seed = 7
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 100 + 1
    for (let trial = 0; trial < 20; trial++) {
      const full = emptyComponents()
      for (const k of [...SUM_KEYS, ...MAX_KEYS]) full[k] = Math.round(rnd())
      full.cost_missing = 0
      for (const key of KPI_KEYS) {
        const kept = new Set(contactFamilies([key]).flatMap(familyComponents))
        const pruned: Components = { ...full }
        for (const f of FACT_FAMILIES) for (const c of familyComponents(f)) if (!kept.has(c)) (pruned as Record<string, number>)[c] = 0
        const compute = (c: Components) =>
          computeKpis({ slices: [{ center: cfg.center('a'), c, periodMs: 3_600_000 }], settings: groupSettings([cfg.center('a')], null, cfg.center('\0')), agentTime: true, live: true })[key]
        expect(compute(pruned), `${key} (trial ${trial})`).toEqual(compute(full))
      }
    }
  })
})
