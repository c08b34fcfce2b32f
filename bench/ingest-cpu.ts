/**
 * `npx tsx --conditions=react-server bench/ingest-cpu.ts [--tree DIR]` — CPU per event of what
 * the Kafka consumer does with a message, stage by stage, in one process: parseEvent
 * (JSON.parse + validation), the row (eventLine; toRow in a tree from before it), insertBatch
 * (insert body + the embedded store's parse, insert and materialized views: chdb works in this
 * process, so process CPU time counts it).
 * CPU time, not wall time: on a shared machine the wall clock mostly measures the others.
 *
 * `--tree DIR` loads the pipeline modules from another checkout (e.g. a worktree of the commit
 * before a change), so two versions can be run alternately, each in a fresh process:
 *   git worktree add --detach /tmp/base <commit> && ln -s $PWD/node_modules /tmp/base/
 *   for i in 1 2; do npx tsx bench/ingest-cpu.ts --tree /tmp/base; npx tsx bench/ingest-cpu.ts; done
 * BENCH_CPU_EVENTS (200,000) events of tests/helpers/contact-events.ts (ts with a +hh:mm
 * offset, as most producers send them); BENCH_CPU_UTC=1 rewrites ts in UTC (…Z).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const N = Number(process.env.BENCH_CPU_EVENTS || 200_000)
const treeArg = process.argv.indexOf('--tree')
const TREE = path.resolve(treeArg > 0 ? process.argv[treeArg + 1]! : path.join(__dirname, '..'))
const BATCH = 20_000

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-bench-cpu-'))
  process.env.PLATEAU_DATA_DIR = dir
  delete process.env.CLICKHOUSE_URL
  const { migrate } = await import(path.join(TREE, 'lib/migrate.ts'))
  await migrate()
  const { parseEvent } = await import(path.join(TREE, 'lib/contract/events.ts'))
  // eventLine (the row as its insert line) since 2026-12-07; toRow (a row object) before.
  const rowsModule = await import(path.join(TREE, 'ingest/rows.ts'))
  const row: (e: unknown, now: number) => unknown = rowsModule.eventLine ?? rowsModule.toRow
  const { insertBatch } = await import(path.join(TREE, 'ingest/sink.ts'))
  const { closeClickHouse } = await import(path.join(TREE, 'lib/clickhouse.ts'))
  const { generateEvents } = await import('../tests/helpers/contact-events')

  const raws: string[] = []
  for (let c = 0; c * 50_000 < N; c++)
    for (const e of generateEvents({ events: Math.min(50_000, N - c * 50_000), seed: 900 + c, prefix: `p${c}` })) {
      if (process.env.BENCH_CPU_UTC === '1') (e as { ts: string }).ts = new Date(Date.parse(e.ts)).toISOString()
      raws.push(JSON.stringify(e))
    }
  const now = Date.now()
  const cpu = <T>(f: () => T): [T, number] => {
    const c0 = process.cpuUsage()
    const r = f()
    const c = process.cpuUsage(c0)
    return [r, (c.user + c.system) / N]
  }
  // Warm-up on a slice (JIT), not counted.
  for (const r of raws.slice(0, 5000)) parseEvent(r, now)
  const [parsed, parseUs] = cpu(() => raws.map((r) => parseEvent(r, now)))
  const events = parsed.flatMap((r: { ok: boolean; event?: unknown }) => (r.ok ? [r.event] : []))
  if (events.length !== N) throw new Error(`${N - events.length} events rejected`)
  const [rows, rowUs] = cpu(() => events.map((e: unknown) => row(e, now)))
  const c0 = process.cpuUsage()
  for (let i = 0; i < rows.length; i += BATCH) await insertBatch({ events: rows.slice(i, i + BATCH), deadLetters: [] })
  const c = process.cpuUsage(c0)
  const insertUs = (c.user + c.system) / N
  await closeClickHouse()
  fs.rmSync(dir, { recursive: true, force: true })
  const r = { tree: TREE, events: N, parseEventUs: parseUs, rowUs, insertUs, totalUs: parseUs + rowUs + insertUs, load: os.loadavg()[0] }
  console.log(
    `${path.basename(TREE)}: parseEvent ${parseUs.toFixed(2)} + row ${rowUs.toFixed(2)} + insertBatch ${insertUs.toFixed(2)} = ${r.totalUs.toFixed(2)} CPU-µs/event (${N} events; load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`,
  )
  console.log(JSON.stringify(r))
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e)
    process.exit(1)
  },
)
