/**
 * `npm run bench:ingest` — Kafka → ClickHouse ingest benchmark on a local broker
 * (tests/helpers/kafka.ts: Apache Kafka from Maven Central, KRaft, loopback).
 *
 *  1. produce BENCH_EVENTS (1,000,000) realistic events (~240 bytes, keyed by contact/agent)
 *     into a topic with BENCH_PARTITIONS (6) partitions
 *  2. ceiling: `kcat -C -o beginning -e -q` reads the whole topic (best of 2)
 *  3. throughput: the standalone worker (`ingest/worker.ts`, its own embedded store) consumes
 *     the topic as a new group; rate = events committed between the first and the last commit
 *     ÷ that time; then the store is checked (distinct events and contacts_v totals)
 *  4. freshness: the consumer (ingest/consumer.ts) runs in THIS process (chdb: one data dir per
 *     process, and the KPI poller must read the consumer's store) while a child process
 *     produces BENCH_FRESH_RATE (5,000) events/s for BENCH_FRESH_SECONDS (30); per producer
 *     request: time from send to the moment a contacts_v query returns all its queued contacts
 *  5. where the consumer's time goes: JSON.parse / validation (compiled checks, zod for rejections) /
 *     row lines (eventLine) / insert body (TabSeparated) / insert,
 *     measured stage by stage on 200k events in this process
 *
 * Prints a summary and appends it to BENCHMARKS.md (section "## Ingest"); `--no-record` skips that.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createTopic, startKafka, type LocalKafka } from '../tests/helpers/kafka'
import { expectedTotals, generateEvents, toMessage, toTotals, TOTALS_SQL, type Totals } from '../tests/helpers/contact-events'
import { groupProgress, kafkaClient, openProducer } from '../tests/helpers/pipeline'
import { queryStore, REPO, spawnWorker } from '../tests/helpers/worker'
import { cpuSeconds, machine } from './lib/machine'
import { appendIngestSection, type IngestResult } from './lib/report'
import { tickPrefix, type TickReport } from './lib/ticks'

const EVENTS = Number(process.env.BENCH_EVENTS || 1_000_000)
const PARTITIONS = Number(process.env.BENCH_PARTITIONS || 6)
const FRESH_RATE = Number(process.env.BENCH_FRESH_RATE || 5_000)
const FRESH_SECONDS = Number(process.env.BENCH_FRESH_SECONDS || 30)
const RECORD = !process.argv.includes('--no-record')
const TOPIC = 'bench-events'
const CHUNK = 50_000

const log = (m: string) => console.log(`[bench] ${m}`)
// Other processes on the machine skew every figure: sample the 1-minute load average throughout.
const loads: number[] = []
const sampleLoad = () => loads.push(os.loadavg()[0]!)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!
}

function addTotals(a: Totals, b: Totals): Totals {
  const o = { ...a }
  for (const k of Object.keys(b) as Array<keyof Totals>) o[k] += b[k]
  return o
}

/** 1. Produce EVENTS events in chunks (each chunk its own contacts, so expectations add up). */
async function produceAll(k: LocalKafka): Promise<{ seconds: number; bytes: number; totals: Totals }> {
  await createTopic(k.brokers, TOPIC, PARTITIONS)
  const producer = await openProducer(k.brokers)
  let totals: Totals | undefined
  let bytes = 0
  const t0 = Date.now()
  for (let c = 0; c * CHUNK < EVENTS; c++) {
    const events = generateEvents({ events: Math.min(CHUNK, EVENTS - c * CHUNK), seed: 100 + c, prefix: `b${c}` })
    const t = expectedTotals(events)
    totals = totals ? addTotals(totals, t) : t
    const msgs = events.map(toMessage)
    for (const m of msgs) bytes += m.value.length
    const sends = []
    for (let i = 0; i < msgs.length; i += 10_000) sends.push(producer.send({ topic: TOPIC, acks: -1, messages: msgs.slice(i, i + 10_000) }))
    await Promise.all(sends)
  }
  await producer.disconnect()
  return { seconds: (Date.now() - t0) / 1000, bytes, totals: totals! }
}

/** 2. kcat reading the whole topic from the beginning, then exiting: the raw consume ceiling. */
async function kcatRead(k: LocalKafka): Promise<{ seconds: number; messages: number }> {
  const t0 = process.hrtime.bigint()
  const child = spawn('kcat', ['-b', k.brokers[0]!, '-C', '-t', TOPIC, '-o', 'beginning', '-e', '-q'], { stdio: ['ignore', 'pipe', 'inherit'] })
  let lines = 0
  child.stdout.on('data', (d: Buffer) => {
    for (let i = d.indexOf(10); i !== -1; i = d.indexOf(10, i + 1)) lines++
  })
  const code = await new Promise<number | null>((r) => child.once('close', r))
  if (code !== 0) throw new Error(`kcat exited ${code}`)
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, messages: lines }
}

