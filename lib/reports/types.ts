/**
 * The monthly (or custom-range) report as data: what /api/reports/monthly returns as JSON and
 * what every export (CSV, XLSX, PDF) and the page render. Built once by buildReport()
 * (lib/reports/build.ts) from the KPI engine, so every format carries the same figures.
 * Client-safe (types only).
 */
import type { KpiValue } from '../kpi/result'
import type { ReportCompliance, ReportForecast } from './plan-sections'

export type { ReportCompliance, ReportForecast }
import type { Coverage } from './coverage'

export type { Coverage }

export type { KpiValue }

export const REPORT_SECTIONS = ['summary', 'reporting_line', 'cost', 'daily', 'centers', 'queue', 'channel', 'direction', 'agent', 'interval', 'forecast', 'compliance', 'quality', 'definitions'] as const
export type ReportSection = (typeof REPORT_SECTIONS)[number]

export const BREAKDOWNS = ['queue', 'channel', 'direction', 'agent'] as const
export type Breakdown = (typeof BREAKDOWNS)[number]

export const INTERVAL_SIZES = [15, 30, 60] as const
export type IntervalSize = (typeof INTERVAL_SIZES)[number]

export type ReportCenter = {
  id: string
  name: string
  reportingLine: string | null
  sourcing: string | null
  timezone: string
  currency: string
  configured: boolean
}

export type ReportPeriodInfo = {
  kind: 'month' | 'range'
  month?: string
  /** Local calendar days, inclusive. */
  firstDay: string
  lastDay: string
  /** Instants (ISO, UTC); `to` exclusive. */
  from: string
  to: string
  days: number
  timezone: string
}

/** A summary line: the engine's KPI result plus the same period last year. */
export type SummaryKpi = KpiValue & {
  lastYear: number | null
  /** value − lastYear (percentage points for percents). */
  lastYearChange: number | null
}

/** One row of a grouped table (a day, a queue, an agent, an interval…): the engine's KPI results. */
export type ReportRow = {
  /** Stable id of the row: 'YYYY-MM-DD', 'center|queue', 'voice', an interval label… */
  id: string
  /** Display name (queue name, center name, agent id, channel key…). */
  name: string
  center?: string
  /** Day / interval rows: local date 'YYYY-MM-DD' and time 'HH:MM'; bucket start (ISO). */
  date?: string
  time?: string
  start?: string
  kpis: KpiValue[]
}

export type ReportTable = { keys: string[]; rows: ReportRow[] }

export type QualityInfo = {
  lateAfterS: number
  events: number
  lastReceivedAt: string | null
  lateEvents: number
  lateAfterClose: number
  lastLateAfterCloseAt: string | null
  deadLetters: number
  /** The period is over (its end is in the past). */
  closed: boolean
  /** Closed and no event arrived after it closed: re-running gives the same figures. */
  stable: boolean
}

export type Definition = {
  key: string
  label: string
  unit: string
  formula: string
  bucketedOn: string
  /** Variant in force for this report (service-level denominator), described. */
  variant: string | null
  settings: string[]
}

export type MonthlyReport = {
  version: 1
  generatedAt: string
  /** The instant figures were computed for (outcomes known before it). */
  asOf: string
  locale: 'en' | 'fr'
  /** Sections computed in this object (the others are empty): all of them for exports. */
  sections: ReportSection[]
  period: ReportPeriodInfo
  previousPeriod: ReportPeriodInfo
  lastYearPeriod: ReportPeriodInfo
  /** The period is not over yet. */
  open: boolean
  /** Figures are partial: the period is open, or the data does not cover every day of it. */
  partial: boolean
  /** Data coverage of the period, the previous period and the same period last year. */
  coverage: Coverage
  previousCoverage: Coverage
  lastYearCoverage: Coverage
  /**
   * Identifies the data every section was computed from (the version of the data dated in the
   * compared periods, lib/periods/cache `dataVersion`). Sections of one page with different stamps were computed from
   * different data (history still filling): the page says so instead of showing them as one report.
   */
  dataStamp: string
  /** Centers of differing calendars were selected: `period.timezone` is the calendar used. */
  mixedTimezones: boolean
  selection: {
    centers: ReportCenter[]
    reportingLines: string[]
    /** Requested center ids that are out of scope or unknown are not listed (never leaked). */
    requestedCenters: string[]
  }
  /** Currency of money figures; null when the selection mixes currencies (money KPIs are null). */
  currency: string | null
  summary: SummaryKpi[]
  /** Reporting-line KPI sets: one block per reporting line in the selection. */
  reportingLines: Array<{ line: string; keys: string[]; kpis: KpiValue[] }>
  cost: { keys: string[]; total: KpiValue[]; byCenter: ReportRow[] }
  daily: ReportTable
  centers: ReportTable
  breakdowns: Record<Breakdown, ReportTable>
  interval: ReportTable & { size: IntervalSize }
  /** Forecast accuracy per queue (WAPE, bias), daily forecast vs actual, forecast per interval (lib/reports/plan-sections). */
  forecast: ReportForecast
  /** Outbound compliance per center with rules, with the offending contacts. */
  compliance: ReportCompliance
  quality: QualityInfo
  definitions: Definition[]
}

export type ContactRow = {
  center_id: string
  contact_id: string
  queue_id: string
  channel: string
  direction: string
  agent_id: string
  queued_at: string | null
  answered_at: string | null
  abandoned_at: string | null
  wrapped_at: string | null
  wait_s: number | null
  talk_s: number
  hold_s: number
  wrap_s: number
  transferred: boolean
  resolved: boolean | null
  outcome: string
  revenue: number
  csat: number | null
  nps: number | null
}
