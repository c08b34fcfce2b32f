/**
 * Forecast benchmark (issue 20: "next-day forecast for the 5 demo centers, target ≤ 1 s").
 *
 *   npx tsx --conditions=react-server bench/forecast.ts [--days 36] [--runs 5] [--interval 15] [--no-record]
 *
 * History: `--days` whole days of the default simulator scenario (5 centers) before today
 * (Paris), loaded once into /tmp/plateau-bench-forecast-<days>d (bench/lib/history.ts), contact
 * facts refreshed. Then forecastCenter (lib/forecast/service) for tomorrow, each of the 5
 * centers in turn, at the finest interval — first call and warm runs. Same-run baseline: one
 * plain scan of the same history (count of offered facts per center), to read the figure
 * against the machine's load. Writes the "## Forecast" section of BENCHMARKS.md.
 */
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { machine } from './lib/machine'
import { appendToSection } from './lib/report'

const { values: args } = parseArgs({
  options: {
    days: { type: 'string', default: '36' },
    runs: { type: 'string', default: '5' },
    interval: { type: 'string', default: '15' },
    'no-record': { type: 'boolean', default: false },
  },
})
const DAYS = Number(args.days)
const RUNS = Number(args.runs)
const INTERVAL = Number(args.interval) as 15 | 30 | 60
const log = (m: string) => console.log(`[bench:forecast] ${m}`)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function main() {
  const tz = 'Europe/Paris'
  const { startOfLocalDay, addLocalDays } = await import('../lib/kpi/time')
  const today = startOfLocalDay(Date.now(), tz)
  const from = addLocalDays(today, -DAYS, tz)
  const loadStart = os.loadavg()[0]!
  const { ensureHistory } = await import('./lib/history')
  const h = await ensureHistory(`/tmp/plateau-bench-forecast-${DAYS}d`, DAYS, from, today, log)
  log(`history ${h.reused ? 'reused' : `loaded in ${h.loadSeconds} s`}: ${h.events.toLocaleString('en')} events, ${h.from} → ${h.to}`)
  const { refreshContactFacts } = await import('../lib/queries/refreshContactFacts')
  await refreshContactFacts()
  const { queryRows } = await import('../lib/clickhouse')
  const { forecastCenter, localDate } = await import('../lib/forecast/service')
  const { addDays } = await import('../lib/forecast/calendar')
  const { loadScenario, DEFAULT_SCENARIO_PATH } = await import('../simulator/scenario')
  const centers = loadScenario(DEFAULT_SCENARIO_PATH).centers.map((c) => c.id)
  const date = addDays(localDate(Date.now(), tz), 1)

  const load = os.loadavg()[0]!
  const once = async () => {
    const t0 = performance.now()
    const out = []
    for (const c of centers) out.push(await forecastCenter({ centerId: c, date, intervalMin: INTERVAL, asOf: today }))
    return { ms: performance.now() - t0, out }
  }
  const baseline = async () => {
    const t0 = performance.now()
    await queryRows(
      `SELECT center_id, queue_id, count() FROM contact_facts FINAL WHERE kind = 'offered' AND ts >= fromUnixTimestamp64Milli({f:Int64}, 'UTC') AND ts < fromUnixTimestamp64Milli({t:Int64}, 'UTC') GROUP BY center_id, queue_id`,
      { f: from, t: today },
    )
    return performance.now() - t0
  }
  const first = await once()
  const statuses = first.out.flatMap((c) => c.queues.map((q) => q.forecast.status))
  log(`first: ${Math.round(first.ms)} ms; ${statuses.length} queues: ${statuses.filter((s) => s === 'ok').length} ok, ${statuses.filter((s) => s === 'closed').length} closed, ${statuses.filter((s) => s === 'insufficient_history').length} insufficient`)
  const warm: number[] = []
  const base: number[] = []
  for (let i = 0; i < RUNS; i++) {
    warm.push((await once()).ms)
    base.push(await baseline())
  }
  const w = median(warm)
  const b = median(base)
  // Monthly report section: the last 14 days' accuracy for the 5 centers, one history read per
  // center (lib/reports/plan-sections) vs day by day (lib/forecast/service forecastAccuracy).
  const { forecastSection } = await import('../lib/reports/plan-sections')
  const { forecastAccuracy, centerAhead } = await import('../lib/forecast/service')
  const repTo = addDays(localDate(Date.now(), tz), -1)
  const repFrom = addDays(repTo, -13)
  const timed = async (f: () => Promise<unknown>) => {
    const t0 = performance.now()
    await f()
    return performance.now() - t0
  }
  const section = await timed(() => forecastSection(centers, repFrom, repTo, 60, today))
  const dayByDay = await timed(async () => {
    for (const c of centers) await forecastAccuracy({ centerId: c, fromDate: repFrom, toDate: repTo, intervalMin: 60, asOf: today })
  })
  // Next 4 hours (staffing ahead, Erlang A where the patience is known) for the 5 centers, 30-min intervals.
  let models = ''
  const ahead = await timed(async () => {
    const out = []
    for (const c of centers) out.push(await centerAhead({ centerId: c, intervalMin: 30, hours: 4, now: today + 10 * 3_600_000 }, null))
    const ms = out.flatMap((c) => c.queues.map((q) => q.model))
    models = `${ms.filter((m) => m === 'erlang_a').length} Erlang A, ${ms.filter((m) => m === 'erlang_c').length} Erlang C`
  })
  log(`report section ${Math.round(section)} ms vs day by day ${Math.round(dayByDay)} ms; next 4 h ${Math.round(ahead)} ms (${models})`)
  log(`warm median ${Math.round(w)} ms (min ${Math.round(Math.min(...warm))}, max ${Math.round(Math.max(...warm))}); baseline scan median ${Math.round(b)} ms; ratio ${(w / b).toFixed(1)}×`)
  if (args['no-record']) return
  const m = machine()
  const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ')
  appendToSection(
    path.resolve(__dirname, '../BENCHMARKS.md'),
    '## Forecast',
    `### Run ${stamp} UTC

\`npx tsx --conditions=react-server bench/forecast.ts --days ${DAYS} --runs ${RUNS} --interval ${INTERVAL}\` — machine: ${m.nproc} cores (${m.cpu}), ${m.ramGiB} GiB, node ${m.node};
load average ${loadStart.toFixed(2)} at start, ${load.toFixed(2)} when measuring (the machine is shared by several helpers: busy).
History: ${DAYS} days of the default scenario (${h.events.toLocaleString('en')} events, ${h.from} → ${h.to}).

| Next-day forecast (${date}), 5 demo centers, ${INTERVAL}-min intervals, ${statuses.length} queues | ms |
|---|---|
| first call (contact facts warm) | ${Math.round(first.ms)} |
| warm, median of ${RUNS} (min–max) | ${Math.round(w)} (${Math.round(Math.min(...warm))}–${Math.round(Math.max(...warm))}) |
| same-run baseline: one GROUP BY scan of the offered facts over the history | ${Math.round(b)} |
| ratio forecast ÷ baseline | ${(w / b).toFixed(1)}× |
| report section \`forecast\`: accuracy of ${repFrom} … ${repTo} (14 days), 5 centers, 60 min — one history read per center | ${Math.round(section)} |
| the same, day by day (forecastAccuracy, one read per center-day) | ${Math.round(dayByDay)} |
| next 4 hours, 5 centers, 30 min (10:00 local yesterday's clock; ${models}) | ${Math.round(ahead)} |

Target ≤ 1 s: ${w <= 1000 ? 'met' : 'NOT met'} (warm median).`,
  )
  log('BENCHMARKS.md updated')
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e)
    process.exit(1)
  },
)
