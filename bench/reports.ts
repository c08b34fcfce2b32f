/**
 * Report benchmark (issue 6): 90 days of simulator history for all centers, then
 *  - the /reports page's first render (the summary, rendered on the server) and each section
 *    the browser then fetches, cold (no report cache);
 *  - the whole report (every section: what the exports need), cold, then served from the cache;
 *  - the XLSX and CSV exports (report + file), cold and warm;
 *  - the row-level contact export (every offered contact of the 90 days, streamed as CSV):
 *    rows/s and the process's peak RSS while streaming.
 * Each figure: wall time and CPU time of this process (chdb runs in-process), median of 3,
 * with the machine's load average (the 2-core machines are shared).
 *
 *   npx tsx --conditions=react-server bench/reports.ts [--data /tmp/plateau-bench-reports] [--days 90] [--no-write]
 *   npx tsx --conditions=react-server bench/reports.ts --url http://127.0.0.1:3000   (HTTP, against a running server on that store)
 *
 * The history is generated once into --data (≈ 12 min for 90 days, 5 M events) and reused.
 * Results are appended to BENCHMARKS.md under "## Reports" unless --no-write.
 */
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { addLocalDays, localParts, zonedToUtc } from '../lib/kpi/time'
import { ensureHistory } from './lib/history'
import { machine } from './lib/machine'
import { appendToSection } from './lib/report'

const { values: a } = parseArgs({
  options: {
    data: { type: 'string', default: process.env.BENCH_REPORTS_DATA || path.join(os.tmpdir(), 'plateau-bench-reports') },
    days: { type: 'string', default: '90' },
    url: { type: 'string' },
    runs: { type: 'string', default: '3' },
    'no-write': { type: 'boolean', default: false },
    /** Only the row-level export (run it in a fresh process to see its memory alone). */
    contacts: { type: 'boolean', default: false },
    'page-size': { type: 'string' },
  },
})
const DAYS = Number(a.days)
const RUNS = Math.max(1, Number(a.runs))
const log = (m: string) => process.stderr.write(`[bench:reports] ${m}\n`)

