/**
 * Executive view helpers: period parsing (zod), rankings, the "cheap but quality collapsing"
 * flag, month-over-month changes, labels in both locales.
 */
import { describe, expect, it } from 'vitest'
import { collapsingKpis, qualityRows, rankCenters } from '@/lib/executive/analysis'
import { groupLabel, momChanges, type Translate } from '@/lib/executive/labels'
import { kpiLabel, kpiUnit } from '@/lib/kpi/definitions'
import { addMonths, monthCount, monthSpan, PeriodError, presetRange, previousRange } from '@/lib/periods/calendar'
import { parsePeriodParams } from '@/lib/executive/periodParams'
import type { GroupRow } from '@/lib/executive/types'
import { getTranslator } from '@/lib/i18n/translator'
import type { KpiKey } from '@/lib/kpi/definitions'
import type { KpiValue } from '@/lib/kpi/result'

const TZ = 'Europe/Paris'
const NOW = Date.parse('2026-11-22T15:00:00Z')

describe('period', () => {
  it('defaults to the last complete month', () => {
    expect(parsePeriodParams({}, NOW, TZ)).toEqual({ from: '2026-10', to: '2026-10' })
  })
  it('accepts from/to, a single bound, presets', () => {
    expect(parsePeriodParams({ from: '2026-01', to: '2026-03' }, NOW, TZ)).toEqual({ from: '2026-01', to: '2026-03' })
    expect(parsePeriodParams({ from: '2026-05' }, NOW, TZ)).toEqual({ from: '2026-05', to: '2026-05' })
    expect(parsePeriodParams({ preset: 'last12Months' }, NOW, TZ)).toEqual({ from: '2025-11', to: '2026-10' })
    expect(presetRange('yearToDate', NOW, TZ)).toEqual({ from: '2026-01', to: '2026-11' })
    expect(presetRange('last3Months', NOW, TZ)).toEqual({ from: '2026-08', to: '2026-10' })
  })
  it('rejects bad input with a message naming the problem', () => {
    expect(() => parsePeriodParams({ from: '2026-13' }, NOW, TZ)).toThrow(PeriodError)
    expect(() => parsePeriodParams({ from: '2026-13' }, NOW, TZ)).toThrow(/YYYY-MM/)
    expect(() => parsePeriodParams({ from: '2026-05', to: '2026-01' }, NOW, TZ)).toThrow(/after/)
    expect(() => parsePeriodParams({ from: '2026-12' }, NOW, TZ)).toThrow(/future/)
    expect(() => parsePeriodParams({ from: '2023-01', to: '2026-01' }, NOW, TZ)).toThrow(/at most 24/)
    expect(() => parsePeriodParams({ from: "2026-01' OR 1=1" }, NOW, TZ)).toThrow(PeriodError)
  })
  it('month arithmetic and the previous period of whole months', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12')
    expect(addMonths('2025-12', 13)).toBe('2027-01')
    expect(monthCount('2025-11', '2026-10')).toBe(12)
    expect(previousRange('2026-10', '2026-10')).toEqual({ from: '2026-09', to: '2026-09' })
    expect(previousRange('2026-01', '2026-03')).toEqual({ from: '2025-10', to: '2025-12' })
  })
  it('spans local months: October 2026 in Paris = 30 Sep 22:00 UTC → 31 Oct 23:00 UTC (DST ends 25 Oct)', () => {
    const s = monthSpan('2026-10', '2026-10', TZ)
    expect(new Date(s.from).toISOString()).toBe('2026-09-30T22:00:00.000Z')
    expect(new Date(s.to).toISOString()).toBe('2026-10-31T23:00:00.000Z')
  })
})

const kv = (key: KpiKey, value: number | null, extra: Partial<KpiValue> = {}): KpiValue => ({
  key,
  value,
  previous: null,
  change: null,
  changeIsGood: null,
  target: null,
  status: null,
  unit: 'currency',
  ...extra,
})
const center = (id: string, kpis: KpiValue[], extra: Partial<GroupRow> = {}): GroupRow => ({
  kind: 'center',
  id,
  name: id.toUpperCase(),
  currency: 'EUR',
  kpis: Object.fromEntries(kpis.map((k) => [k.key, k])),
  ...extra,
})

describe('rankings', () => {
  const cs = [center('a', [kv('margin', 10), kv('cost_per_contact', 4)]), center('b', [kv('margin', -5), kv('cost_per_contact', 2)]), center('c', [kv('margin', null)]), center('d', [kv('margin', 30), kv('cost_per_contact', 9)])]
  it('margin: highest first; centers without a figure last and unranked', () => {
    expect(rankCenters(cs, 'margin', 'desc').map((r) => [r.centerId, r.rank])).toEqual([
      ['d', 1],
      ['a', 2],
      ['b', 3],
      ['c', 0],
    ])
  })
  it('cost per contact: lowest first', () => {
    expect(rankCenters(cs, 'cost_per_contact', 'asc').map((r) => r.centerId)).toEqual(['b', 'a', 'd', 'c'])
  })
})

