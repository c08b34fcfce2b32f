/**
 * Demo traffic for `docker compose --profile demo up`: the built-in demo generator
 * (ingest/demo.ts) writing to Kafka, exactly like an external producer would. The ingest
 * workers then consume it like any other traffic. SIGTERM/SIGINT → stop and flush.
 */
import { startDemo } from '../ingest/demo'
import { kafkaBrokers, kafkaTopic, sharedProducer } from '../ingest/kafka'

async function main() {
  if (!kafkaBrokers().length) {
    console.error('[demo] KAFKA_BROKERS is not set: the demo producer writes to Kafka.')
    process.exit(2)
  }
  await sharedProducer() // fail fast when Kafka is unreachable
  const stop = startDemo()
  console.log(`[demo] producing demo contact-center traffic to ${kafkaTopic()} on ${kafkaBrokers().join(',')}`)
  const shutdown = async () => {
    stop()
    await (await sharedProducer()).disconnect()
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown())
  process.on('SIGINT', () => void shutdown())
}

main().catch((e) => {
  console.error('[demo] fatal:', e)
  process.exit(1)
})
