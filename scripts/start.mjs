#!/usr/bin/env node
// `npm start`: build the app if the build is missing or older than the sources, then serve it.
// With no configuration this one process owns the embedded ClickHouse, runs the ingest
// pipeline and feeds it demo traffic (see instrumentation.ts).
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const buildId = path.join(root, '.next', 'BUILD_ID')
const SOURCES = ['app', 'components', 'lib', 'server', 'simulator', 'ingest', 'clickhouse', 'messages', 'i18n', 'proxy.ts', 'next.config.js', 'package-lock.json', 'instrumentation.ts']

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
  console.log('[plateau] building the app first (first start or sources changed): about 3 minutes on 2 cores, longer on a busy machine; the server starts when it is done')
  const t0 = Date.now()
  // next build is quiet for minutes at a time: say it is still going.
  const beat = setInterval(() => console.log(`[plateau] still building… ${Math.round((Date.now() - t0) / 1000)} s`), 15_000)
  const status = await new Promise((resolve) => spawn('npx', ['next', 'build'], { cwd: root, stdio: 'inherit' }).on('exit', (code) => resolve(code ?? 1)))
  clearInterval(beat)
  if (status !== 0) process.exit(status)
  console.log(`[plateau] built in ${Math.round((Date.now() - t0) / 1000)} s`)
}

const port = process.env.PORT || '3000'
const child = spawn('npx', ['next', 'start', '-p', port, '-H', process.env.HOST || '0.0.0.0'], { cwd: root, stdio: 'inherit' })
console.log(`[plateau] http://localhost:${port}`)
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
child.on('exit', (code) => process.exit(code ?? 0))
