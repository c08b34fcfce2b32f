/**
 * GET /api/kpis and GET /api/kpis/contacts: query-string validation (zod) and the call into
 * getKpis / listContacts. The route files only authenticate and pass the caller's scope.
 *
 *   /api/kpis?window=today&groupBy=center&preset=live&compare=previous
 *   /api/kpis?window=custom&from=2026-10-01T00:00:00%2B02:00&to=2026-11-01T00:00:00%2B01:00
 *            &centers=paris-sales&groupBy=day&keys=offered,service_level,aht
 *   /api/kpis/contacts?window=today&set=abandoned&centers=paris-sales&page=2
 *
 * Lists are comma-separated (or repeated parameters). Unknown parameters are rejected, so a
 * typo never silently changes a figure.
 */
import 'server-only'
import { z } from 'zod'
import { CHANNELS, DIRECTIONS } from '../contract/vocabulary'
import { REPORTING_LINES, SOURCINGS } from '../config/schema'
import { DRILL_SETS, isKpiKey, KPI_KEYS, type KpiKey } from '../kpi/definitions'
import { PRESET_NAMES, presetKeys } from '../kpi/presets'
import { getKpis, GROUP_DIMS, isTimeBucket, type GroupBy, type KpiReport } from './getKpis'
import { listContacts, type ContactList } from './listContacts'
import { checkRowBudget } from './rowBudget'
import { TIME_BUCKETS } from './plan'
import type { KpiFilters } from './scope'
import type { WindowSpec } from './window'

export type ApiResult<T> = { status: 200; body: T } | { status: 400; body: { error: 'bad_request'; message: string; issues: string[] } }

const MAX_SPAN_DAYS = 400
/** Longest window per interval size (bounds the number of rows). */
const MAX_INTERVAL_DAYS: Record<string, number> = { interval15: 31, interval30: 62, interval60: 93 }

/** An id in a query parameter, and a comma-separated list of them. */
const id = z.string().min(1).max(128)
const list = <T extends z.ZodType<unknown, string>>(item: T, max = 200) =>
  z
    .string()
    .transform((s) => [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))])
    .pipe(z.array(item).max(max))
    .optional()
const isoTs = z.iso.datetime({ offset: true })

/** The filter parameters (comma-separated lists), shared by every endpoint that takes KpiFilters. */
export const FILTER_PARAMS = {
  centers: list(id),
  lines: list(z.enum(REPORTING_LINES)),
  sourcing: list(z.enum(SOURCINGS)),
  queues: list(id),
  channels: list(z.enum(CHANNELS)),
  directions: list(z.enum(DIRECTIONS)),
  agents: list(id, 1000),
}

const Common = {
  window: z.enum(['today', 'last15m', 'last60m', 'custom']).default('today'),
  from: isoTs.optional(),
  to: isoTs.optional(),
  ...FILTER_PARAMS,
}

export const KpisQuery = z
  .strictObject({
    ...Common,
    groupBy: list(z.enum([...GROUP_DIMS, ...TIME_BUCKETS] as [GroupBy, ...GroupBy[]]), 8),
    keys: list(z.string().refine(isKpiKey, { message: 'unknown KPI key (see docs/kpis.md)' }), 100),
    preset: z.enum(PRESET_NAMES as [string, ...string[]]).optional(),
    compare: z.enum(['previous', 'none']).default('none'),
  })
  .superRefine((q, ctx) => {
    checkWindow(q, ctx)
    const buckets = (q.groupBy ?? []).filter(isTimeBucket)
    if (buckets.length > 1) ctx.addIssue({ code: 'custom', path: ['groupBy'], message: 'at most one of interval15, interval30, interval60, day, month' })
    const b = buckets[0]
    if (b && MAX_INTERVAL_DAYS[b] && q.window === 'custom' && q.from && q.to) {
      const days = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000
      if (days > MAX_INTERVAL_DAYS[b]) ctx.addIssue({ code: 'custom', path: ['groupBy'], message: `${b} is limited to windows of ${MAX_INTERVAL_DAYS[b]} days` })
    }
    if (q.keys && q.preset) ctx.addIssue({ code: 'custom', path: ['preset'], message: 'give keys or preset, not both' })
  })

