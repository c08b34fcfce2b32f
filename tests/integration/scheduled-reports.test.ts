/**
 * Scheduled reports end to end: real chdb, real SMTP server (tests/helpers/smtp.ts), users from the
 * users store. A fixed clock stands for "now"; each runDueSchedules call is what a start of the
 * server does first (the scheduler keeps no state in memory: everything is in report_deliveries).
 */
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { useTestAuth, ROLE_FIXTURES, type TestAuth } from '../helpers/auth'
import { startSmtp, useSmtpEnv, type TestSmtp } from '../helpers/smtp'
import { generateEvents } from '../helpers/contact-events'
import type { PlateauEvent } from '@/lib/contract/events'
import type { ScheduleSpec } from '@/lib/scheduled-reports/schedule'

vi.mock('next/headers', () => ({
  headers: async () => new Headers(),
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false }),
}))

// October 2026 in Paris: 2026-10-01T00:00+02:00 … 2026-11-01T00:00+01:00
const FROM = '2026-09-30T22:00:00.000Z'
const TO = '2026-10-31T23:00:00.000Z'
type Handler = (req: Request, ctx: unknown) => Promise<Response>
const ctx = { params: Promise.resolve({}) }

let auth: TestAuth
let smtp: TestSmtp
let restoreSmtp: () => void
let kpisGET: Handler
let run: typeof import('@/lib/scheduled-reports/run')

const SCHEDULE: ScheduleSpec = {
  id: 'monthly-ops',
  cadence: 'monthly',
  day: 2,
  time: '07:00',
  centers: ['paris-sales', 'lyon-leads'],
  recipients: [
    { user: ROLE_FIXTURES.manager.username, email: 'manager-a@example.com' }, // paris-sales only
    { user: ROLE_FIXTURES.managerB.username, email: 'manager-b@example.com' }, // lyon-leads only
    { user: ROLE_FIXTURES.supervisor.username, email: 'sup@example.com' }, // no reports capability
  ],
  formats: ['xlsx'],
  locale: 'fr',
  enabled: true,
}

beforeAll(async () => {
  const fs = await import('node:fs')
  const os = await import('node:os')
  const path = await import('node:path')
  process.env.PLATEAU_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-schedrep-'))
  process.env.PLATEAU_FACTS_REFRESH_MS = '0'
  process.env.PLATEAU_REPORT_CACHE = 'off'
  process.env.PLATEAU_DEMO = '0'
  delete process.env.CLICKHOUSE_URL
  const { migrate } = await import('@/lib/migrate')
  await migrate()
  auth = await useTestAuth()
  const oct = generateEvents({ events: 6000, seed: 11, prefix: 'oct', startMs: Date.parse('2026-10-01T06:00:00Z'), gapMs: 900_000 })
  const { eventLine } = await import('@/ingest/rows')
  const { insertBatch } = await import('@/ingest/sink')
  const inOct = (e: PlateauEvent) => Date.parse(e.ts) < Date.parse(TO)
  await insertBatch({ events: oct.filter(inOct).map((e) => eventLine(e, Date.parse(e.ts) + 800)), deadLetters: [] })
  smtp = await startSmtp()
  restoreSmtp = useSmtpEnv(smtp)
  kpisGET = (await import('@/app/api/kpis/route')).GET as Handler
  run = await import('@/lib/scheduled-reports/run')
})

afterAll(async () => {
  restoreSmtp?.()
  await smtp?.close()
})

/** key → value of the 'Synthèse' sheet of a French report workbook. */
async function xlsxSummary(content: Buffer): Promise<{ values: Map<string, unknown>; header: string[] }> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(content as never)
  const ws = wb.getWorksheet('Synthèse')!
  let headerRow = 0
  const header: string[] = []
  ws.eachRow((row, i) => {
    if (!headerRow && row.getCell(1).value === 'Indicateur') headerRow = i
    if (!headerRow) header.push(String(row.getCell(1).value ?? ''))
  })
  expect(headerRow).toBeGreaterThan(0)
  const keyCol = (ws.getRow(headerRow).values as unknown[]).indexOf('Clé')
  const valueCol = (ws.getRow(headerRow).values as unknown[]).indexOf('Valeur')
  const values = new Map<string, unknown>()
  for (let i = headerRow + 1; i <= ws.rowCount; i++) {
    const key = ws.getCell(i, keyCol).value
    if (typeof key === 'string' && key) values.set(key, ws.getCell(i, valueCol).value)
  }
  return { values, header }
}

