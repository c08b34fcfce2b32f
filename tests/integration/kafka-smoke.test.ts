/**
 * Smoke test of the local Kafka broker (scripts/kafka-local.sh) with kafkajs:
 * admin topic creation, keyed produce, consumer-group consume + commit.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { Kafka, logLevel, Partitioners, type Consumer, type Producer } from 'kafkajs'
import { createTopic, startKafka, waitForGroupCaughtUp, type LocalKafka } from '../helpers/kafka'

const TOPIC = 'smoke-events'
const GROUP = 'smoke-group'
const PARTITIONS = 6
const COUNT = 1000

describe('local Kafka broker', () => {
  let kafka: LocalKafka
  let client: Kafka
  let producer: Producer | undefined
  let consumer: Consumer | undefined

  beforeAll(async () => {
    const t0 = Date.now()
    kafka = await startKafka()
    console.log(`broker ${kafka.brokers.join(',')} ready in ${Date.now() - t0} ms`)
    client = new Kafka({ clientId: 'kafka-smoke', brokers: kafka.brokers, logLevel: logLevel.WARN })
    await createTopic(kafka.brokers, TOPIC, PARTITIONS)
  }, 180_000)

  afterAll(async () => {
    await producer?.disconnect()
    await consumer?.disconnect()
    await kafka?.stop()
  }, 60_000)

  it('produces and consumes 1000 keyed messages through a consumer group', async () => {
    producer = client.producer({ createPartitioner: Partitioners.DefaultPartitioner })
    await producer.connect()
    const messages = Array.from({ length: COUNT }, (_, i) => ({ key: `agent-${i % 97}`, value: `event-${i}` }))
    await producer.send({ topic: TOPIC, messages })

    consumer = client.consumer({ groupId: GROUP, maxWaitTimeInMs: 500 }) // short fetch long-poll: faster disconnect
    await consumer.connect()
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true })

    const values = new Set<string>()
    const partitionsSeen = new Set<number>()
    const c = consumer
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${values.size}/${COUNT} messages after 60 s`)), 60_000)
      c.run({
        autoCommit: false,
        eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
          for (const m of batch.messages) {
            values.add(m.value!.toString())
            resolveOffset(m.offset)
          }
          partitionsSeen.add(batch.partition)
          const next = (BigInt(batch.lastOffset()) + 1n).toString()
          await c.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }])
          await heartbeat()
          if (values.size >= COUNT) {
            clearTimeout(timer)
            resolve()
          }
        },
      }).catch(reject)
    })

    expect(values.size).toBe(COUNT)
    expect(partitionsSeen.size).toBe(PARTITIONS)
    // Committed offsets (fetched via admin while the consumer is still in the group) match the high watermarks.
    await expect(waitForGroupCaughtUp(kafka.brokers, GROUP, TOPIC, 30_000)).resolves.toBeUndefined()
  }, 120_000)
})
