/**
 * The generated cluster schema, run for real on the embedded engine (chdb, ClickHouse 26.x):
 *
 * 1. every rendered statement parses (formatQuery);
 * 2. a two-shard layout is emulated in one engine: databases shard0 and shard1 hold the local
 *    tables and the materialized views exactly as generated (minus ON CLUSTER and replication);
 *    database `front` holds, for every Distributed table, a Merge table over both shards' local
 *    tables (what a Distributed table reads) and the generated views. Events are routed to the
 *    shards with the generated sharding key of `events` (what a Distributed insert does).
 *
 * Then: the views give the same results as the single-node schema fed the same events (with
 * duplicates and late arrivals), and every row the materialized views produced sits on the shard
 * its own table's sharding key selects — one contact, one shard.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = path.resolve(__dirname, '..', '..')
const SHARDS = 2
let dir = ''

let ch: ReturnType<typeof import('@/lib/clickhouse').getClickHouse>
let queryRows: typeof import('@/lib/clickhouse').queryRows
let clusterPlan: typeof import('@/lib/migrate-cluster').clusterPlan
/** Distributed table name → its sharding key, from the generated DDL. */
const keys = new Map<string, string>()
let eventCount = 0

const q = async <T = Record<string, unknown>>(sql: string, params: Record<string, unknown> = {}) => queryRows<T>(sql, params)
const run = (sql: string) => ch.command({ query: sql })

/** A generated statement for one emulated shard: no ON CLUSTER, no replication. */
function forShard(stmt: string): string {
  return stmt.replace(/ ON CLUSTER '[^']*'/, '').replace(/Replicated(\w*MergeTree)\('[^']*', '\{replica\}'(?:, )?/, '$1(')
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-cluster-emu-'))
  process.env.PLATEAU_DATA_DIR = dir
  delete process.env.CLICKHOUSE_URL
  delete process.env.CLICKHOUSE_CLUSTER
  const clickhouse = await import('@/lib/clickhouse')
  ;({ queryRows } = clickhouse)
  ch = clickhouse.getClickHouse()
  ;({ clusterPlan } = await import('@/lib/migrate-cluster'))
  const { migrate } = await import('@/lib/migrate')
  await migrate() // the single-node schema, in the current database

  // Realistic traffic from the simulator: 3 hours of the default scenario, 5 % duplicates and 5 % late.
  const sim = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'simulator/cli.ts', '--from', '2026-09-07T07:00:00Z', '--to', '2026-09-07T10:00:00Z', '--out', 'stdout', '--quiet', '--duplicates', '0.05', '--late', '0.05', '--malformed', '0'],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  )
  expect(sim.status, sim.stderr).toBe(0)
  const { parseEvent } = await import('@/lib/contract/events')
  const { toRow } = await import('@/ingest/rows')
  const now = Date.parse('2026-09-08T00:00:00Z')
  const rows = sim.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => parseEvent(l, now))
    .flatMap((r) => (r.ok ? [toRow(r.event, now)] : []))
  eventCount = rows.length
  expect(eventCount).toBeGreaterThan(5000)

  // single node
  await ch.insert({ table: 'events', values: rows, format: 'JSONEachRow' })

  // emulated cluster
  for (let i = 0; i < SHARDS; i++) {
    await run(`CREATE DATABASE IF NOT EXISTS shard${i}`)
    for (const { statements } of clusterPlan({ cluster: 'emu', database: `shard${i}` }))
      for (const s of statements) {
        // Distributed tables (and ALTERs of them) exist only in `front`, as Merge tables
        const distributedAlter = /^ALTER TABLE \w+\.(\w+) /.exec(s)?.[1]?.endsWith('_local') === false
        if (!/ENGINE = Distributed\(/.test(s) && !/^CREATE (OR REPLACE )?VIEW/.test(s) && !distributedAlter) await run(forShard(s))
      }
  }
  await run('CREATE DATABASE IF NOT EXISTS front')
  for (const { statements } of clusterPlan({ cluster: 'emu', database: 'front' }))
    for (const s of statements) {
      const d = s.match(/^CREATE TABLE IF NOT EXISTS front\.(\w+) ON CLUSTER 'emu' AS front\.(\w+)\nENGINE = Distributed\('emu', 'front', '(\w+)', ([\s\S]+)\)$/)
      if (d) {
        keys.set(d[1], d[4])
        await run(`CREATE TABLE front.${d[1]} AS shard0.${d[2]} ENGINE = Merge(REGEXP('^shard[0-9]+$'), '^${d[3]}$')`)
      } else if (/^CREATE (OR REPLACE )?VIEW/.test(s)) await run(forShard(s))
    }
  // a Distributed insert: each row to shard (key % shards)
  await run('CREATE TABLE front.staging AS shard0.events_local ENGINE = Memory')
  await ch.insert({ table: 'front.staging', values: rows, format: 'JSONEachRow' })
  for (let i = 0; i < SHARDS; i++) await run(`INSERT INTO shard${i}.events_local SELECT * FROM front.staging WHERE (${keys.get('events')}) % ${SHARDS} = ${i}`)
}, 180_000)

