/**
 * Property (fast-check): whatever a producer puts in the string fields of a v1 event — arbitrary
 * code points, lone surrogates, control characters, strings of up to 80,000 characters, hostile
 * extra fields — and whatever bytes a Kafka message holds, every event ends exactly once either
 * in `events` or in `dead_letters`, and the next good event is still stored.
 *
 * HTTP: POST /api/events (the real route handler) → write buffer → sink → embedded chdb.
 * Kafka: a real broker (tests/helpers/kafka.ts) and the real consumer (ingest/consumer.ts) running
 * in this process on the same embedded store, so each run is checked as soon as it is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Producer } from 'kafkajs'
import { NextRequest } from 'next/server'
import { freshStore } from '../helpers/store'
import { createTopic, startKafka, waitForGroupCaughtUp, type LocalKafka } from '../helpers/kafka'
import { openProducer, until } from '../helpers/pipeline'
import { buildHostile, hostileEvent, validEvent } from '../helpers/poison'

const KEY = 'properties-test-key-0123456789'
Object.assign(process.env, {
  PLATEAU_API_KEYS: `props:${KEY}`,
  PLATEAU_EVENTS_RATE_PER_SEC: '100000',
  PLATEAU_EVENTS_BURST: '100000',
  PLATEAU_DEMO: '0',
  PLATEAU_FACTS_REFRESH_MS: '0',
  PLATEAU_REPORT_SCHEDULER: '0',
  PLATEAU_EXECUTIVE_WARM_MS: '0',
  PLATEAU_FLUSH_MS: '10',
})
delete process.env.KAFKA_BROKERS // HTTP ingest writes through the in-process buffer

const RUNS = Number(process.env.PLATEAU_PROPERTY_RUNS || 40)
let postEvents: typeof import('@/app/api/events/route').POST
let queryRows: typeof import('@/lib/clickhouse').queryRows

beforeAll(async () => {
  await freshStore('plateau-props-')
  ;({ POST: postEvents } = await import('@/app/api/events/route'))
  ;({ queryRows } = await import('@/lib/clickhouse'))
})

/** Each run its own second: no two generated events share a ReplacingMergeTree key. */
const tsOf = (base: number, run: number) => new Date(base + run * 1000).toISOString()
const needle = (probe: string) => `"probe":${JSON.stringify(probe)}`
const count = async (sql: string, probe: string) => Number((await queryRows<{ n: string }>(sql, { p: needle(probe) }))[0]!.n)
const storedCount = (probe: string) => count('SELECT count() AS n FROM events WHERE position(extra, {p:String}) > 0', probe)
// Rows the store itself refused are dead-lettered base64-encoded: decoded before searching.
const deadCount = (probe: string) =>
  count("SELECT count() AS n FROM dead_letters WHERE position(if(startsWith(raw, 'base64:'), tryBase64Decode(substring(raw, 8)), raw), {p:String}) > 0", probe)
const post = (body: string) =>
  postEvents(new NextRequest('http://localhost/api/events', { method: 'POST', headers: { 'x-api-key': KEY, 'content-type': 'application/json' }, body }))
const goodEvent = (probe: string, ts: string) => ({ probe, ...validEvent('contact.queued', probe, ts) })

describe('hostile strings through HTTP', () => {
  it('every event is stored or dead-lettered exactly once, and the next good event is stored', async () => {
    const base = Date.parse('2026-10-01T00:00:00Z')
    let run = 0
    const outcome = { stored: 0, dead: 0 }
    await fc.assert(
      fc.asyncProperty(hostileEvent, async (h) => {
        const n = run++
        const probe = `pp-h-${n}`
        const e = buildHostile(h, probe, `ev-h-${n}`, tsOf(base, n))
        const res = await post(JSON.stringify(e))
        const body = (await res.json()) as { accepted: number; rejected: number }
        const [stored, dead] = [await storedCount(probe), await deadCount(probe)]
        expect(stored + dead).toBe(1)
        expect(body.accepted).toBe(stored) // 202 ⇔ stored; 400 ⇔ dead-lettered with a reason
        expect(res.status).toBe(stored ? 202 : 400)
        outcome.stored += stored
        outcome.dead += dead
        const ok = `pp-h-${n}-ok`
        expect((await post(JSON.stringify(goodEvent(ok, tsOf(base + 500, n))))).status).toBe(202)
        expect(await storedCount(ok)).toBe(1)
      }),
      { numRuns: RUNS, seed: Number(process.env.PLATEAU_PROPERTY_SEED || 1414), endOnFailure: true },
    )
    expect(outcome.stored + outcome.dead).toBe(RUNS)
    expect(outcome.dead).toBeGreaterThan(0) // the generator really produced poison
    expect(outcome.stored).toBeGreaterThan(0) // and hostile but valid values (stored as sent)
  }, 180_000)
})

