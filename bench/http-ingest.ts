/**
 * `npx tsx --conditions=react-server bench/http-ingest.ts` — what the HTTP layer of
 * POST /api/events costs on top of the in-process pipeline, side by side in one run.
 *
 * One process, one embedded store (no Kafka: the write buffer), everything `startInProcess()`
 * starts in a server (minus the demo, connectors and report scheduler). Alternating rounds of:
 *  - in-process: `ingestLines` on the NDJSON lines of BENCH_HTTP_LINES (5,000)-line bodies,
 *    BENCH_HTTP_SENDERS (4) at a time;
 *  - HTTP: the same bodies POSTed by a child process (bench/lib/http-senders.ts, 4 senders) to
 *    the route handler of app/api/events/route.ts behind a node:http server in this process,
 *    the request handed over as a web Request with a streamed body as Next does (Next's own
 *    router is not included: no production build here).
 * Each round ingests BENCH_HTTP_EVENTS (200,000) events of its own. Reported: events/s, this
 * process's CPU per event (the server's cost, chdb insert included), and HTTP ÷ in-process.
 */
import { fork } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { machine } from './lib/machine'

const EVENTS = Number(process.env.BENCH_HTTP_EVENTS || 200_000)
const LINES = Number(process.env.BENCH_HTTP_LINES || 5_000)
const SENDERS = Number(process.env.BENCH_HTTP_SENDERS || 4)
const ROUNDS = Number(process.env.BENCH_ROUNDS || 2)
const KEY = 'bench-http-ingest-key-0123456789'
const log = (m: string) => console.log(`[bench] ${m}`)
const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ')
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!

