/**
 * POST /api/connectors/connect/{center} on a real embedded store: Amazon Connect CTRs and agent
 * events as NDJSON and as a Kinesis Data Firehose HTTP-endpoint delivery (base64 records, the
 * access key in X-Amz-Firehose-Access-Key). No or a wrong key → 401, nothing stored; a
 * redelivery is counted once; a bad record goes to dead_letters, the rest is stored.
 *
 * Window 09:00–10:00 UTC, queue "sales":
 *   h1  queued 09:00:00, answered 09:00:20 by ann, talk 120 s, hold 15 s, ACW 30 s   wait 20
 *   h2  queued 09:10:00, abandoned 09:10:40 (no agent)                                  wait 40
 *   h3  queued 09:20:00, answered 09:20:05 by bo, talk 60 s, no hold/ACW in the record  wait 5
 */
import { NextRequest } from 'next/server'
import { beforeAll, describe, expect, it } from 'vitest'
import { kpiStore, values } from './kpi-fixtures'

const KEY = 'plk_connect_http_test_0123456789abcdef'
const D = '2026-11-10'
const iso = (hms: string) => `${D}T${hms}.000Z`
const ms = (hms: string) => Date.parse(iso(hms))
const URL_ = 'http://plateau.test/api/connectors/connect/cxh'

const ctr = (id: string, o: Record<string, unknown>) => ({ ContactId: id, Channel: 'VOICE', InitiationMethod: 'INBOUND', ...o })
const queue = (enq: string, deq: string) => ({ Name: 'sales', EnqueueTimestamp: iso(enq), DequeueTimestamp: iso(deq) })
const records = [
  ctr('h1', { DisconnectTimestamp: iso('09:02:20'), Queue: queue('09:00:00', '09:00:20'),
    Agent: { Username: 'ann', ConnectedToAgentTimestamp: iso('09:00:20'), AgentInteractionDuration: 120, CustomerHoldDuration: 15,
      AfterContactWorkStartTimestamp: iso('09:02:20'), AfterContactWorkEndTimestamp: iso('09:02:50'), AfterContactWorkDuration: 30 } }),
  ctr('h2', { DisconnectTimestamp: iso('09:10:40'), Queue: queue('09:10:00', '09:10:40'), Agent: null }),
  ctr('h3', { DisconnectTimestamp: iso('09:21:05'), Queue: queue('09:20:00', '09:20:05'),
    Agent: { Username: 'bo', ConnectedToAgentTimestamp: iso('09:20:05'), AgentInteractionDuration: 60 } }),
].map((r) => JSON.stringify(r))
const agentEvent = JSON.stringify({ EventId: 'ae-h1', EventType: 'STATE_CHANGE', EventTimestamp: iso('09:30:00'), CurrentAgentSnapshot: { Configuration: { Username: 'ann' }, AgentStatus: { Name: 'Lunch' }, Contacts: [] } })

let POST: typeof import('@/app/api/connectors/connect/[center]/route').POST
let getKpis: typeof import('@/lib/queries/getKpis').getKpis
let queryRows: typeof import('@/lib/clickhouse').queryRows

const call = (body: string, headers: Record<string, string>) =>
  POST(new NextRequest(URL_, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }), { params: Promise.resolve({ center: 'cxh' }) })
const stored = async () => Number((await queryRows<{ n: string }>(`SELECT count() AS n FROM events FINAL WHERE center_id = 'cxh'`))[0]!.n)
const kpis = async () => {
  const r = await getKpis({ window: { kind: 'custom', from: ms('09:00:00'), to: ms('10:00:00') }, filters: { centers: ['cxh'] }, now: ms('12:00:00'), maxLagMs: 0 }, null)
  return values(r.rows[0]!)
}
const firehose = (lines: string[], requestId: string) =>
  JSON.stringify({ requestId, timestamp: Date.now(), records: lines.map((l) => ({ data: Buffer.from(l + '\n').toString('base64') })) })

beforeAll(async () => {
  process.env.PLATEAU_API_KEYS = `connect-http:${KEY}`
  process.env.PLATEAU_AUTH = 'on'
  process.env.PLATEAU_FLUSH_MS = '10'
  await kpiStore(`
version: 1
defaults: { timezone: UTC, targets: { serviceLevel: { thresholdSeconds: 20, target: 0.8 } } }
centers:
  - { id: cxh, name: Connect HTTP, reportingLine: sales, sourcing: outsourced, source: { connector: connect_http } }
`)
  ;({ POST } = await import('@/app/api/connectors/connect/[center]/route'))
  ;({ getKpis } = await import('@/lib/queries/getKpis'))
  ;({ queryRows } = await import('@/lib/clickhouse'))
}, 60_000)

describe('Amazon Connect over HTTP', () => {
  it('no key or a wrong key: 401, nothing stored', async () => {
    expect((await call(records.join('\n'), {})).status).toBe(401)
    expect((await call(records.join('\n'), { 'x-api-key': 'plk_wrong' })).status).toBe(401)
    expect((await call(firehose(records, 'r0'), { 'x-amz-firehose-access-key': 'plk_wrong' })).status).toBe(401)
    expect(await stored()).toBe(0)
  })

  it('NDJSON CTRs with an API key: stored; a bad line is rejected with its reason, the rest kept', async () => {
    const r = await call([...records.slice(0, 2), '{"not":"a ctr"}'].join('\n'), { 'x-api-key': KEY })
    expect(r.status).toBe(200)
    // h1 → queued, answered, ended, wrapped; h2 → queued, abandoned
    expect(await r.json()).toMatchObject({ records: 3, accepted: 4 + 2, rejected: 1 })
    const dead = await queryRows<{ raw: string; reason: string }>(`SELECT raw, reason FROM dead_letters WHERE source = 'connect:http'`)
    expect(dead.map((d) => d.raw)).toEqual(['{"not":"a ctr"}'])
    expect(dead[0]!.reason).toMatch(/neither a CTR/)
  })

  it('a Firehose delivery (access key header): answered with its requestId; a redelivery counts once', async () => {
    const body = firehose([...records, agentEvent], 'req-42')
    const first = await call(body, { 'x-amz-firehose-access-key': KEY })
    expect(first.status).toBe(200)
    expect(await first.json()).toMatchObject({ requestId: 'req-42', records: 4, accepted: 4 + 2 + 4 + 1, rejected: 0 })
    const n = await stored()
    // h1 and h2 were already stored by the NDJSON call: same ids
    expect(n).toBe(4 + 2 + 4 + 1)
    expect((await call(body, { 'x-amz-firehose-access-key': KEY })).status).toBe(200)
    expect(await stored()).toBe(n)
  })

  it('KPIs from the raw timestamps; the figures h3 lacks are averaged over h1 only', async () => {
    const v = await kpis()
    expect(v.offered).toBe(3)
    expect(v.answered).toBe(2)
    expect(v.abandoned).toBe(1)
    expect(v.asa).toBeCloseTo((20 + 5) / 2)
    expect(v.service_level).toBeCloseTo(2 / 3) // h1 20 s, h3 5 s within 20 s
    expect(v.handled).toBe(2)
    expect(v.avg_talk).toBeCloseTo((120 + 60) / 2)
    expect(v.avg_hold).toBeCloseTo(15 / 1) // h3's record has no CustomerHoldDuration: unknown, not 0
    expect(v.avg_acw).toBeCloseTo(30 / 1)
    expect(v.aht).toBeCloseTo((120 + 60 + 15) / 2 + 30 / 1)
  })
})
