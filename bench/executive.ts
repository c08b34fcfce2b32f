/**
 * Executive view benchmark (issue 7: "renders in ≤ 2 s over 12 months of simulator history").
 *
 *   npx tsx --conditions=react-server bench/executive.ts [--months 12] [--runs 5] [--next-dir /tmp/ex] [--no-http] [--no-record]
 *
 *  1. history: 12 whole months of the default simulator scenario (5 centers, 15 queues) loaded
 *     into an embedded store (bench/lib/history.ts; reused when already there), contact facts
 *     refreshed. Runs in a child process (chdb binds its data dir to one process).
 *  2. in-process: getExecutiveView (lib/executive/load → the KPI engine) for the last month and
 *     for the whole 12 months — first call and warm calls, with the time per engine query.
 *  3. HTTP + browser (needs a production build in --next-dir): `next start` on that store with
 *     PLATEAU_AUTH=off; the server render of GET /executive (full HTML) and, in Chromium, the time
 *     from navigation to the report being drawn (charts included, `data-print-ready="1"`).
 *
 * Prints a summary and writes the "## Executive" section of BENCHMARKS.md (`--no-record` skips).
 */
import { spawn, spawnSync } from 'node:child_process'
import net from 'node:net'
import os from 'node:os'
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { machine } from './lib/machine'

const REPO = path.resolve(__dirname, '..')
const log = (m: string) => console.log(`[bench:executive] ${m}`)
const ms = (x: number) => `${Math.round(x)} ms`

const { values: args } = parseArgs({
  options: {
    months: { type: 'string', default: '12' },
    runs: { type: 'string', default: '5' },
    'data-dir': { type: 'string' },
    'next-dir': { type: 'string', default: REPO },
    port: { type: 'string', default: '3391' },
    'no-http': { type: 'boolean', default: false },
    'no-record': { type: 'boolean', default: false },
    phase: { type: 'string' },
    out: { type: 'string' },
  },
})
const MONTHS = Number(args.months)
const RUNS = Number(args.runs)
const DATA_DIR = args['data-dir'] ?? `/tmp/plateau-bench-exec-${MONTHS}m`
/** 1-minute load average at the start of each phase. */
const LOADS: number[] = []

type Stat = { first: number; min: number; median: number; max: number }
const stat = (first: number, xs: number[]): Stat => {
  const s = [...xs].sort((a, b) => a - b)
  return { first, min: s[0]!, median: s[Math.floor(s.length / 2)]!, max: s[s.length - 1]! }
}

type InProcess = {
  history: { from: string; to: string; events: number; loadSeconds: number; reused: boolean }
  store: { contacts: number; facts: number; agentStates: number }
  periods: Array<{ label: string; from: string; to: string; stat: Stat; coldTimings: Record<string, number>; timings: Record<string, number> }>
  load: number
}
type Http = { periods: Array<{ label: string; server: Stat; browser: Stat; htmlKiB: number }> }

/** Whole months ending with the last complete month (Paris time), e.g. 2025-11 … 2026-10. */
async function monthsRange() {
  const { currentMonth, addMonths, monthSpan } = await import('../lib/periods/calendar')
  const tz = 'Europe/Paris'
  const cur = currentMonth(Date.now(), tz)
  const to = addMonths(cur, -1)
  const from = addMonths(to, -(MONTHS - 1))
  return { from, to, tz, span: monthSpan(from, to, tz) }
}

// ---------------------------------------------------------------- phase 1+2 (child process)

