/**
 * Standalone ingest worker (`npm run ingest`): one consumer-group member. Run several for
 * more throughput (up to the topic's partition count). SIGTERM/SIGINT → stop fetching, write
 * what was already fetched, commit it, leave the group, exit 0.
 * With PLATEAU_WORKER_HEALTH_PORT, GET /health on that port says ok / stalled / degraded
 * (ingest/health-server.ts).
 */
import { closeClickHouse } from '../lib/clickhouse'
import { migrate } from '../lib/migrate'
import { startConsumer } from './consumer'
import { listeningPort, serveWorkerHealth, workerHealthPort } from './health-server'
import { kafkaBrokers } from './kafka'

async function main() {
  if (!kafkaBrokers().length) {
    console.error('KAFKA_BROKERS is not set: the standalone worker consumes from Kafka (e.g. KAFKA_BROKERS=127.0.0.1:9092).')
    process.exit(2)
  }
  let healthPort: number | null
  try {
    healthPort = workerHealthPort()
  } catch (e) {
    console.error((e as Error).message)
    process.exit(2)
  }
  await migrate((m) => console.log(m))
  const c = await startConsumer()
  const health = healthPort === null ? null : await serveWorkerHealth(healthPort)
  if (health) console.log(`[ingest] health on port ${listeningPort(health)} (GET /health)`)
  let stopping = false
  const shutdown = async (sig: string) => {
    if (stopping) return
    stopping = true
    console.log(`[ingest] ${sig}: writing what was fetched, committing, exiting`)
    health?.close()
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