/** 3. The standalone worker on the full topic, as a fresh consumer group with a fresh store. */
async function workerRun(k: LocalKafka, expected: Totals) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-bench-worker-'))
  const group = `bench-worker-${Date.now()}`
  const admin = kafkaClient(k.brokers, 'bench-admin').admin()
  await admin.connect()
  const spawnedAt = Date.now()
  const w = spawnWorker({ brokers: k.brokers, dataDir: dir, topic: TOPIC, group, name: 'worker', env: process.env.BENCH_WORKER_ENV ? JSON.parse(process.env.BENCH_WORKER_ENV) : {} })
  let first: { at: number; committed: bigint } | undefined
  let last = 0
  const samples: Array<{ at: number; committed: bigint }> = []
  try {
    await w.waitFor(/consuming \S+ as group/, 60_000)
    const ready = Date.now()
    for (;;) {
      const p = await groupProgress(admin, group, TOPIC)
      const at = Date.now()
      samples.push({ at, committed: p.committedTotal })
      if (!first && p.committedTotal > 0n) first = { at, committed: p.committedTotal }
      if (p.committedTotal === BigInt(EVENTS)) {
        last = at
        break
      }
      if (at - spawnedAt > 15 * 60_000) throw new Error(`worker did not finish in 15 min: ${p.committedTotal}/${EVENTS}`)
      await sleep(100)
    }
    const cpu = cpuSeconds(w.pid)
    const rss = Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${w.pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024
    const exit = await w.stop(60_000)
    if (exit.code !== 0) throw new Error(`worker exited ${JSON.stringify(exit)}`)
    const sustainedSeconds = (last - first!.at) / 1000
    const sustained = Number(BigInt(EVENTS) - first!.committed) / sustainedSeconds
    // Check what was stored: every event once, KPI totals as generated.
    const r = await queryStore(dir, { queries: { totals: TOTALS_SQL, parts: "SELECT count() AS n FROM system.parts WHERE active AND table = 'events'" } })
    const got = toTotals(r.totals![0]!)
    const ok = JSON.stringify(got) === JSON.stringify(expected)
    if (!ok) log(`STORE MISMATCH: expected ${JSON.stringify(expected)}\n got ${JSON.stringify(got)}`)
    return {
      sustained,
      sustainedSeconds,
      startupSeconds: (ready - spawnedAt) / 1000,
      totalSeconds: (last - spawnedAt) / 1000,
      cpuSeconds: cpu,
      peakRssMiB: rss,
      verified: ok,
      distinct: got.events,
      samples,
    }
  } finally {
    await w.kill9()
    await admin.disconnect()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** 4. Freshness: consumer in-process, steady producer in a child, KPI-style poll on contacts_v. */
async function freshness(k: LocalKafka) {
  const topic = 'bench-fresh'
  await createTopic(k.brokers, topic, PARTITIONS)
  const { startConsumer } = await import('../ingest/consumer')
  const { queryRows } = await import('../lib/clickhouse')
  const c = await startConsumer({ brokers: k.brokers, topic, groupId: 'bench-fresh', log: (m) => log(`consumer: ${m}`) })

  const ticks = new Map<number, TickReport & { visibleAt?: number }>()
  let producing = true
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/lib/steady-producer.ts', JSON.stringify({ brokers: k.brokers, topic, rate: FRESH_RATE, seconds: FRESH_SECONDS, tickMs: 20 })], {
    cwd: REPO,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  child.on('message', (m: TickReport | { done: true }) => {
    if ('done' in m) producing = false
    else ticks.set(m.tick, m)
  })
  const exited = new Promise((r) => child.once('exit', r))

  // Poll like a live KPI tile: per tick, how many of its contacts are offered (queued) in contacts_v.
  let oldestOpen = 0
  let polls = 0
  let pollMs = 0
  const deadline = Date.now() + (FRESH_SECONDS + 60) * 1000
  while (Date.now() < deadline) {
    const open = [...ticks.values()].filter((t) => t.visibleAt === undefined)
    if (!producing && ticks.size && !open.length) break
    if (open.length) oldestOpen = Math.min(...open.map((t) => t.tick))
    const q0 = Date.now()
    const rows = await queryRows<{ tick: number; n: string }>(
      `SELECT toUInt32(substring(contact_id, 3, 6)) AS tick, count() AS n
       FROM contacts_v
       WHERE contact_id >= {from:String} AND startsWith(contact_id, 'f-') AND queued_at IS NOT NULL
       GROUP BY tick`,
      { from: tickPrefix(oldestOpen) },
    )
    const at = Date.now()
    polls++
    pollMs += at - q0
    for (const r of rows) {
      const t = ticks.get(Number(r.tick))
      if (t && t.visibleAt === undefined && Number(r.n) >= t.queued) t.visibleAt = at
    }
    await sleep(10)
  }
  await exited
  await c.stop()
  const warm = 2000 // skip the first 2 s (group join, first fetch)
  const t0 = Math.min(...[...ticks.values()].map((t) => t.sentAt))
  const measured = [...ticks.values()].filter((t) => t.sentAt - t0 >= warm && t.queued > 0)
  const missing = measured.filter((t) => t.visibleAt === undefined).length
  const lat = measured.filter((t) => t.visibleAt !== undefined).map((t) => t.visibleAt! - t.sentAt)
  const sent = [...ticks.values()].reduce((a, t) => a + t.events, 0)
  const span = (Math.max(...[...ticks.values()].map((t) => t.sentAt)) - t0) / 1000
  return {
    rate: sent / span,
    requests: measured.length,
    missing,
    p50: percentile(lat, 50),
    p95: percentile(lat, 95),
    p99: percentile(lat, 99),
    max: Math.max(...lat),
    pollAvgMs: pollMs / polls,
  }
}

/** 5. Per-stage cost of what the consumer does with a batch, on one core, in this process. */
async function stages() {
  const { parseEvent } = await import('../lib/contract/events')
  const { eventLine } = await import('../ingest/rows')
  const { insertBatch } = await import('../ingest/sink')
  const n = 200_000
  const raws: string[] = []
  for (let c = 0; c * CHUNK < n; c++) for (const e of generateEvents({ events: CHUNK, seed: 900 + c, prefix: `p${c}` })) raws.push(JSON.stringify(e))
  const now = Date.now()
  const time = <T>(f: () => T): [T, number] => {
    const t0 = process.hrtime.bigint()
    const r = f()
    return [r, Number(process.hrtime.bigint() - t0) / 1e6]
  }
  const [parsed, parseMs] = time(() => raws.map((r) => JSON.parse(r) as unknown))
  const { validateEvent } = await import('../lib/contract/events')
  const [valid, zodMs] = time(() => parsed.map((v) => validateEvent(v, now)))
  const events = valid.flatMap((r) => (r.ok ? [r.event] : []))
  const [rows, rowMs] = time(() => events.map((e) => eventLine(e, now)))
  const [, serMs] = time(() => rows.join('\n'))
  const [, allMs] = time(() => raws.map((r) => parseEvent(r, now)))
  let insertMs = 0
  for (let i = 0; i < rows.length; i += 20_000) {
    const t0 = process.hrtime.bigint()
    await insertBatch({ events: rows.slice(i, i + 20_000), deadLetters: [] })
    insertMs += Number(process.hrtime.bigint() - t0) / 1e6
  }
  const us = (ms: number) => (ms * 1000) / n
  return { n, parse: us(parseMs), zod: us(zodMs), parseEvent: us(allMs), eventLine: us(rowMs), serialise: us(serMs), insert: us(insertMs) }
}

async function main() {
  const m = machine()
  log(`machine: ${m.nproc} cpu (${m.cpu}), ${m.ramGiB} GiB RAM, node ${m.node}, ${m.kcat}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`)
  const loadTimer = setInterval(sampleLoad, 5_000)
  sampleLoad()
  const storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-bench-store-'))
  process.env.PLATEAU_DATA_DIR = storeDir // this process's own store (freshness + stages)
  delete process.env.CLICKHOUSE_URL
  log('starting a local Kafka broker…')
  const k = await startKafka()
  try {
    log(`producing ${fmt(EVENTS)} events into ${TOPIC} (${PARTITIONS} partitions)…`)
    const prod = await produceAll(k)
    log(`produced in ${prod.seconds.toFixed(1)} s (${fmt(EVENTS / prod.seconds)} events/s, avg ${(prod.bytes / EVENTS).toFixed(0)} bytes)`)

    const kc = [await kcatRead(k), await kcatRead(k)]
    if (kc.some((r) => r.messages !== EVENTS)) throw new Error(`kcat read ${kc.map((r) => r.messages)} messages, expected ${EVENTS}`)
    const kcat = kc.reduce((a, b) => (a.seconds < b.seconds ? a : b))
    log(`kcat: ${kc.map((r) => r.seconds.toFixed(2)).join(' s, ')} s → best ${fmt(EVENTS / kcat.seconds)} msg/s`)

    log('standalone worker: consuming the topic into a fresh store…')
    const wr = await workerRun(k, prod.totals)
    log(`worker: ${fmt(wr.sustained)} events/s sustained over ${wr.sustainedSeconds.toFixed(1)} s; store verified: ${wr.verified}`)

    const { migrate } = await import('../lib/migrate')
    await migrate()
    log(`freshness: ${fmt(FRESH_RATE)} events/s for ${FRESH_SECONDS} s, consumer + KPI poller in this process…`)
    const fr = await freshness(k)
    log(`freshness: p50 ${fr.p50} ms, p95 ${fr.p95} ms`)

    log('stage costs on 200k events…')
    const st = await stages()
    clearInterval(loadTimer)
    sampleLoad()
    const load = { min: Math.min(...loads), max: Math.max(...loads), avg: loads.reduce((a, b) => a + b, 0) / loads.length }

    const result: IngestResult = {
      date: new Date().toISOString(),
      machine: m,
      command: `npm run bench:ingest${process.env.BENCH_EVENTS ? ` (BENCH_EVENTS=${EVENTS})` : ''}`,
      events: EVENTS,
      partitions: PARTITIONS,
      avgBytes: prod.bytes / EVENTS,
      produceRate: EVENTS / prod.seconds,
      kcatRate: EVENTS / kcat.seconds,
      kcatSeconds: kcat.seconds,
      worker: {
        sustained: wr.sustained,
        sustainedSeconds: wr.sustainedSeconds,
        startupSeconds: wr.startupSeconds,
        totalSeconds: wr.totalSeconds,
        cpuSeconds: wr.cpuSeconds,
        peakRssMiB: wr.peakRssMiB,
        verified: wr.verified,
      },
      freshness: fr,
      freshRate: FRESH_RATE,
      freshSeconds: FRESH_SECONDS,
      stages: st,
      load,
    }
    const summary = [
      '',
      '| measure | result |',
      '|---|---|',
      `| raw consume ceiling: kcat -C -e (best of 2) | ${fmt(result.kcatRate)} events/s (${kcat.seconds.toFixed(2)} s) |`,
      `| Kafka → ClickHouse, standalone worker, sustained | **${fmt(wr.sustained)} events/s** = ${(wr.sustained / result.kcatRate).toFixed(2)} × kcat (target ≥ 50,000) |`,
      `| worker wall time incl. start-up (${wr.startupSeconds.toFixed(1)} s) | ${wr.totalSeconds.toFixed(1)} s, ${wr.cpuSeconds.toFixed(1)} CPU-s (${fmt(EVENTS / wr.cpuSeconds)} events per CPU-second), peak RSS ${fmt(wr.peakRssMiB)} MiB |`,
      `| store check after the run | ${wr.verified ? `${fmt(wr.distinct)} distinct events, contacts_v totals = generated` : 'MISMATCH'} |`,
      `| freshness at ${fmt(fr.rate)} events/s (produce → visible in contacts_v) | **p50 ${fr.p50} ms, p95 ${fr.p95} ms** (p99 ${fr.p99}, max ${fr.max}; ${fr.requests} requests, ${fr.missing} never seen; poll ${fr.pollAvgMs.toFixed(0)} ms) (target p95 ≤ 1000) |`,
      `| consumer stage costs, µs/event on one core | JSON.parse ${st.parse.toFixed(2)}, validation ${st.zod.toFixed(2)}, row lines (eventLine) ${st.eventLine.toFixed(2)}, insert body (joining them) ${st.serialise.toFixed(2)}, chdb insert (+MVs) ${st.insert.toFixed(2)} |`,
      `| machine load (1-min load average, ${m.nproc} CPUs) | avg ${load.avg.toFixed(1)}, ${load.min.toFixed(1)}–${load.max.toFixed(1)}${load.avg > m.nproc ? ' — busy machine: figures are pessimistic' : ''} |`,
      '',
    ].join('\n')
    console.log(summary)
    if (RECORD) {
      appendIngestSection(path.join(REPO, 'BENCHMARKS.md'), result, summary)
      log('recorded in BENCHMARKS.md')
    }
  } finally {
    await k.stop()
    const { closeClickHouse } = await import('../lib/clickhouse')
    await closeClickHouse()
    fs.rmSync(storeDir, { recursive: true, force: true })
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e)
    process.exit(1)
  },
)
