/**
 * /api/health through the real route handlers (POST /api/events → write buffer → sink → embedded
 * chdb; GET /api/health): `stalled` + 503 while received events wait and no write succeeds for
 * PLATEAU_STALL_AFTER_S, back to `ok` once the store takes writes again; lag measured from
 * reception, never from the events' own time.
 *
 * The store refuses writes for a real reason, set from outside the product: a CHECK constraint
 * that no row satisfies (ClickHouse answers "Constraint … is violated", which the sink treats as
 * transient and retries), dropped again to end the outage. Reads keep working meanwhile, so only
 * the stall detection can turn the probe red.
 *
 * The same through Kafka: a real broker and the real consumer (ingest/consumer.ts) in this
 * process (as `npm start` runs it with KAFKA_BROKERS and the embedded store).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NextRequest } from 'next/server'
import type { Producer } from 'kafkajs'
import { freshStore } from '../helpers/store'
import { createTopic, startKafka, type LocalKafka } from '../helpers/kafka'
import { openProducer } from '../helpers/pipeline'

const KEY = 'health-test-key-0123456789'
Object.assign(process.env, {
  PLATEAU_STALL_AFTER_S: '1',
  PLATEAU_API_KEYS: `health:${KEY}`,
  PLATEAU_DEMO: '0',
  PLATEAU_FACTS_REFRESH_MS: '0',
  PLATEAU_REPORT_SCHEDULER: '0',
  PLATEAU_EXECUTIVE_WARM_MS: '0',
  PLATEAU_FLUSH_MS: '20',
})
delete process.env.KAFKA_BROKERS

let postEvents: typeof import('@/app/api/events/route').POST
let getHealthRoute: typeof import('@/app/api/health/route').GET
let queryRows: typeof import('@/lib/clickhouse').queryRows
let command: (sql: string) => Promise<unknown>

beforeAll(async () => {
  await freshStore('plateau-health-')
  ;({ POST: postEvents } = await import('@/app/api/events/route'))
  ;({ GET: getHealthRoute } = await import('@/app/api/health/route'))
  const ch = await import('@/lib/clickhouse')
  queryRows = ch.queryRows
  command = (query) => ch.getClickHouse().command({ query })
})

const event = (id: string, ts: string) => ({
  v: 1, type: 'contact.queued', event_id: id, ts, center_id: 'c1', contact_id: `k-${id}`, queue_id: 'q1', channel: 'voice', direction: 'inbound',
})
const post = (body: unknown) =>
  postEvents(new NextRequest('http://localhost/api/events', { method: 'POST', headers: { 'x-api-key': KEY, 'content-type': 'application/json' }, body: JSON.stringify(body) }))
/** The probe's view (anonymous) and the details (API key). */
const health = async () => {
  const anon = await getHealthRoute(new Request('http://localhost/api/health'))
  const full = await getHealthRoute(new Request('http://localhost/api/health', { headers: { 'x-api-key': KEY } }))
  return { code: anon.status, anon: await anon.json(), full: await full.json() }
}
const stored = async (id: string) => Number((await queryRows<{ n: string }>('SELECT count() AS n FROM events WHERE event_id = {id:String}', { id }))[0]!.n)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(100)
  }
}

