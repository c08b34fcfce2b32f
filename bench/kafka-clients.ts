/**
 * `npx tsx bench/kafka-clients.ts` — the Kafka client alone: kafkajs vs @platformatic/kafka
 * reading the same topic in the same run, with kcat as the ceiling.
 *
 * One local broker (tests/helpers/kafka.ts); BENCH_EVENTS (1,000,000) realistic events
 * (~240 bytes, tests/helpers/contact-events.ts) on BENCH_PARTITIONS (6) partitions. Then, for
 * BENCH_ROUNDS (2) rounds alternating the clients: each reads the whole topic in its own child
 * process (bench/lib/consume-only.ts) as a fresh consumer group — manual commits, the worker's
 * fetch sizes, every value decoded to a string — and reports wall time and its own CPU time.
 * Prints the table; nothing is appended (figures go to BENCHMARKS.md by hand with the load).
 */
import { fork, spawn } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import { createTopic, startKafka, type LocalKafka } from '../tests/helpers/kafka'
import { generateEvents, toMessage } from '../tests/helpers/contact-events'
import { openProducer } from '../tests/helpers/pipeline'
import { REPO } from '../tests/helpers/worker'
import { machine } from './lib/machine'

const EVENTS = Number(process.env.BENCH_EVENTS || 1_000_000)
const PARTITIONS = Number(process.env.BENCH_PARTITIONS || 6)
const ROUNDS = Number(process.env.BENCH_ROUNDS || 2)
const TOPIC = 'bench-clients'
const CHUNK = 50_000
const log = (m: string) => console.log(`[bench] ${m}`)
const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ')

async function produceAll(k: LocalKafka): Promise<void> {
  await createTopic(k.brokers, TOPIC, PARTITIONS)
  const producer = await openProducer(k.brokers)
  for (let c = 0; c * CHUNK < EVENTS; c++) {
    const msgs = generateEvents({ events: Math.min(CHUNK, EVENTS - c * CHUNK), seed: 100 + c, prefix: `b${c}` }).map(toMessage)
    const sends = []
    for (let i = 0; i < msgs.length; i += 10_000) sends.push(producer.send({ topic: TOPIC, acks: -1, messages: msgs.slice(i, i + 10_000) }))
    await Promise.all(sends)
  }
  await producer.disconnect()
}

async function kcat(k: LocalKafka): Promise<number> {
  const t0 = performance.now()
  const child = spawn('kcat', ['-b', k.brokers[0]!, '-C', '-t', TOPIC, '-o', 'beginning', '-e', '-q'], { stdio: ['ignore', 'pipe', 'inherit'] })
  let lines = 0
  child.stdout.on('data', (d: Buffer) => {
    for (let i = d.indexOf(10); i !== -1; i = d.indexOf(10, i + 1)) lines++
  })
  const code = await new Promise<number | null>((r) => child.once('close', r))
  if (code !== 0 || lines !== EVENTS) throw new Error(`kcat exited ${code} after ${lines} messages`)
  return (performance.now() - t0) / 1000
}

type Run = { messages: number; seconds: number; sinceFirst: number; cpuSeconds: number; rssMiB: number }

function consume(k: LocalKafka, client: string, round: number): Promise<Run> {
  const args = { client, brokers: k.brokers, topic: TOPIC, group: `bench-${client}-${round}-${Date.now()}`, expected: EVENTS }
  const child = fork(path.join(REPO, 'bench/lib/consume-only.ts'), [JSON.stringify(args)], { cwd: REPO, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  return new Promise((resolve, reject) => {
    let got: Run | undefined
    child.on('message', (m) => (got = m as Run))
    child.once('exit', (code) => (got && got.messages >= EVENTS ? resolve(got) : reject(new Error(`${client} exited ${code} with ${JSON.stringify(got)}`))))
  })
}

async function main() {
  const m = machine()
  log(`machine: ${m.nproc} cpu (${m.cpu}), node ${m.node}, ${m.kcat}; load average ${load()}`)
  const k = await startKafka()
  try {
    log(`producing ${fmt(EVENTS)} events into ${TOPIC} (${PARTITIONS} partitions)…`)
    await produceAll(k)
    const rows: string[] = []
    const per: Record<string, Run[]> = { kafkajs: [], platformatic: [] }
    const kc: number[] = []
    for (let r = 1; r <= ROUNDS; r++) {
      const order = r % 2 ? ['kafkajs', 'platformatic'] : ['platformatic', 'kafkajs']
      const s = await kcat(k)
      kc.push(s)
      rows.push(`| ${r} | kcat | ${fmt(EVENTS / s)} msg/s (${s.toFixed(2)} s) | — | — | ${load()} |`)
      for (const c of order) {
        const x = await consume(k, c, r)
        per[c]!.push(x)
        rows.push(`| ${r} | ${c} | ${fmt(EVENTS / x.seconds)} msg/s (${x.seconds.toFixed(2)} s; ${fmt(EVENTS / x.sinceFirst)}/s after the first commit) = ${(s / x.seconds).toFixed(2)} × kcat | ${((x.cpuSeconds * 1e6) / EVENTS).toFixed(2)} µs | ${fmt(x.rssMiB)} MiB | ${load()} |`)
        log(rows.at(-1)!)
      }
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
    const rate = (c: string) => mean(per[c]!.map((x) => EVENTS / x.seconds))
    const cpu = (c: string) => mean(per[c]!.map((x) => x.cpuSeconds))
    console.log(
      [
        '',
        `${fmt(EVENTS)} events on ${PARTITIONS} partitions, ${ROUNDS} rounds alternating; load average now ${load()}`,
        '',
        '| round | client | rate (whole read incl. group join) | CPU per message | peak RSS | load 1/5/15 |',
        '|---|---|---|---|---|---|',
        ...rows,
        '',
        `platformatic / kafkajs: rate ${(rate('platformatic') / rate('kafkajs')).toFixed(2)}×, CPU per message ${(cpu('platformatic') / cpu('kafkajs')).toFixed(2)}× (means of ${ROUNDS} rounds)`,
        '',
      ].join('\n'),
    )
  } finally {
    await k.stop()
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e)
    process.exit(1)
  },
)
