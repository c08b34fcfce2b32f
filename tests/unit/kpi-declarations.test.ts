/**
 * Each KPI's behaviour follows from what its definition declares (lib/kpi/definitions), so
 * adding a KPI is one definition plus its formula and aggregate: this walks every definition
 * and checks that the engine derives the rest — live figures vanish in a bucketed group,
 * agent-time figures once split by queue/channel/direction, money without one currency — and
 * that what a figure reads is declared (`reads`), so the engine fetches it.
 */
import { describe, expect, it } from 'vitest'
import { ResolvedConfig, parseConfig } from '@/lib/config'
import { AGENT_SUMS, CONTACT_MAXES, CONTACT_SUMS, COST_SUMS, MAX_KEYS, SUM_KEYS, emptyComponents, type ComponentKey, type Components } from '@/lib/kpi/components'
import { computeKpis, type GroupInput } from '@/lib/kpi/compute'
import { KPI_DEFINITIONS, type KpiSource } from '@/lib/kpi/definitions'
import { groupSettings } from '@/lib/kpi/groupSettings'

const cfg = new ResolvedConfig(
  parseConfig(`
centers:
  - { id: a, name: A, reportingLine: sales, sourcing: in_house, cost: { model: in_house, agentHourCost: 30 }, value: { averageOrderValue: 100, valuePerLead: 20, valuePerRetentionSave: 50 } }
`),
)
const settings = groupSettings([cfg.center('a')], null, cfg.center('\0'))

/** The components each declared source fills (cost is allocated by agent time). */
const SOURCE_COMPONENTS: Record<KpiSource, readonly ComponentKey[]> = {
  agent_time: [...AGENT_SUMS, ...COST_SUMS],
  waiting_now: ['waiting_now', 'longest_wait_now_ms'],
  agents_now: ['agents_available_now', 'agents_on_contact_now', 'agents_wrap_up_now', 'agents_not_ready_now', 'agents_logged_in_now'],
}

function randomComponents(seed: number): Components {
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 100 + 1
  const c = emptyComponents()
  for (const k of [...SUM_KEYS, ...MAX_KEYS]) c[k] = Math.round(rnd())
  c.cost_missing = 0
  c.offered = 1000 // above short abandons + undecided: every denominator positive
  return c
}

const group = (c: Components, over: Partial<GroupInput> = {}): GroupInput => ({
  slices: [{ center: cfg.center('a'), c, periodMs: 3_600_000 }],
  settings,
  agentTime: true,
  live: true,
  ...over,
})

describe('KPI behaviour derived from the definitions', () => {
  const full = [1, 2, 3].map(randomComponents)

  it('every definition has a value, and a figure with every flag on', () => {
    for (const c of full) {
      const v = computeKpis(group(c))
      for (const d of KPI_DEFINITIONS) {
        expect(Object.keys(v), d.key).toContain(d.key)
        expect(v[d.key], d.key).not.toBeNull()
      }
    }
  })

  it('live, agent-time and currency figures are null exactly where their declaration says', () => {
    for (const c of full) {
      const all = computeKpis(group(c))
      const bucketed = computeKpis(group(c, { live: false }))
      const split = computeKpis(group(c, { agentTime: false }))
      const mixedCurrency = computeKpis(group(c, { settings: { ...settings, currency: null } }))
      for (const d of KPI_DEFINITIONS) {
        expect(bucketed[d.key], `${d.key} bucketed`).toEqual(d.live ? null : all[d.key])
        expect(split[d.key], `${d.key} split by queue`).toEqual(d.agentTime ? null : all[d.key])
        // ROI is a ratio of two money figures: no currency, no ROI either
        expect(mixedCurrency[d.key], `${d.key} mixed currencies`).toEqual(d.unit === 'currency' || d.key === 'roi' ? null : all[d.key])
      }
    }
  })

  it('a figure that depends on agent time, the live queue or agent states declares that it reads it', () => {
    for (const c of full) {
      const all = computeKpis(group(c))
      for (const [source, comps] of Object.entries(SOURCE_COMPONENTS) as [KpiSource, readonly ComponentKey[]][]) {
        const without: Components = { ...c }
        for (const k of comps) without[k] = 0
        const v = computeKpis(group(without))
        for (const d of KPI_DEFINITIONS) {
          if (v[d.key] !== all[d.key]) expect(d.reads ?? [], `${d.key} depends on ${source}`).toContain(source)
        }
      }
    }
  })

  it('a figure of agent time or agent states alone is declared agent-time (agents belong to no queue)', () => {
    const zero = (c: Components, keys: readonly ComponentKey[]) => {
      const z: Components = { ...c }
      for (const k of keys) z[k] = 0
      return z
    }
    for (const c of full) {
      const all = computeKpis(group(c))
      const noContacts = computeKpis(group(zero(c, [...CONTACT_SUMS, ...CONTACT_MAXES])))
      const noAgents = computeKpis(group(zero(c, [...AGENT_SUMS, ...SOURCE_COMPONENTS.agents_now])))
      for (const d of KPI_DEFINITIONS) {
        if (noContacts[d.key] === all[d.key] && noAgents[d.key] !== all[d.key]) expect(d.agentTime, d.key).toBe(true)
      }
    }
  })

  it('what reads the current instant is declared live', () => {
    for (const d of KPI_DEFINITIONS) {
      if (d.reads?.includes('waiting_now') || d.reads?.includes('agents_now')) expect(d.live, d.key).toBe(true)
      if (d.live) expect(d.bucketedOn, d.key).toBe('now')
    }
  })
})
