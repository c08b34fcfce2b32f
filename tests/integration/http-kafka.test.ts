/**
 * HTTP ingest in Kafka mode (ingestLines with KAFKA_BROKERS set, real broker): a received line
 * goes to the topic as it was received (no re-serialisation), keyed by contact or agent; a line
 * padded beyond an event's size and an array item go re-serialised; rejected lines never reach
 * Kafka.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTopic, startKafka, type LocalKafka } from '../helpers/kafka'
import { readTopic } from '../helpers/pipeline'
import { freshStore } from '../helpers/store'

const TOPIC = 'http-kafka-lines'
let k: LocalKafka

beforeAll(async () => {
  await freshStore('plateau-http-kafka-')
  k = await startKafka()
  await createTopic(k.brokers, TOPIC, 2)
  process.env.KAFKA_BROKERS = k.brokers.join(',')
  process.env.KAFKA_TOPIC = TOPIC
}, 300_000)

afterAll(async () => {
  const { sharedProducer } = await import('@/ingest/kafka')
  await (await sharedProducer()).disconnect()
  delete process.env.KAFKA_BROKERS
  await k?.stop()
})

const ts = new Date(Date.now() - 60_000).toISOString()

describe('POST /api/events lines into Kafka', () => {
  it('sends each good line as received; a padded line and array items compact; bad lines not at all', async () => {
    const { ingestLines } = await import('@/ingest/pipeline')
    const { MAX_EVENT_SIZE } = await import('@/lib/contract/events')
    // Spacing and key order as a producer wrote them: kept byte for byte.
    const spaced = `{ "v": 1, "type": "agent.state", "event_id": "hk-1", "ts": "${ts}", "center_id": "c1", "agent_id": "a1", "state": "break", "note": "x" }`
    const padded = `{"v":1,"type":"contact.abandoned","event_id":"hk-2","ts":"${ts}","center_id":"c1","contact_id":"k2","queue_id":"q"}${' '.repeat(MAX_EVENT_SIZE)}`
    const bad = `{"v":1,"type":"contact.abandoned","event_id":"hk-bad","ts":"${ts}"}`
    const item = { v: 1, type: 'contact.abandoned', event_id: 'hk-3', ts, center_id: 'c1', contact_id: 'k3', queue_id: 'q' }
    const r = await ingestLines([spaced, padded, bad, item], 'http')
    expect(r).toMatchObject({ accepted: 3, rejected: 1, errors: [{ line: 3 }] })

    const got = await readTopic(k.brokers, TOPIC)
    const byKey = new Map(got.map((m) => [m.key, m.value]))
    expect(got).toHaveLength(3)
    expect(byKey.get('a1')).toBe(spaced)
    expect(byKey.get('k2')).toBe(padded.trimEnd())
    expect(JSON.parse(byKey.get('k3')!)).toEqual(item)
    expect(got.some((m) => m.value?.includes('hk-bad'))).toBe(false)
  }, 120_000)
})
