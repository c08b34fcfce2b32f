/**
 * The row budget of a KPI request, checked before the main query: the number of groups is
 * estimated cheaply (distinct dimension-and-bucket values of the contact facts in the scoped
 * window; every bucket of every center when grouping by time only) and, times the KPI keys asked for, must stay within
 * maxResponseCells(). Over budget → ResponseTooLargeError (422 saying how to narrow).
 */
import 'server-only'
import { queryRows } from '../clickhouse'
import { getConfig } from '../config'
import { maxResponseCells, ResponseTooLargeError } from '../responseLimits'
import { dimFilterWhere, makePlan, planSpan, windowWhere, type TimeBucket } from './plan'
import { ensureContactFacts } from './refreshContactFacts'
import { resolveCenters, type KpiFilters } from './scope'
import { Params, ms } from './sql'
import type { WindowSpec } from './window'

const BUCKET_MS: Record<TimeBucket, number> = { interval15: 900_000, interval30: 1_800_000, interval60: 3_600_000, day: 86_400_000, month: 28 * 86_400_000 }
/** Fact columns whose distinct values bound each grouping dimension (reporting line and sourcing have at most one value per center). */
const DIM_FACT_COLUMN: Record<string, string> = {
  center: 'center_id',
  reporting_line: 'center_id',
  sourcing: 'center_id',
  queue: 'queue_id',
  channel: 'channel',
  direction: 'direction',
  agent: 'agent_id',
}

export type BudgetRequest = { window: WindowSpec; filters: KpiFilters; groupBy: string[]; keyCount: number; now: number; maxLagMs?: number }

/** Estimated rows of the answer. */
export async function estimateKpiRows(req: BudgetRequest, allowedCenters: string[] | null): Promise<number> {
  const centers = resolveCenters(req.filters, allowedCenters)
  if (centers && centers.length === 0) return 0
  const bucket = (req.groupBy.find((g) => g in BUCKET_MS) as TimeBucket | undefined) ?? null
  const plan = makePlan({ centers, window: req.window, now: req.now, dims: [], bucket })
  const span = planSpan(plan)
  const buckets = bucket ? Math.max(1, Math.ceil((Math.min(span.to, req.now) - span.from) / BUCKET_MS[bucket]) + 1) : 1
  const cols = [...new Set(req.groupBy.filter((g) => g in DIM_FACT_COLUMN).map((g) => DIM_FACT_COLUMN[g]))]
  // Without contact dimensions every bucket of every center is a row (filled even when empty).
  if (cols.every((c) => c === 'center_id')) return buckets * (centers?.length ?? getConfig().configuredCenters().length + 1)
  await ensureContactFacts(req.maxLagMs ?? 1000)
  const p = new Params()
  const where = [windowWhere(plan, p), ...dimFilterWhere(req.filters, p)].join(' AND ')
  // Time buckets approximated in UTC (enough for an estimate; day and month are coarse anyway).
  const keyCols = bucket ? [...cols, `intDiv(${ms('ts')}, ${p.int(BUCKET_MS[bucket])})`] : cols
  const [row] = await queryRows<{ n: string }>(`SELECT uniq(${keyCols.join(', ')}) AS n FROM contact_facts WHERE ${where}`, p.values)
  return Math.max(1, Number(row?.n ?? 0))
}

/** Throws ResponseTooLargeError when the estimated answer exceeds the cell budget. */
export async function checkRowBudget(req: BudgetRequest, allowedCenters: string[] | null): Promise<void> {
  const rows = await estimateKpiRows(req, allowedCenters)
  const cells = rows * Math.max(1, req.keyCount)
  const max = maxResponseCells()
  if (cells > max) {
    throw new ResponseTooLargeError(`about ${rows} rows × ${req.keyCount} KPIs = ${cells} values, over the budget of ${max} (PLATEAU_MAX_RESPONSE_CELLS)`)
  }
}
