/**
 * What a KPI request asks for and what answering it needs: the request and report shapes,
 * the groupings, which stores the requested KPIs read (from their definitions), and the memo
 * that lets several requests of one unit of work share a query.
 */
import 'server-only'
import type { CenterSettings } from '../config'
import type { KpiKey } from '../kpi/definitions'
import type { ContactComponent } from '../kpi/inputs'
import type { KpiValue } from '../kpi/result'
import type { ContactDim, TimeBucket } from './plan'
import { TIME_BUCKETS } from './plan'
import type { KpiFilters } from './scope'
import type { WindowSpec } from './window'

export const GROUP_DIMS = ['center', 'reporting_line', 'sourcing', 'queue', 'channel', 'direction', 'agent'] as const
export type GroupDim = (typeof GROUP_DIMS)[number]
export type GroupBy = GroupDim | TimeBucket

export type KpiRequest = {
  window: WindowSpec
  filters?: KpiFilters
  /** At most one time bucket (interval15 | interval30 | interval60 | day | month). */
  groupBy?: GroupBy[]
  /** Default: every KPI. */
  keys?: readonly KpiKey[]
  /** Also compute the previous period (value.previous, change, changeIsGood). */
  compare?: boolean
  /** The instant "now" stands for (epoch ms); tests freeze time with it. Default Date.now(). */
  now?: number
  /** Accept contact facts refreshed up to this long ago (default 1000 ms; 0 = include every event inserted so far). */
  maxLagMs?: number
  /** 'contacts_v' derives facts inline instead of reading contact_facts (reference path for tests). */
  source?: 'facts' | 'contacts_v'
  /**
   * Read the SQL at these contact dimensions too, then add up to the groups asked for: requests
   * grouped differently (by queue, by channel) then run the same SQL and share it through a memo.
   */
  readDims?: readonly ContactDim[]
  /**
   * Read the contact components of these KPIs too (with readDims: requests asking for different
   * KPIs then run the same SQL and share it through a memo).
   */
  readKeys?: readonly KpiKey[]
}

/** A group's coordinates: one entry per groupBy dimension (bucket: local label), plus the bucket's start. */
export type GroupKey = Partial<Record<GroupDim, string>> & { bucket?: string; bucketStart?: string }

export type KpiRow = { group: GroupKey; kpis: KpiValue[] }

export type ReportSpan = { timezone: string; centers: string[] | null; from: string; to: string }

export type KpiReport = {
  asOf: string
  window: WindowSpec['kind']
  /** The window per time-zone group (for "today" each zone has its own midnight). */
  spans: ReportSpan[]
  previousSpans: ReportSpan[] | null
  groupBy: GroupBy[]
  keys: KpiKey[]
  rows: KpiRow[]
  /** Centers in the result: configured ones in scope and any seen in the data. */
  centers: Array<Pick<CenterSettings, 'id' | 'name' | 'configured' | 'reportingLine' | 'sourcing' | 'timezone' | 'currency'>>
}

/** contacts: the contact components to sum (lib/kpi/inputs); the other stores, whether they are read. */
export type Needs = { contacts: ContactComponent[]; agentTime: boolean; waiting: boolean; agentsNow: boolean }

export const FILTER_OF: Record<ContactDim, keyof KpiFilters> = { queue: 'queues', channel: 'channels', direction: 'directions', agent: 'agents' }
export const SPLIT_DIMS: ContactDim[] = ['queue', 'channel', 'direction']

export function isTimeBucket(g: string): g is TimeBucket {
  return (TIME_BUCKETS as readonly string[]).includes(g)
}

/**
 * Query results shared by several getKpis calls that run the same SQL (a report asks for the
 * summary, the centers and the reporting lines of one period: one contact query and one
 * agent-time query serve the three). Keyed by query kind and plan; scope it to one unit of work.
 */
export type QueryMemo = Map<string, Promise<unknown>>

export function shared<T>(memo: QueryMemo | undefined, key: unknown[], run: () => Promise<T>): Promise<T> {
  if (!memo) return run()
  const k = JSON.stringify(key)
  let p = memo.get(k) as Promise<T> | undefined
  if (!p) memo.set(k, (p = run()))
  return p
}
