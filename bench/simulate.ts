/**
 * Simulator benchmark: fast-forward N days of the default scenario at full speed and report
 * events/s and wall time, for the engine alone (events counted in memory) and with NDJSON file
 * output (serialisation + disk). Target (issue 3): 90 days in under 10 minutes on the 2-core box.
 *
 *   npx tsx --conditions=react-server bench/simulate.ts [--days 90] [--from 2026-08-01] [--file /tmp/plateau-90d.ndjson] [--skip-file]
 */
import fs from 'node:fs'
import os from 'node:os'
import { parseArgs } from 'node:util'
import { simulate } from '../simulator/engine'
import { run } from '../simulator/runner'
import { loadScenario } from '../simulator/scenario'
import { FileSink } from '../simulator/sinks'
import { parseWhen } from '../simulator/when'

async function main() {
  const { values: a } = parseArgs({
    options: {
      days: { type: 'string', default: '90' },
      from: { type: 'string', default: '2026-08-01' },
      file: { type: 'string', default: `${os.tmpdir()}/plateau-sim-bench.ndjson` },
      'skip-file': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      seed: { type: 'string', default: '2026' },
    },
  })
  const sc = loadScenario('scenarios/default.yaml')
  const tz = sc.centers[0]!.timezone
  const days = Number(a.days)
  const from = parseWhen(a.from!, tz)
  const to = from + days * 86_400_000
  const seed = Number(a.seed)
  const fmt = (n: number) => Math.round(n).toLocaleString('en')
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`)
  console.log(`scenario ${sc.name}: ${sc.centers.length} centers, ${sc.queues.length} queues, ${sc.agents.length} agents; ${days} days from ${a.from} (seed ${seed})`)

  // 1. engine only: events generated and counted in memory
  let n = 0
  const t0 = performance.now()
  const { stats } = simulate({ scenario: sc, seed, from, to, onEvent: () => void n++ })
  const engineS = (performance.now() - t0) / 1000
  console.log(`\nengine (in memory):  ${fmt(n)} events in ${engineS.toFixed(1)} s → ${fmt(n / engineS)} events/s`)
  console.log(`  by type: ${Object.entries(stats.byType).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`)
  const contacts = stats.byType['contact.queued'] ?? 0
  console.log(`  contacts: ${fmt(contacts)} (${fmt(contacts / days)} per day), events per day: ${fmt(n / days)}`)

  // 2. NDJSON file output (what `--out file` does), including serialisation and disk writes
  if (!a['skip-file']) {
    const sink = new FileSink(a.file!)
    const t1 = performance.now()
    const r = await run({ scenario: sc, seed, from, to, speed: 'max', sink, batchSize: 20_000 })
    await sink.close()
    const fileS = (performance.now() - t1) / 1000
    const bytes = fs.statSync(a.file!).size
    console.log(`\nNDJSON file output:  ${fmt(r.events)} events in ${fileS.toFixed(1)} s → ${fmt(r.events / fileS)} events/s, ${(bytes / 2 ** 20).toFixed(0)} MiB (${a.file})`)
    if (!a.keep) fs.rmSync(a.file!)
    const verdict = fileS < 600 ? 'PASS' : 'FAIL'
    console.log(`\n${verdict}: ${days}-day fast-forward with file output in ${(fileS / 60).toFixed(2)} min (target < 10 min)`)
  }
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
