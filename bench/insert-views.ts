/**
 * `npx tsx --conditions=react-server bench/insert-views.ts` — where the store's insert time goes:
 * the same rows (BENCH_VIEWS_EVENTS, 500,000) inserted as TabSeparated, BENCH_VIEWS_BATCH
 * (20,000) rows per insert, exactly as ingest/sink.ts sends them, into a fresh embedded store
 * (its own process and data dir) with every materialized view of the migrations, then with each
 * view dropped in turn, then with none; variants alternate over BENCH_VIEWS_ROUNDS (2) rounds.
 * Prints wall and CPU time per event (chdb works in the process: its CPU time is the store's
 * work) and each variant's ratio to "all views" of the same round.
 *
 * `--source queue_log` uses the rows `npm run import` stores for the queue_log file of
 * bench/import.ts (every leg and wrap-up lacks hold/wrap: contacts_missing_mv fires), instead
 * of the demo mix of tests/helpers/contact-events.ts. `--only a,b` runs those variants only.
 * CPU time counts the inserts and the background merges they set off (the child waits until
 * merges have stopped); `--no-merges` stops merges (SYSTEM STOP MERGES) to see the inserts alone.
 * A child is run as `bench/insert-views.ts --child VARIANT BODYFILE`.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { execFileSync, spawnSync } from 'node:child_process'
import { Readable } from 'node:stream'

const N = Number(process.env.BENCH_VIEWS_EVENTS || 500_000)
const BATCH = Number(process.env.BENCH_VIEWS_BATCH || 20_000)
const ROUNDS = Number(process.env.BENCH_VIEWS_ROUNDS || 2)
const NO_MERGES = process.argv.includes('--no-merges')
const arg = (name: string) => {
  const i = process.argv.indexOf(name)
  return i > 0 ? process.argv[i + 1] : undefined
}

const VIEWS = ['contacts_events_mv', 'agent_state_events_mv', 'contact_touches_mv', 'agent_touches_mv'] as const

/** Statements run after the migrations; `settings` go with each insert. */
type Variant = { sql: string[]; settings?: Record<string, number | string>; batch?: number }
const VARIANTS: Record<string, Variant> = {
  all: { sql: [] },
  ...Object.fromEntries(VIEWS.map((v) => [`-${v}`, { sql: [`DROP VIEW IF EXISTS ${v}`] }])),
  none: { sql: VIEWS.map((v) => `DROP VIEW IF EXISTS ${v}`) },
  parallel_views: { sql: [], settings: { parallel_view_processing: 1 } },
  dt_basic: { sql: [], settings: { date_time_input_format: 'basic' } },
  no_optimize_on_insert: { sql: [], settings: { optimize_on_insert: 0 } },
  batch_100k: { sql: [], batch: 100_000 },
  none_dt_basic: { sql: VIEWS.map((v) => `DROP VIEW IF EXISTS ${v}`), settings: { date_time_input_format: 'basic' } },
  none_no_optimize: { sql: VIEWS.map((v) => `DROP VIEW IF EXISTS ${v}`), settings: { optimize_on_insert: 0 } },
  none_batch_100k: { sql: VIEWS.map((v) => `DROP VIEW IF EXISTS ${v}`), batch: 100_000 },
  no_parallel_parsing: { sql: [], settings: { input_format_parallel_parsing: 0 } },
  basic_no_optimize: { sql: [], settings: { date_time_input_format: 'basic', optimize_on_insert: 0 } },
  // contacts with plain-value columns (SimpleAggregateFunction): first queue / last agent as
  // min/max of (ts, value) tuples, legs / wraps / surveys as arrays united on merge.
  simple_contacts: {
    sql: [
      'DROP VIEW IF EXISTS contacts_events_mv',
      `CREATE TABLE contacts_simple (
        center_id LowCardinality(String), contact_id String,
        queued_at SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
        answered_at SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
        abandoned_at SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
        ended_at SimpleAggregateFunction(max, Nullable(DateTime64(3, 'UTC'))),
        wrapped_at SimpleAggregateFunction(max, Nullable(DateTime64(3, 'UTC'))),
        first_queue SimpleAggregateFunction(min, Tuple(DateTime64(3, 'UTC'), String)),
        channel SimpleAggregateFunction(any, Nullable(String)),
        direction SimpleAggregateFunction(any, Nullable(String)),
        campaign_id SimpleAggregateFunction(any, Nullable(String)),
        customer_id SimpleAggregateFunction(any, Nullable(String)),
        last_agent SimpleAggregateFunction(max, Tuple(DateTime64(3, 'UTC'), String)),
        legs SimpleAggregateFunction(groupUniqArrayArray, Array(Tuple(String, Float64, Float64, UInt8))),
        wraps SimpleAggregateFunction(groupUniqArrayArray, Array(Tuple(String, DateTime64(3, 'UTC'), Float64, Nullable(UInt8), String, Float64))),
        surveys SimpleAggregateFunction(groupUniqArrayArray, Array(Tuple(String, DateTime64(3, 'UTC'), Nullable(UInt8), Nullable(UInt8), Nullable(UInt8)))),
        hold_missing SimpleAggregateFunction(max, UInt8),
        wrap_missing SimpleAggregateFunction(max, UInt8)
      ) ENGINE = AggregatingMergeTree ORDER BY (center_id, contact_id)`,
      `CREATE MATERIALIZED VIEW contacts_simple_mv TO contacts_simple AS
      SELECT center_id, contact_id,
        minIfOrNull(ts, type = 'contact.queued') AS queued_at,
        minIfOrNull(ts, type = 'contact.answered') AS answered_at,
        minIfOrNull(ts, type = 'contact.abandoned') AS abandoned_at,
        maxIfOrNull(ts, type = 'contact.ended') AS ended_at,
        maxIfOrNull(ts, type = 'contact.wrapped') AS wrapped_at,
        min(if(type IN ('contact.queued', 'contact.answered', 'contact.abandoned'), (ts, toString(queue_id)), (toDateTime64('2299-12-31 23:59:59.999', 3, 'UTC'), ''))) AS first_queue,
        anyIfOrNull(toString(channel), type = 'contact.queued') AS channel,
        anyIfOrNull(toString(direction), type = 'contact.queued') AS direction,
        anyIfOrNull(campaign_id, type = 'contact.queued' AND campaign_id != '') AS campaign_id,
        anyIfOrNull(customer_id, type = 'contact.queued' AND customer_id != '') AS customer_id,
        max(if(type = 'contact.answered', (ts, agent_id), (toDateTime64(0, 3, 'UTC'), ''))) AS last_agent,
        groupUniqArrayIf((event_id, talk_s, hold_s, transferred), type = 'contact.ended') AS legs,
        groupUniqArrayIf((event_id, ts, wrap_s, resolved, toString(outcome), revenue), type = 'contact.wrapped') AS wraps,
        groupUniqArrayIf((event_id, ts, csat, nps, resolved), type = 'survey.completed') AS surveys,
        max(toUInt8(type = 'contact.ended' AND no_hold = 1)) AS hold_missing,
        max(toUInt8(type = 'contact.wrapped' AND no_wrap = 1)) AS wrap_missing
      FROM (SELECT *, hold_missing AS no_hold, wrap_missing AS no_wrap FROM events WHERE type != 'agent.state')
      GROUP BY center_id, contact_id`,
    ],
    settings: { date_time_input_format: 'basic', optimize_on_insert: 0 },
  },
  no_contacts_view: { sql: ['DROP VIEW IF EXISTS contacts_events_mv'], settings: { date_time_input_format: 'basic', optimize_on_insert: 0 } },
  basic_no_optimize_parallel: { sql: [], settings: { date_time_input_format: 'basic', optimize_on_insert: 0, parallel_view_processing: 1 } },
}