afterAll(async () => {
  const { closeClickHouse } = await import('@/lib/clickhouse')
  await closeClickHouse()
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

describe('cluster schema on an emulated two-shard layout (chdb)', () => {
  it('parses: every rendered statement is valid ClickHouse SQL', async () => {
    const statements = clusterPlan({ cluster: 'plateau', database: 'plateau' }).flatMap((f) => f.statements)
    expect(statements.length).toBeGreaterThan(15)
    for (const s of statements) {
      const [r] = await q<{ f: string }>('SELECT formatQuery({s:String}) AS f', { s })
      expect(r.f, s.slice(0, 80)).toContain('ON CLUSTER plateau')
    }
  })

  it('spreads the events over both shards', async () => {
    // (distinct ids: ReplacingMergeTree may already have merged some duplicates away)
    const distinct = async (from: string) => Number((await q<{ n: string }>(`SELECT uniqExact(event_id) AS n FROM ${from}`))[0].n)
    const [a, b, all] = [await distinct('shard0.events_local'), await distinct('shard1.events_local'), await distinct('front.staging')]
    expect(a + b).toBe(all) // every event on exactly one shard
    expect(Math.min(a, b)).toBeGreaterThan(all / 4)
    expect(all).toBeLessThan(eventCount) // the traffic did contain duplicates
  })

  it('gives the same per-contact results as the single-node schema', async () => {
    const sql = (db: string) => `
      SELECT center_id, contact_id, queued_at, answered_at, abandoned_at, ended_at, wrapped_at, queue_id, channel, direction,
             campaign_id, customer_id, agent_id, arraySort(leg_list) AS legs, arraySort(wrap_list) AS wraps,
             arraySort(survey_list) AS surveys, round(talk_s, 6) AS talk, round(hold_s, 6) AS hold, transferred,
             round(wrap_s, 6) AS wrap, round(revenue, 6) AS rev
      FROM ${db}contacts_v ORDER BY center_id, contact_id`
    const single = await q(sql(''))
    const cluster = await q(sql('front.'))
    expect(single.length).toBeGreaterThan(500)
    expect(cluster).toEqual(single)
  })

  it('gives the same agent state intervals', async () => {
    const sql = (db: string) => `SELECT center_id, agent_id, state, reason, started_at, ended_at FROM ${db}agent_state_intervals ORDER BY center_id, agent_id, started_at, state, reason`
    const single = await q(sql(''))
    expect(single.length).toBeGreaterThan(500)
    expect(await q(sql('front.'))).toEqual(single)
  })

  it('records the same touched contacts and distinct events', async () => {
    const touched = (db: string) => `SELECT DISTINCT center_id, contact_id FROM ${db}contact_touches ORDER BY center_id, contact_id`
    expect(await q(touched('front.'))).toEqual(await q(touched('')))
    const distinct = (db: string) => `SELECT uniqExact(event_id) AS n FROM ${db}events`
    expect(await q(distinct('front.'))).toEqual(await q(distinct('')))
  })

  it('keeps every row the materialized views write on the shard its table key selects (one contact, one shard)', async () => {
    expect([...keys.keys()]).toEqual(expect.arrayContaining(['events', 'contacts', 'agent_state_events', 'contact_touches', 'contact_facts']))
    for (const [table, key] of keys) {
      if (/rand\(\)/.test(key)) continue
      for (let i = 0; i < SHARDS; i++) {
        const [r] = await q<{ total: string; misplaced: string }>(
          `SELECT count() AS total, countIf((${key}) % ${SHARDS} != ${i}) AS misplaced FROM shard${i}.${table}_local`,
        )
        expect(Number(r.misplaced), `${table}_local on shard${i}: ${r.misplaced} of ${r.total} rows on the wrong shard`).toBe(0)
        if (['events', 'contacts', 'agent_state_events', 'contact_touches'].includes(table)) expect(Number(r.total), `${table}_local on shard${i}`).toBeGreaterThan(0)
      }
    }
    // and so each contact's partial aggregate rows are on exactly one shard
    const [r] = await q<{ n: string }>(
      `SELECT count() AS n FROM (SELECT center_id, contact_id FROM shard0.contacts_local INTERSECT SELECT center_id, contact_id FROM shard1.contacts_local)`,
    )
    expect(Number(r.n)).toBe(0)
  })

  // last: it adds an event to shard0
  it('the closed-period cache change detector: one statement, a cluster naming only its parts source', async () => {
    const { partsFrom, versionQuery } = await import('@/lib/periods/cache')
    const { toRow } = await import('@/ingest/rows')
    const { validateEvent } = await import('@/lib/contract/events')
    const sept = [{ from: Date.parse('2026-09-01T00:00:00Z'), to: Date.parse('2026-10-01T00:00:00Z') }]
    const single = versionQuery({ db: 'default', from: partsFrom(undefined), suffix: '' }, sept)
    const onCluster = versionQuery({ db: 'plateau', from: partsFrom('plateau'), suffix: '_local' }, sept)
    // the same text but for the parts source
    expect(onCluster.sql.replace(partsFrom('plateau'), partsFrom(undefined))).toBe(single.sql)
    const [f] = await q<{ f: string }>('SELECT formatQuery({s:String}) AS f', { s: onCluster.sql })
    expect(f.f).toContain("clusterAllReplicas('plateau', system.parts)")
    // chdb has no cluster: run the cluster statement on shard0's local tables through a remote
    // read of this engine's parts (what clusterAllReplicas does per replica), and see a late event.
    const store = { db: 'shard0', from: "remote('127.0.0.1', system.parts)", suffix: '_local' }
    const token = async () => (await q<{ token: string }>(versionQuery(store, sept).sql, versionQuery(store, sept).values))[0].token
    const before = await token()
    expect(before).toMatch(/^\d+$/)
    expect(await token()).toBe(before)
    const r = validateEvent({ event_id: 'late-shard0', center_id: 'c1', v: 1, type: 'contact.queued', ts: '2026-09-07T08:00:00.000Z', contact_id: 'late', queue_id: 'q', channel: 'voice', direction: 'inbound' }, Date.parse('2026-09-08T00:00:00Z'))
    if (!r.ok) throw new Error(r.reason)
    await ch.insert({ table: 'shard0.events_local', values: [toRow(r.event, Date.parse('2026-09-08T00:00:00Z'))], format: 'JSONEachRow' })
    expect(await token()).not.toBe(before)
  })
})
