/**
 * Orderings and flags over engine results — no KPI is computed here, figures are only
 * compared and sorted. Pure (client-safe).
 */
import 'server-only'
import type { KpiKey } from '../kpi/definitions'
import type { GroupRow, QualityRow, RankingRow } from './types'

/** Thresholds for "falling sharply" against the previous period, in each KPI's unit. */
export const QUALITY_DROP: Partial<Record<KpiKey, number>> = {
  csat: -0.05, // 5 percentage points
  nps: -10, // 10 NPS points
  fcr_agent: -0.05,
  fcr_survey: -0.05,
}

/**
 * Centers ranked by one KPI (1 = best). Centers without a figure come last, unranked order by
 * name; ties share the order of their names.
 */
export function rankCenters(centers: GroupRow[], key: KpiKey, order: 'desc' | 'asc'): RankingRow[] {
  const withValue = centers.map((c) => ({ c, v: c.kpis[key]?.value ?? null }))
  withValue.sort((a, b) => {
    if (a.v === null && b.v === null) return (a.c.name ?? a.c.id).localeCompare(b.c.name ?? b.c.id)
    if (a.v === null) return 1
    if (b.v === null) return -1
    if (a.v !== b.v) return order === 'desc' ? b.v - a.v : a.v - b.v
    return (a.c.name ?? a.c.id).localeCompare(b.c.name ?? b.c.id)
  })
  let rank = 0
  return withValue.map(({ c, v }) => ({ rank: v === null ? 0 : ++rank, centerId: c.id, name: c.name ?? c.id, value: v, currency: c.currency }))
}

/** Quality KPIs of a center that are off target (status 'bad') or fell sharply. */
export function collapsingKpis(row: GroupRow, keys: readonly KpiKey[]): KpiKey[] {
  const out: KpiKey[] = []
  for (const k of keys) {
    const r = row.kpis[k]
    if (!r || r.value === null) continue
    const drop = QUALITY_DROP[k]
    if (r.status === 'bad' || (drop !== undefined && r.change !== null && r.change <= drop)) out.push(k)
  }
  return out
}

/**
 * Customer-service centers with their cost and quality side by side. "Cheap": cost per contact
 * at or below the customer-service reporting line's cost per contact (the engine's figure for
 * all customer-service centers together). Alert = cheap and quality collapsing.
 */
export function qualityRows(centers: GroupRow[], customerServiceLine: GroupRow | undefined, keys: readonly KpiKey[]): QualityRow[] {
  const ref = customerServiceLine?.kpis.cost_per_contact?.value ?? null
  return centers
    .filter((c) => c.reportingLine === 'customer_service')
    .map((c) => {
      const cpc = c.kpis.cost_per_contact?.value ?? null
      const cheap = cpc !== null && ref !== null && cpc <= ref + 1e-9
      const collapsing = collapsingKpis(c, keys)
      return {
        centerId: c.id,
        name: c.name ?? c.id,
        sourcing: c.sourcing ?? null,
        currency: c.currency,
        kpis: c.kpis,
        cheap,
        collapsing,
        alert: cheap && collapsing.length > 0,
      }
    })
}
