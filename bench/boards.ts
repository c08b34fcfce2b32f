/**
 * `npx tsx --conditions=react-server bench/boards.ts` — wall boards under load: does the server compute each board once
 * per tick however many screens poll it?
 *
 * Starts `next start` (the production build in .next must exist: `npx next build`) on a fresh
 * embedded store with the demo traffic on (the simulated centers of config/plateau.example.yaml
 * and the boards of config/boards.yaml), makes one read-only display link per board (as a TV
 * would use), then runs phases of BENCH_SECONDS (30) each, every client polling its board every
 * second like the wall screen does (TanStack refetchInterval 1 s):
 *
 *   idle        no client (server CPU of the demo traffic + facts refresher alone: the baseline)
 *   1 client    one screen on care-belgium (the heaviest board: 9 tiles, queues and staffing panels)
 *   100 clients 100 screens on care-belgium
 *   100 / 4     100 screens spread over 4 boards (25 each)
 *
 * Per phase: requests, errors, response time p50/p95/p99 (client side), server CPU (user+system
 * of the server process tree ÷ wall time), board snapshots computed per second (the server's
 * counter, header x-plateau-snapshot-computations) and the server-side compute time of a snapshot (its `timings`).
 * The first 3 s of each phase are warm-up. Appends a block to BENCHMARKS.md ("## Boards");
 * `--no-record` skips that. BENCH_URL + BENCH_SERVER_PID: measure an already running server.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { cpuSeconds, machine } from './lib/machine'
import { appendToSection } from './lib/report'

const SECONDS = Number(process.env.BENCH_SECONDS || 30)
const WARMUP_S = 3
const PORT = Number(process.env.BENCH_PORT || 3391)
const RECORD = !process.argv.includes('--no-record')
const ADMIN_PASSWORD = 'bench-admin-password'
const HEAVY = 'care-belgium'
const FOUR = ['care-belgium', 'floor-paris-sales', 'leads-lyon', 'group-overview']
const REPO = path.resolve(__dirname, '..')

const log = (m: string) => console.log(`[bench] ${m}`)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!
}

/** The server process and its descendants (next start may fork workers). */
function treeCpuSeconds(root: number): number {
  const kids = new Map<number, number[]>()
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      kids.set(ppid, [...(kids.get(ppid) ?? []), Number(d)])
    } catch {
      /* gone */
    }
  }
  let total = 0
  const stack = [root]
  while (stack.length) {
    const pid = stack.pop()!
    const c = cpuSeconds(pid)
    if (Number.isFinite(c)) total += c
    stack.push(...(kids.get(pid) ?? []))
  }
  return total
}

async function startServer(): Promise<{ url: string; pid: number; child: ChildProcess | null; dataDir: string }> {
  if (process.env.BENCH_URL) return { url: process.env.BENCH_URL, pid: Number(process.env.BENCH_SERVER_PID || 0), child: null, dataDir: '' }
  if (!fs.existsSync(path.join(REPO, '.next', 'BUILD_ID'))) throw new Error('no production build: run `npx next build` first')
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-bench-boards-'))
  const child = spawn(process.execPath, [path.join(REPO, 'node_modules/next/dist/bin/next'), 'start', '-p', String(PORT), '-H', '127.0.0.1'], {
    cwd: REPO,
    // Live demo traffic only: the background history fill (simulator/history.ts) would take the
    // CPU of the first minutes and blur the phases.
    env: { ...process.env, PLATEAU_DATA_DIR: dataDir, PLATEAU_ADMIN_PASSWORD: ADMIN_PASSWORD, PLATEAU_DEMO_HISTORY_DAYS: '0', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', () => {})
  child.stderr!.on('data', (d) => process.env.BENCH_VERBOSE && process.stderr.write(d))
  const url = `http://127.0.0.1:${PORT}`
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { url, pid: child.pid!, child, dataDir }
    } catch {
      /* not yet */
    }
    await sleep(500)
  }
  throw new Error('server did not start')
}

async function adminCookie(url: string): Promise<string> {
  const { signIn } = await import('../tests/helpers/auth')
  return (await signIn(url, 'admin', ADMIN_PASSWORD)).cookie
}

async function displayToken(url: string, cookie: string, boardId: string): Promise<string> {
  const r = await fetch(`${url}/api/admin/display-links`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: url },
    body: JSON.stringify({ boardId, name: `bench ${boardId}` }),
  })
  if (r.status !== 201) throw new Error(`display link for ${boardId}: HTTP ${r.status} ${await r.text()}`)
  return ((await r.json()) as { token: string }).token
}