async function phaseInProcess(out: string) {
  const r = await monthsRange()
  const { ensureHistory } = await import('./lib/history')
  const days = Math.round((r.span.to - r.span.from) / 86_400_000)
  const h = await ensureHistory(DATA_DIR, days, r.span.from, r.span.to, log)
  log(`history ${h.reused ? 'reused' : 'loaded'}: ${h.events.toLocaleString('en')} events, ${h.from} → ${h.to}${h.reused ? '' : ` in ${h.loadSeconds} s`}`)
  const { queryRows } = await import('../lib/clickhouse')
  const { refreshContactFacts } = await import('../lib/queries/refreshContactFacts')
  await refreshContactFacts()
  const [c] = await queryRows<{ n: string }>('SELECT count() AS n FROM contacts_v')
  const [f] = await queryRows<{ n: string }>('SELECT count() AS n FROM contact_facts FINAL')
  const [a] = await queryRows<{ n: string }>('SELECT count() AS n FROM agent_state_events')
  const { getExecutiveView } = await import('../lib/executive/load')
  const load = os.loadavg()[0]!
  const periods: InProcess['periods'] = []
  for (const p of [
    { label: 'last month', from: r.to, to: r.to },
    { label: `last ${MONTHS} months`, from: r.from, to: r.to },
  ]) {
    const times: number[] = []
    let first = 0
    let timings: Record<string, number> = {}
    let coldTimings: Record<string, number> = {}
    for (let i = 0; i <= RUNS; i++) {
      const t0 = performance.now()
      const v = await getExecutiveView({ range: { from: p.from, to: p.to } }, null)
      const dt = performance.now() - t0
      if (i === 0) first = dt
      else times.push(dt)
      if (i === 0) coldTimings = v.timings
      timings = v.timings
      if (i === 0) log(`${p.label}: ${v.centers.length} centers, ${v.whatIf.length} what-if queues, margin ${Math.round(v.total.kpis.margin?.value ?? NaN)} €`)
    }
    const s = stat(first, times)
    log(`${p.label} (${p.from}..${p.to}): first ${ms(s.first)}, warm median ${ms(s.median)} (min ${ms(s.min)}, max ${ms(s.max)})`)
    periods.push({ ...p, stat: s, coldTimings, timings })
  }
  const res: InProcess = {
    history: { from: h.from, to: h.to, events: h.events, loadSeconds: h.loadSeconds, reused: h.reused },
    store: { contacts: Number(c!.n), facts: Number(f!.n), agentStates: Number(a!.n) },
    periods,
    load,
  }
  fs.writeFileSync(out, JSON.stringify(res))
  process.exit(0)
}

// ---------------------------------------------------------------- phase 3 (server + browser)

