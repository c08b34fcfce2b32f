/**
 * The executive view model: what /executive, its JSON API, its PDF and its XLSX all show.
 * Pure types and constants (client-safe). Every figure is a KPI engine result
 * (lib/queries getKpis → lib/kpi); this module only packages and orders them.
 */
import type { KpiKey } from '../kpi/definitions'
import type { KpiValue } from '../kpi/result'
import type { ReportingLine, Sourcing } from '../config/schema'
import type { WhatIfResult } from './whatif'

/** Cost-center view, in display order (issue 7). */
export const COST_VIEW_KPIS = [
  'cost',
  'cost_per_contact',
  'cost_per_handled_minute',
  'cost_per_resolved_contact',
  'occupancy',
  'aht',
  'cost_of_abandonment',
] as const satisfies readonly KpiKey[]

/** Profit-center view, in display order. `revenue` is the revenue attributed to contacts at wrap-up. */
export const PROFIT_VIEW_KPIS = [
  'revenue',
  'lead_value',
  'retention_value',
  'margin',
  'roi',
  'revenue_per_contact',
  'conversion_rate',
] as const satisfies readonly KpiKey[]

/** Quality shown next to cost for customer-service centers. */
export const QUALITY_KPIS = ['csat', 'nps', 'fcr_agent', 'fcr_survey'] as const satisfies readonly KpiKey[]

/** Context figures carried with every group (volumes behind the ratios). */
export const CONTEXT_KPIS = ['handled', 'offered', 'abandoned'] as const satisfies readonly KpiKey[]

export const VIEW_KPIS = [...COST_VIEW_KPIS, ...PROFIT_VIEW_KPIS, ...QUALITY_KPIS, ...CONTEXT_KPIS] as const

/** Figures of the 12-month trend (month over month). */
export const TREND_KPIS = ['cost', 'revenue', 'margin', 'roi', 'cost_per_contact', 'revenue_per_contact', 'handled', 'csat'] as const satisfies readonly KpiKey[]

/** Engine figures the what-if needs per queue. */
export const WHATIF_KPIS = ['offered', 'aht', 'asa', 'abandonment_rate', 'abandoned', 'service_level', 'cost_of_abandonment'] as const satisfies readonly KpiKey[]

export type ViewKpi = (typeof VIEW_KPIS)[number]
export type TrendKpi = (typeof TREND_KPIS)[number]

export type GroupKind = 'total' | 'reporting_line' | 'sourcing' | 'center'

export type GroupRow = {
  kind: GroupKind
  /** 'all' for the total, the reporting line / sourcing value, or the center id. */
  id: string
  /** Center name (centers only). */
  name?: string
  reportingLine?: ReportingLine | null
  sourcing?: Sourcing | null
  configured?: boolean
  /** null when the group mixes currencies (money KPIs are then null). */
  currency: string | null
  kpis: Partial<Record<KpiKey, KpiValue>>
}

export type TrendSeries = {
  kind: GroupKind
  id: string
  name?: string
  /** One value per month of `trend.months` (null: no figure that month). */
  values: Partial<Record<TrendKpi, Array<number | null>>>
}

export type RankingRow = { rank: number; centerId: string; name: string; value: number | null; currency: string | null }

export type QualityRow = {
  centerId: string
  name: string
  sourcing: Sourcing | null
  currency: string | null
  kpis: Partial<Record<KpiKey, KpiValue>>
  /** Cost per contact at or below the customer-service reporting line's. */
  cheap: boolean
  /** Quality KPIs off target (status bad) or falling sharply against the previous period. */
  collapsing: KpiKey[]
  /** cheap && collapsing: the case the issue asks to make visible. */
  alert: boolean
}

export type WhatIfRow = {
  centerId: string
  centerName: string
  queueId: string
  queueName: string
  channel: string | null
  currency: string | null
  observed: { offered: number | null; ahtS: number | null; asaS: number | null; abandonmentRate: number | null; serviceLevel: number | null }
  thresholdS: number
  slTarget: number
  valuePerAbandon: number | null
  result: WhatIfResult | null
}

export type PeriodInfo = {
  /** Inclusive months, 'YYYY-MM'. */
  from: string
  to: string
  /** Epoch ms spans actually queried (local months in the reference time zone). */
  span: { from: number; to: number }
  previous: { from: number; to: number } | null
  timezone: string
}

export type ExecutiveView = {
  period: PeriodInfo
  generatedAt: number
  /** Centers applied after permissions (null = every center). */
  scope: string[] | null
  total: GroupRow
  reportingLines: GroupRow[]
  sourcing: GroupRow[]
  centers: GroupRow[]
  trend: { months: string[]; series: TrendSeries[] }
  rankings: { byMargin: RankingRow[]; byCostPerContact: RankingRow[] }
  quality: QualityRow[]
  whatIf: WhatIfRow[]
  /** Server time spent per step (ms), for the benchmark. */
  timings: Record<string, number>
}
