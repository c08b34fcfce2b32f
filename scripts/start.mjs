#!/usr/bin/env node
// `npm start`: build the app if the build is missing or older than the sources, then serve it.
// With no configuration this one process owns the embedded ClickHouse, runs the ingest
// pipeline and feeds it demo traffic (see instrumentation.ts).
import { spawnSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const buildId = path.join(root, '.next', 'BUILD_ID')
const SOURCES = ['app', 'components', 'lib', 'ingest', 'clickhouse', 'messages', 'next.config.js', 'package-lock.json', 'instrumentation.ts']

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0
  const st = fs.statSync(p)
  if (!st.isDirectory()) return st.mtimeMs
  let m = 0
  for (const e of fs.readdirSync(p)) m = Math.max(m, newestMtime(path.join(p, e)))
  return m
}

const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0
const newest = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))))
if (!built || newest > built) {
  console.log('[plateau] building (first start or sources changed)…')
  const r = spawnSync('npx', ['next', 'build'], { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

const port = process.env.PORT || '3000'
const child = spawn('npx', ['next', 'start', '-p', port, '-H', process.env.HOST || '0.0.0.0'], { cwd: root, stdio: 'inherit' })
console.log(`[plateau] http://localhost:${port}`)
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
child.on('exit', (code) => process.exit(code ?? 0))
