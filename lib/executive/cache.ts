/**
 * Result cache for the executive view's engine calls. An executive view reads up to a year of
 * history, scanned by ~10 getKpis calls; closed months do not change unless late events
 * arrive, so each engine result is kept in memory with a DATA TOKEN: a hash of the ClickHouse
 * parts holding the window's data (contact_facts is partitioned by day, agent_state_events by
 * month, both on the event time). Any insert touching those partitions (late events, refreshed
 * facts) raises their highest block number, so the token changes and the result is recomputed;
 * background merges do not; live data arriving today leaves last month's token alone.
 *
 * - Windows that reach "now" (the current month) are also capped by a 30 s lifetime: their
 *   figures depend on the clock (contacts still waiting, agent time so far).
 * - The configuration object is part of the key: editing costs or targets recomputes.
 * - Identical concurrent calls share one computation.
 *
 * This changes WHEN the engine is asked, never WHAT it answers: a hit returns the report the
 * engine produced for the same request on the same data.
 */
import 'server-only'
import { queryRows } from '../clickhouse'
import { getConfig } from '../config'
import { queryCoverage, type Coverage } from '../reports/coverage'
import { ensureContactFacts, getKpis, getQueueOpenHours, type KpiReport, type KpiRequest, type QueryMemo, type QueueOpenHours, type QueueOpenHoursRequest } from '../queries'

const MAX_ENTRIES = 400
const OPEN_WINDOW_TTL_MS = 30_000
/** agentStateMaxHours is at most 168 h: agent time of a window reads that far back. */
const AGENT_LOOKBACK_MS = 8 * 86_400_000
const DAY_MS = 86_400_000

type Entry = { token: string; value: unknown; at: number; open: boolean }
type CacheState = {
  entries: Map<string, Entry>
  inflight: Map<string, Promise<unknown>>
  configIds: WeakMap<object, number>
  nextConfigId: number
  hits: number
  misses: number
  enabled: Promise<boolean> | null
}
const g = globalThis as unknown as { __plateauExecCache?: CacheState }
function st(): CacheState {
  return (g.__plateauExecCache ??= { entries: new Map(), inflight: new Map(), configIds: new WeakMap(), nextConfigId: 1, hits: 0, misses: 0, enabled: null })
}

/**
 * The token needs the parts of the tables themselves: on for a single store (embedded chdb or
 * one server). Off for a cluster (Distributed tables: other shards' parts are not visible here)
 * and with PLATEAU_EXECUTIVE_CACHE=0.
 */
function cacheEnabled(): Promise<boolean> {
  const s = st()
  if (process.env.PLATEAU_EXECUTIVE_CACHE === '0') return Promise.resolve(false)
  return (s.enabled ??= queryRows<{ engine: string }>(
    `SELECT name, engine FROM system.tables WHERE database = currentDatabase() AND name IN ('contact_facts', 'agent_state_events')`,
  )
    .then((rows) => rows.length === 2 && rows.every((r) => /MergeTree$/.test(r.engine) && !/Distributed/.test(r.engine)))
    .catch(() => false))
}

function configId(): number {
  const s = st()
  const cfg = getConfig()
  let id = s.configIds.get(cfg)
  if (id === undefined) s.configIds.set(cfg, (id = s.nextConfigId++))
  return id
}

const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10).replace(/-/g, '')
const ym = (ms: number) => ymd(ms).slice(0, 6)

/**
 * Data version of [from, to): for each partition holding the window's data — contact_facts
 * day partitions (±1 day for time zones) and agent_state_events month partitions (from the
 * agent-state look-back) — the highest block number of its active parts. Every insert gets a
 * new, higher block number; background merges keep the block range of the parts they merge,
 * so merging does not change the token, new data (late events, refreshed facts) does.
 */
export async function dataToken(from: number, to: number): Promise<string> {
  const rows = await queryRows<{ token: string }>(
    `SELECT toString(cityHash64(arrayStringConcat(arraySort(groupArray(concat(table, '/', partition_id, '/', toString(mb), '/', toString(lb)))), ','))) AS token
     FROM (
       SELECT table, partition_id, max(max_block_number) AS mb, min(min_block_number) AS lb
       FROM system.parts
       WHERE active AND database = currentDatabase() AND (
         (table = 'contact_facts' AND partition_id >= {f1:String} AND partition_id <= {t1:String})
         OR (table = 'agent_state_events' AND partition_id >= {f2:String} AND partition_id <= {t2:String}))
       GROUP BY table, partition_id
     )`,
    { f1: ymd(from - DAY_MS), t1: ymd(to + DAY_MS), f2: ym(from - AGENT_LOOKBACK_MS), t2: ym(to + DAY_MS) },
  )
  return rows[0]?.token ?? ''
}

