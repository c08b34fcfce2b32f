/**
 * `npm run bench:import` — the import command's rate into the embedded store vs the raw insert
 * of the same rows, in the same run and process:
 *  1. writes BENCH_IMPORT_CALLS (100,000) calls as an Asterisk queue_log file (half answered:
 *     ENTERQUEUE, CONNECT, COMPLETECALLER → 4 events; half abandoned: ENTERQUEUE, ABANDON → 2)
 *  2. import: runImport (read, split, UTF-8 check, map, v1 validation, toRow, write buffer,
 *     checkpoints) — events/s = accepted events ÷ wall time
 *  3. baseline: the same events, mapped and converted to rows beforehand, inserted with
 *     insertBatch, as many rows per insert as the import batches (what the store alone can take)
 * Prints both and their ratio; appends to BENCHMARKS.md ("## Import"); `--no-record` skips that.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { machine } from './lib/machine'
import { appendToSection } from './lib/report'

const CALLS = Number(process.env.BENCH_IMPORT_CALLS || 100_000)
// Lines per import batch (= rows per insert for queue_log); unset: the command's default. The raw
// baseline inserts the same number of rows per insert.
const BATCH = process.env.BENCH_IMPORT_BATCH ? Number(process.env.BENCH_IMPORT_BATCH) : undefined
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
  const { toRow } = await import('@/ingest/rows')
  const { insertBatch } = await import('@/ingest/sink')
  const { queryRows } = await import('@/lib/clickhouse')

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
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  const s = await runImport({ format: 'queue_log', center: 'bench-import', files: [file], checkpointDir: path.join(tmp, 'cp'), batchLines: BATCH })
  const rawBatch = BATCH ?? IMPORT_BATCH_LINES ?? 20_000
  const importS = (performance.now() - t0) / 1000
  await settle()
  const importCpu = cpuUs(process.cpuUsage(c0)) / s.events
  const importRate = s.events / importS
  log(`import: ${s.events} events in ${importS.toFixed(2)} s = ${Math.round(importRate)} events/s (rejected ${s.rejected}), ${importCpu.toFixed(1)} CPU-µs/event incl. merges`)

  const rows = lines.flatMap((l) => {
    const m = mapQueueLogLine(l, { center: 'bench-raw' })
    return m.kind === 'events' ? m.events.map((e) => toRow(e, Date.now())) : []
  })
  const c1 = process.cpuUsage()
  const t1 = performance.now()
  for (let i = 0; i < rows.length; i += rawBatch) await insertBatch({ events: rows.slice(i, i + rawBatch), deadLetters: [] })
  const rawS = (performance.now() - t1) / 1000
  await settle()
  const rawCpu = cpuUs(process.cpuUsage(c1)) / rows.length
  const rawRate = rows.length / rawS
  log(`raw insertBatch: ${rows.length} rows in ${rawS.toFixed(2)} s = ${Math.round(rawRate)} rows/s, ${rawCpu.toFixed(1)} CPU-µs/row incl. merges`)
  const [c] = await queryRows<{ a: string; b: string }>(`SELECT countIf(center_id = 'bench-import') AS a, countIf(center_id = 'bench-raw') AS b FROM events`)
  log(`stored: import ${c!.a}, raw ${c!.b}`)
  const ratio = importRate / rawRate
  const m = machine()
  const load = execFileSync('uptime', { encoding: 'utf8' }).trim()
  const block = [
    `### ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — \`npm run bench:import\` (${CALLS} calls, queue_log, ${rawBatch} lines per batch)`,
    '',
    `Machine: ${m.nproc} cores (${m.cpu}), ${m.ramGiB} GiB, ${m.node}; shared with other helpers' builds and tests — \`uptime\`: ${load}`,
    '',
    '| path | events | seconds | events/s | CPU µs/event (incl. merges) |',
    '|---|---|---|---|---|',
    `| \`npm run import\` engine (read, map, validate, store, checkpoint) | ${s.events} | ${importS.toFixed(2)} | ${Math.round(importRate)} | ${importCpu.toFixed(1)} |`,
    `| raw insertBatch of the same rows, ${rawBatch} per insert (baseline) | ${rows.length} | ${rawS.toFixed(2)} | ${Math.round(rawRate)} | ${rawCpu.toFixed(1)} |`,
    '',
    `Import ÷ raw insert: **${ratio.toFixed(2)}** (events/s), CPU per event ${(importCpu / rawCpu).toFixed(2)}×; target ≥ 50,000 events/s: ${importRate >= 50_000 ? 'met' : 'NOT met'}.`,
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
