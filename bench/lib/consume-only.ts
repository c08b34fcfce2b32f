/**
 * Child process of bench/kafka-clients.ts: one Kafka client reads a whole topic as a fresh
 * consumer group (manual commits, the worker's fetch sizes), decoding each value to a string as
 * the worker does, commits the last offsets, and reports wall time and its own CPU time.
 * argv[2]: JSON { client: 'kafkajs' | 'platformatic', brokers, topic, group, expected }
 */
import { Kafka, logLevel } from 'kafkajs'
import { Consumer } from '@platformatic/kafka'

type Args = { client: 'kafkajs' | 'platformatic'; brokers: string[]; topic: string; group: string; expected: number }
const a = JSON.parse(process.argv[2]!) as Args

async function kafkajs(done: (n: number, bytes: number) => void): Promise<() => Promise<void>> {
  const c = new Kafka({ clientId: 'bench-kafkajs', brokers: a.brokers, logLevel: logLevel.WARN }).consumer({
    groupId: a.group,
    maxBytesPerPartition: 8 * 1024 * 1024,
    maxBytes: 32 * 1024 * 1024,
    maxWaitTimeInMs: 100,
  })
  await c.connect()
  await c.subscribe({ topics: [a.topic], fromBeginning: true })
  let n = 0
  let bytes = 0
  await c.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 16,
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary }) => {
      for (const m of batch.messages) bytes += m.value ? m.value.toString('utf8').length : 0
      n += batch.messages.length
      resolveOffset(batch.lastOffset())
      await commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() }] }] })
      done(n, bytes)
    },
  })
  return () => c.disconnect()
}

async function platformatic(done: (n: number, bytes: number) => void): Promise<() => Promise<void>> {
  const c = new Consumer({
    groupId: a.group,
    clientId: 'bench-platformatic',
    bootstrapBrokers: a.brokers,
    maxBytes: 32 * 1024 * 1024,
    maxWaitTime: 100,
  })
  const stream = await c.consume({ topics: [a.topic], mode: 'committed', fallbackMode: 'earliest', autocommit: false, maxBytes: 32 * 1024 * 1024, maxWaitTime: 100, highWaterMark: 65_536 })
  let n = 0
  let bytes = 0
  // Per partition, the last message: committed every 100 ms (kafkajs above commits once per batch,
  // the worker once per insert); a commit per message would measure the commits instead.
  const last = new Map<number, bigint>()
  let timer: NodeJS.Timeout | null = null
  const commit = () => {
    timer = null
    const offsets = [...last].map(([partition, offset]) => ({ topic: a.topic, partition, offset, leaderEpoch: 0 }))
    last.clear()
    const seen = n
    void c.commit({ offsets }).then(() => done(seen, bytes))
  }
  stream.on('data', (m) => {
    bytes += m.value ? m.value.toString('utf8').length : 0
    n++
    last.set(m.partition, m.offset + 1n)
    if (n >= a.expected) {
      if (timer) clearTimeout(timer)
      commit()
    } else timer ??= setTimeout(commit, 100)
  })
  stream.on('error', (e) => {
    console.error(e)
    process.exit(1)
  })
  return async () => {
    await stream.close()
    await c.close()
  }
}

async function main() {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  let first = 0
  let finished: (v: { n: number; bytes: number }) => void
  const all = new Promise<{ n: number; bytes: number }>((r) => (finished = r))
  const done = (n: number, bytes: number) => {
    if (!first) first = performance.now()
    if (n >= a.expected) finished({ n, bytes })
  }
  const close = await (a.client === 'kafkajs' ? kafkajs(done) : platformatic(done))
  const r = await all
  const t1 = performance.now()
  const cpu = process.cpuUsage(c0)
  await close()
  process.send!({ messages: r.n, bytes: r.bytes, seconds: (t1 - t0) / 1000, sinceFirst: (t1 - first) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, rssMiB: process.memoryUsage().rss / 2 ** 20 })
  setTimeout(() => process.exit(0), 100)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