function evict(s: CacheState) {
  while (s.entries.size > MAX_ENTRIES) {
    const oldest = s.entries.keys().next().value
    if (oldest === undefined) break
    s.entries.delete(oldest)
  }
}

async function cached<T>(key: string, span: { from: number; to: number }, now: number, compute: () => Promise<T>): Promise<T> {
  const s = st()
  if (!(await cacheEnabled())) return compute()
  const open = span.to > now
  const token = `${configId()}|${await dataToken(span.from, span.to)}`
  const hit = s.entries.get(key)
  if (hit && hit.token === token && (!hit.open || Date.now() - hit.at < OPEN_WINDOW_TTL_MS)) {
    s.hits++
    s.entries.delete(key) // LRU: move to the end
    s.entries.set(key, hit)
    return hit.value as T
  }
  const flightKey = `${key}|${token}`
  const running = s.inflight.get(flightKey)
  if (running) return running as Promise<T>
  s.misses++
  const p = compute()
    .then((value) => {
      s.entries.delete(key)
      s.entries.set(key, { token, value, at: Date.now(), open })
      evict(s)
      return value
    })
    .finally(() => s.inflight.delete(flightKey))
  s.inflight.set(flightKey, p)
  return p
}

function windowSpan(req: { window: KpiRequest['window'] }, now: number): { from: number; to: number } {
  const w = req.window
  if (w.kind === 'custom') return { from: w.from, to: w.to }
  // relative windows ("today", last N minutes): always open
  return { from: now - 2 * DAY_MS, to: now + 1 }
}

/**
 * getKpis through the cache (the previous period's data is part of the token when compare is
 * set). `memo`: shared by the calls of one view, so groupings of one window computed together
 * (total, reporting line, sourcing, center) run their SQL once.
 */
export async function cachedGetKpis(req: KpiRequest, allowedCenters: string[] | null, memo?: QueryMemo): Promise<KpiReport> {
  const now = req.now ?? Date.now()
  if (req.source !== 'contacts_v') await ensureContactFacts(req.maxLagMs ?? 1000)
  const span = windowSpan(req, now)
  // compare: the previous period of the same length lies just before the window
  const tokenSpan = req.compare ? { from: span.from - (span.to - span.from) - 31 * DAY_MS, to: span.to } : span
  const { now: _n, maxLagMs: _m, ...rest } = req
  const key = JSON.stringify({ q: 'getKpis', rest, allowedCenters })
  return cached(key, tokenSpan, now, () => getKpis({ ...req, now, maxLagMs: Number.MAX_SAFE_INTEGER }, allowedCenters, memo))
}

export async function cachedQueueOpenHours(req: QueueOpenHoursRequest, allowedCenters: string[] | null): Promise<QueueOpenHours[]> {
  const now = req.now ?? Date.now()
  if (req.source !== 'contacts_v') await ensureContactFacts(req.maxLagMs ?? 1000)
  const span = windowSpan(req, now)
  const { now: _n, maxLagMs: _m, ...rest } = req
  const key = JSON.stringify({ q: 'openHours', rest, allowedCenters })
  return cached(key, span, now, () => getQueueOpenHours({ ...req, now, maxLagMs: Number.MAX_SAFE_INTEGER }, allowedCenters))
}

/** Data coverage of a span (days with events, agent-state events), per center: "no data" is not 0. */
export async function cachedCoverage(centers: string[] | null, span: { from: number; to: number }, timezone: string, now: number): Promise<Coverage> {
  const key = JSON.stringify({ q: 'coverage', centers, span, timezone })
  return cached(key, span, now, () => queryCoverage({ centers, from: span.from, to: span.to, timezone, now }))
}

/** Tests and benchmarks: forget everything. */
export function clearExecutiveCache(): void {
  const s = st()
  s.entries.clear()
  s.hits = 0
  s.misses = 0
}

export function executiveCacheStats(): { entries: number; hits: number; misses: number } {
  const s = st()
  return { entries: s.entries.size, hits: s.hits, misses: s.misses }
}
