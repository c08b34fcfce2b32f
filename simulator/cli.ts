/**
 * `npm run simulate -- [load] [options]` — see `--help` and docs/simulator.md.
 */
import { parseArgs } from 'node:util'
import { run, runLoad, startLive, type Progress, type RunReport } from './runner'
import { loadScenario, DEFAULT_SCENARIO_PATH } from './scenario'
import { FileSink, HttpSink, KafkaSink, NullSink, type Sink } from './sinks'
import { parseWhen } from './when'
import { formatSummary } from './report'
import type { FaultRates } from './faults'

const HELP = `Plateau contact-center simulator

  npm run simulate -- [options]                      live: backfill today at full speed, then follow the clock
  npm run simulate -- --from 2026-08-01 --to 2026-11-01 --speed max    history (fast-forward)
  npm run simulate -- --from 2026-11-01              history up to now, then live
  npm run simulate -- load --rate 5000 --duration 60 load test at a steady rate

Time
  --from <when>        simulated start: YYYY-MM-DD (local midnight), ISO-8601, today, now-2h, now-7d
  --to <when>          simulated end (default: run on, following the clock)
  --speed max|<N>      max = as fast as possible (default); N = N times real time. Never ahead of the clock.
  --no-backfill        live: start at now after a silent 3-hour warm-up instead of backfilling today
  --clock auto|real    live: auto (default) shifts the business clock when the centers are closed now
                       (night, Sunday) so the floor is busy; timestamps stay real. real = never shift.

Scenario
  --scenario <file>    default ${DEFAULT_SCENARIO_PATH} (or PLATEAU_SCENARIO)
  --seed <n>           same seed and arguments → identical events (default: the scenario's seed)
  --scale <k>          every volume, team and shift × k (same KPIs, k times the events; for benchmarks)

Output (default: kafka when KAFKA_BROKERS is set, else http)
  --out kafka|http|file|stdout|null
  --url <url>          http: default $PLATEAU_URL/api/events or http://localhost:3000/api/events
  --api-key <key>      http: sends Authorization: Bearer <key> (default $PLATEAU_API_KEY)
  --file <path>        file: NDJSON output path
  --brokers <list>     kafka: default $KAFKA_BROKERS;  --topic <t>: default $KAFKA_TOPIC or contact-center-events
  --batch <n>          events per write/POST/produce batch (default 5000)

Faults (rates per event; live defaults 0.002 / 0.002 / 0.001, otherwise 0)
  --duplicates <p>     the same event again (same event_id)
  --late <p>           an event held back and delivered after later ones (out of order)
  --malformed <p>      an extra invalid message (bad JSON or schema violation) → dead letters

Load mode
  load --rate <n>      target events per second (paced on scheduled send times)
  --duration <s>       seconds (default 60)
  --ts now|sim         now (default): stamp events with their send time; sim: keep simulated history times

Other
  --summary            print per-queue KPIs that emerged (offered, abandonment, ASA, SL, AHT, …) at the end
  --quiet              no progress lines
  -h, --help
`

function fail(msg: string): never {
  process.stderr.write(`simulate: ${msg}\n`)
  process.exit(2)
}

const num = (v: string | undefined, name: string, dflt: number): number => {
  if (v === undefined) return dflt
  const n = Number(v)
  if (!Number.isFinite(n) || n < 0) fail(`--${name} must be a non-negative number (got "${v}")`)
  return n
}

