/**
 * Kafka → ClickHouse consumer. One member of the `plateau-ingest` consumer group; scale out by
 * running more (up to the partition count). Per fetched batch: validate, write events and dead
 * letters in one go (retrying until ClickHouse acknowledges), then commit the offsets.
 */
import type { Consumer, EachBatchPayload } from 'kafkajs'
import { parseEvent } from './events'
import { makeKafka, kafkaGroup, kafkaTopic } from './kafka'
import { deadLetter, toRow, type DeadLetterRow, type EventRow } from './rows'
import { StopRequested, writeBatch } from './sink'
import { ingestStats } from './stats'

export type ConsumerOptions = { brokers?: string[]; topic?: string; groupId?: string; log?: (m: string) => void }

export async function startConsumer(opts: ConsumerOptions = {}): Promise<{ stop(): Promise<void>; consumer: Consumer }> {
  const topic = opts.topic ?? kafkaTopic()
  const log = opts.log ?? ((m: string) => console.log(`[ingest] ${m}`))
  const kafka = makeKafka(`plateau-ingest-${process.pid}`, opts.brokers)
  const consumer = kafka.consumer({
    groupId: opts.groupId ?? kafkaGroup(),
    maxBytesPerPartition: 8 * 1024 * 1024,
    maxBytes: 32 * 1024 * 1024,
    maxWaitTimeInMs: 100,
    sessionTimeout: 30_000,
    heartbeatInterval: 3_000,
  })
  await consumer.connect()
  await consumer.subscribe({ topics: [topic], fromBeginning: true })
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 2,
    eachBatch: async (p) => handleBatch(p, consumer, log),
  })
  log(`consuming ${topic} as group ${opts.groupId ?? kafkaGroup()}`)
  return {
    consumer,
    async stop() {
      await consumer.disconnect() // waits for the batch in flight to finish and commit
    },
  }
}

async function handleBatch(
  { batch, heartbeat, isRunning, isStale }: EachBatchPayload,
  consumer: Consumer,
  log: (m: string) => void,
): Promise<void> {
  if (!batch.messages.length) return
  const now = Date.now()
  const events: EventRow[] = []
  const deadLetters: DeadLetterRow[] = []
  for (const m of batch.messages) {
    const raw = m.value ? m.value.toString('utf8') : ''
    const r = parseEvent(raw, now)
    if (r.ok) events.push(toRow(r.event, now))
    else
      deadLetters.push(
        deadLetter(raw, r.reason, { source: 'kafka', topic: batch.topic, partition: batch.partition, offset: m.offset }),
      )
  }
  try {
    await writeBatch({ events, deadLetters }, { onWait: heartbeat, shouldContinue: () => isRunning() && !isStale(), log })
  } catch (e) {
    if (e instanceof StopRequested) return // not committed: the next owner of the partition re-reads it
    throw e
  }
  const next = (BigInt(batch.lastOffset()) + 1n).toString()
  await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }])
  ingestStats.recordBatch(events, deadLetters.length)
}
