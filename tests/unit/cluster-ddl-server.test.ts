/**
 * Server mode, where a ClickHouse server is reachable: the same migrations and the same queries
 * through @clickhouse/client over HTTP (CLICKHOUSE_URL), in a fresh database that is dropped
 * afterwards; with CLICKHOUSE_CLUSTER also set, the cluster schema ON CLUSTER. In both, the
 * closed-period cache's change detector (lib/periods/cache dataVersion) reads the parts —
 * on a cluster every replica's, through clusterAllReplicas — and sees a late event.
 *
 *   docker compose up -d clickhouse
 *   CLICKHOUSE_URL=http://localhost:8123 CLICKHOUSE_USER=plateau CLICKHOUSE_PASSWORD=plateau \
 *     npx vitest run tests/unit/cluster-ddl-server.test.ts
 *
 * Without a reachable server the whole file is skipped, saying why.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { ClickHouseSettings } from '@clickhouse/client'
import type { PlateauEvent } from '@/lib/contract/events'

const url = process.env.CLICKHOUSE_URL
const cluster = process.env.CLICKHOUSE_CLUSTER?.trim() || undefined

async function unreachable(): Promise<string | null> {
  if (!url) return 'CLICKHOUSE_URL is not set'
  try {
    const r = await fetch(new URL('/ping', url), { signal: AbortSignal.timeout(3000) })
    return r.ok ? null : `${url}/ping answered HTTP ${r.status}`
  } catch (e) {
    return `${url} does not answer (${(e as Error).cause ?? (e as Error).message})`
  }
}
const why = await unreachable()
if (why)
  console.warn(
    `[server mode] SKIPPED: no ClickHouse server — ${why}. To run: docker compose up -d clickhouse, then ` +
      'CLICKHOUSE_URL=http://localhost:8123 CLICKHOUSE_USER=plateau CLICKHOUSE_PASSWORD=<yours> npx vitest run tests/unit/cluster-ddl-server.test.ts',
  )

const env = { database: process.env.CLICKHOUSE_DATABASE, cluster: process.env.CLICKHOUSE_CLUSTER }
afterEach(async () => {
  const { closeClickHouse } = await import('@/lib/clickhouse')
  await closeClickHouse()
  process.env.CLICKHOUSE_DATABASE = env.database
  process.env.CLICKHOUSE_CLUSTER = env.cluster
  if (env.database === undefined) delete process.env.CLICKHOUSE_DATABASE
  if (env.cluster === undefined) delete process.env.CLICKHOUSE_CLUSTER
})

const now = Date.parse('2026-11-25T12:00:00Z')
let n = 0
async function ev(e: Record<string, unknown>): Promise<PlateauEvent> {
  const { validateEvent } = await import('@/lib/contract/events')
  const r = validateEvent({ event_id: `srv-${++n}`, center_id: 'c1', v: 1, ...e }, now)
  if (!r.ok) throw new Error(r.reason)
  return r.event
}

/** The store test's contact (a transfer, a wrap-up, a late survey) plus an agent's states, twice and reversed. */
async function scenario(): Promise<PlateauEvent[]> {
  const log = [
    await ev({ type: 'contact.queued', ts: '2026-11-22T09:00:00.000Z', contact_id: 'k1', queue_id: 'q', channel: 'voice', direction: 'inbound' }),
    await ev({ type: 'contact.answered', ts: '2026-11-22T09:00:12.500Z', contact_id: 'k1', queue_id: 'q', agent_id: 'a1' }),
    await ev({ type: 'contact.ended', ts: '2026-11-22T09:03:00.000Z', contact_id: 'k1', agent_id: 'a1', talk_s: 150, hold_s: 10, transferred: true }),
    await ev({ type: 'contact.answered', ts: '2026-11-22T09:03:05.000Z', contact_id: 'k1', queue_id: 'q', agent_id: 'a2' }),
    await ev({ type: 'contact.ended', ts: '2026-11-22T09:05:00.000Z', contact_id: 'k1', agent_id: 'a2', talk_s: 100, hold_s: 0 }),
    await ev({ type: 'contact.wrapped', ts: '2026-11-22T09:05:30.000Z', contact_id: 'k1', agent_id: 'a2', wrap_s: 30, resolved: true, outcome: 'sale', revenue: 99.5 }),
    await ev({ type: 'survey.completed', ts: '2026-11-24T09:00:00.000Z', contact_id: 'k1', csat: 5, nps: 9 }),
    await ev({ type: 'agent.state', ts: '2026-11-22T08:00:00.000Z', agent_id: 'ag', state: 'available' }),
    await ev({ type: 'agent.state', ts: '2026-11-22T08:10:00.000Z', agent_id: 'ag', state: 'break' }),
    await ev({ type: 'agent.state', ts: '2026-11-22T08:25:00.000Z', agent_id: 'ag', state: 'available' }),
  ]
  return [...log, ...[...log].reverse()]
}

