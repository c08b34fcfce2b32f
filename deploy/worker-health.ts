/**
 * Container healthcheck of an ingest worker (`node worker-health.mjs`, see docker-compose.yml):
 * healthy when this container is a member of the consumer group — i.e. the worker is
 * connected to Kafka and has joined `KAFKA_GROUP`. A worker stuck retrying ClickHouse still
 * heartbeats and stays a member; its lag shows in /api/health (kafkaLag) instead.
 * Exit 0 healthy, 1 not a member, 2 Kafka unreachable.
 */
import os from 'node:os'
import { Kafka, logLevel } from 'kafkajs'
import { kafkaBrokers, kafkaGroup } from '../ingest/kafka'

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
