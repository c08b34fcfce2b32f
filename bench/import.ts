/**
 * `npm run bench:import` — the import command's rate into the embedded store vs the raw insert
 * of the same rows, in the same run and process:
 *  1. writes BENCH_IMPORT_CALLS (300,000) calls as an Asterisk queue_log file (half answered:
 *     ENTERQUEUE, CONNECT, COMPLETECALLER → 4 events; half abandoned: ENTERQUEUE, ABANDON → 2):
 *     750,000 lines, 900,000 events, a month of a center taking 10,000 calls a day. A shorter
 *     file measures mostly the pipeline's ends (the first batch mapped before the store starts,
 *     the last stored after mapping ends): 100,000 calls ran at 0.8× the rate of 300,000.
 *  2. import: runImport (read, split, UTF-8 check, map, v1 validation, eventLine, write buffer,
 *     checkpoints) — events/s = accepted events ÷ wall time
 *  3. baseline: the same events, mapped and converted to rows beforehand, inserted with
 *     insertBatch, as many rows per insert as the import batches (what the store alone can take)
 * BENCH_IMPORT_ROUNDS (3) rounds, each on an emptied store, the two phases in alternating order.
 * Prints each round, the medians and their ratio; appends to BENCHMARKS.md ("## Import");
 * `--no-record` skips that.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { machine } from './lib/machine'
import { appendToSection } from './lib/report'

const CALLS = Number(process.env.BENCH_IMPORT_CALLS || 300_000)
// Lines per import batch (= rows per insert for queue_log); unset: the command's default. The raw
// baseline inserts the same number of rows per insert.
const BATCH = process.env.BENCH_IMPORT_BATCH ? Number(process.env.BENCH_IMPORT_BATCH) : undefined
const ROUNDS = Number(process.env.BENCH_IMPORT_ROUNDS || 3)
const RECORD = !process.argv.includes('--no-record')
const log = (m: string) => console.log(`[bench] ${m}`)

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-bench-import-'))
  process.env.PLATEAU_DATA_DIR = path.join(tmp, 'data')
  delete process.env.CLICKHOUSE_URL
  delete process.env.KAFKA_BROKERS
  const { migrate } = await import('@/lib/migrate')
  await migrate()
  const { runImport, IMPORT_BATCH_LINES } = await import('@/ingest/connectors/import')
  const { mapQueueLogLine } = await import('@/ingest/connectors/queue-log/map')
  const { eventLine } = await import('@/ingest/rows')
  const { insertBatch } = await import('@/ingest/sink')
  const { queryRows, getClickHouse } = await import('@/lib/clickhouse')

  const e0 = Date.parse('2026-11-10T08:00:00Z') / 1000
  const lines: string[] = []
  for (let i = 0; i < CALLS; i++) {
    const t = e0 + Math.floor(i / 10)
    lines.push(`${t}|b${i}|sales-${i % 8}||ENTERQUEUE||0600${i}|1`)
    if (i % 2 === 0) {
      lines.push(`${t + 9}|b${i}|sales-${i % 8}|PJSIP/${i % 200}|CONNECT|9|x${i}|2`)
      lines.push(`${t + 189}|b${i}|sales-${i % 8}|PJSIP/${i % 200}|COMPLETECALLER|9|180|1`)
    } else lines.push(`${t + 30}|b${i}|sales-${i % 8}||ABANDON|1|1|30`)
  }
  const file = path.join(tmp, 'queue_log')
  fs.writeFileSync(file, lines.join('\n') + '\n')
  log(`${lines.length} queue_log lines (${(fs.statSync(file).size / 2 ** 20).toFixed(1)} MiB)`)

  // CPU of this process (chdb works in it) per phase, including the merges the phase set off:
  // each phase ends once no merge has run for a second, so the next starts on a settled store.
  const settle = async () => {
    for (let quiet = 0, until = Date.now() + 120_000; quiet < 5 && Date.now() < until; ) {
      const [m] = await queryRows<{ n: string }>('SELECT count() AS n FROM system.merges')
      quiet = Number(m!.n) === 0 ? quiet + 1 : 0
      await new Promise((r) => setTimeout(r, 200))
    }
  }
  const cpuUs = (c: NodeJS.CpuUsage) => c.user + c.system
  const rawBatch = BATCH ?? IMPORT_BATCH_LINES
  // The raw phase's rows are built before it and dropped after (not held during the import).
  const rawRows = () =>
    lines.flatMap((l) => {
      const m = mapQueueLogLine(l, { center: 'bench-raw' })
      return m.kind === 'events' ? m.events.map((e) => eventLine(e, Date.now())) : []
    })
  const events = rawRows().length
  type Phase = { rate: number; seconds: number; cpu: number; load: number }
  const importPhase = async (round: number): Promise<Phase> => {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    const s = await runImport({ format: 'queue_log', center: 'bench-import', files: [file], checkpointDir: path.join(tmp, `cp${round}`), batchLines: BATCH })
    const seconds = (performance.now() - t0) / 1000
    await settle()
    const r = { rate: s.events / seconds, seconds, cpu: cpuUs(process.cpuUsage(c0)) / s.events, load: os.loadavg()[0]! }
    log(`round ${round} import: ${s.events} events in ${seconds.toFixed(2)} s = ${Math.round(r.rate)} events/s (rejected ${s.rejected}), ${r.cpu.toFixed(1)} CPU-µs/event incl. merges`)
    return r
  }
  const rawPhase = async (round: number): Promise<Phase> => {
    const rows = rawRows()
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    for (let i = 0; i < rows.length; i += rawBatch) await insertBatch({ events: rows.slice(i, i + rawBatch), deadLetters: [] })
    const seconds = (performance.now() - t0) / 1000
    await settle()
    const r = { rate: rows.length / seconds, seconds, cpu: cpuUs(process.cpuUsage(c0)) / rows.length, load: os.loadavg()[0]! }
    log(`round ${round} raw insertBatch: ${rows.length} rows in ${seconds.toFixed(2)} s = ${Math.round(r.rate)} rows/s, ${r.cpu.toFixed(1)} CPU-µs/row incl. merges`)
    return r
  }
  // Each round starts on an empty store; the phases alternate their order so that neither
  // always runs first (the machine's speed drifts).
  const tables = (await queryRows<{ name: string }>(`SELECT name FROM system.tables WHERE database = currentDatabase() AND engine LIKE '%MergeTree'`)).map((t) => t.name)
  const results: Array<{ round: number; imp: Phase; raw: Phase }> = []
  let stored = { a: '', b: '' }
  for (let round = 1; round <= ROUNDS; round++) {
    for (const t of tables) await getClickHouse().command({ query: `TRUNCATE TABLE ${t}` })
    await settle()
    let imp: Phase, raw: Phase
    if (round % 2) (imp = await importPhase(round)), (raw = await rawPhase(round))
    else (raw = await rawPhase(round)), (imp = await importPhase(round))
    ;[stored] = await queryRows<{ a: string; b: string }>(`SELECT uniqExactIf(event_id, center_id = 'bench-import') AS a, uniqExactIf(event_id, center_id = 'bench-raw') AS b FROM events`)
    if (Number(stored.a) !== events || Number(stored.b) !== events) throw new Error(`round ${round}: stored ${stored.a} / ${stored.b} events, expected ${events}`)
    results.push({ round, imp, raw })
  }
  log(`stored per round: import ${stored.a}, raw ${stored.b}`)
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b)
    return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
  }
  const importRate = median(results.map((r) => r.imp.rate))
  const rawRate = median(results.map((r) => r.raw.rate))
  const m = machine()
  const load = execFileSync('uptime', { encoding: 'utf8' }).trim()
  const block = [
    `### ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — \`npm run bench:import\` (${CALLS} calls, queue_log, ${events} events, ${rawBatch} lines per batch, ${ROUNDS} rounds)`,
    '',
    `Machine: ${m.nproc} cores (${m.cpu}), ${m.ramGiB} GiB, ${m.node} — \`uptime\` at the end: ${load}`,
    '',
    '| round | import events/s | import CPU µs/event (incl. merges) | raw insertBatch rows/s (same rows, baseline) | raw CPU µs/row | import ÷ raw | load (1-min) |',
    '|---|---|---|---|---|---|---|',
    ...results.map((r) => `| ${r.round}${r.round % 2 ? '' : ' (raw first)'} | ${Math.round(r.imp.rate)} | ${r.imp.cpu.toFixed(1)} | ${Math.round(r.raw.rate)} | ${r.raw.cpu.toFixed(1)} | ${(r.imp.rate / r.raw.rate).toFixed(2)} | ${r.imp.load.toFixed(1)} |`),
    `| **median** | **${Math.round(importRate)}** | ${median(results.map((r) => r.imp.cpu)).toFixed(1)} | ${Math.round(rawRate)} | ${median(results.map((r) => r.raw.cpu)).toFixed(1)} | ${median(results.map((r) => r.imp.rate / r.raw.rate)).toFixed(2)} | |`,
    '',
    `Target ≥ 50,000 events/s (median of the rounds): ${importRate >= 50_000 ? 'met' : 'NOT met'}.`,
  ].join('\n')
  console.log(block)
  if (RECORD) appendToSection(path.resolve('BENCHMARKS.md'), '## Import', block)
  fs.rmSync(tmp, { recursive: true, force: true })
  process.exit(0)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
