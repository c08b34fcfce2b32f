/**
 * `npx tsx --conditions=react-server bench/backfill-live.ts` — does the demo's history fill starve the live screens?
 *
 * One process, as `npm start` runs it: a fresh embedded store, the live demo (today since
 * midnight, then the clock), and a "screen" asking for the all-centers live snapshot every
 * second (getLiveSnapshot, as /api/live does; kept warm by the tick cache). The age of the
 * figures it gets (now − generatedAt) is sampled in three phases of the same run:
 *
 *   baseline  no fill, BENCH_SECONDS (60)
 *   fill      the demo's history fill as shipped (simulator/demo.ts fillDemoHistory: small
 *             slices, one in flight, yields while a snapshot is computed, derives its days'
 *             contact facts itself instead of the refresh live snapshots wait for), BENCH_DAYS (3) days
 *   legacy    the fill as it was before (5,000-event batches, two in flight, no yield, facts
 *             derived by the live refresh), the next BENCH_DAYS days (BENCH_ORDER=legacy,fill
 *             swaps the two; BENCH_ORDER=fill leaves it out)
 *   after     no fill again, BENCH_AFTER_S seconds (default 0: none) — a second no-fill
 *             reference at the end of the run, as the shared machine's load drifts
 *
 * Prints p50/p95/max of the age per phase, how long each snapshot computed in the phase waited
 * for the contact facts refresh before its parts started (from its timings), and the fill rate; appends a block to BENCHMARKS.md
 * ("## Back-fill vs live") unless --no-record. The 2-core machine is shared: the load average
 * is printed with the figures.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { machine } from './lib/machine'
import { appendToSection } from './lib/report'

const SECONDS = Number(process.env.BENCH_SECONDS || 60)
const DAYS = Number(process.env.BENCH_DAYS || 3)
const RECORD = !process.argv.includes('--no-record')
const log = (m: string) => console.log(`[bench] ${m}`)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-bench-backfill-'))
  process.env.PLATEAU_DATA_DIR = dir
  delete process.env.CLICKHOUSE_URL
  process.env.PLATEAU_DEMO_HISTORY_DAYS = '0'
  const { migrate } = await import('../lib/migrate')
  await migrate()
  const { startDemo, fillDemoHistory } = await import('../simulator/demo')
  const { loadScenario } = await import('../simulator/scenario')
  const { getLiveSnapshot } = await import('../lib/live/live-snapshot')
  const scenario = loadScenario()
  const seed = 2026

  const demo = startDemo({ scenario, seed, historyDays: 0, log: () => {} })
  const t0 = Date.now()
  await demo.caughtUp
  log(`live demo caught up with the clock in ${((Date.now() - t0) / 1000).toFixed(0)} s`)

  // The screen: one request a second, like a wall board; age of what it gets.
  let phase: string | null = null
  const ages = new Map<string, number[]>()
  /** Per snapshot computed: how long it waited for the contact facts refresh before its parts started (ms). */
  const factsWaits = new Map<string, number[]>()
  let lastGenerated = 0
  let screenOn = true
  const screen = (async () => {
    while (screenOn) {
      const started = Date.now()
      const { snapshot } = await getLiveSnapshot({ allowed: null, line: null, queues: [], channels: [] })
      const age = (Date.now() - snapshot.generatedAt) / 1000
      if (phase) ages.set(phase, [...(ages.get(phase) ?? []), age])
      const t = snapshot.timings ?? {}
      if (phase && snapshot.generatedAt !== lastGenerated && t.total !== undefined) {
        // parts start once the refresh is done: total − the longest part ≈ the wait for the refresh
        const parts = Object.entries(t).filter(([k]) => k !== 'total').map(([, v]) => v)
        if (parts.length) factsWaits.set(phase, [...(factsWaits.get(phase) ?? []), t.total - Math.max(...parts)])
      }
      lastGenerated = snapshot.generatedAt
      await sleep(Math.max(0, 1000 - (Date.now() - started)))
    }
  })()
  // Warm-up: the first snapshot (today's facts derived), then BENCH_WARMUP_S more seconds.
  phase = 'warmup'
  while (!(ages.get('warmup')?.length)) await sleep(200)
  await sleep(Number(process.env.BENCH_WARMUP_S || 20) * 1000)

  const loads: Record<string, string> = {}
  const fills: Record<string, { events: number; seconds: number }> = {}
  phase = 'baseline'
  await sleep(SECONDS * 1000)
  loads.baseline = os.loadavg().map((x) => x.toFixed(2)).join(' ')

  // BENCH_ORDER=legacy,fill runs the old settings first (the machine's load drifts; alternate the order between runs).
  const order = (process.env.BENCH_ORDER || 'fill,legacy').split(',') as ('fill' | 'legacy')[]
  let filledDays = 0
  for (const mode of order) {
    phase = mode
    const f0 = Date.now()
    // legacy fills the BENCH_DAYS days before those `fill` stored (those are skipped as complete)
    filledDays += DAYS
    const r = await fillDemoHistory({ scenario, seed, days: filledDays, legacy: mode === 'legacy', log: (m) => log(`${mode}: ${m}`) })
    fills[mode] = { events: r.events, seconds: (Date.now() - f0) / 1000 }
    loads[mode] = os.loadavg().map((x) => x.toFixed(2)).join(' ')
    phase = null
    await sleep(3000)
  }
  const afterS = Number(process.env.BENCH_AFTER_S || 0)
  if (afterS > 0) {
    phase = 'after'
    await sleep(afterS * 1000)
    loads.after = os.loadavg().map((x) => x.toFixed(2)).join(' ')
    phase = null
  }
  screenOn = false
  await screen
  await demo.stop()

  const rows = ['baseline', 'fill', 'legacy', 'after'].filter((p) => ages.get(p)?.length).map((p) => {
    const xs = ages.get(p) ?? []
    const f = fills[p]
    const w = factsWaits.get(p) ?? []
    return `| ${p} | ${xs.length} | ${pct(xs, 50).toFixed(2)} | ${pct(xs, 95).toFixed(2)} | ${Math.max(...xs).toFixed(2)} | ${w.length ? `${pct(w, 50).toFixed(0)} / ${pct(w, 95).toFixed(0)}` : '—'} | ${f ? `${f.events.toLocaleString('en')} events in ${f.seconds.toFixed(0)} s (${Math.round(f.events / f.seconds).toLocaleString('en')}/s)` : '—'} | ${loads[p]} |`
  })
  const p95 = (p: string) => pct(ages.get(p) ?? [], 95)
  const m = machine()
  const block = [
    `#### ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Command: \`npx tsx --conditions=react-server bench/backfill-live.ts\` (BENCH_SECONDS=${SECONDS}, BENCH_DAYS=${DAYS}, BENCH_ORDER=${order.join(',')}${afterS > 0 ? `, BENCH_AFTER_S=${afterS}` : ''}). Machine: ${m.nproc} cores, ${m.cpu}, ${m.ramGiB} GiB, Node ${m.node}; shared with other jobs (load average at the end of each phase in the table).`,
    '',
    '| phase | samples | age p50 (s) | age p95 (s) | max (s) | facts wait p50 / p95 (ms) | fill | load avg 1/5/15 min |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Live snapshot age p95 during the fill: ${p95('fill').toFixed(2)} s (target ≤ 2 s) = ${(p95('fill') / p95('baseline')).toFixed(2)}× the same run's no-fill baseline` +
      (ages.get('after')?.length ? ` (${(p95('fill') / p95('after')).toFixed(2)}× the no-fill phase after it)` : '') +
      (ages.get('legacy')?.length ? `; the previous fill settings: ${p95('legacy').toFixed(2)} s (${(p95('legacy') / p95('baseline')).toFixed(2)}×).` : '.'),
  ].join('\n')
  console.log(`\n${block}\n`)
  if (RECORD) appendToSection(path.join(__dirname, '..', 'BENCHMARKS.md'), '## Back-fill vs live', block)
  // (the engine may still be merging parts in the background: a leftover temp dir is not a failure)
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 })
  } catch (e) {
    log(`could not remove ${dir}: ${(e as Error).message}`)
  }
  process.exit(0)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