type Measure = { name: string; wallMs: number[]; cpuMs: number[]; note?: string }
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`)

async function time<T>(fn: () => Promise<T>): Promise<{ wall: number; cpu: number; value: T }> {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  const value = await fn()
  const wall = performance.now() - t0
  const c = process.cpuUsage(c0)
  return { wall, cpu: (c.user + c.system) / 1000, value }
}

async function measure(name: string, fn: () => Promise<unknown>, runs = RUNS, note?: string): Promise<Measure> {
  const m: Measure = { name, wallMs: [], cpuMs: [], note }
  for (let i = 0; i < runs; i++) {
    const r = await time(fn)
    m.wallMs.push(r.wall)
    m.cpuMs.push(r.cpu)
  }
  log(`${name}: ${m.wallMs.map(fmt).join(', ')} (cpu ${m.cpuMs.map(fmt).join(', ')})`)
  return m
}

function localRange(days: number): { from: string; to: string; fromMs: number; toMs: number } {
  // The last `days` complete local days in Paris, ending yesterday.
  const p = localParts(Date.now(), 'Europe/Paris')
  const toMs = zonedToUtc(p.year, p.month, p.day, 0, 0, 'Europe/Paris')
  const fromMs = addLocalDays(toMs, -days, 'Europe/Paris')
  const day = (ms: number) => {
    const x = localParts(ms, 'Europe/Paris')
    return `${x.year}-${String(x.month).padStart(2, '0')}-${String(x.day).padStart(2, '0')}`
  }
  return { from: day(fromMs), to: day(addLocalDays(toMs, -1, 'Europe/Paris')), fromMs, toMs }
}

/** Row-level export of every offered contact of the range, drained as a browser would; memory sampled. */
async function contactExportRun(range: { fromMs: number; toMs: number }) {
  const { clearPeriodCache } = await import('../lib/periods/cache')
  const clearReportCache = () => clearPeriodCache('reports')
  const { csvOptions } = await import('../lib/export/csv')
  const { contactsCsvStream } = await import('../lib/reports/contactsExport')
  clearReportCache()
  global.gc?.()
  const q = { set: 'offered' as const, window: 'custom' as const, from: new Date(range.fromMs).toISOString(), to: new Date(range.toMs).toISOString() }
  let rows = 0
  let bytes = 0
  const m0 = process.memoryUsage()
  let peakRss = m0.rss
  let peakHeap = m0.heapUsed
  const samples: string[] = []
  const t = await time(async () => {
    const reader = contactsCsvStream(q as never, null, csvOptions('fr'), 'fr', Date.now(), { pageSize: a['page-size'] ? Number(a['page-size']) : undefined }).getReader()
    let next = 200_000
    for (;;) {
      const r = await reader.read()
      if (r.done) break
      bytes += r.value.length
      for (const b of r.value) if (b === 10) rows++
      const m = process.memoryUsage()
      peakRss = Math.max(peakRss, m.rss)
      peakHeap = Math.max(peakHeap, m.heapUsed)
      if (rows >= next) {
        samples.push(`${Math.round(rows / 1000)}k rows: heap ${(m.heapUsed / 2 ** 20).toFixed(0)} MiB, rss ${(m.rss / 2 ** 20).toFixed(0)} MiB`)
        next += 200_000
      }
    }
  })
  log(`contact export memory: ${samples.join('; ')}`)
  return {
    rows: rows - 1,
    mb: bytes / 2 ** 20,
    seconds: t.wall / 1000,
    rowsPerSec: (rows - 1) / (t.wall / 1000),
    rssStartMiB: m0.rss / 2 ** 20,
    peakRssMiB: peakRss / 2 ** 20,
    heapStartMiB: m0.heapUsed / 2 ** 20,
    peakHeapMiB: peakHeap / 2 ** 20,
    cpuSeconds: t.cpu / 1000,
    samples,
  }
}

async function inProcess(): Promise<{ measures: Measure[]; size: Record<string, number>; history: unknown; contactExport: ContactRun }> {
  process.env.PLATEAU_FACTS_REFRESH_MS = '0'
  process.env.PLATEAU_DEMO = '0'
  const range = localRange(DAYS)
  const history = await ensureHistory(a.data!, DAYS, range.fromMs, range.toMs, log)
  log(`history: ${JSON.stringify(history)}`)
  const { queryRows } = await import('../lib/clickhouse')
  const { ensureContactFacts, compactContactFacts } = await import('../lib/queries/refreshContactFacts')
  await ensureContactFacts(0)
  // What a running server's refresher does every 5 minutes for settled days.
  const compacted = await compactContactFacts(0)
  if (compacted) log(`contact_facts: ${compacted} partitions compacted`)
  const count = async (sql: string) => Number((await queryRows<{ n: string }>(sql))[0]!.n)
  const size = {
    events: await count('SELECT count() AS n FROM events'),
    contacts: await count('SELECT count() AS n FROM contacts_v'),
    contactFacts: await count('SELECT count() AS n FROM contact_facts FINAL'),
    agentStateEvents: await count('SELECT count() AS n FROM agent_state_events'),
    agents: await count('SELECT uniqExact(center_id, agent_id) AS n FROM agent_state_events'),
    factParts: await count("SELECT count() AS n FROM system.parts WHERE active AND table = 'contact_facts'"),
  }
  log(`data: ${JSON.stringify(size)}`)

  const { buildReport } = await import('../lib/reports/build')
  const { clearPeriodCache } = await import('../lib/periods/cache')
  const clearReportCache = () => clearPeriodCache('reports')
  const { FIRST_SECTIONS, EAGER_GROUPS } = await import('../lib/reports/merge')
  const { reportXlsx, reportCsv } = await import('../lib/reports/render')
  const { csvOptions } = await import('../lib/export/csv')
  const { contactsCsvStream } = await import('../lib/reports/contactsExport')
  const period = { kind: 'range' as const, from: range.from, to: range.to }
  const req = { period, locale: 'fr' as const, interval: 60 as const }
  const cold = () => {
    clearReportCache()
    process.env.PLATEAU_REPORT_CACHE = 'off'
  }
  const warm = () => delete process.env.PLATEAU_REPORT_CACHE

  // Warm the code paths (JIT, first query plans) once.
  cold()
  await buildReport({ ...req, sections: ['summary'] }, null)

  const ms: Measure[] = []
  // Cold: no cache, every section computed from the store.
  cold()
  ms.push(await measure('page first render: summary (server-rendered)', () => buildReport({ ...req, sections: FIRST_SECTIONS }, null)))
  for (const g of EAGER_GROUPS) ms.push(await measure(`  section ${g.join(' + ')} (fetched by the page)`, () => buildReport({ ...req, sections: g }, null)))
  for (const g of [['queue'], ['channel'], ['direction'], ['agent'], ['interval']] as const) {
    ms.push(await measure(`  section ${g.join('+')} (fetched in the background / on demand)`, () => buildReport({ ...req, sections: [...g] }, null)))
  }
  ms.push(await measure('whole report, cold (every section, what an export needs)', () => buildReport(req, null)))
  ms.push(await measure('XLSX export, cold (whole report + workbook)', async () => reportXlsx(await buildReport(req, null))))
  ms.push(await measure('CSV export, cold (whole report + CSV)', async () => reportCsv(await buildReport(req, null), csvOptions('fr'))))

  // The page as a browser loads it (cache on): summary, the visible sections in parallel, then
  // the rest in the background; then the user clicks "Excel".
  warm()
  const flow = { first: [] as number[], visible: [] as number[], all: [] as number[], xlsx: [] as number[] }
  for (let i = 0; i < RUNS; i++) {
    clearReportCache()
    const t0 = performance.now()
    await buildReport({ ...req, sections: FIRST_SECTIONS }, null)
    flow.first.push(performance.now() - t0)
    await Promise.all(EAGER_GROUPS.map((g) => buildReport({ ...req, sections: g }, null)))
    flow.visible.push(performance.now() - t0)
    await Promise.all((['queue', 'channel', 'direction', 'agent', 'interval'] as const).map((s) => buildReport({ ...req, sections: [s] }, null)))
    flow.all.push(performance.now() - t0)
    const x0 = performance.now()
    await reportXlsx(await buildReport(req, null))
    flow.xlsx.push(performance.now() - x0)
  }
  log(`page flow: ${JSON.stringify(flow)}`)
  ms.push({ name: 'page flow: summary shown', wallMs: flow.first, cpuMs: [] })
  ms.push({ name: 'page flow: + cost, reporting line, daily shown (parallel)', wallMs: flow.visible, cpuMs: [] })
  ms.push({ name: 'page flow: + breakdowns and intervals loaded in the background', wallMs: flow.all, cpuMs: [] })
  ms.push({ name: 'XLSX export after viewing the page (sections cached)', wallMs: flow.xlsx, cpuMs: [] })
  ms.push(await measure('whole report, cached (same data)', () => buildReport(req, null)))
  const wb = await reportXlsx(await buildReport(req, null))
  log(`XLSX size ${(wb.length / 1024).toFixed(0)} KiB`)

  const contactExport = await contactExportRun(range)
  log(`contact export: ${JSON.stringify(contactExport)}`)
  return { measures: ms, size, history, contactExport }
}

async function contactsOnly(): Promise<string> {
  process.env.PLATEAU_FACTS_REFRESH_MS = '0'
  process.env.PLATEAU_DEMO = '0'
  const range = localRange(DAYS)
  await ensureHistory(a.data!, DAYS, range.fromMs, range.toMs, log)
  const { ensureContactFacts, compactContactFacts } = await import('../lib/queries/refreshContactFacts')
  await ensureContactFacts(0)
  await compactContactFacts(0)
  const ce = await contactExportRun(range)
  log(`contact export: ${JSON.stringify(ce)}`)
  return contactLine(ce, `fresh process, \`--max-old-space-size=${/max-old-space-size=(\d+)/.exec(process.execArgv.join(' ') + ' ' + (process.env.NODE_OPTIONS ?? ''))?.[1] ?? 'default'}\``)
}

