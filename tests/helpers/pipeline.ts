/**
 * Kafka-side helpers for the pipeline tests and the ingest benchmark: produce, read a topic back
 * with partition/offset, committed offsets vs high watermarks, consumer-group assignments; and
 * the per-file set-up of the pipeline tests (pipelineSuite: one broker, an admin client, a topic,
 * group and data dir per test, the standalone worker on them).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { AssignerProtocol, Kafka, logLevel, Partitioners, type Admin, type Producer } from 'kafkajs'
import { createTopic, startKafka, type LocalKafka } from './kafka'
import { killAllWorkers, startWorker, type WorkerProcess } from './worker'

export type Msg = { key: string | null; value: string | null }

export function kafkaClient(brokers: string[], clientId = 'plateau-test'): Kafka {
  return new Kafka({ clientId, brokers, logLevel: logLevel.WARN, retry: { retries: 8, initialRetryTime: 200 } })
}

export async function openProducer(brokers: string[]): Promise<Producer> {
  const p = kafkaClient(brokers, 'plateau-test-producer').producer({
    createPartitioner: Partitioners.DefaultPartitioner, // Java-compatible murmur2 on the key
    allowAutoTopicCreation: false,
  })
  await p.connect()
  return p
}

/** Produce `messages` in order, `chunk` per request (acks=all). */
export async function produce(brokers: string[], topic: string, messages: Msg[], chunk = 5000, producer?: Producer): Promise<void> {
  const p = producer ?? (await openProducer(brokers))
  try {
    for (let i = 0; i < messages.length; i += chunk) {
      await p.send({ topic, acks: -1, messages: messages.slice(i, i + chunk) })
    }
  } finally {
    if (!producer) await p.disconnect()
  }
}

/**
 * Produce at a steady pace: `perTick` messages every `tickMs`, calling `onTick(sentSoFar)` after
 * each request (e.g. to kill a worker half way).
 */
export async function produceStream(
  producer: Producer,
  topic: string,
  messages: Msg[],
  opts: { perTick: number; tickMs: number; onTick?: (sent: number) => Promise<void> | void },
): Promise<void> {
  const t0 = Date.now()
  for (let i = 0, tick = 0; i < messages.length; i += opts.perTick, tick++) {
    const wait = t0 + tick * opts.tickMs - Date.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    await producer.send({ topic, acks: -1, messages: messages.slice(i, i + opts.perTick) })
    await opts.onTick?.(Math.min(i + opts.perTick, messages.length))
  }
}

export type Located = { partition: number; offset: bigint; key: string | null; value: string | null }

/** Read the whole topic (up to the current high watermarks) with partition and offset of every message. */
export async function readTopic(brokers: string[], topic: string, timeoutMs = 60_000): Promise<Located[]> {
  const kafka = kafkaClient(brokers, 'plateau-test-reader')
  const high = await withAdmin(brokers, (a) => a.fetchTopicOffsets(topic))
  const target = new Map(high.map((h) => [h.partition, BigInt(h.high)]))
  const remaining = new Set(high.filter((h) => BigInt(h.high) > 0n).map((h) => h.partition))
  const out: Located[] = []
  if (!remaining.size) return out
  const consumer = kafka.consumer({ groupId: `reader-${topic}-${Date.now()}-${Math.random().toString(36).slice(2)}`, maxWaitTimeInMs: 200 })
  await consumer.connect()
  await consumer.subscribe({ topics: [topic], fromBeginning: true })
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`readTopic ${topic}: ${out.length} messages after ${timeoutMs} ms`)), timeoutMs)
      consumer
        .run({
          eachBatch: async ({ batch }) => {
            for (const m of batch.messages) {
              const offset = BigInt(m.offset)
              if (offset >= target.get(batch.partition)!) continue
              out.push({ partition: batch.partition, offset, key: m.key?.toString() ?? null, value: m.value?.toString() ?? null })
              if (offset === target.get(batch.partition)! - 1n) remaining.delete(batch.partition)
            }
            if (!remaining.size) {
              clearTimeout(timer)
              resolve()
            }
          },
        })
        .catch(reject)
    })
  } finally {
    await consumer.disconnect()
  }
  return out
}

export type GroupProgress = { committed: Map<number, bigint>; high: Map<number, bigint>; committedTotal: bigint; highTotal: bigint }

