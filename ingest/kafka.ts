/** Kafka settings shared by the consumer, the HTTP producer and the simulator. */
import { Kafka, logLevel, type Producer } from 'kafkajs'

export const kafkaBrokers = (): string[] =>
  (process.env.KAFKA_BROKERS || '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)

export const kafkaTopic = (): string => process.env.KAFKA_TOPIC || 'contact-center-events'
export const kafkaGroup = (): string => process.env.KAFKA_GROUP || 'plateau-ingest'

export function makeKafka(clientId: string, brokers = kafkaBrokers()): Kafka {
  return new Kafka({ clientId, brokers, logLevel: logLevel.WARN, retry: { retries: 8, initialRetryTime: 200 } })
}

const g = globalThis as unknown as { __plateauProducer?: Promise<Producer> }

/** One idempotent producer per process (HTTP ingest); acks=-1 so a 2xx means the event is durable. */
export function sharedProducer(): Promise<Producer> {
  if (!g.__plateauProducer) {
    g.__plateauProducer = (async () => {
      const p = makeKafka('plateau-http').producer({ idempotent: true, maxInFlightRequests: 1 })
      await p.connect()
      return p
    })()
    g.__plateauProducer.catch(() => (g.__plateauProducer = undefined))
  }
  return g.__plateauProducer
}
