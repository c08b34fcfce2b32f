/**
 * Standalone ingest worker (`npm run ingest`): one consumer-group member. Run several for
 * more throughput (up to the topic's partition count). SIGTERM/SIGINT → stop fetching, write
 * what was already fetched, commit it, leave the group, exit 0.
 */
import { closeClickHouse } from '../lib/clickhouse'
import { migrate } from '../lib/migrate'
import { startConsumer } from './consumer'
import { kafkaBrokers } from './kafka'

async function main() {
  if (!kafkaBrokers().length) {
    console.error('KAFKA_BROKERS is not set: the standalone worker consumes from Kafka (e.g. KAFKA_BROKERS=127.0.0.1:9092).')
    process.exit(2)
  }
  await migrate((m) => console.log(m))
  const c = await startConsumer()
  let stopping = false
  const shutdown = async (sig: string) => {
    if (stopping) return
    stopping = true
    console.log(`[ingest] ${sig}: writing what was fetched, committing, exiting`)
    await c.stop()
    await closeClickHouse()
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
  c.consumer.on(c.consumer.events.CRASH, (e) => {
    // kafkajs restarts the consumer itself on retriable errors; log what happened.
    console.error(`[ingest] consumer crash (restart=${e.payload.restart}): ${e.payload.error.message}`)
    if (!e.payload.restart) process.exit(1)
  })
}

main().catch((e) => {
  console.error('[ingest] fatal:', e)
  process.exit(1)
})