type Sample = { at: number; ms: number; ok: boolean; board: string; generatedAt: number | null; computeMs: number | null; serverComputations: number | null }

/** `clients` screens, client i on boards[i % boards.length], each polling every second for `seconds`. */
async function phase(url: string, tokens: Record<string, string>, clients: number, boards: string[], seconds: number): Promise<Sample[]> {
  const samples: Sample[] = []
  const end = Date.now() + seconds * 1000
  const one = async (i: number) => {
    const board = boards[i % boards.length]!
    await sleep((i * 1000) / Math.max(1, clients)) // screens are not synchronised
    while (Date.now() < end) {
      const next = Date.now() + 1000
      const t0 = performance.now()
      let ok = false
      let generatedAt: number | null = null
      let computeMs: number | null = null
      let serverComputations: number | null = null
      try {
        const r = await fetch(`${url}/api/boards/${board}`, { headers: { 'x-display-token': tokens[board]! } })
        const j = (await r.json()) as { generatedAt?: number; timings?: { total?: number } }
        ok = r.status === 200
        generatedAt = j.generatedAt ?? null
        computeMs = j.timings?.total ?? null
        const c = r.headers.get('x-plateau-snapshot-computations')
        serverComputations = c === null ? null : Number(c)
      } catch {
        ok = false
      }
      samples.push({ at: Date.now(), ms: performance.now() - t0, ok, board, generatedAt, computeMs, serverComputations })
      await sleep(Math.max(0, next - Date.now()))
    }
  }
  await Promise.all(Array.from({ length: clients }, (_, i) => one(i)))
  return samples
}

type Row = {
  name: string
  clients: number
  boards: number
  requests: number
  errors: number
  p50: number
  p95: number
  p99: number
  cpuPct: number
  /** Board snapshots computed by the server per second (its own counter). */
  computationsPerS: number
  /** Distinct snapshots the screens received per second. */
  seenPerS: number
  computeP50: number
  computeP95: number
  load: number
}

async function measure(name: string, url: string, pid: number, tokens: Record<string, string>, clients: number, boards: string[]): Promise<Row> {
  log(`${name}: ${clients} client(s) on ${boards.length} board(s), ${SECONDS} s…`)
  if (clients > 0) await phase(url, tokens, clients, boards, WARMUP_S)
  else await sleep(WARMUP_S * 1000)
  const cpu0 = pid ? treeCpuSeconds(pid) : NaN
  const t0 = Date.now()
  const samples = clients > 0 ? await phase(url, tokens, clients, boards, SECONDS) : (await sleep(SECONDS * 1000), [])
  const wall = (Date.now() - t0) / 1000
  const cpu = pid ? (treeCpuSeconds(pid) - cpu0) / wall : NaN
  const ms = samples.filter((s) => s.ok).map((s) => s.ms)
  const distinct = new Set(samples.filter((s) => s.generatedAt !== null).map((s) => `${s.board}@${s.generatedAt}`))
  const counters = samples.map((s) => s.serverComputations).filter((c): c is number => c !== null)
  const firstAt = samples.find((s) => s.serverComputations !== null)?.at ?? 0
  const lastAt = [...samples].reverse().find((s) => s.serverComputations !== null)?.at ?? 0
  const serverRate = counters.length > 1 && lastAt > firstAt ? (Math.max(...counters) - Math.min(...counters)) / ((lastAt - firstAt) / 1000) : NaN
  // each distinct snapshot's own compute time, counted once
  const compute = new Map<string, number>()
  for (const s of samples) if (s.generatedAt !== null && s.computeMs !== null) compute.set(`${s.board}@${s.generatedAt}`, s.computeMs)
  const row: Row = {
    name,
    clients,
    boards: boards.length,
    requests: samples.length,
    errors: samples.filter((s) => !s.ok).length,
    p50: pct(ms, 50),
    p95: pct(ms, 95),
    p99: pct(ms, 99),
    cpuPct: cpu * 100,
    computationsPerS: serverRate,
    seenPerS: distinct.size / wall,
    computeP50: pct([...compute.values()], 50),
    computeP95: pct([...compute.values()], 95),
    load: os.loadavg()[0]!,
  }
  log(
    `  ${row.requests} requests, ${row.errors} errors, p50 ${row.p50.toFixed(0)} ms, p95 ${row.p95.toFixed(0)} ms, p99 ${row.p99.toFixed(0)} ms, ` +
      `server CPU ${row.cpuPct.toFixed(0)} %, ${row.computationsPerS.toFixed(2)} computations/s (${row.seenPerS.toFixed(2)} distinct snapshots seen/s), snapshot compute p50 ${row.computeP50} ms`,
  )
  return row
}

