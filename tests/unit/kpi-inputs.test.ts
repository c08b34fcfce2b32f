/**
 * A KPI query sums only the contact components its KPIs read (lib/kpi/inputs → getKpis). Check
 * that the lists are complete: for every KPI, every service-level variant, by center and split by
 * queue (cost shared by handle time, or by offered contacts when nothing was handled), changing a
 * component the KPI does not list — to 0 or to another value — never changes its value, cost
 * allocation included.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { getConfig, setConfigOverride } from '@/lib/config'
import { CONTACT_MAXES, CONTACT_SUMS, emptyComponents, MAX_KEYS, SUM_KEYS, type Components } from '@/lib/kpi/components'
import { computeKpis } from '@/lib/kpi/compute'
import { KPI_KEYS } from '@/lib/kpi/definitions'
import { groupSettings } from '@/lib/kpi/groupSettings'
import { contactInputs, KPI_CONTACT_INPUTS } from '@/lib/kpi/inputs'
import { allocateCost } from '@/lib/queries/allocateCost'
import { ALL_CONTACT_COMPONENTS } from '@/lib/queries/queryContactComponents'
import type { Base, Slices } from '@/lib/queries/readSlices'

setConfigOverride(`
centers:
  - { id: a, name: A, reportingLine: sales, sourcing: in_house, cost: { model: in_house, agentHourCost: 30, telecomMinuteCost: 0.02, fixedMonthlyCost: 9000 }, value: { averageOrderValue: 100, valuePerLead: 20, valuePerRetentionSave: 50 } }
  - { id: b, name: B, reportingLine: sales, sourcing: outsourced, cost: { model: outsourced, pricePerHandledContact: 4, telecomMinuteCost: 0.01 }, value: { valuePerLead: 15 } }
`)
const cfg = getConfig()
afterAll(() => setConfigOverride(null))

const VARIANTS = ['offered_minus_short', 'answered_plus_abandoned', 'answered', 'removed_within'] as const
const CONTACT = new Set<string>([...CONTACT_SUMS, ...CONTACT_MAXES])

let seed = 7
const rnd = () => Math.round(((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 100 + 1)

function randomComponents(): Components {
  const c = emptyComponents()
  for (const k of [...SUM_KEYS, ...MAX_KEYS]) c[k] = rnd()
  c.cost = 0
  c.cost_missing = 0
  return c
}

/** Every KPI of the first row's group, as getKpis computes it: cost allocated, then formulas. */
function kpis(rows: Array<{ center: string; c: Components }>, split: boolean, variant: (typeof VARIANTS)[number]) {
  const base = new Map<string, Base>(rows.map((r, i) => [String(i), { center: r.center, dims: {}, bucket: null, c: { ...r.c }, from: 0, to: 3_600_000, data: true }]))
  const slices: Slices = { base, cal: null as never, centerAgentSeconds: new Map([[JSON.stringify(['a', null]), 7200]]), split, byAgent: false }
  allocateCost(slices)
  const group = split ? [base.get('0')!] : [...base.values()]
  const centers = group.map((b) => cfg.center(b.center))
  const settings = { ...groupSettings(centers, null, cfg.center('\0')), serviceLevelVariant: variant }
  return computeKpis({ slices: group.map((b) => ({ center: cfg.center(b.center), c: b.c, periodMs: 3_600_000 })), settings, agentTime: !split, live: true })
}

describe('contact components per KPI', () => {
  it('every contact component has one aggregate, and every listed input is a contact component', () => {
    expect([...ALL_CONTACT_COMPONENTS].sort()).toEqual([...CONTACT].sort())
    for (const key of KPI_KEYS) for (const c of KPI_CONTACT_INPUTS[key]) expect(CONTACT.has(c), `${key}: ${c}`).toBe(true)
    expect(contactInputs(['asa', 'answer_rate'])).toEqual(['answered', 'answered_wait_ms', 'offered'])
  })

  it.each([
    ['by center', false],
    ['split by queue', true],
  ] as const)('components a KPI does not list never change its value (%s)', (_, split) => {
    for (let trial = 0; trial < 12; trial++) {
      const rows = split
        ? [{ center: 'a', c: randomComponents() }, { center: 'a', c: randomComponents() }]
        : [{ center: 'a', c: randomComponents() }, { center: 'b', c: randomComponents() }]
      // Every other split trial has no handle time: shared cost then goes by offered contacts.
      if (split && trial % 2) for (const r of rows) r.c.talk_s = r.c.hold_s = r.c.acw_s = 0
      for (const variant of VARIANTS) {
        const full = kpis(rows, split, variant)
        for (const key of KPI_KEYS) {
          const listed = new Set<string>(KPI_CONTACT_INPUTS[key])
          for (const change of [() => 0, () => rnd() + 1000]) {
            const changed = rows.map((r) => {
              const c = { ...r.c }
              for (const k of CONTACT) if (!listed.has(k)) (c as Record<string, number>)[k] = change()
              return { center: r.center, c }
            })
            expect(kpis(changed, split, variant)[key], `${key} (${variant}, trial ${trial})`).toEqual(full[key])
          }
        }
      }
    }
  })

  it('the check above can fail: dropping a listed input changes a value', () => {
    const rows = [{ center: 'a', c: randomComponents() }]
    const c = { ...rows[0]!.c, answered_wait_ms: 0 }
    expect(kpis([{ center: 'a', c }], false, 'answered').asa).not.toEqual(kpis(rows, false, 'answered').asa)
  })
})