describe('/api/health', () => {
  it('reports the lag of received events, not their event time: a 1999 log is no 27-year lag', async () => {
    const r = await post([event('old-1', '1999-06-01T10:00:00.000Z'), event('old-2', '1999-06-01T10:05:00.000Z')])
    expect(r.status).toBe(202)
    expect(await stored('old-1')).toBe(1)
    const h = await health()
    expect(h.code).toBe(200)
    expect(h.anon).toEqual({ status: 'ok', store: { mode: 'embedded', ok: true } })
    expect(h.full.ingest.lastEventTs).toBe('1999-06-01T10:05:00.000Z') // event time, shown as such
    expect(h.full.ingest.buffered).toBe(0)
    expect(h.full.ingest.lagSeconds).toBe(0) // nothing waits: no lag, whatever the events' dates
  })

  it('says stalled (503) while events wait and no write succeeds, then ok again with nothing lost', async () => {
    await command('ALTER TABLE events ADD CONSTRAINT test_refuses_writes CHECK 0')
    const receivedAt = Date.now()
    // Not awaited: the answer comes once the event is stored, i.e. after the outage.
    const pending = post([event('stall-1', '1999-06-02T10:00:00.000Z')])
    await until('stalled', async () => (await health()).anon.status === 'stalled')
    const h = await health()
    expect(h.code).toBe(503)
    expect(h.anon).toEqual({ status: 'stalled', store: { mode: 'embedded', ok: true } })
    expect(h.full.status).toBe('stalled')
    expect(h.full.ingest.buffered).toBe(1)
    expect(h.full.ingest.stallAfterSeconds).toBe(1)
    // Lag = time since reception (bounded by the wall clock this test measured), not since 1999.
    expect(h.full.ingest.lagSeconds).toBeGreaterThan(1)
    expect(h.full.ingest.lagSeconds).toBeLessThanOrEqual((Date.now() - receivedAt) / 1000)
    expect(await stored('stall-1')).toBe(0)

    await command('ALTER TABLE events DROP CONSTRAINT test_refuses_writes')
    expect((await pending).status).toBe(202)
    const after = await health()
    expect(after.code).toBe(200)
    expect(after.anon.status).toBe('ok')
    expect(after.full.ingest).toMatchObject({ buffered: 0, lagSeconds: 0 })
    expect(Date.parse(after.full.ingest.lastWriteAt)).toBeGreaterThan(receivedAt)
    expect(await stored('stall-1')).toBe(1)
  })
})

describe('/api/health with the Kafka consumer in this process', () => {
  let kafka: LocalKafka | undefined
  let producer: Producer | undefined
  let consumer: { stop(): Promise<void> } | undefined
  const TOPIC = 't-health'

  beforeAll(async () => {
    kafka = await startKafka()
    await createTopic(kafka.brokers, TOPIC, 1)
    producer = await openProducer(kafka.brokers)
    const { startConsumer } = await import('@/ingest/consumer')
    consumer = await startConsumer({ brokers: kafka.brokers, topic: TOPIC, groupId: 'g-health', log: () => {} })
  }, 180_000)
  afterAll(async () => {
    await consumer?.stop()
    await producer?.disconnect()
    await kafka?.stop()
  })

  it('while the store refuses the consumer’s writes: stalled (503) with its wait as the lag, then ok once stored', async () => {
    const send = (id: string) => producer!.send({ topic: TOPIC, acks: -1, messages: [{ key: id, value: JSON.stringify(event(id, '1999-06-03T10:00:00.000Z')) }] })
    await send('k-before')
    await until('k-before stored', async () => (await stored('k-before')) === 1)
    expect((await health()).code).toBe(200)

    await command('ALTER TABLE events ADD CONSTRAINT test_refuses_kafka CHECK 0')
    const sentAt = Date.now()
    await send('k-stall')
    await until('stalled', async () => (await health()).anon.status === 'stalled', 60_000)
    const h = await health()
    expect(h.code).toBe(503)
    expect(h.full.ingest.buffered).toBe(1)
    expect(h.full.ingest.lagSeconds).toBeGreaterThan(1)
    expect(h.full.ingest.lagSeconds).toBeLessThanOrEqual((Date.now() - sentAt) / 1000)
    expect(await stored('k-stall')).toBe(0)

    await command('ALTER TABLE events DROP CONSTRAINT test_refuses_kafka')
    await until('k-stall stored', async () => (await stored('k-stall')) === 1, 60_000)
    await until('ok again', async () => (await health()).code === 200)
    expect((await health()).full.ingest).toMatchObject({ buffered: 0, lagSeconds: 0 })
  }, 240_000)
})
