/**
 * Closed periods are stable, so what was computed for them — report sections (lib/reports/build),
 * the executive view's engine calls (lib/executive/load) — is kept per process and served again
 * while the data it rests on has not changed. Identical concurrent computations are shared.
 *
 * ONE change detector, `dataVersion(spans)`: for each partition holding data dated in the spans —
 * `events` month partitions (coverage, data quality), `agent_state_events` month partitions
 * (agent time reads up to 8 days back and to the state after the end), `contact_facts` day
 * partitions (±1 day for time zones) — the block range of its active parts,
 * hashed, with the configuration object's id. Every insert (a late event, refreshed facts) gets a
 * new, higher block number, so the version changes; background merges keep the block range of the
 * parts they merge, so they do not; live data arriving today leaves last month's version alone.
 * Reports also carry it as `dataStamp`, so the page can tell sections computed from different data.
 *
 * - Entries of windows reaching "now" live 30 s (their figures depend on the clock), the others
 *   15 min; each namespace keeps its most recent entries (LRU).
 * - The same statement in every mode, only the parts' source named for it: this store's
 *   `system.parts` (embedded chdb, one server), or on a cluster (CLICKHOUSE_CLUSTER) every
 *   replica's — `clusterAllReplicas(<cluster>, system.parts)` over the `*_local` tables behind the
 *   Distributed ones (lib/migrate-cluster) — each part keyed by its host, since shards number
 *   their blocks independently and a replica still fetching a part must count as a change.
 * - Off per namespace: PLATEAU_REPORT_CACHE=off, PLATEAU_EXECUTIVE_CACHE=0.
 *
 * This changes WHEN results are computed, never WHAT they are.
 */
import 'server-only'
import { queryRows } from '../clickhouse'
import { getConfig } from '../config'
import { LOCAL_SUFFIX, sqlClusterName } from '../migrate-cluster'

export type CacheNamespace = 'reports' | 'executive'
export type Span = { from: number; to: number }

const MAX_ENTRIES: Record<CacheNamespace, number> = { reports: 96, executive: 400 }
const CLOSED_TTL_MS = 15 * 60_000
const OPEN_TTL_MS = 30_000
/** agentStateMaxHours is at most 168 h: agent time of a window reads that far back. */
const AGENT_LOOKBACK_MS = 8 * 86_400_000
const DAY_MS = 86_400_000

type Entry = { version: string; value: unknown; at: number; open: boolean }
type Space = { entries: Map<string, Entry>; inflight: Map<string, { version: string; promise: Promise<unknown> }>; hits: number; misses: number }
/** Where the versioned tables' parts are read: database, parts source, table-name suffix. */
export type PartsStore = { db: string; from: string; suffix: string }
type State = { spaces: Record<CacheNamespace, Space>; configIds: WeakMap<object, number>; nextConfigId: number; store: Promise<PartsStore | null> | null }

const space = (): Space => ({ entries: new Map(), inflight: new Map(), hits: 0, misses: 0 })
const g = globalThis as unknown as { __plateauPeriodCache?: State }
const st = (): State => (g.__plateauPeriodCache ??= { spaces: { reports: space(), executive: space() }, configIds: new WeakMap(), nextConfigId: 1, store: null })

function configId(): number {
  const s = st()
  const c = getConfig()
  let id = s.configIds.get(c)
  if (id === undefined) s.configIds.set(c, (id = s.nextConfigId++))
  return id
}

const VERSIONED = ['events', 'contact_facts', 'agent_state_events'] as const

/**
 * Where the parts of the versioned tables are: this store's system.parts, or on a cluster every
 * replica's parts of the local tables. null (cache off) when those tables are not MergeTree
 * tables of the current database — e.g. Distributed tables without CLICKHOUSE_CLUSTER.
 */
export function partsStore(): Promise<PartsStore | null> {
  const s = st()
  return (s.store ??= (async () => {
    const cluster = sqlClusterName()
    const suffix = cluster ? LOCAL_SUFFIX : ''
    const rows = await queryRows<{ db: string; name: string; engine: string }>(
      `SELECT currentDatabase() AS db, name, engine FROM system.tables WHERE database = currentDatabase() AND name IN {names:Array(String)}`,
      { names: VERSIONED.map((t) => t + suffix) },
    )
    if (rows.length !== VERSIONED.length || !rows.every((r) => /MergeTree$/.test(r.engine))) return null
    return { db: rows[0]!.db, from: partsFrom(cluster), suffix }
  })().catch(() => null))
}

/** The parts of this store, or of every replica of the cluster (a checked name: lib/migrate-cluster). */
export function partsFrom(cluster: string | undefined): string {
  return cluster ? `clusterAllReplicas('${cluster}', system.parts)` : 'system.parts'
}

/** Results of this namespace are cached (the parts can be read, not switched off). */
export async function periodCacheOn(ns: CacheNamespace): Promise<boolean> {
  if (ns === 'reports' && process.env.PLATEAU_REPORT_CACHE === 'off') return false
  if (ns === 'executive' && process.env.PLATEAU_EXECUTIVE_CACHE === '0') return false
  return (await partsStore()) !== null
}