type Phase = { mode: string; round: number; seconds: number; cpuUs: number; p95?: number; load: string }

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-bench-http-'))
  Object.assign(process.env, {
    PLATEAU_DATA_DIR: dir,
    PLATEAU_DEMO: '0',
    PLATEAU_CONNECTORS: '0',
    PLATEAU_REPORT_SCHEDULER: '0',
    PLATEAU_API_KEYS: `bench:${KEY}`,
    PLATEAU_EVENTS_RATE_PER_SEC: '100000',
    PLATEAU_EVENTS_BURST: '100000',
  })
  delete process.env.CLICKHOUSE_URL
  delete process.env.KAFKA_BROKERS
  delete process.env.PLATEAU_AUTH
  const m = machine()
  log(`machine: ${m.nproc} cpu (${m.cpu}), node ${m.node}; load average ${load()}`)
  const { startInProcess } = await import('../server/startup')
  await startInProcess()
  const { ingestLines } = await import('../ingest/pipeline')
  const { POST } = await import('../app/api/events/route')
  const { generateEvents } = await import('../tests/helpers/contact-events')

  const server = http.createServer((req, res) => {
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: Readable.toWeb(req) as ReadableStream,
      duplex: 'half',
    } as RequestInit)
    POST(request as Parameters<typeof POST>[0]).then(
      async (r) => {
        res.writeHead(r.status, Object.fromEntries(r.headers))
        res.end(Buffer.from(await r.arrayBuffer()))
      },
      (e) => {
        res.writeHead(500)
        res.end(String(e))
      },
    )
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port

  const phases: Phase[] = []
  const inProcess = async (round: number) => {
    const prefix = `i${round}`
    const events = generateEvents({ events: EVENTS, seed: 500 + round, prefix })
    const bodies: string[][] = []
    for (let i = 0; i < events.length; i += LINES) bodies.push(events.slice(i, i + LINES).map((e) => JSON.stringify(e)))
    let next = 0
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        while (next < bodies.length) {
          const r = await ingestLines(bodies[next++]!, 'http')
          if (r.rejected) throw new Error(`rejected: ${JSON.stringify(r.errors[0])}`)
        }
      }),
    )
    const cpu = process.cpuUsage(c0)
    phases.push({ mode: 'in-process ingestLines', round, seconds: (performance.now() - t0) / 1000, cpuUs: (cpu.user + cpu.system) / EVENTS, load: load() })
  }
  const overHttp = async (round: number) => {
    const child = fork(path.join(__dirname, 'lib/http-senders.ts'), [JSON.stringify({ url: `http://127.0.0.1:${port}/api/events`, key: KEY, events: EVENTS, lines: LINES, concurrency: SENDERS, seed: 700 + round, prefix: `h${round}` })], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    await new Promise<void>((r) => child.once('message', () => r()))
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    const done = new Promise<{ seconds: number; accepted: number; times: number[]; failures: string[] }>((resolve, reject) => {
      child.once('message', (x) => resolve(x as never))
      child.once('exit', (code) => reject(new Error(`senders exited ${code}`)))
    })
    child.send('go')
    const r = await done
    const cpu = process.cpuUsage(c0)
    if (r.accepted !== EVENTS || r.failures.length) throw new Error(`HTTP: ${r.accepted} accepted; ${r.failures.join(' | ')}`)
    phases.push({ mode: 'HTTP POST /api/events', round, seconds: (performance.now() - t0) / 1000, cpuUs: (cpu.user + cpu.system) / EVENTS, p95: pct(r.times, 95), load: load() })
  }
  // The HTTP layer's own per-request work, alone: key check + rate limit + body read (web
  // stream) + splitting, on one 5,000-line body, 40 times (no ingest).
  const layer = async () => {
    const { checkProducer } = await import('../lib/auth/api-keys')
    const { splitBody } = await import('../app/api/events/route')
    const body = generateEvents({ events: LINES, seed: 1, prefix: 'layer' }).map((e) => JSON.stringify(e)).join('\n') + '\n'
    const reps = 40
    const c0 = process.cpuUsage()
    for (let i = 0; i < reps; i++) {
      const req = new Request('http://127.0.0.1/api/events', { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-length': String(Buffer.byteLength(body)) }, body: Readable.toWeb(Readable.from([Buffer.from(body)])) as ReadableStream, duplex: 'half' } as RequestInit)
      const c = await checkProducer(req)
      if (!c.ok || splitBody(c.body).length !== LINES) throw new Error('layer: unexpected answer')
    }
    const c = process.cpuUsage(c0)
    return (c.user + c.system) / (reps * LINES)
  }
  const layerUs = await layer()
  log(`HTTP layer alone (key check, rate limit, body read, split): ${layerUs.toFixed(2)} CPU-µs/event`)
  for (let round = 1; round <= ROUNDS; round++) {
    for (const f of round % 2 ? [inProcess, overHttp] : [overHttp, inProcess]) {
      await f(round)
      const p = phases.at(-1)!
      log(`${p.mode} r${round}: ${fmt(EVENTS / p.seconds)} events/s, ${p.cpuUs.toFixed(1)} CPU-µs/event${p.p95 ? `, request p95 ${fmt(p.p95)} ms` : ''}; load ${p.load}`)
    }
  }
  const mean = (mode: string, f: (p: Phase) => number) => {
    const xs = phases.filter((p) => p.mode.startsWith(mode)).map(f)
    return xs.reduce((a, b) => a + b, 0) / xs.length
  }
  console.log(
    [
      '',
      `${fmt(EVENTS)} events per round, ${LINES}-line NDJSON bodies, ${SENDERS} senders, embedded store; load average now ${load()}`,
      '',
      '| round | path | events/s | server CPU per event | request p95 | load 1/5/15 |',
      '|---|---|---|---|---|---|',
      ...phases.map((p) => `| ${p.round} | ${p.mode} | ${fmt(EVENTS / p.seconds)} | ${p.cpuUs.toFixed(1)} µs | ${p.p95 ? `${fmt(p.p95)} ms` : '—'} | ${p.load} |`),
      '',
      `HTTP layer alone (key check, rate limit, body read as a web stream, split into lines): ${layerUs.toFixed(2)} CPU-µs/event`,
      `HTTP ÷ in-process: CPU per event ${(mean('HTTP', (p) => p.cpuUs) / mean('in-process', (p) => p.cpuUs)).toFixed(2)}×, events/s ${(mean('HTTP', (p) => EVENTS / p.seconds) / mean('in-process', (p) => EVENTS / p.seconds)).toFixed(2)}× (means of ${ROUNDS} rounds)`,
      '',
    ].join('\n'),
  )
  server.close()
  const { closeClickHouse } = await import('../lib/clickhouse')
  await closeClickHouse()
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 })
  } catch (e) {
    log(`could not remove ${dir} (background refresh still writing): ${(e as Error).message}`)
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e)
    process.exit(1)
  },
)
