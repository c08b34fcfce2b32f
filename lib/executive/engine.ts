/**
 * The executive view's engine calls (getKpis, queue open hours, data coverage) through the
 * closed-period cache (lib/periods/cache): an executive view reads up to a year of history,
 * scanned by ~10 getKpis calls; closed months do not change unless late events arrive, so each
 * result is served again while the data version of its window (with the previous period when
 * compared) is unchanged. Windows reaching "now" live 30 s. The configuration is part of the
 * version: editing costs or targets recomputes.
 */
import 'server-only'
import { ensureContactFacts, getKpis, getQueueOpenHours, type KpiReport, type KpiRequest, type QueryMemo, type QueueOpenHours, type QueueOpenHoursRequest } from '../queries'
import { cachedForPeriod, type Span } from '../periods/cache'
import { queryCoverage, type Coverage } from '../reports/coverage'

const DAY_MS = 86_400_000

function windowSpan(req: { window: KpiRequest['window'] }, now: number): Span {
  const w = req.window
  if (w.kind === 'custom') return { from: w.from, to: w.to }
  // relative windows ("today", last N minutes): always open
  return { from: now - 2 * DAY_MS, to: now + 1 }
}

/**
 * getKpis through the cache (the previous period's data is part of the version when compare is
 * set). `memo`: shared by the calls of one view, so groupings of one window computed together
 * (total, reporting line, sourcing, center) run their SQL once.
 */
export async function cachedGetKpis(req: KpiRequest, allowedCenters: string[] | null, memo?: QueryMemo): Promise<KpiReport> {
  const now = req.now ?? Date.now()
  if (req.source !== 'contacts_v') await ensureContactFacts(req.maxLagMs ?? 1000)
  const span = windowSpan(req, now)
  // compare: the previous period of the same length lies just before the window
  const dataSpan = req.compare ? { from: span.from - (span.to - span.from) - 31 * DAY_MS, to: span.to } : span
  const { now: _n, maxLagMs: _m, ...rest } = req
  const key = JSON.stringify({ q: 'getKpis', rest, allowedCenters })
  return cachedForPeriod('executive', key, [dataSpan], span.to > now, () => getKpis({ ...req, now, maxLagMs: Number.MAX_SAFE_INTEGER }, allowedCenters, memo))
}

export async function cachedQueueOpenHours(req: QueueOpenHoursRequest, allowedCenters: string[] | null): Promise<QueueOpenHours[]> {
  const now = req.now ?? Date.now()
  if (req.source !== 'contacts_v') await ensureContactFacts(req.maxLagMs ?? 1000)
  const span = windowSpan(req, now)
  const { now: _n, maxLagMs: _m, ...rest } = req
  const key = JSON.stringify({ q: 'openHours', rest, allowedCenters })
  return cachedForPeriod('executive', key, [span], span.to > now, () => getQueueOpenHours({ ...req, now, maxLagMs: Number.MAX_SAFE_INTEGER }, allowedCenters))
}

/** Data coverage of a span (days with events, agent-state events), per center: "no data" is not 0. */
export async function cachedCoverage(centers: string[] | null, span: Span, timezone: string, now: number): Promise<Coverage> {
  const key = JSON.stringify({ q: 'coverage', centers, span, timezone })
  return cachedForPeriod('executive', key, [span], span.to > now, () => queryCoverage({ centers, from: span.from, to: span.to, timezone, now }))
}
