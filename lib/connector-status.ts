/**
 * The health of the configured connector sources, for /api/health and the admin page: each
 * center's `source` block against the latest status a runner reported (connector_status,
 * written by ingest/connectors/sources.ts). A source without a fresh report is "not_running":
 * nothing runs it (PLATEAU_CONNECTORS=0, or `npm run connectors` not started in scale mode).
 */
import { getConfig, type SourceConfig } from './config'
import { queryRows } from './clickhouse'

const g = globalThis as unknown as { __plateauExtraSources?: Map<string, SourceConfig> }

/**
 * A source this process adds besides the configuration file (the demo's queue_log center): run by
 * this process's runner and reported like the configured ones. The file's block wins for a center.
 */
export function addProgrammaticSource(center: string, source: SourceConfig): void {
  ;(g.__plateauExtraSources ??= new Map()).set(center, source)
}

/** Every source to run and report: the configuration's, then the programmatic ones. */
export function allSources(): Array<{ id: string; source: SourceConfig }> {
  const out = getConfig().raw.centers.filter((c) => c.source).map((c) => ({ id: c.id, source: c.source! }))
  for (const [id, source] of g.__plateauExtraSources ?? []) if (!out.some((c) => c.id === id)) out.push({ id, source })
  return out
}

export type SourceHealth = {
  center: string
  connector: string
  target: string
  ok: boolean
  state: 'running' | 'starting' | 'waiting' | 'error' | 'not_running'
  error: string
  records: number
  events: number
  rejected: number
  lastRecordAt: string | null
  reportedAt: string | null
}

/** PLATEAU_CONNECTORS_STALE_S (default 30): a source not reported for this long is not running. */
export function staleAfterSeconds(): number {
  const v = Number(process.env.PLATEAU_CONNECTORS_STALE_S ?? 30)
  return Number.isFinite(v) && v > 0 ? v : 30
}

const isoOf = (v: string | null) => (v && !v.startsWith('1970') ? v.replace(' ', 'T') + 'Z' : null)

export async function sourcesHealth(now = Date.now()): Promise<{ ok: boolean; sources: SourceHealth[] }> {
  const configured = allSources()
  if (!configured.length) return { ok: true, sources: [] }
  const rows = await queryRows<{ center_id: string; connector: string; target: string; ok: number; state: string; error: string; records: string; events: string; rejected: string; last_record_at: string | null; updated_at: string; age_ms: string }>(
    `SELECT center_id, connector, target, ok, state, error, records, events, rejected, last_record_at, updated_at,
            {now:Int64} - toUnixTimestamp64Milli(updated_at) AS age_ms
     FROM connector_status FINAL WHERE center_id IN {centers:Array(String)}`,
    { now, centers: configured.map((c) => c.id) },
  )
  const byCenter = new Map(rows.map((r) => [r.center_id, r]))
  const stale = staleAfterSeconds() * 1000
  const sources = configured.map((c): SourceHealth => {
    const r = byCenter.get(c.id)
    const fresh = r && r.connector === c.source!.connector && Number(r.age_ms) <= stale
    if (!fresh)
      return {
        center: c.id, connector: c.source!.connector, target: r?.target ?? '', ok: false, state: 'not_running',
        error: r
          ? `no report for ${Math.round(Number(r.age_ms) / 1000)} s: the connector runner is not running (npm run connectors, or PLATEAU_CONNECTORS=0?)`
          : 'never reported: the connector runner is not running (npm run connectors, or PLATEAU_CONNECTORS=0?)',
        records: Number(r?.records ?? 0), events: Number(r?.events ?? 0), rejected: Number(r?.rejected ?? 0),
        lastRecordAt: isoOf(r?.last_record_at ?? null), reportedAt: isoOf(r?.updated_at ?? null),
      }
    return {
      center: c.id, connector: r.connector, target: r.target, ok: Number(r.ok) === 1, state: r.state as SourceHealth['state'], error: r.error,
      records: Number(r.records), events: Number(r.events), rejected: Number(r.rejected), lastRecordAt: isoOf(r.last_record_at), reportedAt: isoOf(r.updated_at),
    }
  })
  return { ok: sources.every((s) => s.ok), sources }
}
