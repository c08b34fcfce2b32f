/**
 * What a KPI request costs by the KPIs it asks for: getKpis today, by center, for a few KPI sets,
 * on an existing bench:queries store.
 *
 *   BENCH_DIR=/work/bench-data/q50m npx tsx --conditions=react-server bench/kpi-sets.ts [--runs 40] [--tree ../main]
 *
 * Prints, per set, the median and p95 wall time and the median CPU time (ms) after three warm-up
 * rounds; the process's CPU time includes the embedded engine's (chdb runs in-process). With
 * --tree, the same requests also run through that checkout's engine in the same process, on the
 * same store, alternated request by request (the fairest comparison on a noisy machine), with
 * the ratios of this checkout to it.
 */
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { KpiKey } from '../lib/kpi/definitions'

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '40' }, tree: { type: 'string' } } })

const SETS: Record<string, KpiKey[]> = {
  aht: ['aht'],
  service_level: ['service_level'],
  'csat, nps': ['csat', 'nps'],
  'queue table (contact KPIs)': ['offered', 'answered', 'abandoned', 'abandonment_rate', 'service_level', 'asa', 'aht'],
}

type GetKpis = typeof import('../lib/queries/getKpis').getKpis

async function main() {
  const dir = process.env.BENCH_DIR
  if (!dir || !fs.existsSync(dir)) throw new Error('BENCH_DIR: a store made by bench:queries')
  process.env.PLATEAU_DATA_DIR = path.resolve(dir)
  process.env.PLATEAU_FACTS_REFRESH_MS = '0'
  const { setConfigOverride } = await import('../lib/config')
  setConfigOverride(fs.readFileSync(path.join(__dirname, '../config/plateau.example.yaml'), 'utf8'))
  const { PRESETS } = await import('../lib/kpi/presets')
  // Both checkouts share the process's one store client and configuration (kept on globalThis).
  const engines: Array<[string, GetKpis]> = [[path.resolve(__dirname, '..'), (await import('../lib/queries/getKpis')).getKpis]]
  if (args.tree) engines.push([path.resolve(args.tree), (await import(path.resolve(args.tree, 'lib/queries/getKpis.ts'))).getKpis as GetKpis])
  const sets = { ...SETS, 'live preset': [...PRESETS.live] }
  const runs = Number(args.runs)
  const times = new Map<string, { wall: number[]; cpu: number[] }>()
  for (let i = 0; i < runs + 3; i++)
    for (const [name, keys] of Object.entries(sets))
      for (const [tree, getKpis] of i % 2 ? [...engines].reverse() : engines) {
        const c0 = process.cpuUsage()
        const t0 = performance.now()
        await getKpis({ window: { kind: 'today' }, groupBy: ['center'], keys, maxLagMs: 3_600_000 }, null)
        const c = process.cpuUsage(c0)
        if (i < 3) continue
        const k = `${tree}|${name}`
        if (!times.has(k)) times.set(k, { wall: [], cpu: [] })
        times.get(k)!.wall.push(performance.now() - t0)
        times.get(k)!.cpu.push((c.user + c.system) / 1000)
      }
  const q = (xs: number[], f: number) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * f)]!
  console.log(`getKpis today by center, ${runs} runs each; wall p50 / p95 ms (CPU p50 ms)`)
  for (const name of Object.keys(sets)) {
    const cells = engines.map(([tree]) => times.get(`${tree}|${name}`)!)
    const text = cells.map((t) => `${q(t.wall, 0.5).toFixed(0)} / ${q(t.wall, 0.95).toFixed(0)} (${q(t.cpu, 0.5).toFixed(0)})`)
    const ratio = cells[1] ? `  this ÷ --tree: wall ${(q(cells[0]!.wall, 0.5) / q(cells[1].wall, 0.5)).toFixed(2)}, CPU ${(q(cells[0]!.cpu, 0.5) / q(cells[1].cpu, 0.5)).toFixed(2)}` : ''
    console.log(`  ${name.padEnd(28)} ${text.join('  vs --tree ')}${ratio}`)
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e)
    process.exit(1)
  },
)
