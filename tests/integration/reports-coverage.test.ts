/**
 * Partial data is never presented as final (issue 18 items 3, 5, 10), on a small hand-made log
 * (real embedded ClickHouse, the example configuration):
 *
 *   paris-sales  one contact a day 15–30 Nov 2026 (16 of 30 days) at 10:00 Paris time, one abandoned
 *                after 20 min on 16 Nov,
 *                agent states on 15 Nov only; one contact a day 5–31 Oct 2026 (27 of 31 days)
 *   lyon-leads   one contact a day 20–30 Nov 2026 (11 of 30 days), no agent state at all,
 *                nothing in October
 *   nothing in November 2025 (the "same period last year")
 *
 * Expected, by hand: November coverage 16/30 for paris-sales, 11/30 for lyon-leads, 16/30 for
 * both (the union of days); November is partial although closed, never "stable"; the previous
 * period (October) is a partial base for paris-sales (27/31) and has no data for lyon-leads
 * (previous and change "—", not 0 / +11); last year has no data ("—"); lyon-leads has no
 * agent-state event, so its staffing figures are "no data", not 0. The cost table's rows add up
 * to its total, the centers table agrees, and agents + unallocated rows add up to the total.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { useTestAuth, type TestAuth } from '../helpers/auth'
import type { PlateauEvent } from '@/lib/contract/events'
import type { MonthlyReport } from '@/lib/reports/types'

vi.mock('next/headers', () => ({
  headers: async () => new Headers(),
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false }),
}))

let auth: TestAuth
type Handler = (req: Request, ctx: unknown) => Promise<Response>
let reportGET: Handler
const ctx = { params: Promise.resolve({}) }

const pad = (n: number) => String(n).padStart(2, '0')
let n = 0
function contact(center: string, queue: string, agent: string, day: string): PlateauEvent[] {
  const base = { v: 1 as const, center_id: center }
  const c = `cov-${center}-${day}`
  // Paris time in November and late October is UTC+1 (after 25 Oct) or UTC+2 (before).
  const off = day < '2026-10-25' ? '+02:00' : '+01:00'
  return [
    { ...base, event_id: `cov-${++n}`, type: 'contact.queued', ts: `${day}T10:00:00.000${off}`, contact_id: c, queue_id: queue, channel: 'voice', direction: 'inbound' },
    { ...base, event_id: `cov-${++n}`, type: 'contact.answered', ts: `${day}T10:00:20.000${off}`, contact_id: c, queue_id: queue, agent_id: agent },
    { ...base, event_id: `cov-${++n}`, type: 'contact.ended', ts: `${day}T10:05:20.000${off}`, contact_id: c, agent_id: agent, talk_s: 300, hold_s: 0 },
    { ...base, event_id: `cov-${++n}`, type: 'contact.wrapped', ts: `${day}T10:06:00.000${off}`, contact_id: c, agent_id: agent, wrap_s: 40, resolved: true, outcome: 'information' },
  ] as PlateauEvent[]
}
const days = (month: string, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${month}-${pad(from + i)}`)

async function report(role: 'admin' | 'manager', query: string): Promise<MonthlyReport> {
  const res = await reportGET(await auth.request(role, `/api/reports/monthly?${query}`), ctx)
  expect(res.status, await res.clone().text()).toBe(200)
  return (await res.json()) as MonthlyReport
}
const val = (kpis: MonthlyReport['summary'] | MonthlyReport['cost']['total'], key: string) => kpis.find((k) => k.key === key)

beforeAll(async () => {
  const fs = await import('node:fs')
  const os = await import('node:os')
  const path = await import('node:path')
  process.env.PLATEAU_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-coverage-'))
  process.env.PLATEAU_FACTS_REFRESH_MS = '0'
  process.env.PLATEAU_REPORT_CACHE = 'off'
  process.env.PLATEAU_DEMO = '0'
  delete process.env.CLICKHOUSE_URL
  const { migrate } = await import('@/lib/migrate')
  await migrate()
  auth = await useTestAuth()
  const events: PlateauEvent[] = [
    ...days('2026-11', 15, 30).flatMap((d) => contact('paris-sales', 'sales-orders-voice', 'p1', d)),
    ...days('2026-10', 5, 31).flatMap((d) => contact('paris-sales', 'sales-orders-voice', 'p1', d)),
    ...days('2026-11', 20, 30).flatMap((d) => contact('lyon-leads', 'leads-voice', 'l1', d)),
    // An abandoned contact: 20 minutes in queue, never answered (no agent).
    { v: 1, center_id: 'paris-sales', event_id: 'cov-a1', type: 'contact.queued', ts: '2026-11-16T11:00:00.000+01:00', contact_id: 'cov-ab', queue_id: 'sales-orders-voice', channel: 'voice', direction: 'inbound' } as PlateauEvent,
    { v: 1, center_id: 'paris-sales', event_id: 'cov-a2', type: 'contact.abandoned', ts: '2026-11-16T11:20:00.000+01:00', contact_id: 'cov-ab', queue_id: 'sales-orders-voice' } as PlateauEvent,
    { v: 1, center_id: 'paris-sales', event_id: 'cov-s1', type: 'agent.state', ts: '2026-11-15T09:00:00.000+01:00', agent_id: 'p1', state: 'available' } as PlateauEvent,
    { v: 1, center_id: 'paris-sales', event_id: 'cov-s2', type: 'agent.state', ts: '2026-11-15T17:00:00.000+01:00', agent_id: 'p1', state: 'offline' } as PlateauEvent,
  ]
  const { eventLine } = await import('@/ingest/rows')
  const { insertBatch } = await import('@/ingest/sink')
  await insertBatch({ events: events.map((e) => eventLine(e, Date.parse(e.ts) + 500)), deadLetters: [] })
  reportGET = (await import('@/app/api/reports/monthly/route')).GET as Handler
})

describe('coverage of a closed period with missing days', () => {
  it('paris-sales November: 16 of 30 days, partial although closed, compared with a 27-of-31-day October', async () => {
    const r = await report('admin', 'month=2026-11&center=paris-sales')
    expect(r.open).toBe(false)
    expect(r.coverage).toMatchObject({ daysWithData: 30 - 15 + 1, daysExpected: 30, complete: false })
    // First event: the 09:00 agent state of 15 Nov; last: the wrap-up of 30 Nov 10:06 (UTC+1).
    expect(r.coverage.firstEvent).toBe('2026-11-15T08:00:00.000Z')
    expect(r.coverage.lastEvent).toBe('2026-11-30T09:06:00.000Z')
    expect(r.partial).toBe(true)
    expect(r.quality.stable).toBe(false)
    expect(r.previousCoverage).toMatchObject({ daysWithData: 31 - 5 + 1, daysExpected: 31, complete: false })
    expect(r.lastYearCoverage).toMatchObject({ daysWithData: 0, daysExpected: 30 })
    const offered = val(r.summary, 'offered')!
    expect(offered.value).toBe(16 + 1) // + the abandoned contact of 16 Nov
    expect(offered.previous).toBe(27) // a partial base: kept, and flagged below
    // Same period last year: no data → "—", never 0.
    for (const k of r.summary) expect(k.lastYear, k.key).toBeNull()
    const notes = (await import('@/lib/reports/labels')).qualityNotes(r)
    expect(notes.join('\n')).toMatch(/does not cover every day/)
    expect(notes.join('\n')).toMatch(/16 of 30 days with data/)
    expect(notes.join('\n')).toMatch(/previous period covers only 27 of 31 days/)
    expect(notes.join('\n')).toMatch(/same period last year has no data/)
    expect(notes.join('\n')).not.toMatch(/re-running this report gives the same figures/)
  })

  it('lyon-leads: previous period without data → previous and change are null; no agent state → staffing is no data', async () => {
    const r = await report('admin', 'month=2026-11&center=lyon-leads')
    expect(r.coverage).toMatchObject({ daysWithData: 30 - 20 + 1, daysExpected: 30, agentStateEvents: 0 })
    expect(r.previousCoverage.daysWithData).toBe(0)
    const offered = val(r.summary, 'offered')!
    expect(offered.value).toBe(11)
    expect(offered.previous).toBeNull()
    expect(offered.change).toBeNull()
    for (const key of ['agents_staffed', 'occupancy', 'utilization', 'logged_in_time']) {
      expect(val(r.summary, key)?.value, key).toBeNull()
      expect(val(r.summary, key)?.status, key).toBeNull()
    }
    for (const row of r.interval.rows) expect(row.kpis.find((k) => k.key === 'agents_staffed')?.value ?? null).toBeNull()
    // agents needed is computed from contacts: still a figure.
    expect(val(r.summary, 'agents_needed')?.value).not.toBeNull()
  })

  it('both centers: per-center coverage, and two tables of one report never disagree', async () => {
    const r = await report('admin', 'month=2026-11&center=paris-sales&center=lyon-leads')
    expect(r.coverage.daysWithData).toBe(16) // union: 15–30 Nov
    expect(r.coverage.centers.map((c) => [c.id, c.daysWithData])).toEqual([
      ['lyon-leads', 11],
      ['paris-sales', 16],
    ])
    const cost = (kpis: { key: string; value: number | null }[]) => kpis.find((k) => k.key === 'cost')?.value ?? 0
    const total = cost(r.cost.total)
    expect(total).toBeGreaterThan(0)
    const byCenter = r.cost.byCenter.reduce((a, row) => a + cost(row.kpis), 0)
    const centers = r.centers.rows.reduce((a, row) => a + cost(row.kpis), 0)
    expect(Math.abs(byCenter - total)).toBeLessThan(0.01)
    expect(Math.abs(centers - total)).toBeLessThan(0.01)
    for (const row of r.cost.byCenter) expect(cost(r.centers.rows.find((x) => x.id === row.id)!.kpis)).toBe(cost(row.kpis))
    // Agent sheet: agents + one "unallocated" row per center = the total.
    const agents = r.breakdowns.agent.rows
    // The abandoned contact's 20 voice minutes × €0.015 (paris-sales telecom rate) belong to no agent.
    const rest = agents.filter((a) => a.name === '__unallocated')
    expect(rest.map((a) => a.center)).toEqual(['paris-sales'])
    expect(cost(rest[0]!.kpis)).toBeCloseTo(20 * 0.015, 2)
    const agentSum = agents.reduce((a, row) => a + cost(row.kpis), 0)
    expect(Math.abs(agentSum - total)).toBeLessThan(0.02)
    expect(r.summary.find((k) => k.key === 'cost')?.value).toBe(total)
  })

  it('every export carries the coverage: CSV header, XLSX header lines; raw CSV values rounded', async () => {
    const csvRes = await reportGET(await auth.request('admin', '/api/reports/monthly?month=2026-11&center=paris-sales&format=csv&locale=en'), ctx)
    const csv = await csvRes.text()
    expect(csvRes.headers.get('content-disposition')).toMatch(/plateau-report-2026-11-paris-sales\.csv/)
    expect(csv).toMatch(/Data coverage,"16 of 30 days with data, first event/)
    expect(csv).toMatch(/Previous period: October 2026,partial: 27\/31 days/)
    expect(csv).toMatch(/Not allocated to an agent/)
    // Raw numbers: at most 4 decimals (rates), never 0.9255421903253703.
    const numbers = csv.split(/[,\r\n]/).filter((c) => /^-?\d+\.\d+$/.test(c))
    expect(numbers.length).toBeGreaterThan(10)
    for (const x of numbers) expect(x.split('.')[1]!.length, x).toBeLessThanOrEqual(4)
    const fr = await (await reportGET(await auth.request('admin', '/api/reports/monthly?month=2026-11&center=paris-sales&format=csv&locale=fr'), ctx)).text()
    expect(fr).toMatch(/Couverture des données;16 jours sur 30 avec des données/)

    const ExcelJS = (await import('exceljs')).default
    const xlsxRes = await reportGET(await auth.request('admin', '/api/reports/monthly?month=2026-11&center=paris-sales&format=xlsx&locale=en'), ctx)
    expect(xlsxRes.headers.get('content-disposition')).toMatch(/plateau-report-2026-11-paris-sales\.xlsx/)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await xlsxRes.arrayBuffer()) as never)
    const cells: string[] = []
    wb.getWorksheet('Summary')!.eachRow((row) => cells.push(String(row.getCell(1).value ?? '')))
    expect(cells.join('\n')).toMatch(/Data coverage: 16 of 30 days with data/)
  })
})
