/**
 * Connector sources from the configuration file, hot-reloaded, with a real embedded store: a
 * center's `source` block is added to the file → the runner follows its queue_log → events
 * arrive and /api/health reports the source running; the file disappears → health says so
 * (error, with the reason); a source whose secret variable is missing is broken; a runner that
 * stops reporting → "not_running". Health is read through the real route with an API key.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { until } from '../helpers/pipeline'
import type { SourceRunner as Runner } from '@/ingest/connectors/sources'
import type { SourceHealth } from '@/lib/connector-status'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-sources-'))
const configFile = path.join(dir, 'plateau.yaml')
const logA = path.join(dir, 'queue_log')
const KEY = 'plk_sources_test_key_0123456789abcdef'
const E0 = Date.parse('2026-11-10T09:00:00Z') / 1000

const config = (sources: Record<string, string>) => `
version: 1
defaults: { timezone: UTC }
centers:
  - { id: ast, name: Asterisk, reportingLine: sales, sourcing: in_house${sources.ast ? `, source: ${sources.ast}` : ''} }
  - { id: cxk, name: Connect, reportingLine: sales, sourcing: outsourced${sources.cxk ? `, source: ${sources.cxk}` : ''} }
`
/** getConfig re-reads on an mtime change checked at most once a second: move the mtime on. */
let tick = Date.now() / 1000
function writeConfig(text: string) {
  fs.writeFileSync(configFile, text)
  tick += 10
  fs.utimesSync(configFile, tick, tick)
}

let runner: Runner
let GET: typeof import('@/app/api/health/route').GET
let queryRows: typeof import('@/lib/clickhouse').queryRows

async function health(): Promise<{ connectors: { ok: boolean; sources: SourceHealth[] } }> {
  const r = await GET(new Request('http://localhost/api/health', { headers: { 'x-api-key': KEY } }))
  return r.json()
}
const source = async (center: string) => (await health()).connectors.sources.find((s) => s.center === center)
const stored = async (center: string) =>
  Number((await queryRows<{ n: string }>('SELECT count() AS n FROM events FINAL WHERE center_id = {c:String}', { c: center }))[0]!.n)

beforeAll(async () => {
  process.env.PLATEAU_DATA_DIR = path.join(dir, 'data')
  process.env.PLATEAU_CONFIG = configFile
  process.env.PLATEAU_FACTS_REFRESH_MS = '0'
  process.env.PLATEAU_API_KEYS = `sources-test:${KEY}`
  process.env.KAFKA_BROKERS = ''
  delete process.env.CLICKHOUSE_URL
  delete process.env.PLATEAU_TEST_CONNECT_BROKERS
  writeConfig(config({}))
  const { migrate } = await import('@/lib/migrate')
  await migrate()
  ;({ GET } = await import('@/app/api/health/route'))
  ;({ queryRows } = await import('@/lib/clickhouse'))
  const { SourceRunner } = await import('@/ingest/connectors/sources')
  runner = new SourceRunner({ reconcileMs: 200, log: () => {} }).start()
}, 60_000)

afterAll(async () => {
  await runner?.stop()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('sources from the configuration', () => {
  it('no source configured: nothing to report, connectors ok', async () => {
    const h = await health()
    expect(h.connectors).toEqual({ ok: true, sources: [] })
  })

  it('a queue_log source added to the file (hot reload): its events arrive, health says running', async () => {
    fs.writeFileSync(logA, [
      `${E0}|s1|sales||ENTERQUEUE||0600|1`,
      `${E0 + 10}|s1|sales|SIP/al|CONNECT|10|x|1`,
      `${E0 + 70}|s1|sales|SIP/al|COMPLETECALLER|10|60|1`,
      `${E0 + 100}|s2|sales||ENTERQUEUE||0600|1`,
      `${E0 + 130}|s2|sales||ABANDON|1|1|30`,
    ].join('\n') + '\n')
    writeConfig(config({ ast: `{ connector: queue_log, path: '${logA}', queues: { sales: { id: sales-fr } } }` }))
    // ENTERQUEUE, CONNECT, COMPLETECALLER (ended + wrapped), ENTERQUEUE, ABANDON
    await until('queue_log events stored', 30_000, async () => (await stored('ast')) === 6)
    const [q] = await queryRows<{ queue_id: string }>("SELECT DISTINCT queue_id FROM events WHERE center_id = 'ast' AND type = 'contact.queued'")
    expect(q!.queue_id).toBe('sales-fr') // the source's queue mapping applies
    await until('health reports the source', 10_000, async () => (await source('ast'))?.records === 5)
    expect(await source('ast')).toMatchObject({ connector: 'queue_log', target: logA, ok: true, state: 'running', records: 5, events: 6, rejected: 0 })
    expect((await health()).connectors.ok).toBe(true)
  })

  it('lines appended later are followed', async () => {
    fs.appendFileSync(logA, `${E0 + 200}|s3|sales||ENTERQUEUE||0600|1\n`)
    await until('appended line stored', 30_000, async () => (await stored('ast')) === 7)
  })

  it('the file disappears: health says the source is broken and why', async () => {
    fs.renameSync(logA, logA + '.gone')
    await until('broken source reported', 30_000, async () => (await source('ast'))?.state === 'error')
    const s = await source('ast')
    expect(s).toMatchObject({ ok: false, state: 'error' })
    expect(s!.error).toMatch(/cannot open .*queue_log: ENOENT/)
    expect((await health()).connectors.ok).toBe(false)
    // it comes back: the source recovers, nothing was doubled
    fs.renameSync(logA + '.gone', logA)
    await until('source recovered', 30_000, async () => (await source('ast'))?.ok === true)
    expect(await stored('ast')).toBe(7)
  })

  it('a Connect topic whose brokers variable is not set is reported broken, not idle', async () => {
    writeConfig(config({ ast: `{ connector: queue_log, path: '${logA}' }`, cxk: '{ connector: connect_kafka, topic: ctr, brokersEnv: PLATEAU_TEST_CONNECT_BROKERS }' }))
    await until('connect source reported', 30_000, async () => (await source('cxk'))?.state === 'error')
    expect((await source('cxk'))!.error).toMatch(/PLATEAU_TEST_CONNECT_BROKERS is not set/)
    expect((await health()).connectors.ok).toBe(false)
  })

  it('a source removed from the file is no longer reported', async () => {
    writeConfig(config({ ast: `{ connector: queue_log, path: '${logA}' }` }))
    await until('connect source gone', 30_000, async () => (await health()).connectors.sources.length === 1)
    expect((await health()).connectors.ok).toBe(true)
  })

  it('no runner reporting: the configured source is "not_running"', async () => {
    await runner.stop()
    process.env.PLATEAU_CONNECTORS_STALE_S = '1'
    await until('stale source reported', 10_000, async () => (await source('ast'))?.state === 'not_running')
    expect(await source('ast')).toMatchObject({ ok: false, state: 'not_running' })
    delete process.env.PLATEAU_CONNECTORS_STALE_S
  })
})
