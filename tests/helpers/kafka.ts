/**
 * Real single-node Kafka for integration tests, via scripts/kafka-local.sh
 * (Apache Kafka jars from Maven Central, KRaft, loopback only).
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { Kafka, logLevel, type Admin } from 'kafkajs'

const run = promisify(execFile)
// import.meta.url (ESM, vitest, tsx) with a CommonJS fallback
const HERE = import.meta.url ? path.dirname(fileURLToPath(import.meta.url)) : __dirname
const SCRIPT = path.resolve(HERE, '../../scripts/kafka-local.sh')

export interface LocalKafka {
  brokers: string[]
  stop(): Promise<void>
}

/** Fetch jars if needed, then start a fresh broker (temp data dir) and wait until it is ready. */
export async function startKafka(opts: { port?: number } = {}): Promise<LocalKafka> {
  const free = await freePorts(2)
  const port = opts.port ?? free[0]!
  const controllerPort = free.find((p) => p !== port)!
  const dir = await mkdtemp(path.join(tmpdir(), 'plateau-kafka-'))
  try {
    await script(['fetch'], 600_000)
    await script(['start', '--daemon', '--port', `${port}`, '--controller-port', `${controllerPort}`, '--dir', dir], 120_000)
  } catch (err) {
    await rm(dir, { recursive: true, force: true })
    throw err
  }
  const brokers = [`127.0.0.1:${port}`]

  // If the test process dies without calling stop(), don't leave a JVM behind.
  const pid = Number(await readFile(path.join(dir, 'kafka.pid'), 'utf8'))
  const killOnExit = () => {
    try {
      process.kill(pid, 'SIGTERM')
    } catch {
      /* already gone */
    }
  }
  process.once('exit', killOnExit)

  // Create __consumer_offsets now, so the first consumer group doesn't log COORDINATOR_NOT_AVAILABLE.
  await withAdmin(brokers, (admin) => admin.describeGroups(['plateau-warmup']), logLevel.NOTHING).catch(() => {})

  return {
    brokers,
    async stop() {
      process.off('exit', killOnExit)
      await script(['stop', '--dir', dir], 60_000)
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** Create a topic and wait until metadata shows a leader for every partition. */
export async function createTopic(brokers: string[], topic: string, partitions: number): Promise<void> {
  await withAdmin(brokers, async (admin) => {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }], waitForLeaders: true })
    await poll(`metadata for ${topic}`, 30_000, async () => {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] })
      const parts = topics[0]?.partitions ?? []
      return parts.length === partitions && parts.every((p) => p.leader >= 0)
    })
  })
}

/** Wait until the group's committed offset equals the high watermark on every partition of `topic`. */
export async function waitForGroupCaughtUp(
  brokers: string[],
  groupId: string,
  topic: string,
  timeoutMs: number,
): Promise<void> {
  await withAdmin(brokers, (admin) =>
    poll(`group ${groupId} to catch up on ${topic}`, timeoutMs, async () => {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] })
      const highs = await admin.fetchTopicOffsets(topic)
      return highs.every(({ partition, high }) => {
        const c = committed?.partitions.find((p) => p.partition === partition)?.offset ?? '-1'
        return BigInt(high) === 0n || BigInt(c) === BigInt(high)
      })
    }),
  )
}

// --- internals ---------------------------------------------------------------

async function script(args: string[], timeout: number): Promise<string> {
  try {
    const { stdout } = await run('bash', [SCRIPT, ...args], { timeout, maxBuffer: 16 * 1024 * 1024 })
    return stdout
  } catch (err) {
    const e = err as { stderr?: string; message: string }
    throw new Error(`kafka-local.sh ${args.join(' ')} failed: ${e.message}\n${e.stderr ?? ''}`)
  }
}

async function withAdmin<T>(brokers: string[], fn: (admin: Admin) => Promise<T>, level = logLevel.WARN): Promise<T> {
  const admin = new Kafka({ clientId: 'plateau-test-admin', brokers, logLevel: level }).admin()
  await admin.connect()
  try {
    return await fn(admin)
  } finally {
    await admin.disconnect()
  }
}

async function poll(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

/** Distinct free loopback ports (servers are held open together so they can't collide). */
async function freePorts(n: number): Promise<number[]> {
  const servers: Server[] = []
  try {
    for (let i = 0; i < n; i++) {
      const srv = createServer()
      servers.push(srv)
      await new Promise<void>((resolve, reject) => srv.once('error', reject).listen(0, '127.0.0.1', resolve))
    }
    return servers.map((s) => (s.address() as { port: number }).port)
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))))
  }
}
