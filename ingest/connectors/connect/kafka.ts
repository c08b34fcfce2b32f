/**
 * Amazon Connect records from a Kafka topic (the usual Kinesis → Kafka bridge: one CTR or agent
 * event per message). Each batch is mapped, validated and handed to the pipeline (Kafka main
 * topic when KAFKA_BROKERS is set, else the embedded store); its offsets are committed only
 * after that, so a crash means redelivery — and redelivered records map to the same event ids.
 */
import type { Consumer } from 'kafkajs'
import { makeKafka } from '@/ingest/kafka'
import { feedMapped, type FeedSummary } from '../feed'
import { rejected } from '../mapped'
import { mapConnectLine, type ConnectOptions } from './map'

export type ConnectKafkaOptions = ConnectOptions & { brokers: string[]; topic: string; group: string; onBatch?: (s: FeedSummary) => void }

export async function startConnectConsumer(o: ConnectKafkaOptions): Promise<Consumer> {
  const consumer = makeKafka('plateau-connect', o.brokers).consumer({ groupId: o.group })
  await consumer.connect()
  await consumer.subscribe({ topics: [o.topic], fromBeginning: true })
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary }) => {
      const items = batch.messages.map((m) => {
        const raw = m.value?.toString('utf8') ?? ''
        return { raw, mapped: raw ? mapConnectLine(raw, o) : rejected('empty message') }
      })
      const s = await feedMapped(items, `connect:${o.topic}`)
      const last = batch.messages[batch.messages.length - 1]
      if (last) resolveOffset(last.offset)
      await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() }])
      await commitOffsetsIfNecessary()
      o.onBatch?.(s)
    },
  })
  return consumer
}
