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
  // How long the group waits for a crashed (kill -9) member before handing its partitions to
  // the others. Default 30 s; the broker accepts 6 s and up (group.min.session.timeout.ms).
  const sessionTimeout = Number(process.env.KAFKA_SESSION_TIMEOUT_MS || 30_000)
  const consumer = kafka.consumer({
    groupId: opts.groupId ?? kafkaGroup(),
    maxBytesPerPartition: 8 * 1024 * 1024,
    maxBytes: 32 * 1024 * 1024,
    maxWaitTimeInMs: 100,
    sessionTimeout,
    heartbeatInterval: Math.min(3_000, Math.floor(sessionTimeout / 3)),
  })
  await consumer.connect()
  await consumer.subscribe({ topics: [topic], fromBeginning: true })
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 2,
    eachBatch: async (p) => handleBatch(p, log),
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
  { batch, heartbeat, isRunning, isStale, resolveOffset, commitOffsetsIfNecessary }: EachBatchPayload,
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
  // Not `consumer.commitOffsets`: that silently skips the commit once the consumer is stopping
  // (kafkajs checks `running`), so the batch in flight at SIGTERM was stored but not committed.
  // This path commits directly to the group coordinator; the group is left only afterwards.
  await commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }] })
  // With eachBatchAutoResolve off, kafkajs fetches from the last *resolved* offset, not the
  // committed one: without this the same messages were fetched (and re-inserted) again and again.
  resolveOffset(batch.lastOffset())
  ingestStats.recordBatch(events, deadLetters.length)
}