async function apiKpis(role: 'manager' | 'managerB', keys: string[]): Promise<Map<string, number | null>> {
  const q = new URLSearchParams({ window: 'custom', from: FROM, to: TO, keys: keys.join(',') })
  const res = await kpisGET(await auth.request(role, `/api/kpis?${q}`), ctx)
  expect(res.status).toBe(200)
  const body = (await res.json()) as { rows: Array<{ kpis: Array<{ key: string; value: number | null }> }> }
  expect(body.rows).toHaveLength(1)
  return new Map(body.rows[0]!.kpis.map((k) => [k.key, k.value]))
}

describe('scheduled reports', () => {
  it('after downtime, the missed run goes out once at start, never again on the next starts', async () => {
    // The 2 November 07:00 (Paris) run was missed: the server was down until 5 November.
    const start1 = Date.parse('2026-11-05T10:00:00Z')
    const first = await run.runDueSchedules(start1, [SCHEDULE])
    expect(first.map((d) => [d.recipient, d.status, d.error, d.centers, d.period])).toEqual([
      [ROLE_FIXTURES.manager.username, 'sent', '', ['paris-sales'], '2026-10'],
      [ROLE_FIXTURES.managerB.username, 'sent', '', ['lyon-leads'], '2026-10'],
      [ROLE_FIXTURES.supervisor.username, 'skipped', 'no_permission', [], '2026-10'],
    ])
    expect(first.every((d) => d.run_at === Date.parse('2026-11-02T06:00:00Z'))).toBe(true)
    await smtp.waitFor(2)
    // Two restarts later the same month: nothing more.
    expect(await run.runDueSchedules(start1 + 60_000, [SCHEDULE])).toEqual([])
    expect(await run.runDueSchedules(Date.parse('2026-11-30T22:00:00Z'), [SCHEDULE])).toEqual([])
    expect(smtp.messages).toHaveLength(2)
    expect(smtp.envelopes.map((e) => e.to)).toEqual([['manager-a@example.com'], ['manager-b@example.com']])
    const log = await run.listDeliveries()
    expect(log.filter((d) => d.status === 'sent')).toHaveLength(2)
  })

  it("each attachment is the recipient's own export: period and figures equal /api/kpis for their centers", async () => {
    const byTo = new Map(smtp.messages.map((m, i) => [smtp.envelopes[i]!.to[0]!, m]))
    for (const [role, to] of [['manager', 'manager-a@example.com'], ['managerB', 'manager-b@example.com']] as const) {
      const mail = byTo.get(to)!
      expect(mail.subject).toContain('2026-10')
      expect(mail.attachments).toHaveLength(1)
      const att = mail.attachments[0]!
      expect(att.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      expect(att.filename).toContain('2026-10')
      const { values, header } = await xlsxSummary(att.content)
      expect(header.join('\n')).toMatch(/octobre 2026/i)
      const api = await apiKpis(role, [...values.keys()])
      expect(values.size).toBeGreaterThan(40)
      let compared = 0
      for (const [key, cell] of values) {
        const expected = api.get(key)
        if (expected === null || expected === undefined) {
          expect(cell, key).toBeNull()
          continue
        }
        if (typeof cell !== 'number') continue // durations come back as Date cells (exceljs)
        expect(cell, key).toBeCloseTo(expected, 9)
        compared++
      }
      expect(compared).toBeGreaterThan(20)
      expect(api.get('offered')).toBeGreaterThan(50)
      expect(values.get('offered')).toBe(api.get('offered'))
    }
    // The two managers got different centers' figures.
    const a = await xlsxSummary(byTo.get('manager-a@example.com')!.attachments[0]!.content)
    const b = await xlsxSummary(byTo.get('manager-b@example.com')!.attachments[0]!.content)
    expect(a.values.get('offered')).not.toBe(b.values.get('offered'))
  })

  it('scope is checked at send time: a manager who lost the center gets nothing', async () => {
    const { updateUser } = await import('@/lib/auth/users')
    await updateUser(ROLE_FIXTURES.manager.id, { centers: ['bruxelles-care'] })
    const before = smtp.messages.length
    const dec = await run.runDueSchedules(Date.parse('2026-12-02T06:00:00Z'), [SCHEDULE])
    expect(dec.map((d) => [d.recipient, d.status, d.error, d.period])).toEqual([
      [ROLE_FIXTURES.manager.username, 'skipped', 'no_center_in_scope', '2026-11'],
      [ROLE_FIXTURES.managerB.username, 'sent', '', '2026-11'],
      [ROLE_FIXTURES.supervisor.username, 'skipped', 'no_permission', '2026-11'],
    ])
    await smtp.waitFor(before + 1)
    expect(smtp.messages).toHaveLength(before + 1)
    expect(smtp.envelopes.at(-1)!.to).toEqual(['manager-b@example.com'])
  })

  it('a refused delivery is logged failed and retried at most MAX_ATTEMPTS times', async () => {
    const s = { ...SCHEDULE, id: 'retry', recipients: [{ user: ROLE_FIXTURES.managerB.username, email: 'bounce@example.com' }] }
    smtp.reject.add('bounce@example.com')
    const t0 = Date.parse('2026-12-02T06:00:00Z')
    const statuses: string[] = []
    for (let i = 0; i < run.MAX_ATTEMPTS + 2; i++) statuses.push(...(await run.runDueSchedules(t0 + i * 60_000, [s])).map((d) => d.status))
    expect(statuses).toEqual(Array(run.MAX_ATTEMPTS).fill('failed'))
  })

  it('GET /api/report-schedules: a manager sees only their centers of the schedules and their deliveries', async () => {
    const fs = await import('node:fs')
    const os = await import('node:os')
    const path = await import('node:path')
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-sched-')), 'schedules.yaml')
    const YAML = (await import('yaml')).default
    const other = { ...SCHEDULE, id: 'bruxelles-only', centers: ['bruxelles-care'] }
    fs.writeFileSync(file, YAML.stringify({ schedules: [SCHEDULE, other] }))
    process.env.PLATEAU_REPORT_SCHEDULES = file
    const GET = (await import('@/app/api/report-schedules/route')).GET as Handler
    type Body = { schedules: ScheduleSpec[]; deliveries: Array<{ schedule_id: string; recipient: string; centers: string[]; status: string }> }
    const as = async (role: 'managerB' | 'admin' | 'supervisor') => GET(await auth.request(role, '/api/report-schedules'), ctx)
    const b = (await (await as('managerB')).json()) as Body
    expect(b.schedules.map((s) => [s.id, s.centers])).toEqual([['monthly-ops', ['lyon-leads']]])
    // managerB's own sent rows (lyon-leads) and the skipped rows; never manager A's paris-sales rows
    expect(b.deliveries.length).toBeGreaterThan(0)
    expect(b.deliveries.every((d) => d.schedule_id === 'monthly-ops' && d.centers.every((c) => c === 'lyon-leads'))).toBe(true)
    expect(b.deliveries.some((d) => d.centers.includes('lyon-leads') && d.status === 'sent')).toBe(true)
    const admin = (await (await as('admin')).json()) as Body
    expect(admin.schedules.map((s) => s.id)).toEqual(['monthly-ops', 'bruxelles-only'])
    expect(admin.deliveries.some((d) => d.centers.includes('paris-sales'))).toBe(true)
    expect((await as('supervisor')).status).toBe(403)
  })

  it('several schedulers at the same minute: each recipient gets one copy; a claim holds 10 minutes, then no more', async () => {
    const { getClickHouse } = await import('@/lib/clickhouse')
    const { chTs } = await import('@/lib/kpi/time')
    // two recipients whose accounts the tests above leave as they are (manager A lost paris-sales)
    const two = [
      { user: ROLE_FIXTURES.admin.username, email: 'admin@example.com' },
      { user: ROLE_FIXTURES.managerB.username, email: 'manager-b@example.com' },
    ]
    const start = Date.parse('2026-11-05T10:00:00Z')
    const before = smtp.messages.length
    const S = { ...SCHEDULE, id: 'three-schedulers', recipients: two }
    const runs = await Promise.all(['app-1', 'app-2', 'app-3'].map((instance) => run.runDueSchedules(start, [S], { instance, settleMs: 500 })))
    expect(runs.flat().map((d) => [d.recipient, d.status]).sort()).toEqual(two.map((r) => [r.user, 'sent']).sort())
    await smtp.waitFor(before + 2)
    expect(smtp.messages.length).toBe(before + 2)

    // Another instance's claim of 1 minute ago holds: nothing sent here. One of 11 minutes ago
    // (its instance died before sending) no longer holds: sent here.
    const claim = (id: string, instance: string, agoMs: number) =>
      getClickHouse().insert({
        table: 'report_claims',
        values: [{ schedule_id: id, run_at: chTs(Date.parse('2026-11-02T06:00:00Z')), recipient: two[0]!.user, instance, claimed_at: chTs(Date.now() - agoMs) }],
        format: 'JSONEachRow',
      })
    await claim('held', 'busy-app', 60_000)
    expect(await run.runDueSchedules(start, [{ ...S, id: 'held', recipients: [two[0]!] }], { instance: 'app-4', settleMs: 100 })).toEqual([])
    await claim('expired', 'dead-app', 11 * 60_000)
    const sent = await run.runDueSchedules(start, [{ ...S, id: 'expired', recipients: [two[0]!] }], { instance: 'app-4', settleMs: 100 })
    expect(sent.map((d) => [d.recipient, d.status])).toEqual([[two[0]!.user, 'sent']])
  })

  it('schedules edited through the API: managers only for their centers, refusals write nothing, comments kept', async () => {
    const fs = await import('node:fs')
    const os = await import('node:os')
    const path = await import('node:path')
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-sched-edit-')), 'schedules.yaml')
    const original = `# kept: a comment written by a person\nschedules:\n  - id: both-centers # ops\n    cadence: weekly\n    weekday: mon\n    time: "08:00"\n    centers: [paris-sales, lyon-leads]\n    recipients: [{ user: test-admin, email: a@example.com }]\n`
    fs.writeFileSync(file, original)
    process.env.PLATEAU_REPORT_SCHEDULES = file
    const { POST } = await import('@/app/api/report-schedules/route')
    const one = await import('@/app/api/report-schedules/[scheduleId]/route')
    const json = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })
    const post = async (role: 'managerB' | 'supervisor' | 'executive' | 'admin', body: unknown) => (POST as Handler)(await auth.request(role, '/api/report-schedules', json(body)), ctx)
    const idCtx = (id: string) => ({ params: Promise.resolve({ scheduleId: id }) })
    const lyon = `id: lyon-monthly\ncadence: monthly\nday: 3\ntime: "06:30"\ncenters: [lyon-leads]\nrecipients: [{ user: test-manager-b, email: b@example.com }]\nformats: [pdf, xlsx]\n`

    // refused: other center, invalid field, roles without schedule editing — the file is untouched
    const other = await post('managerB', { yaml: lyon.replace('[lyon-leads]', '[lyon-leads, paris-sales]') })
    expect(other.status).toBe(403)
    expect(((await other.json()) as { message: string }).message).toBe('not your centers: lyon-leads, paris-sales')
    const invalid = await post('managerB', { yaml: lyon.replace('day: 3', 'day: 31') })
    expect(invalid.status).toBe(400)
    expect(((await invalid.json()) as { message: string }).message).toMatch(/^day: /)
    expect((await post('supervisor', { yaml: lyon })).status).toBe(403)
    expect((await post('executive', { yaml: lyon })).status).toBe(403)
    expect(fs.readFileSync(file, 'utf8')).toBe(original)

    // created: the new schedule is in the file (and what the scheduler loads), the comments stay
    expect((await post('managerB', { yaml: lyon })).status).toBe(201)
    expect((await post('managerB', { yaml: lyon })).status).toBe(409)
    const text = fs.readFileSync(file, 'utf8')
    expect(text).toContain('# kept: a comment written by a person')
    expect(text).toContain('- id: both-centers # ops')
    const { loadSchedules } = await import('@/lib/scheduled-reports/config')
    expect(loadSchedules().map((s) => [s.id, s.formats])).toEqual([['both-centers', ['xlsx']], ['lyon-monthly', ['pdf', 'xlsx']]])

    // a schedule naming a center that is not theirs cannot be changed or deleted by managerB
    const put = async (role: 'managerB' | 'admin', id: string, yaml: string) => (one.PUT as Handler)(await auth.request(role, `/api/report-schedules/${id}`, { ...json({ yaml }), method: 'PUT' }), idCtx(id))
    const del = async (role: 'managerB' | 'admin', id: string) => (one.DELETE as Handler)(await auth.request(role, `/api/report-schedules/${id}`, { method: 'DELETE' }), idCtx(id))
    expect((await put('managerB', 'both-centers', lyon.replace('lyon-monthly', 'both-centers'))).status).toBe(404)
    expect((await del('managerB', 'both-centers')).status).toBe(404)
    expect((await put('managerB', 'lyon-monthly', lyon.replace('"06:30"', '"07:45"'))).status).toBe(200)
    expect(loadSchedules().find((s) => s.id === 'lyon-monthly')!.time).toBe('07:45')
    expect((await del('managerB', 'lyon-monthly')).status).toBe(204)
    expect((await del('admin', 'both-centers')).status).toBe(204)
    expect(loadSchedules()).toEqual([])
    expect(fs.readFileSync(file, 'utf8')).toContain('# kept: a comment written by a person')
  })
})