async function child(variant: string, bodyFile: string) {
  const v = VARIANTS[variant]
  if (!v) throw new Error(`unknown variant ${variant}`)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-bench-views-'))
  process.env.PLATEAU_DATA_DIR = dir
  delete process.env.CLICKHOUSE_URL
  const { migrate } = await import('../lib/migrate')
  const { getClickHouse, closeClickHouse, queryRows } = await import('../lib/clickhouse')
  const { EVENT_COLUMNS } = await import('../lib/contract/columns')
  await migrate()
  const ch = getClickHouse()
  for (const q of v.sql) await ch.command({ query: q })
  if (NO_MERGES) await ch.command({ query: 'SYSTEM STOP MERGES' })
  const views = await queryRows<{ name: string }>(`SELECT name FROM system.tables WHERE database = currentDatabase() AND engine = 'MaterializedView' ORDER BY name`)
  const lines = fs.readFileSync(bodyFile, 'utf8').split('\n').filter(Boolean)
  const bodies: string[] = []
  const batch = v.batch ?? BATCH
  for (let i = 0; i < lines.length; i += batch) bodies.push(lines.slice(i, i + batch).join('\n') + '\n')
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  for (const body of bodies) await ch.insert({ table: 'events', columns: [...EVENT_COLUMNS], values: Readable.from([body], { objectMode: false }), format: 'TabSeparated', clickhouse_settings: v.settings })
  const wall = (performance.now() - t0) / 1000
  const ci = process.cpuUsage(c0)
  // The merges these inserts set off run on the engine's threads in this process, partly after
  // the last insert: wait until none has run for a second (at most 120 s) and count them too.
  let quiet = 0
  for (const until = Date.now() + 120_000; quiet < 5 && Date.now() < until; ) {
    const [m] = await queryRows<{ n: string }>('SELECT count() AS n FROM system.merges')
    quiet = Number(m!.n) === 0 ? quiet + 1 : 0
    await new Promise((r) => setTimeout(r, 200))
  }
  const c = process.cpuUsage(c0)
  const [n] = await queryRows<{ n: string }>('SELECT count() AS n FROM events')
  await closeClickHouse()
  fs.rmSync(dir, { recursive: true, force: true })
  console.log(JSON.stringify({ variant, rows: lines.length, stored: Number(n!.n), wall, cpu: (c.user + c.system) / 1e6, insertCpu: (ci.user + ci.system) / 1e6, views: views.map((r) => r.name), load: os.loadavg()[0] }))
}