async function checkQueries(settings: ClickHouseSettings = {}) {
  const { getClickHouse, queryRows } = await import('@/lib/clickhouse')
  const { toRow } = await import('@/ingest/rows')
  const events = await scenario()
  await getClickHouse().insert({ table: 'events', values: events.map((e) => toRow(e, now)), format: 'JSONEachRow', clickhouse_settings: settings })
  const [c] = await queryRows<Record<string, unknown>>(
    `SELECT dateDiff('millisecond', queued_at, answered_at) AS wait_ms, agent_id, talk_s, hold_s, transferred, wrap_s, revenue,
            length(survey_list) AS surveys, channel
     FROM contacts_v WHERE center_id = {c:String} AND contact_id = {k:String}`,
    { c: 'c1', k: 'k1' },
  )
  expect(Number(c.wait_ms)).toBe(12_500)
  expect(c.agent_id).toBe('a2')
  expect(c.talk_s).toBe(250)
  expect(c.hold_s).toBe(10)
  expect(Number(c.transferred)).toBe(1)
  expect(c.wrap_s).toBe(30)
  expect(c.revenue).toBe(99.5)
  expect(Number(c.surveys)).toBe(1)
  expect(c.channel).toBe('voice')
  const states = await queryRows<{ state: string; mins: string | number | null }>(
    `SELECT state, dateDiff('minute', started_at, ended_at) AS mins FROM agent_state_intervals WHERE agent_id = 'ag' ORDER BY started_at`,
  )
  // (a server quotes 64-bit integers in JSON by default)
  expect(states.map((r) => ({ state: r.state, mins: r.mins === null ? null : Number(r.mins) }))).toEqual([
    { state: 'available', mins: 10 },
    { state: 'break', mins: 15 },
    { state: 'available', mins: null },
  ])
}

/** The closed-period cache is on, and its data version moves with a late event of the period only. */
async function checkDataVersion(settings: ClickHouseSettings = {}) {
  const { getClickHouse } = await import('@/lib/clickhouse')
  const { toRow } = await import('@/ingest/rows')
  const { clearPeriodCache, dataVersion, periodCacheOn } = await import('@/lib/periods/cache')
  clearPeriodCache()
  expect(await periodCacheOn('reports')).toBe(true)
  const november = [{ from: Date.parse('2026-11-01T00:00:00Z'), to: Date.parse('2026-12-01T00:00:00Z') }]
  const september = [{ from: Date.parse('2026-09-01T00:00:00Z'), to: Date.parse('2026-10-01T00:00:00Z') }]
  const v1 = await dataVersion(november)
  expect(v1).toMatch(/^\d+\|c\d+$/) // a parts token, not the empty one
  expect(await dataVersion(november)).toBe(v1)
  const sept = await dataVersion(september)
  const late = await ev({ type: 'contact.queued', ts: '2026-11-23T10:00:00.000Z', contact_id: 'k-late', queue_id: 'q', channel: 'voice', direction: 'inbound' })
  await getClickHouse().insert({ table: 'events', values: [toRow(late, now)], format: 'JSONEachRow', clickhouse_settings: settings })
  expect(await dataVersion(november)).not.toBe(v1)
  expect(await dataVersion(september)).toBe(sept)
}

describe.skipIf(!!why)(`server mode: ${url}`, () => {
  it('single node: migrations and queries over HTTP', async () => {
    const db = `plateau_test_${Date.now().toString(36)}`
    process.env.CLICKHOUSE_DATABASE = db
    delete process.env.CLICKHOUSE_CLUSTER
    const { migrate } = await import('@/lib/migrate')
    const { makeClient } = await import('@/lib/clickhouse')
    try {
      expect(await migrate()).toContain('0001_init.sql')
      await migrate() // idempotent
      await checkQueries()
      await checkDataVersion()
    } finally {
      const admin = makeClient()
      await admin.command({ query: `DROP DATABASE IF EXISTS ${db} SYNC` })
      await admin.close()
    }
  }, 120_000)

  it.skipIf(!cluster)(`cluster ${cluster ?? '(CLICKHOUSE_CLUSTER not set: skipped)'}: the cluster schema ON CLUSTER, same queries`, async () => {
    const db = `plateau_ctest_${Date.now().toString(36)}`
    process.env.CLICKHOUSE_DATABASE = db
    process.env.CLICKHOUSE_CLUSTER = cluster
    const { migrateCluster } = await import('@/lib/migrate-cluster')
    const { makeClient } = await import('@/lib/clickhouse')
    try {
      expect(await migrateCluster()).toContain('0001_init.sql')
      await checkQueries({ distributed_foreground_insert: 1 })
      await checkDataVersion({ distributed_foreground_insert: 1 })
    } finally {
      const admin = makeClient()
      await admin.command({ query: `DROP DATABASE IF EXISTS ${db} ON CLUSTER '${cluster}' SYNC` })
      await admin.close()
    }
  }, 300_000)
})
