/**
 * Container healthchecks (docker-compose.yml), bundled as worker-health.mjs:
 *   node worker-health.mjs                   ingest worker: healthy when this container is a member
 *                                            of the consumer group KAFKA_GROUP (connected, joined).
 *                                            A worker stuck retrying ClickHouse still heartbeats and
 *                                            stays a member; its lag shows in /api/health (kafkaLag),
 *                                            and as `stalled` (503) on its own health port when
 *                                            started with PLATEAU_WORKER_HEALTH_PORT
 *                                            (ingest/health-server.ts).
 *   node worker-health.mjs --topic-has-data  demo producer: the topic KAFKA_TOPIC holds messages.
 * Exit 0 healthy, 1 unhealthy, 2 Kafka unreachable.
 */
import os from 'node:os'
import { Kafka, logLevel } from 'kafkajs'
import { kafkaBrokers, kafkaGroup, kafkaTopic } from '../ingest/kafka'

/** This container's own addresses, as the broker sees them in a member's clientHost ("/172.18.0.5"). */
export function ownAddresses(): Set<string> {
  const s = new Set<string>()
  for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) s.add(a.address)
  return s
}

export function isOwnMember(members: { clientHost: string }[], own: Set<string>): boolean {
  return members.some((m) => own.has(m.clientHost.replace(/^\//, '').replace(/^::ffff:/, '')))
}

async function main(): Promise<number> {
  const kafka = new Kafka({
    clientId: 'plateau-healthcheck',
    brokers: kafkaBrokers(),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    requestTimeout: 5000,
    retry: { retries: 1 },
  })
  const admin = kafka.admin()
  try {
    await admin.connect()
  } catch (e) {
    console.error(`kafka unreachable: ${(e as Error).message}`)
    return 2
  }
  try {
    if (process.argv.includes('--topic-has-data')) {
      const offsets = await admin.fetchTopicOffsets(kafkaTopic())
      const messages = offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0)
      console.log(`topic ${kafkaTopic()}: ${offsets.length} partition(s), ${messages} message(s)`)
      return messages > 0 ? 0 : 1
    }
    const { groups } = await admin.describeGroups([kafkaGroup()])
    const g = groups[0]
    const ok = !!g && isOwnMember(g.members, ownAddresses())
    console.log(`group ${kafkaGroup()} ${g?.state ?? 'missing'}: ${g?.members.length ?? 0} member(s), this worker ${ok ? 'is' : 'is NOT'} one`)
    return ok ? 0 : 1
  } finally {
    await admin.disconnect()
  }
}

if (process.argv[1] && /worker-health(\.ts|\.mjs)?$/.test(process.argv[1]))
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error(`healthcheck failed: ${(e as Error).message}`)
      process.exit(1)
    },
  )