const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10).replace(/-/g, '')
const ym = (ms: number) => ymd(ms).slice(0, 6)

/** The version of the data dated in `spans` (see the module comment); no parts token without a parts store. */
export async function dataVersion(spans: Span[]): Promise<string> {
  const store = await partsStore()
  if (!store) return `|c${configId()}`
  const { sql, values } = versionQuery(store, spans)
  const rows = await queryRows<{ token: string }>(sql, values)
  return `${rows[0]?.token ?? ''}|c${configId()}`
}

/** The one statement of the change detector, for any parts store (exported for the tests). */
export function versionQuery(store: PartsStore, spans: Span[]): { sql: string; values: Record<string, string> } {
  const values: Record<string, string> = { db: store.db }
  for (const t of VERSIONED) values[`t_${t}`] = t + store.suffix
  const conds = spans.map((sp, i) => {
    values[`d${i}f`] = ymd(sp.from - DAY_MS)
    values[`d${i}t`] = ymd(sp.to + DAY_MS)
    values[`a${i}f`] = ym(sp.from - AGENT_LOOKBACK_MS)
    values[`a${i}t`] = ym(sp.to + DAY_MS)
    values[`e${i}f`] = ym(sp.from)
    values[`e${i}t`] = ym(sp.to - 1)
    return `(table = {t_contact_facts:String} AND partition_id >= {d${i}f:String} AND partition_id <= {d${i}t:String})
         OR (table = {t_agent_state_events:String} AND partition_id >= {a${i}f:String} AND partition_id <= {a${i}t:String})
         OR (table = {t_events:String} AND partition_id >= {e${i}f:String} AND partition_id <= {e${i}t:String})`
  })
  const sql = `SELECT toString(cityHash64(arrayStringConcat(arraySort(groupArray(concat(host, '/', table, '/', partition_id, '/', toString(mb), '/', toString(lb)))), ','))) AS token
     FROM (
       SELECT hostName() AS host, table, partition_id, max(max_block_number) AS mb, min(min_block_number) AS lb
       FROM ${store.from}
       WHERE active AND database = {db:String} AND (${conds.join(' OR ') || 'FALSE'})
       GROUP BY host, table, partition_id
     )`
  return { sql, values }
}

function fresh(e: Entry, now: number): boolean {
  return now - e.at < (e.open ? OPEN_TTL_MS : CLOSED_TTL_MS)
}

/** The entry stored under `key` for this data version, if still fresh. Counts a hit or a miss. */
export function getEntry<T>(ns: CacheNamespace, key: string, version: string, now = Date.now()): T | null {
  const s = st().spaces[ns]
  const e = s.entries.get(key)
  if (!e || e.version !== version || !fresh(e, now)) {
    if (e) s.entries.delete(key)
    s.misses++
    return null
  }
  s.entries.delete(key) // LRU: move to the end
  s.entries.set(key, e)
  s.hits++
  return e.value as T
}

export function putEntry(ns: CacheNamespace, key: string, version: string, value: unknown, open: boolean, now = Date.now()): void {
  const s = st().spaces[ns]
  s.entries.delete(key)
  s.entries.set(key, { version, value, at: now, open })
  while (s.entries.size > MAX_ENTRIES[ns]) s.entries.delete(s.entries.keys().next().value!)
}

/** A computation of this entry already running for the same data, if any. */
export function getInflight<T>(ns: CacheNamespace, key: string, version: string): Promise<T> | null {
  const f = st().spaces[ns].inflight.get(key)
  return f && f.version === version ? (f.promise as Promise<T>) : null
}

export function setInflight(ns: CacheNamespace, key: string, version: string, promise: Promise<unknown>): void {
  const s = st().spaces[ns]
  s.inflight.set(key, { version, promise })
  const done = () => {
    if (s.inflight.get(key)?.promise === promise) s.inflight.delete(key)
  }
  promise.then(done, done)
}

/**
 * `compute()` through the cache: served again while the data dated in `spans` is unchanged.
 * `open`: the window reaches "now" (30 s lifetime).
 */
export async function cachedForPeriod<T>(ns: CacheNamespace, key: string, spans: Span[], open: boolean, compute: () => Promise<T>): Promise<T> {
  if (!(await periodCacheOn(ns))) return compute()
  const version = await dataVersion(spans)
  const hit = getEntry<T>(ns, key, version)
  if (hit !== null) return hit
  const running = getInflight<T>(ns, key, version)
  if (running) return running
  const p = compute().then((value) => {
    putEntry(ns, key, version, value, open)
    return value
  })
  setInflight(ns, key, version, p)
  return p
}

/** Tests and benchmarks: forget everything (one namespace, or all, with where the parts are). */
export function clearPeriodCache(ns?: CacheNamespace): void {
  if (!ns) st().store = null
  for (const [name, s] of Object.entries(st().spaces)) {
    if (ns && name !== ns) continue
    s.entries.clear()
    s.inflight.clear()
    s.hits = 0
    s.misses = 0
  }
}

export function periodCacheStats(ns: CacheNamespace): { entries: number; hits: number; misses: number } {
  const s = st().spaces[ns]
  return { entries: s.entries.size, hits: s.hits, misses: s.misses }
}