describe('hostile strings and bytes through Kafka', () => {
  let kafka: LocalKafka | undefined
  let producer: Producer | undefined
  let consumer: { stop(): Promise<void> } | undefined
  const TOPIC = 't-props'
  const GROUP = 'g-props'
  const logs: string[] = []

  beforeAll(async () => {
    kafka = await startKafka()
    await createTopic(kafka.brokers, TOPIC, 3)
    producer = await openProducer(kafka.brokers)
    const { startConsumer } = await import('@/ingest/consumer')
    consumer = await startConsumer({ brokers: kafka.brokers, topic: TOPIC, groupId: GROUP, log: (m) => logs.push(m) })
  }, 180_000)
  afterAll(async () => {
    await consumer?.stop()
    await producer?.disconnect()
    await kafka?.stop()
  })

  // A message is a hostile event as JSON, or arbitrary bytes after a probe (invalid UTF-8 included).
  const message = fc.oneof(
    { arbitrary: hostileEvent.map((h) => ({ h, bytes: null as Uint8Array | null })), weight: 4 },
    { arbitrary: fc.uint8Array({ maxLength: 3000 }).map((bytes) => ({ h: null, bytes })), weight: 1 },
  )

  it('every message is stored or dead-lettered exactly once, the partition keeps flowing, nothing is counted twice', async () => {
    const base = Date.parse('2026-10-02T00:00:00Z')
    let run = 0
    const probes: string[] = []
    await fc.assert(
      fc.asyncProperty(message, async ({ h, bytes }) => {
        const n = run++
        const probe = `pp-k-${n}`
        probes.push(probe)
        const value = h
          ? Buffer.from(JSON.stringify(buildHostile(h, probe, `ev-k-${n}`, tsOf(base, n))), 'utf8')
          : Buffer.concat([Buffer.from(`{${needle(probe)}`), Buffer.from(bytes!)])
        const ok = `pp-k-${n}-ok`
        // Same key → same partition: the good event queues behind the poison.
        const key = `key-${n % 7}`
        await producer!.send({ topic: TOPIC, acks: -1, messages: [{ key, value }, { key, value: JSON.stringify(goodEvent(ok, tsOf(base + 500, n))) }] })
        await until(`${ok} stored`, 60_000, async () => (await storedCount(ok)) === 1)
        await until(`${probe} stored or dead-lettered`, 60_000, async () => (await storedCount(probe)) + (await deadCount(probe)) >= 1)
        expect((await storedCount(probe)) + (await deadCount(probe))).toBe(1)
      }),
      { numRuns: RUNS, seed: Number(process.env.PLATEAU_PROPERTY_SEED || 1414), endOnFailure: true },
    )
    // Every offset committed, and only then the final count: each message once, nowhere twice.
    await waitForGroupCaughtUp(kafka!.brokers, GROUP, TOPIC, 60_000)
    let stored = 0
    let dead = 0
    for (const p of probes) {
      const [s, d] = [await storedCount(p), await deadCount(p)]
      expect(s + d, p).toBe(1)
      stored += s
      dead += d
    }
    expect(stored + dead).toBe(RUNS)
    expect(dead).toBeGreaterThan(0)
    expect(stored).toBeGreaterThan(0)
    const kafkaDead = Number((await queryRows<{ n: string }>(`SELECT count() AS n FROM dead_letters WHERE position(if(startsWith(raw, 'base64:'), tryBase64Decode(substring(raw, 8)), raw), '"probe":"pp-k-') > 0`))[0]!.n)
    expect(kafkaDead).toBe(dead) // no dead letter twice (a good event's included)
    const probed = Number((await queryRows<{ n: string }>(`SELECT count() AS n FROM events WHERE position(extra, '"probe":"pp-k-') > 0`))[0]!.n)
    expect(probed).toBe(stored + RUNS) // the hostile ones stored + one good event per run
  }, 300_000)
})
