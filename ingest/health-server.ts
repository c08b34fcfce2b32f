/**
 * The standalone worker's health port (PLATEAU_WORKER_HEALTH_PORT): GET /health answers the
 * same ingest figures and status rule as /api/health (ingest/health.ts) for what this worker
 * holds — 200 `ok`; 503 `stalled` when events it fetched wait to be stored and no write has
 * succeeded for PLATEAU_STALL_AFTER_S; 503 `degraded` when the store does not answer.
 * No event data in it (counts and times only), so it needs no sign-in, like the public probe.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { queryRows, storeMode } from '../lib/clickhouse'
import { ingestHealth, type IngestHealth } from './health'

export type WorkerHealth = {
  status: 'ok' | 'stalled' | 'degraded'
  role: 'ingest-worker'
  store: { mode: 'embedded' | 'server'; ok: boolean; error?: string }
  ingest: Omit<IngestHealth, 'stalled'>
}

const STORE_TIMEOUT_MS = 5_000

export async function workerHealth(now = Date.now()): Promise<WorkerHealth> {
  const { stalled, ...ingest } = ingestHealth(now)
  const store: WorkerHealth['store'] = { mode: storeMode(), ok: true }
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      queryRows('SELECT 1 AS ok'),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`store did not answer within ${STORE_TIMEOUT_MS} ms`)), STORE_TIMEOUT_MS))),
    ])
  } catch (e) {
    store.ok = false
    store.error = (e as Error).message
  } finally {
    clearTimeout(timer)
  }
  return { status: !store.ok ? 'degraded' : stalled ? 'stalled' : 'ok', role: 'ingest-worker', store, ingest }
}

/** PLATEAU_WORKER_HEALTH_PORT: unset/'' → null (no health port); 0 → any free port; else 1–65535. */
export function workerHealthPort(env = process.env.PLATEAU_WORKER_HEALTH_PORT): number | null {
  if (env === undefined || env.trim() === '') return null
  const n = Number(env)
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`PLATEAU_WORKER_HEALTH_PORT must be a port number 0–65535 (got ${JSON.stringify(env.slice(0, 20))})`)
  return n
}

/** Listen on all interfaces; resolves with the server once listening (its port: server.address()). */
export function serveWorkerHealth(port: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    if (path !== '/health') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not_found', message: 'GET /health' }))
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { 'content-type': 'application/json', allow: 'GET, HEAD' }).end(JSON.stringify({ error: 'method_not_allowed' }))
      return
    }
    workerHealth().then(
      (h) => res.writeHead(h.status === 'ok' ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : JSON.stringify(h)),
      (e) => res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'degraded', error: (e as Error).message })),
    )
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, () => {
      server.off('error', reject)
      resolve(server)
    })
  })
}

export const listeningPort = (s: http.Server) => (s.address() as AddressInfo).port