async function overHttp(base: string): Promise<Measure[]> {
  const range = localRange(DAYS)
  const q = `from=${range.from}&to=${range.to}`
  const get = async (p: string) => {
    const r = await fetch(new URL(p, base))
    if (!r.ok) throw new Error(`${p}: HTTP ${r.status}`)
    await r.arrayBuffer()
  }
  const ms: Measure[] = []
  // A different range each run defeats the report cache (cold figures).
  let shift = 0
  const coldQ = () => `from=${range.from}&to=${range.to.slice(0, 8)}${String(Number(range.to.slice(8)) - ++shift).padStart(2, '0')}`
  ms.push(await measure('HTTP GET /reports (page HTML, summary rendered), cold', () => get(`/reports?${coldQ()}`)))
  ms.push(await measure('HTTP GET /api/reports/monthly?format=xlsx, cold', () => get(`/api/reports/monthly?${coldQ()}&format=xlsx`)))
  await get(`/api/reports/monthly?${q}`)
  ms.push(await measure('HTTP GET /api/reports/monthly (JSON), cached', () => get(`/api/reports/monthly?${q}`)))
  ms.push(await measure('HTTP GET /api/reports/monthly?format=xlsx, cached', () => get(`/api/reports/monthly?${q}&format=xlsx`)))
  ms.push(await measure('HTTP GET /api/reports/monthly?format=pdf, cached report', () => get(`/api/reports/monthly?${q}&format=pdf`), 1))
  return ms
}