describe('quality next to cost', () => {
  const line = { kind: 'reporting_line', id: 'customer_service', currency: 'EUR', kpis: { cost_per_contact: kv('cost_per_contact', 6) } } as GroupRow
  const cheapBad = center('cheap', [kv('cost_per_contact', 4), kv('csat', 0.55, { unit: 'percent', status: 'bad' }), kv('nps', 10, { unit: 'score' })], { reportingLine: 'customer_service' })
  const cheapFalling = center('fall', [kv('cost_per_contact', 5), kv('csat', 0.82, { unit: 'percent', status: 'good' }), kv('nps', 20, { unit: 'score', change: -15 })], { reportingLine: 'customer_service' })
  const dearBad = center('dear', [kv('cost_per_contact', 9), kv('csat', 0.5, { unit: 'percent', status: 'bad' })], { reportingLine: 'customer_service' })
  const cheapGood = center('fine', [kv('cost_per_contact', 3), kv('csat', 0.9, { unit: 'percent', status: 'good', change: -0.02 })], { reportingLine: 'customer_service' })
  const sales = center('sales', [kv('cost_per_contact', 1), kv('csat', 0.1, { unit: 'percent', status: 'bad' })], { reportingLine: 'sales' })
  const rows = qualityRows([cheapBad, cheapFalling, dearBad, cheapGood, sales], line, ['csat', 'nps', 'fcr_agent', 'fcr_survey'])
  const by = (id: string) => rows.find((r) => r.centerId === id)!
  it('only customer-service centers', () => {
    expect(rows.map((r) => r.centerId)).toEqual(['cheap', 'fall', 'dear', 'fine'])
  })
  it('alert = cost per contact ≤ the line’s (6) and a quality KPI off target or falling sharply', () => {
    expect(by('cheap').alert).toBe(true) // CSAT status bad
    expect(by('cheap').collapsing).toEqual(['csat'])
    expect(by('fall').alert).toBe(true) // NPS −15 ≤ −10
    expect(by('fall').collapsing).toEqual(['nps'])
    expect(by('dear').alert).toBe(false) // quality bad but not cheap (9 > 6)
    expect(by('dear').collapsing).toEqual(['csat'])
    expect(by('fine').alert).toBe(false) // cheap, CSAT −2 pts only
    expect(by('fine').cheap).toBe(true)
  })
  it('collapsingKpis ignores missing values', () => {
    expect(collapsingKpis(center('x', [kv('csat', null, { status: 'bad' })]), ['csat'])).toEqual([])
  })
})

describe('labels and month-over-month', () => {
  it('momChanges: value − previous month, null at the start and around gaps', () => {
    expect(momChanges([10, 12, null, 9, 4])).toEqual([null, 2, null, null, -5])
  })
  it('group and KPI labels in both locales, revenue shown as attributed revenue', () => {
    const fr = getTranslator('fr') as unknown as Translate
    const en = getTranslator('en') as unknown as Translate
    expect(groupLabel(fr, { kind: 'reporting_line', id: 'customer_service' })).toBe('Relation client')
    expect(groupLabel(en, { kind: 'sourcing', id: 'outsourced' })).toBe('Outsourced')
    expect(groupLabel(fr, { kind: 'total', id: 'all' })).toBe('Tous les centres')
    expect(groupLabel(fr, { kind: 'center', id: 'x', name: 'Paris Ventes' })).toBe('Paris Ventes')
    // one kpiLabel for reports and the executive view: the executive wording where declared
    expect(kpiLabel('revenue', 'fr', 'label', 'executive')).toBe('Chiffre d’affaires attribué')
    expect(kpiLabel('revenue', 'en', 'short', 'executive')).toBe('Attributed revenue')
    expect(kpiLabel('revenue', 'fr')).toBe('Chiffre d’affaires')
    expect(kpiLabel('revenue', 'fr', 'short')).toBe('CA')
    expect(kpiLabel('cost_per_contact', 'en', 'label', 'executive')).toBe('Cost per contact')
    expect(kpiLabel('asa', 'fr', 'short')).toBe('TMA')
    expect(kpiLabel('not_a_kpi', 'en')).toBe('not_a_kpi')
    // labels agree with the catalogues the pages use
    expect(kpiLabel('cost_per_contact', 'fr')).toBe(fr('kpi.cost_per_contact.label'))
    expect(kpiLabel('aht', 'en', 'short')).toBe(en('kpi.aht.short'))
    expect(kpiUnit('aht')).toBe('seconds')
    expect(kpiUnit('not_a_kpi')).toBe('count')
  })
})