function table(rows: Row[]): string {
  const f = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '—')
  return [
    '| phase | screens | boards | requests | errors | p50 ms | p95 ms | p99 ms | server CPU | board computations/s | snapshot compute p50 / p95 ms | load avg |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.clients} | ${r.boards} | ${r.requests} | ${r.errors} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.p99)} | ${f(r.cpuPct)} % | ${f(r.computationsPerS, 2)} | ${f(r.computeP50)} / ${f(r.computeP95)} | ${f(r.load, 1)} |`,
    ),
  ].join('\n')
}

async function main() {
  const m = machine()
  const server = await startServer()
  log(`server ${server.url} (pid ${server.pid || 'unknown'})`)
  try {
    const cookie = await adminCookie(server.url)
    const tokens: Record<string, string> = {}
    for (const b of FOUR) tokens[b] = await displayToken(server.url, cookie, b)
    // Let the demo traffic fill the day a little and the first snapshots compile.
    await phase(server.url, tokens, 4, FOUR, 10)
    const rows: Row[] = []
    rows.push(await measure('idle (baseline)', server.url, server.pid, tokens, 0, [HEAVY]))
    rows.push(await measure('1 screen', server.url, server.pid, tokens, 1, [HEAVY]))
    rows.push(await measure('100 screens, one board', server.url, server.pid, tokens, 100, [HEAVY]))
    rows.push(await measure('100 screens, 4 boards', server.url, server.pid, tokens, 100, FOUR))
    const idle = rows[0]!
    const one = rows[1]!
    const hundred = rows[2]!
    const four = rows[3]!
    const perRequestMs = (((hundred.cpuPct - one.cpuPct) / 100) * 1000) / Math.max(1, hundred.requests / SECONDS - one.requests / SECONDS)
    const summary = [
      table(rows),
      '',
      `100 screens vs 1 on the same board: p95 ${hundred.p95.toFixed(0)} ms vs ${one.p95.toFixed(0)} ms (×${(hundred.p95 / one.p95).toFixed(1)}); ` +
        `server CPU above idle ${(hundred.cpuPct - idle.cpuPct).toFixed(0)} % vs ${(one.cpuPct - idle.cpuPct).toFixed(0)} % of one core. ` +
        `Board computations (server counter): ${one.computationsPerS.toFixed(2)}/s with 1 screen, ${hundred.computationsPerS.toFixed(2)}/s with 100 screens ` +
        `— a watched board is recomputed once per 500 ms tick whatever the number of screens (≤ 2/s); ${four.computationsPerS.toFixed(2)}/s for 4 boards. ` +
        `From 1 to 100 screens the extra CPU is request handling: ≈ ${perRequestMs.toFixed(1)} ms of CPU per request.`,
    ].join('\n')
    console.log(`\n${summary}\n`)
    if (RECORD) {
      const block = [
        `#### ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
        '',
        `- machine: ${m.nproc} CPU (${m.cpu}), ${m.ramGiB} GiB RAM, ${m.os}, Node ${m.node}; clients and server on the same machine`,
        `- command: \`npx tsx --conditions=react-server bench/boards.ts\` — ${SECONDS} s per phase after ${WARMUP_S} s warm-up, each screen polls every 1 s through a display link, demo traffic on`,
        '',
        summary,
      ].join('\n')
      appendToSection(path.join(REPO, 'BENCHMARKS.md'), '## Boards', block)
      log('recorded in BENCHMARKS.md (## Boards)')
    }
  } finally {
    server.child?.kill('SIGTERM')
    if (server.dataDir) setTimeout(() => fs.rmSync(server.dataDir, { recursive: true, force: true }), 1000).unref()
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e)
    process.exit(1)
  },
)
