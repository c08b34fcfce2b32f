/**
 * Amazon Connect CTRs through real Kafka: CTRs produced on a "connect-ctr" topic (as a Kinesis →
 * Kafka bridge would), the Connect consumer maps them and produces v1 events to the main topic,
 * the standalone worker stores them in its own embedded store. The same CTRs delivered twice
 * (a bridge replay) are counted once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Consumer } from 'kafkajs'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createTopic, waitForGroupCaughtUp } from '../helpers/kafka'
import { pipelineSuite, produce, until } from '../helpers/pipeline'
import { queryStore } from '../helpers/worker'

const pipe = pipelineSuite({ adminClientId: 'connect-kafka-admin', dirPrefix: 'plateau-connect' })
beforeAll(pipe.start, 120_000)
afterAll(pipe.stop)

const iso = (hms: string) => `2026-11-10T${hms}.000Z`
const ctr = (id: string, enq: string, deq: string, agent?: { user: string; at: string; talk: number; hold: number; acwEnd: string; acw: number; end: string }) => ({
  ContactId: id, Channel: 'VOICE', InitiationMethod: 'INBOUND', DisconnectTimestamp: iso(agent?.end ?? deq),
  Queue: { Name: 'sales', EnqueueTimestamp: iso(enq), DequeueTimestamp: iso(deq) },
  Agent: agent ? { Username: agent.user, ConnectedToAgentTimestamp: iso(agent.at), AgentInteractionDuration: agent.talk, CustomerHoldDuration: agent.hold,
    AfterContactWorkStartTimestamp: iso(agent.end), AfterContactWorkEndTimestamp: iso(agent.acwEnd), AfterContactWorkDuration: agent.acw } : null,
})
// k1 answered after 10 s (talk 120, hold 5, ACW 15); k2 abandoned after 40 s.
const CTRS = [
  ctr('k1', '09:00:00', '09:00:10', { user: 'alice', at: '09:00:10', talk: 120, hold: 5, end: '09:02:15', acwEnd: '09:02:30', acw: 15 }),
  ctr('k2', '09:05:00', '09:05:40'),
]

let consumer: Consumer | undefined
afterAll(async () => {
  await consumer?.disconnect()
})

it('CTRs from a Kafka topic reach the store once, even when replayed', async () => {
  const s = await pipe.setup('connect-main', 2)
  await createTopic(pipe.brokers, 'connect-ctr', 2)
  const w = await pipe.worker(s)
  process.env.PLATEAU_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-connect-bridge-'))
  process.env.KAFKA_BROKERS = pipe.brokers.join(',')
  process.env.KAFKA_TOPIC = s.topic
  const { startConnectConsumer } = await import('@/ingest/connectors/connect/kafka')
  let mapped = 0
  consumer = await startConnectConsumer({ center: 'cx', brokers: pipe.brokers, topic: 'connect-ctr', group: 'connect-bridge', onBatch: (b) => (mapped += b.records) })
  const msgs = CTRS.map((c) => ({ key: c.ContactId, value: JSON.stringify(c) }))
  await produce(pipe.brokers, 'connect-ctr', [...msgs, ...msgs]) // delivered twice
  await until('both deliveries mapped', 60_000, () => mapped === 4)
  // The bridge produced both deliveries to the main topic; the worker stores them and commits.
  await waitForGroupCaughtUp(pipe.brokers, s.group, s.topic, 60_000)
  await w.stop()
  const r = await queryStore<Record<string, string>>(s.dir, {
    queries: {
      c: `SELECT count() AS n, uniqExact(event_id) AS u, countIf(type = 'contact.queued') AS q FROM events FINAL WHERE center_id = 'cx'`,
      e: `SELECT talk_s, hold_s FROM events FINAL WHERE center_id = 'cx' AND type = 'contact.ended'`,
    },
  })
  // k1 → queued, answered, ended, wrapped (4); k2 → queued, abandoned (2); the replay adds nothing.
  expect(Number(r.c![0]!.n)).toBe(4 + 2)
  expect(Number(r.c![0]!.u)).toBe(4 + 2)
  expect(Number(r.c![0]!.q)).toBe(2)
  expect(r.e!.map((x) => [Number(x.talk_s), Number(x.hold_s)])).toEqual([[120, 5]])
}, 240_000)