export const ContactsQuery = z
  .strictObject({
    ...Common,
    set: z.enum(DRILL_SETS),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(500).default(50),
    sort: z.enum(['time', 'wait']).default('time'),
  })
  .superRefine(checkWindow)

function checkWindow(q: { window: string; from?: string; to?: string }, ctx: z.RefinementCtx): void {
  if (q.window !== 'custom') {
    if (q.from || q.to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'from/to are only allowed with window=custom' })
    return
  }
  if (!q.from || !q.to) {
    ctx.addIssue({ code: 'custom', path: [q.from ? 'to' : 'from'], message: 'window=custom needs from and to (ISO 8601 with offset)' })
    return
  }
  const span = Date.parse(q.to) - Date.parse(q.from)
  if (!(span > 0)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' })
  else if (span > MAX_SPAN_DAYS * 86_400_000) ctx.addIssue({ code: 'custom', path: ['to'], message: `window longer than ${MAX_SPAN_DAYS} days` })
}

/** URLSearchParams (repeated keys joined with commas) or a plain record → strings. */
export function paramsRecord(params: URLSearchParams | Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  const put = (k: string, v: string) => (out[k] = out[k] !== undefined ? `${out[k]},${v}` : v)
  if (params instanceof URLSearchParams) params.forEach((v, k) => put(k, v))
  else for (const [k, v] of Object.entries(params)) if (v !== undefined) for (const x of Array.isArray(v) ? v : [v]) put(k, x)
  return out
}

function bad(error: z.ZodError): ApiResult<never> {
  const issues = error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`)
  return { status: 400, body: { error: 'bad_request', message: `invalid parameters: ${issues.join('; ')}`, issues } }
}

function windowSpec(q: { window: string; from?: string; to?: string }): WindowSpec {
  return q.window === 'custom' ? { kind: 'custom', from: Date.parse(q.from!), to: Date.parse(q.to!) } : ({ kind: q.window } as WindowSpec)
}

function filtersOf(q: z.infer<typeof KpisQuery> | z.infer<typeof ContactsQuery>): KpiFilters {
  return {
    centers: q.centers,
    reportingLines: q.lines,
    sourcing: q.sourcing,
    queues: q.queues,
    channels: q.channels,
    directions: q.directions,
    agents: q.agents,
  }
}

export type HandlerOptions = { now?: number; maxLagMs?: number }

export async function handleKpisRequest(
  params: URLSearchParams | Record<string, string | string[] | undefined>,
  allowedCenters: string[] | null,
  opts: HandlerOptions = {},
): Promise<ApiResult<KpiReport>> {
  const r = KpisQuery.safeParse(paramsRecord(params))
  if (!r.success) return bad(r.error)
  const q = r.data
  const keys: KpiKey[] | undefined = q.preset ? [...presetKeys(q.preset as never)] : (q.keys as KpiKey[] | undefined)
  const now = opts.now ?? Date.now()
  // Before the main query: an answer over the row budget is refused (ResponseTooLargeError → 422).
  await checkRowBudget({ window: windowSpec(q), filters: filtersOf(q), groupBy: q.groupBy ?? [], keyCount: (keys ?? KPI_KEYS).length, now, maxLagMs: opts.maxLagMs }, allowedCenters)
  const body = await getKpis(
    { window: windowSpec(q), filters: filtersOf(q), groupBy: q.groupBy, keys, compare: q.compare === 'previous', now, maxLagMs: opts.maxLagMs },
    allowedCenters,
  )
  return { status: 200, body }
}

export async function handleContactsRequest(
  params: URLSearchParams | Record<string, string | string[] | undefined>,
  allowedCenters: string[] | null,
  opts: HandlerOptions = {},
): Promise<ApiResult<ContactList>> {
  const r = ContactsQuery.safeParse(paramsRecord(params))
  if (!r.success) return bad(r.error)
  const q = r.data
  const body = await listContacts(
    { window: windowSpec(q), set: q.set, filters: filtersOf(q), page: q.page, pageSize: q.pageSize, sort: q.sort, now: opts.now, maxLagMs: opts.maxLagMs },
    allowedCenters,
  )
  return { status: 200, body }
}
