#!/usr/bin/env node
// `npm test`: every test — types, unit, integration (real Kafka broker, real embedded
// ClickHouse) and browser tests (Playwright driving Debian's Chromium). Stops at the first
// failing stage and exits non-zero.
import { spawnSync } from 'node:child_process'

const stages = [
  ['typegen', 'npx', ['next', 'typegen']],
  ['types', 'npx', ['tsc', '--noEmit']],
  ['unit', 'npx', ['vitest', 'run', '--project', 'unit']],
  ['integration', 'npx', ['vitest', 'run', '--project', 'integration']],
  ['build', 'npx', ['next', 'build']],
  ['browser', 'npx', ['playwright', 'test']],
]
const only = process.argv.slice(2)
for (const [name, cmd, args] of stages) {
  if (only.length && !only.includes(name)) continue
  const t0 = Date.now()
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`)
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env })
  console.log(`=== ${name}: ${r.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
  if (r.status !== 0) process.exit(r.status ?? 1)
}