type ContactRun = Awaited<ReturnType<typeof contactExportRun>>
function contactLine(ce: ContactRun, where: string): string {
  return (
    `- row-level contact export (every offered contact of the ${DAYS} days, streamed CSV, ${where}): ${ce.rows.toLocaleString('en-US')} rows, ` +
    `${ce.mb.toFixed(0)} MiB in ${ce.seconds.toFixed(1)} s (${Math.round(ce.rowsPerSec).toLocaleString('en-US')} rows/s, CPU ${ce.cpuSeconds.toFixed(1)} s); ` +
    `JS heap ${ce.heapStartMiB.toFixed(0)} MiB before, peak ${ce.peakHeapMiB.toFixed(0)} MiB; RSS ${ce.rssStartMiB.toFixed(0)} → peak ${ce.peakRssMiB.toFixed(0)} MiB ` +
    `(${ce.samples.join('; ')})`
  )
}

function table(ms: Measure[], cpu = true): string {
  const lines = cpu ? ['| step | wall (median) | CPU of the process (median) | runs |', '|---|---|---|---|'] : ['| step | wall (median) | runs |', '|---|---|---|']
  for (const m of ms) {
    const c = m.cpuMs.length ? fmt(median(m.cpuMs)) : '—'
    lines.push(`| ${m.name.trim()} | ${fmt(median(m.wallMs))} |${cpu ? ` ${c} |` : ''} ${m.wallMs.map(fmt).join(' · ')} |`)
  }
  return lines.join('\n')
}

async function main() {
  const load0 = os.loadavg()
  const m = machine()
  let body: string
  if (a.url) {
    const ms = await overHttp(a.url)
    body = table(ms, false)
  } else if (a.contacts) {
    body = await contactsOnly()
  } else {
    const r = await inProcess()
    const ce = r.contactExport
    body = [
      `- data: ${r.size.events.toLocaleString('en-US')} events (${DAYS} days of the default scenario, all 5 centers), ${r.size.contacts.toLocaleString('en-US')} contacts, ${r.size.contactFacts.toLocaleString('en-US')} contact facts (${r.size.factParts} parts), ${r.size.agentStateEvents.toLocaleString('en-US')} agent state changes (${r.size.agents} agents)`,
      '',
      table(r.measures),
      '',
      contactLine(ce, 'same process as the reports above'),
    ].join('\n')
  }
  const load1 = os.loadavg()
  const block = [
    `### Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC${a.url ? ' (HTTP)' : ''}`,
    '',
    `- machine: ${m.nproc} CPU (${m.cpu}), ${m.ramGiB} GiB RAM, Node ${m.node}; load average ${load0[0]!.toFixed(1)} at start, ${load1[0]!.toFixed(1)} at end (shared machine)`,
    `- command: \`npx tsx --conditions=react-server bench/reports.ts${a.url ? ` --url ${a.url}` : ''}${a.contacts ? ' --contacts' : ''}\``,
    ...(body.startsWith('|') ? [''] : []),
    body,
    '',
  ].join('\n')
  process.stdout.write(`${block}\n`)
  if (!a['no-write']) appendToSection(path.resolve(__dirname, '../BENCHMARKS.md'), '## Reports', block)
  process.exit(0)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