/** Committed offsets of `groupId` (0 when none) and high watermarks of `topic`, per partition. */
export async function groupProgress(admin: Admin, groupId: string, topic: string): Promise<GroupProgress> {
  const [c] = await admin.fetchOffsets({ groupId, topics: [topic] })
  const highs = await admin.fetchTopicOffsets(topic)
  const committed = new Map<number, bigint>()
  const high = new Map<number, bigint>()
  for (const h of highs) {
    high.set(h.partition, BigInt(h.high))
    const o = c?.partitions.find((p) => p.partition === h.partition)?.offset ?? '-1'
    committed.set(h.partition, BigInt(o) < 0n ? 0n : BigInt(o))
  }
  const sum = (m: Map<number, bigint>) => [...m.values()].reduce((a, b) => a + b, 0n)
  return { committed, high, committedTotal: sum(committed), highTotal: sum(high) }
}

export type Member = { memberId: string; clientId: string; partitions: number[] }

/** Current members of a consumer group and the partitions of `topic` each one owns. */
export async function groupMembers(admin: Admin, groupId: string, topic: string): Promise<{ state: string; members: Member[] }> {
  const { groups } = await admin.describeGroups([groupId])
  const g = groups[0]!
  return {
    state: g.state,
    members: g.members.map((m) => {
      const a = m.memberAssignment.length ? AssignerProtocol.MemberAssignment.decode(m.memberAssignment) : null
      return { memberId: m.memberId, clientId: m.clientId, partitions: [...(a?.assignment[topic] ?? [])].sort((x, y) => x - y) }
    }),
  }
}

export async function withAdmin<T>(brokers: string[], fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafkaClient(brokers, 'plateau-test-admin').admin()
  await admin.connect()
  try {
    return await fn(admin)
  } finally {
    await admin.disconnect()
  }
}

/** Poll `check` every `everyMs` until it returns true. */
export async function until(what: string, timeoutMs: number, check: () => Promise<boolean> | boolean, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}

/** One test's own topic `t-<name>`, consumer group `g-<name>` and worker data dir. */
export type PipelineSetup = { topic: string; group: string; dir: string }

/**
 * The shared set-up of a pipeline test file (no vitest import here: the benchmark imports this
 * module too). Call `start` in beforeAll and `stop` in afterAll:
 *
 *   const pipe = pipelineSuite({ adminClientId: 'pipeline-test-admin', dirPrefix: 'plateau-pipe' })
 *   beforeAll(pipe.start)
 *   afterAll(pipe.stop)
 *   const s = await pipe.setup('dups'); const w = await pipe.worker(s); … pipe.brokers, pipe.admin
 */
export function pipelineSuite(o: { adminClientId: string; dirPrefix: string; workerEnv?: Record<string, string> }) {
  let kafka: LocalKafka | undefined
  let admin: Admin | undefined
  const paths: string[] = []
  const started = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('pipelineSuite: call start() first (in beforeAll)')
    return v
  }
  return {
    get brokers(): string[] {
      return started(kafka).brokers
    },
    get admin(): Admin {
      return started(admin)
    },
    async start(): Promise<void> {
      kafka = await startKafka()
      admin = kafkaClient(kafka.brokers, o.adminClientId).admin()
      await admin.connect()
    },
    async stop(): Promise<void> {
      killAllWorkers()
      await admin?.disconnect()
      await kafka?.stop()
      for (const d of paths) fs.rmSync(d, { recursive: true, force: true })
    },
    /** Remove `p` (a file or dir) in stop(). */
    removeAtStop(p: string): void {
      paths.push(p)
    },
    async setup(name: string, partitions = 6): Promise<PipelineSetup> {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${o.dirPrefix}-${name}-`))
      paths.push(dir)
      await createTopic(started(kafka).brokers, `t-${name}`, partitions)
      return { topic: `t-${name}`, group: `g-${name}`, dir }
    },
    /** The standalone worker on a setup; `env` is added to the suite's `workerEnv`. */
    worker(s: PipelineSetup, env: Record<string, string> = {}): Promise<WorkerProcess> {
      return startWorker({ brokers: started(kafka).brokers, dataDir: s.dir, topic: s.topic, group: s.group, env: { ...o.workerEnv, ...env } })
    },
  }
}