async function main() {
  let parsed
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        speed: { type: 'string' },
        'no-backfill': { type: 'boolean' },
        clock: { type: 'string' },
        scenario: { type: 'string' },
        scale: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        url: { type: 'string' },
        'api-key': { type: 'string' },
        file: { type: 'string' },
        brokers: { type: 'string' },
        topic: { type: 'string' },
        batch: { type: 'string' },
        duplicates: { type: 'string' },
        late: { type: 'string' },
        malformed: { type: 'string' },
        rate: { type: 'string' },
        duration: { type: 'string' },
        ts: { type: 'string' },
        summary: { type: 'boolean' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (e) {
    fail(`${(e as Error).message}\n\n${HELP}`)
  }
  const a = parsed.values
  if (a.help) {
    process.stdout.write(HELP)
    return
  }
  const mode = parsed.positionals[0] === 'load' ? 'load' : a.from !== undefined || a.to !== undefined ? 'history' : 'live'
  if (parsed.positionals.length && parsed.positionals[0] !== 'load') fail(`unknown command "${parsed.positionals[0]}" (only "load")`)

  let scenario
  try {
    const scale = num(a.scale, 'scale', 1)
    if (scale <= 0) fail('--scale must be positive')
    scenario = loadScenario(a.scenario ?? process.env.PLATEAU_SCENARIO ?? DEFAULT_SCENARIO_PATH, { scale })
  } catch (e) {
    fail((e as Error).message)
  }
  const tz = scenario.centers[0]!.timezone
  const seed = a.seed !== undefined ? Math.floor(num(a.seed, 'seed', 0)) : (scenario.seed ?? 1)
  const when = (s: string) => {
    try {
      return parseWhen(s, tz)
    } catch (e) {
      fail((e as Error).message)
    }
  }
  const liveDefaults = mode === 'live'
  const faults: FaultRates = {
    duplicates: num(a.duplicates, 'duplicates', liveDefaults ? 0.002 : 0),
    late: num(a.late, 'late', liveDefaults ? 0.002 : 0),
    malformed: num(a.malformed, 'malformed', liveDefaults ? 0.001 : 0),
  }
  for (const [k, v] of Object.entries(faults)) if (v > 1) fail(`--${k} is a rate between 0 and 1`)
  const batch = Math.max(1, Math.floor(num(a.batch, 'batch', 5000)))
  const log = (m: string) => a.quiet || process.stderr.write(`[simulate] ${m}\n`)

  // ---- output
  const outKind = a.out ?? (a.brokers || process.env.KAFKA_BROKERS ? 'kafka' : 'http')
  let sink: Sink
  switch (outKind) {
    case 'kafka':
      try {
        sink = new KafkaSink({ brokers: a.brokers?.split(',').map((s) => s.trim()).filter(Boolean), topic: a.topic, batchSize: batch })
      } catch (e) {
        fail((e as Error).message)
      }
      break
    case 'http': {
      const base = process.env.PLATEAU_URL?.replace(/\/$/, '')
      const url = a.url ?? (base ? `${base}/api/events` : 'http://localhost:3000/api/events')
      sink = new HttpSink({ url, apiKey: a['api-key'] ?? process.env.PLATEAU_API_KEY, batchSize: batch, log })
      break
    }
    case 'file':
      if (!a.file) fail('--out file needs --file <path>')
      sink = new FileSink(a.file)
      break
    case 'stdout':
      sink = new FileSink('-')
      break
    case 'null':
      sink = new NullSink()
      break
    default:
      fail(`--out must be kafka, http, file, stdout or null (got "${outKind}")`)
  }
  try {
    await sink.open?.()
  } catch (e) {
    fail(`cannot connect to ${sink.name}: ${(e as Error).message}`)
  }
  log(`scenario ${scenario.name}: ${scenario.centers.length} centers, ${scenario.queues.length} queues, ${scenario.agents.length} agents · seed ${seed} · output ${sink.name}`)

  const started = Date.now()
  let lastLog = 0
  const onProgress = (p: Progress) => {
    const now = Date.now()
    if (now - lastLog < 5000) return
    lastLog = now
    const el = (now - started) / 1000
    log(`${p.live ? 'live' : 'at'} ${new Date(p.simT).toISOString().slice(0, 16)}Z · ${p.events.toLocaleString('en')} events · ${Math.round(p.events / el).toLocaleString('en')} events/s`)
  }
  const finish = async (r: RunReport) => {
    await sink.close()
    const el = r.wallMs / 1000
    log(
      `done: ${r.events.toLocaleString('en')} events in ${el.toFixed(1)} s (${Math.round(r.eventsPerSec).toLocaleString('en')} events/s), ` +
        `simulated ${new Date(r.from).toISOString()} → ${new Date(r.until).toISOString()}; ` +
        `faults: ${r.faults.duplicates} duplicates, ${r.faults.late} late, ${r.faults.malformed} malformed` +
        (sink.rejected ? `; ${sink.rejected} rejected by the server (dead letters)` : ''),
    )
    if (a.summary) process.stderr.write(`\n${formatSummary(r.stats, scenario)}\n`)
  }

  if (mode === 'load') {
    const rate = num(a.rate, 'rate', 0)
    if (!rate) fail('load needs --rate <events per second>')
    const ts = (a.ts ?? 'now') as 'now' | 'sim'
    if (ts !== 'now' && ts !== 'sim') fail('--ts must be now or sim')
    const from = a.from ? when(a.from) : ts === 'sim' ? when('now-400d') : when('now-7d')
    const ac = new AbortController()
    process.once('SIGINT', () => ac.abort())
    process.once('SIGTERM', () => ac.abort())
    log(`load: ${rate} events/s for ${num(a.duration, 'duration', 60)} s, timestamps ${ts}`)
    const r = await runLoad({
      scenario,
      seed,
      rate,
      durationMs: num(a.duration, 'duration', 60) * 1000,
      ts,
      from,
      sink,
      faults,
      signal: ac.signal,
      log,
    })
    await sink.close()
    const full = r.perSecond.slice(0, Math.floor(r.wallMs / 1000))
    const sorted = [...full].sort((x, y) => x - y)
    log(
      `load done: ${r.sent.toLocaleString('en')} events in ${(r.wallMs / 1000).toFixed(2)} s → achieved ${Math.round(r.achieved).toLocaleString('en')} events/s ` +
        `(target ${rate}); per second min ${sorted[0] ?? '-'} / median ${sorted[Math.floor(sorted.length / 2)] ?? '-'} / max ${sorted[sorted.length - 1] ?? '-'}; max lag behind schedule ${r.maxLagMs} ms`,
    )
    process.stdout.write(`${JSON.stringify({ target: rate, sent: r.sent, wall_s: r.wallMs / 1000, achieved: Math.round(r.achieved), max_lag_ms: r.maxLagMs })}\n`)
    return
  }

  if (mode === 'history') {
    if (!a.from) fail('--to needs --from')
    const from = when(a.from)
    const to = a.to ? when(a.to) : undefined
    if (to !== undefined && to <= from) fail('--to must be after --from')
    const speed = a.speed === undefined || a.speed === 'max' ? 'max' : num(a.speed, 'speed', 1)
    if (speed === 0) fail('--speed must be max or a positive factor')
    if (to !== undefined && to > Date.now() + 60_000) log('note: --to is in the future; events are never emitted ahead of the clock, so the run will follow the clock until then')
    const ac = new AbortController()
    process.once('SIGINT', () => ac.abort())
    process.once('SIGTERM', () => ac.abort())
    const r = await run({ scenario, seed, from, to, speed, sink, faults, batchSize: batch, signal: ac.signal, log, onProgress })
    await finish(r)
    return
  }

  // live
  const clock = a.clock ?? 'auto'
  if (clock !== 'auto' && clock !== 'real') fail('--clock must be auto or real')
  const live = startLive({
    scenario,
    seed,
    sink,
    faults,
    backfill: a['no-backfill'] ? 'none' : 'today',
    businessClock: clock,
    batchSize: batch,
    log,
    onProgress,
  })
  log(
    a['no-backfill']
      ? 'live: warming up silently, then following the clock (Ctrl-C to stop)'
      : `live: backfilling since ${new Date(live.emitFrom - live.clockOffset).toISOString()}, then following the clock (Ctrl-C to stop)`,
  )
  process.once('SIGINT', () => void live.stop())
  process.once('SIGTERM', () => void live.stop())
  await finish(await live.done)
}

main().catch((e) => {
  process.stderr.write(`simulate: ${(e as Error).stack ?? e}\n`)
  process.exit(1)
})
