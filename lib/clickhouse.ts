/**
 * The one ClickHouse client. CLICKHOUSE_URL set → a server over HTTP; unset → the embedded
 * chdb engine at PLATEAU_DATA_DIR (default ./data). Every query and insert goes through the
 * same @clickhouse/client API in both modes, so SQL is never forked per mode.
 */
import { createClient, type ClickHouseClient } from '@clickhouse/client'
import { createRequire } from 'node:module'
import path from 'node:path'
import { bindParams } from './bindParams'

export type StoreMode = 'embedded' | 'server'

export function storeMode(): StoreMode {
  return process.env.CLICKHOUSE_URL ? 'server' : 'embedded'
}

export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.PLATEAU_DATA_DIR || './data')
}

/** Database used in server mode; the embedded engine always uses its default database. */
export function serverDatabase(): string {
  return process.env.CLICKHOUSE_DATABASE || 'plateau'
}

// Next.js may load this module in several bundles (instrumentation, route handlers); the
// engine is a per-process singleton, so the client lives on globalThis.
const g = globalThis as unknown as { __plateauClickHouse?: ClickHouseClient; __plateauReaders?: Reader[] }

export function getClickHouse(): ClickHouseClient {
  if (!g.__plateauClickHouse) g.__plateauClickHouse = makeClient(process.env.CLICKHOUSE_URL ? serverDatabase() : undefined)
  return g.__plateauClickHouse
}

/** A client without a default database (server mode), used to create the database itself. */
export function makeClient(database?: string): ClickHouseClient {
  const url = process.env.CLICKHOUSE_URL
  const common = {
    // Every setting a statement may change is given on every statement (max_execution_time 0 =
    // none; optimize_on_insert as the engine's default) so that the embedded engine, which applies
    // settings as session-wide SETs, never carries one statement's value to the next.
    clickhouse_settings: { date_time_input_format: 'best_effort' as const, max_execution_time: 0, optimize_on_insert: 1 as const },
    request_timeout: 60_000,
  }
  if (url) {
    return createClient({
      url,
      username: process.env.CLICKHOUSE_USER || 'default',
      password: process.env.CLICKHOUSE_PASSWORD || '',
      database,
      ...common,
    })
  }
  // Loaded lazily: server mode never loads the native engine.
  const { createChdbConnection } = createRequire(import.meta.url)('chdb/connection') as typeof import('chdb/connection')
  // chdb re-exports @clickhouse/client-common's Connection type from its own copy; same shape.
  const connection = createChdbConnection({ path: dataDir() }) as unknown as NonNullable<Parameters<typeof createClient>[0]>['connection']
  return createClient({ connection, ...common })
}

export async function closeClickHouse(): Promise<void> {
  const c = g.__plateauClickHouse
  const readers = g.__plateauReaders ?? []
  g.__plateauClickHouse = undefined
  g.__plateauReaders = undefined
  await Promise.all(readers.map((r) => r.client.close()))
  if (c) await c.close()
}

/**
 * Embedded mode: reads go to their own connections to the engine (PLATEAU_READ_CONNECTIONS,
 * default 3; 0 = on the one connection, one statement at a time), each running one statement,
 * so a live snapshot's three statements, or a screen's read during an insert, run in parallel.
 * Their values are bound in the text (lib/bindParams.ts): chdb runs statements with parameters
 * one at a time across all connections. Inserts and other writes stay on the main connection.
 */
type Reader = { client: ClickHouseClient; running: number }

export function readConnections(): number {
  const raw = process.env.PLATEAU_READ_CONNECTIONS
  const v = raw === undefined || raw.trim() === '' ? 3 : Number(raw)
  if (Number.isInteger(v) && v >= 0 && v <= 16) return v
  console.warn(`[store] PLATEAU_READ_CONNECTIONS=${raw} is not a whole number from 0 to 16: using 3`)
  return 3
}

function reader(): Reader | null {
  if (!g.__plateauReaders) {
    getClickHouse() // the engine opens its data directory with the main connection
    g.__plateauReaders = Array.from({ length: readConnections() }, () => ({ client: makeClient(), running: 0 }))
  }
  let best: Reader | null = null
  for (const r of g.__plateauReaders) if (!best || r.running < best.running) best = r
  return best
}

/** Engine-side time limit of a read, in seconds (PLATEAU_QUERY_TIMEOUT_S, default 30; 0 = none). */
export function queryTimeoutSeconds(): number {
  const v = Number(process.env.PLATEAU_QUERY_TIMEOUT_S ?? 30)
  return Number.isFinite(v) && v >= 0 ? v : 30
}

/**
 * Run a parameterised query and return its rows. Values always travel as typed placeholders.
 * The engine stops it after queryTimeoutSeconds() (TIMEOUT_EXCEEDED, see lib/queries/responseBounds.ts);
 * `timeoutS: 0` for background work that may take longer (facts rebuild).
 */
export async function queryRows<T>(query: string, query_params: Record<string, unknown> = {}, opts: { timeoutS?: number } = {}): Promise<T[]> {
  const max_execution_time = opts.timeoutS ?? queryTimeoutSeconds()
  const r = storeMode() === 'embedded' ? reader() : null
  const client = r?.client ?? getClickHouse()
  const bound = r ? { query: bindParams(query, query_params), query_params: {} } : { query, query_params }
  if (r) r.running++
  try {
    const rs = await client.query({ ...bound, format: 'JSONEachRow', clickhouse_settings: { max_execution_time } })
    return await rs.json<T>()
  } catch (e) {
    // The embedded engine hands the rows a stopped statement had already written to the next
    // statement's result: take them with a throwaway statement so no other query reads them.
    if (storeMode() === 'embedded' && /Timeout exceeded/i.test((e as Error).message ?? '')) {
      await client
        .query({ query: 'SELECT 1', format: 'JSONEachRow', clickhouse_settings: { max_execution_time: 0 } })
        .then((res) => res.text())
        .catch(() => undefined)
    }
    throw e
  } finally {
    if (r) r.running--
  }
}
