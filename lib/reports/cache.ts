/**
 * Closed periods are stable, so their reports are kept (per process, by section, 15 min) and
 * served again while the data they rest on has not changed: the page loads its sections one
 * by one, then the CSV, XLSX and PDF of the same month reuse them instead of recomputing.
 * A section being computed is shared by every request that needs it (no duplicate work when
 * the page and an export ask at the same time).
 *
 * "Not changed" = same configuration object (targets, costs…) and the same fingerprint of the
 * events dated in the compared periods (row count and latest arrival): a late event for the
 * month, or for the previous month / same month last year, changes the fingerprint and the
 * report is built again (and then says late events arrived).
 */
import 'server-only'
import { queryRows } from '../clickhouse'
import { getConfig, type ResolvedConfig } from '../config'
import { Params } from '../queries/sql'
import type { MonthlyReport } from './types'

type Entry = { report: MonthlyReport; fingerprint: string; at: number }
type CacheState = {
  entries: Map<string, Entry>
  inflight: Map<string, { fingerprint: string; promise: Promise<MonthlyReport> }>
  configIds: WeakMap<ResolvedConfig, number>
  nextConfigId: number
  hits: number
  misses: number
}
const g = globalThis as unknown as { __plateauReportCache?: CacheState }
const st = (): CacheState => (g.__plateauReportCache ??= { entries: new Map(), inflight: new Map(), configIds: new WeakMap(), nextConfigId: 1, hits: 0, misses: 0 })

const TTL_MS = 15 * 60_000
const MAX_ENTRIES = 96

function configId(): number {
  const s = st()
  const c = getConfig()
  let id = s.configIds.get(c)
  if (id === undefined) s.configIds.set(c, (id = s.nextConfigId++))
  return id
}

export function cacheDisabled(): boolean {
  return process.env.PLATEAU_REPORT_CACHE === 'off'
}

/** Fingerprint of the events a report rests on: [from, to) ranges, centers (null = all). */
export async function dataFingerprint(centers: string[] | null, ranges: Array<{ from: number; to: number }>): Promise<string> {
  const p = new Params()
  const centerCond = centers ? `center_id IN ${p.strs(centers)}` : 'TRUE'
  const rangeCond = ranges.map((r) => `(ts >= ${p.ts(r.from)} AND ts < ${p.ts(r.to)})`).join(' OR ')
  const [row] = await queryRows<{ n: string; last: string }>(`SELECT count() AS n, toString(max(received_at)) AS last FROM events WHERE ${centerCond} AND (${rangeCond})`, p.values)
  return `${row?.n ?? 0}|${row?.last ?? ''}|c${configId()}`
}

export function cacheKey(parts: unknown): string {
  return JSON.stringify(parts)
}

export function getCached(key: string, fingerprint: string, now = Date.now()): MonthlyReport | null {
  const s = st()
  const e = s.entries.get(key)
  if (!e || e.fingerprint !== fingerprint || now - e.at > TTL_MS) {
    if (e) s.entries.delete(key)
    s.misses++
    return null
  }
  s.entries.delete(key) // LRU: move to the end
  s.entries.set(key, e)
  s.hits++
  return e.report
}

export function putCached(key: string, fingerprint: string, report: MonthlyReport, now = Date.now()): void {
  const s = st()
  s.entries.set(key, { report, fingerprint, at: now })
  while (s.entries.size > MAX_ENTRIES) s.entries.delete(s.entries.keys().next().value!)
}

/** A computation of this entry already running for the same data, if any. */
export function getInflight(key: string, fingerprint: string): Promise<MonthlyReport> | null {
  const f = st().inflight.get(key)
  return f && f.fingerprint === fingerprint ? f.promise : null
}

export function setInflight(key: string, fingerprint: string, promise: Promise<MonthlyReport>): void {
  const s = st()
  s.inflight.set(key, { fingerprint, promise })
  const done = () => {
    if (s.inflight.get(key)?.promise === promise) s.inflight.delete(key)
  }
  promise.then(done, done)
}

export function clearReportCache(): void {
  st().entries.clear()
  st().inflight.clear()
}

export function reportCacheStats(): { entries: number; hits: number; misses: number } {
  const s = st()
  return { entries: s.entries.size, hits: s.hits, misses: s.misses }
}