async function bodyRows(source: string): Promise<string> {
  const { eventLine } = await import('../ingest/rows')
  const now = Date.now()
  if (source === 'queue_log') {
    const { mapQueueLogLine } = await import('../ingest/connectors/queue-log/map')
    const calls = Math.ceil(N / 3)
    const e0 = Date.parse('2026-11-10T08:00:00Z') / 1000
    const rows = []
    for (let i = 0; i < calls && rows.length < N; i++) {
      const t = e0 + Math.floor(i / 10)
      const ls = [`${t}|b${i}|sales-${i % 8}||ENTERQUEUE||0600${i}|1`]
      if (i % 2 === 0) ls.push(`${t + 9}|b${i}|sales-${i % 8}|PJSIP/${i % 200}|CONNECT|9|x${i}|2`, `${t + 189}|b${i}|sales-${i % 8}|PJSIP/${i % 200}|COMPLETECALLER|9|180|1`)
      else ls.push(`${t + 30}|b${i}|sales-${i % 8}||ABANDON|1|1|30`)
      for (const l of ls) {
        const m = mapQueueLogLine(l, { center: 'bench' })
        if (m.kind === 'events') for (const e of m.events) rows.push(eventLine(e, now))
      }
    }
    return rows.slice(0, N).join('\n') + '\n'
  }
  const { generateEvents } = await import('../tests/helpers/contact-events')
  const rows = []
  for (let c = 0; c * 50_000 < N; c++) for (const e of generateEvents({ events: Math.min(50_000, N - c * 50_000), seed: 700 + c, prefix: `v${c}` })) rows.push(eventLine(e, now))
  return rows.join('\n') + '\n'
}

async function main() {
  const source = arg('--source') ?? 'demo'
  const only = arg('--only')?.split(',')
  const names = only ?? Object.keys(VARIANTS)
  // The rows are deterministic: kept between runs (generating 500k events takes a while).
  const bodyFile = path.join(os.tmpdir(), `plateau-bench-views-${source}-${N}.tsv`)
  if (!fs.existsSync(bodyFile)) fs.writeFileSync(bodyFile + '.part', await bodyRows(source)), fs.renameSync(bodyFile + '.part', bodyFile)
  console.log(`[bench] ${N} ${source} rows, ${BATCH} per insert; \`uptime\`: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`)
  type R = { variant: string; rows: number; stored: number; wall: number; cpu: number; insertCpu: number; views: string[]; load: number }
  const results: Array<R & { round: number }> = []
  for (let round = 1; round <= ROUNDS; round++) {
    // Alternate the order each round so drift in the machine's load does not favour one side.
    const order = round % 2 ? names : [...names].reverse()
    for (const variant of order) {
      const r = spawnSync(process.execPath, [...process.execArgv, __filename, '--child', variant, bodyFile, ...(NO_MERGES ? ['--no-merges'] : [])], { encoding: 'utf8', env: process.env, maxBuffer: 1 << 26 })
      const line = r.stdout.split('\n').find((l) => l.startsWith('{'))
      if (r.status !== 0 || !line) throw new Error(`child ${variant} failed: ${r.stderr.slice(-2000)}`)
      const res = { ...(JSON.parse(line) as R), round }
      if (res.stored !== res.rows) throw new Error(`${variant}: stored ${res.stored} of ${res.rows}`)
      results.push(res)
      console.log(`[bench] round ${round} ${variant.padEnd(24)} ${Math.round(res.rows / res.wall)} ev/s wall, ${((res.cpu / res.rows) * 1e6).toFixed(2)} CPU-µs/ev incl. merges (${((res.insertCpu / res.rows) * 1e6).toFixed(2)} during the inserts) (load ${res.load.toFixed(1)}) views: ${res.views.join(' ')}`)
    }
  }
  console.log('\n| variant | views fired | ev/s (wall), per round | CPU µs/event incl. merges, per round | CPU ÷ all views (same round, mean) | load (1-min) |')
  console.log('|---|---|---|---|---|---|')
  for (const name of names) {
    const rs = results.filter((r) => r.variant === name)
    const ratio = rs.map((r) => r.cpu / results.find((b) => b.variant === (names.includes('all') ? 'all' : names[0]) && b.round === r.round)!.cpu)
    console.log(
      `| ${name} | ${rs[0]!.views.length} | ${rs.map((r) => Math.round(r.rows / r.wall).toLocaleString('en')).join(' / ')} | ${rs.map((r) => ((r.cpu / r.rows) * 1e6).toFixed(2)).join(' / ')} | ${(ratio.reduce((a, b) => a + b, 0) / ratio.length).toFixed(2)} | ${rs.map((r) => r.load.toFixed(1)).join(' / ')} |`,
    )
  }
}

const ci = process.argv.indexOf('--child')
;(ci > 0 ? child(process.argv[ci + 1]!, process.argv[ci + 2]!) : main()).then(
  () => process.exit(0),
  (e) => {
    console.error(e)
    process.exit(1)
  },
)