async function waitHealthy(base: string, timeoutMs: number) {
  const t0 = Date.now()
  while (Date.now() - t0 < timeoutMs) {
    try {
      const res = await fetch(`${base}/api/health`)
      if (res.ok) return
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(`server at ${base} not healthy after ${timeoutMs} ms`)
}

/** The first port from `start` nobody listens on (other benchmarks and test servers share the box). */
async function freePort(start: number): Promise<number> {
  for (let p = start; p < start + 200; p++) {
    const ok = await new Promise<boolean>((resolve) => {
      const srv = net.createServer()
      srv.once('error', () => resolve(false))
      srv.listen(p, '127.0.0.1', () => srv.close(() => resolve(true)))
    })
    if (ok) return p
  }
  throw new Error(`no free port from ${start}`)
}

async function phaseHttp(): Promise<Http> {
  const r = await monthsRange()
  const nextDir = path.resolve(args['next-dir']!)
  if (!fs.existsSync(path.join(nextDir, '.next', 'BUILD_ID'))) throw new Error(`no production build in ${nextDir}/.next (npx next build there first)`)
  const port = await freePort(Number(args.port))
  const base = `http://127.0.0.1:${port}`
  const server = spawn('npx', ['next', 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: nextDir,
    env: { ...process.env, PLATEAU_DATA_DIR: DATA_DIR, PLATEAU_AUTH: 'off', PLATEAU_DEMO: '0', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let serverLog = ''
  server.stdout!.on('data', (d) => (serverLog += d))
  server.stderr!.on('data', (d) => (serverLog += d))
  try {
    await waitHealthy(base, 120_000)
    const { chromium } = await import('playwright-core')
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
    const out: Http['periods'] = []
    try {
      for (const p of [
        { label: 'last month', from: r.to, to: r.to },
        { label: `last ${MONTHS} months`, from: r.from, to: r.to },
      ]) {
        const url = `${base}/executive?from=${p.from}&to=${p.to}`
        const server: number[] = []
        const browserT: number[] = []
        let firstS = 0
        let firstB = 0
        let bytes = 0
        for (let i = 0; i <= RUNS; i++) {
          const t0 = performance.now()
          const res = await fetch(url, { headers: { 'accept-language': 'fr-FR' } })
          const html = await res.text()
          const dt = performance.now() - t0
          if (res.status !== 200) throw new Error(`GET ${url}: HTTP ${res.status}\n${html.slice(0, 500)}`)
          bytes = html.length
          if (i === 0) firstS = dt
          else server.push(dt)
        }
        for (let i = 0; i <= RUNS; i++) {
          const ctx = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1600, height: 1000 } })
          const page = await ctx.newPage()
          const t0 = performance.now()
          await page.goto(url, { waitUntil: 'commit' })
          await page.waitForSelector('[data-executive-view][data-print-ready="1"]', { timeout: 300_000 })
          const dt = performance.now() - t0
          await ctx.close()
          if (i === 0) firstB = dt
          else browserT.push(dt)
        }
        const s = stat(firstS, server)
        const b = stat(firstB, browserT)
        log(`HTTP ${p.label}: server render median ${ms(s.median)} (first ${ms(s.first)}), browser to drawn median ${ms(b.median)} (first ${ms(b.first)}), HTML ${Math.round(bytes / 1024)} KiB`)
        out.push({ label: p.label, server: s, browser: b, htmlKiB: Math.round(bytes / 1024) })
        if (p.from === p.to) {
          // What the view looks like over the simulator's history (screen and the PDF's print page).
          const shots = path.join(REPO, 'test-results', 'screenshots')
          fs.mkdirSync(shots, { recursive: true })
          const ctx = await browser.newContext({ locale: 'en-GB', viewport: { width: 1600, height: 1000 } })
          const page = await ctx.newPage()
          await page.goto(url)
          await page.waitForSelector('[data-executive-view][data-print-ready="1"]')
          await page.screenshot({ path: path.join(shots, 'executive-simulator-12m.png'), fullPage: true })
          await page.goto(`${base}/executive/print?from=${p.from}&to=${p.to}&locale=en`)
          await page.waitForSelector('[data-executive-view][data-print-ready="1"]')
          await page.setViewportSize({ width: 1100, height: 1000 })
          await page.screenshot({ path: path.join(shots, 'executive-print.png'), fullPage: true })
          await ctx.close()
        }
      }
    } finally {
      await browser.close()
    }
    return { periods: out }
  } catch (e) {
    console.error(serverLog.slice(-4000))
    throw e
  } finally {
    try {
      process.kill(-server.pid!, 'SIGTERM')
    } catch {
      /* gone */
    }
  }
}

// ---------------------------------------------------------------- report

function section(m: ReturnType<typeof machine>, ip: InProcess, http: Http | null): string {
  const date = new Date().toISOString().slice(0, 10)
  const lines = [
    '## Executive',
    '',
    `\`npx tsx --conditions=react-server bench/executive.ts\` — ${date}, ${m.cpu}, ${m.nproc} CPUs, ${m.ramGiB} GiB, Node ${m.node}, embedded ClickHouse (chdb). Load average when it ran: ${LOADS.map((l) => l.toFixed(1)).join(' / ')} (the box is shared with other builds and tests; figures on an idle machine are lower).`,
    '',
    `History: ${MONTHS} whole months of the default simulator scenario (5 centers, 15 queues), ${ip.history.from.slice(0, 10)} → ${ip.history.to.slice(0, 10)}: ${ip.history.events.toLocaleString('en')} events, ${ip.store.contacts.toLocaleString('en')} contacts, ${ip.store.facts.toLocaleString('en')} contact-fact rows, ${ip.store.agentStates.toLocaleString('en')} agent state changes${ip.history.reused ? '' : ` (loaded in ${ip.history.loadSeconds} s)`}.`,
    'Each view = the period and its previous period for all centers, per reporting line, per sourcing and per center, the 12-month month-over-month trend for the same four groupings, the what-if per inbound voice/chat queue (10 getKpis calls + 1 query).',
    '',
    '| measure | period | first | median | min | max | target |',
    '|---|---|---|---|---|---|---|',
  ]
  for (const p of ip.periods) lines.push(`| getExecutiveView (in-process) | ${p.label} | ${ms(p.stat.first)} | ${ms(p.stat.median)} | ${ms(p.stat.min)} | ${ms(p.stat.max)} | ≤ 2 000 ms |`)
  if (http)
    for (const p of http.periods) {
      lines.push(`| GET /executive, server render (full HTML, ${p.htmlKiB} KiB) | ${p.label} | ${ms(p.server.first)} | ${ms(p.server.median)} | ${ms(p.server.min)} | ${ms(p.server.max)} | ≤ 2 000 ms |`)
      lines.push(`| Chromium: navigation → report drawn (charts included) | ${p.label} | ${ms(p.browser.first)} | ${ms(p.browser.median)} | ${ms(p.browser.min)} | ${ms(p.browser.max)} | ≤ 2 000 ms |`)
    }
  for (const p of ip.periods) {
    lines.push(
      '',
      `Where the time goes, ${p.label}, first call (each figure is the time until that engine call returned; the calls are issued together and the embedded store runs them one after the other, so the times add up): ` +
        Object.entries(p.coldTimings)
          .map(([k, v]) => `${k} ${v} ms`)
          .join(', ') +
        '.',
    )
  }
  lines.push(
    '',
    `"first" = first call after start: nothing cached, every engine call scans the store. Then ${RUNS} runs with the engine results cached (lib/periods/cache: results are reused while the ClickHouse parts holding the window's data are unchanged; a version check per call). The server keeps the default view (last month) warm in the background (lib/executive/warm), so "first" is what the first visitor after a start pays when the warmer has not run yet.`,
    '',
    (() => {
      const warmServer = http ? Math.max(...http.periods.map((p) => p.server.median)) : Math.max(...ip.periods.map((p) => p.stat.median))
      const drawn = http ? http.periods.map((p) => p.browser.median) : []
      const cold = ip.periods.map((p) => p.stat.first)
      const ok = (drawn.length ? Math.max(...drawn) : warmServer) <= 2000
      return (
        `Verdict: with the engine results cached (every visit after the first, and the first too once the background warmer has run) the view is served in ${ms(warmServer)} (median, slowest period)` +
        (drawn.length ? ` and drawn in Chromium in ${drawn.map(ms).join(' / ')} (medians)` : '') +
        `: ${ok ? 'within' : 'OVER'} the 2 s target. Computed from nothing it takes ${cold.map(ms).join(' / ')} on this box, almost all of it in the KPI engine scanning the history once per grouping (total, reporting line, sourcing, center) for the period and again for the 12-month trend; making that cold path fast belongs in the engine (one getKpis call returning several groupings from one scan, or a monthly rollup of the components).`
      )
    })(),
    '',
    `The "last ${MONTHS} months" first call follows the "last month" rows in the same process, so its 12-month trend was already cached (same months): its cold cost is the period and what-if calls only. HTML sizes are uncompressed (next start serves them gzip-compressed).`,
    '',
  )
  return lines.join('\n')
}

function writeSection(file: string, text: string) {
  let doc = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n\n'
  const start = doc.indexOf('## Executive')
  if (start >= 0) {
    const next = doc.indexOf('\n## ', start + 1)
    doc = doc.slice(0, start) + text + (next >= 0 ? doc.slice(next + 1) : '')
  } else doc = doc.replace(/\s*$/, '\n\n') + text
  fs.writeFileSync(file, doc)
}

async function main() {
  if (args.phase === 'inprocess') return phaseInProcess(args.out!)
  const out = path.join(DATA_DIR + '-result.json')
  fs.mkdirSync(DATA_DIR, { recursive: true })
  log(`store ${DATA_DIR}`)
  const child = spawnSync('npx', ['tsx', '--conditions=react-server', __filename, '--phase', 'inprocess', '--out', out, '--months', String(MONTHS), '--runs', String(RUNS), '--data-dir', DATA_DIR], {
    stdio: 'inherit',
    cwd: REPO,
    env: { ...process.env, PLATEAU_FACTS_REFRESH_MS: '0' },
  })
  if (child.status !== 0) throw new Error(`in-process phase failed (${child.status})`)
  const ip = JSON.parse(fs.readFileSync(out, 'utf8')) as InProcess
  LOADS.push(ip.load)
  LOADS.push(os.loadavg()[0]!)
  const http = args['no-http'] ? null : await phaseHttp()
  const text = section(machine(), ip, http)
  console.log('\n' + text)
  if (!args['no-record']) writeSection(path.join(REPO, 'BENCHMARKS.md'), text)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
