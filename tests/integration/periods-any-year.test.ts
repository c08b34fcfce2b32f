/**
 * Reports and exports cover any period an event can carry (issue 18 item 1, issue 14 low),
 * through the real routes and a real embedded ClickHouse:
 *  - February 1999 (a bank's call log): monthly report JSON and CSV, range mode, the contact
 *    export and the executive view answer 200 with the 1999 figures;
 *  - periods outside the contract's ts range (before 1900-01-01T00:00Z in the centers' zone:
 *    1900-01 in Paris starts at 1899-12-31T23:50:39Z, local mean time) → 400 with a message,
 *    never a 500 (`/api/contacts/export?set=handled&month=1900-01` was a 500);
 *  - the contact CSV removes control characters before the formula check (`\u0000=1+1`);
 *  - the report and drill-down JSON routes are byte-capped (422, never the body).
 *
 * Data: 3 answered contacts of paris-sales on 1999-02-10 (10:00, 10:10, 10:20 Paris, UTC+1),
 * the third one handled by agent "\u0000=1+1" → offered = handled = 3 in February 1999.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { CENTER_A, useTestAuth, type TestAuth } from '../helpers/auth'
import { answeredContact, insert, kpiStore, paris } from './kpi-fixtures'

vi.mock('next/headers', () => ({
  headers: async () => new Headers(),
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false }),
}))

const CONFIG = `
version: 1
defaults:
  timezone: Europe/Paris
  currency: EUR
centers:
  - id: ${CENTER_A}
    name: Paris Ventes
    reportingLine: sales
    sourcing: in_house
    timezone: Europe/Paris
    queues:
      - { id: sales-orders-voice, channel: voice, direction: inbound }
`
type Handler = (req: Request, ctx: unknown) => Promise<Response>
const ctx = { params: Promise.resolve({}) }
let auth: TestAuth
let reportGET: Handler
let exportGET: Handler
let executiveGET: Handler
const HOSTILE_AGENT = '\u0000=1+1'

beforeAll(async () => {
  process.env.PLATEAU_DEMO = '0'
  process.env.PLATEAU_REPORT_CACHE = 'off'
  await kpiStore(CONFIG)
  auth = await useTestAuth()
  const D = '1999-02-10'
  const events = ['10:00', '10:10', '10:20'].flatMap((hm, i) => {
    const t = (s: string) => paris(D, `${hm}:${s}`)
    return answeredContact(CENTER_A, `bank-${i}`, { queue: 'sales-orders-voice', queued: t('00'), answered: t('20'), agent: i === 2 ? HOSTILE_AGENT : `agent-${i}`, ended: t('50'), talk: 30, hold: 0, wrapped: t('55'), wrap: 5 })
  })
  await insert(events)
  reportGET = (await import('@/app/api/reports/monthly/route')).GET as Handler
  exportGET = (await import('@/app/api/contacts/export/route')).GET as Handler
  executiveGET = (await import('@/app/api/executive/route')).GET as Handler
})

const as = async (role: 'manager' | 'executive', h: Handler, url: string) => h(await auth.request(role, url), ctx)

function summaryValue(body: { summary: Array<{ key: string; value: number | null }> }, key: string) {
  return body.summary.find((k) => k.key === key)?.value
}

describe('any year with data', () => {
  it('February 1999: report JSON, CSV and range mode carry the 3 contacts', async () => {
    const json = await as('manager', reportGET, '/api/reports/monthly?month=1999-02&section=summary')
    expect(json.status, await json.clone().text()).toBe(200)
    const r = (await json.json()) as { period: { firstDay: string; lastDay: string }; summary: Array<{ key: string; value: number | null }> }
    expect(r.period).toMatchObject({ firstDay: '1999-02-01', lastDay: '1999-02-28' })
    expect(summaryValue(r, 'offered')).toBe(3)
    expect(summaryValue(r, 'handled')).toBe(3)

    const csv = await as('manager', reportGET, '/api/reports/monthly?month=1999-02&format=csv&locale=en&section=summary')
    expect(csv.status).toBe(200)
    const offered = (await csv.text()).split('\r\n').find((l) => l.startsWith('offered,'))!
    expect(offered.split(',')[3]).toBe('3')

    const range = await as('manager', reportGET, '/api/reports/monthly?from=1999-02-01&to=1999-02-15&section=summary')
    expect(range.status, await range.clone().text()).toBe(200)
    expect(summaryValue((await range.json()) as never, 'offered')).toBe(3)
  })

  it('the contact export of February 1999 lists them, with the control character removed before the formula check', async () => {
    const res = await as('manager', exportGET, '/api/contacts/export?set=handled&month=1999-02&locale=en')
    expect(res.status).toBe(200)
    const text = await res.text()
    const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n')
    expect(lines.length).toBe(1 + 3)
    expect(text).not.toContain('\u0000')
    const hostile = lines.find((l) => l.includes('bank-2'))!
    expect(hostile.split(',')[5]).toBe("'=1+1")
  })

  it('report and drill-down JSON over PLATEAU_MAX_RESPONSE_BYTES → 422 saying how to narrow, not the body', async () => {
    process.env.PLATEAU_MAX_RESPONSE_BYTES = '300'
    try {
      const drillGET = (await import('@/app/api/kpis/contacts/route')).GET as Handler
      for (const [h, url] of [
        [reportGET, '/api/reports/monthly?month=1999-02'],
        [drillGET, '/api/kpis/contacts?set=handled&window=custom&from=1999-02-01T00:00:00%2B01:00&to=1999-03-01T00:00:00%2B01:00'],
      ] as const) {
        const res = await as('manager', h, url)
        expect(res.status, url).toBe(422)
        const body = (await res.json()) as { error: string; message: string }
        expect(body.error).toBe('too_large')
        expect(body.message).toMatch(/narrow/)
      }
    } finally {
      delete process.env.PLATEAU_MAX_RESPONSE_BYTES
    }
    // within the cap the same drill-down answers the 3 contacts
    const drillGET = (await import('@/app/api/kpis/contacts/route')).GET as Handler
    const ok = await as('manager', drillGET, '/api/kpis/contacts?set=handled&window=custom&from=1999-02-01T00:00:00%2B01:00&to=1999-03-01T00:00:00%2B01:00')
    expect(ok.status, await ok.clone().text()).toBe(200)
    expect(((await ok.json()) as { total: number }).total).toBe(3)
  })

  it('the executive view accepts 1999', async () => {
    const res = await as('executive', executiveGET, '/api/executive?from=1999-02&to=1999-02')
    expect(res.status, await res.clone().text()).toBe(200)
  })

  it('outside the range events can carry: a clear 400, never a 500', async () => {
    for (const url of [
      '/api/contacts/export?set=handled&month=1900-01',
      '/api/contacts/export?set=handled&month=1899-12',
      '/api/reports/monthly?month=1900-01',
      '/api/reports/monthly?month=1900-01&format=csv',
      '/api/reports/monthly?from=1899-12-25&to=1900-01-05',
      '/api/reports/monthly?month=2300-01',
    ]) {
      const res = await as('manager', url.includes('export') ? exportGET : reportGET, url)
      expect(res.status, url).toBe(400)
      expect(((await res.json()) as { message: string }).message, url).toMatch(/out of range|1900-01-01/)
    }
    const exec = await as('executive', executiveGET, '/api/executive?from=1900-01&to=1900-02')
    expect(exec.status).toBe(400)
    // the first whole month in Paris is answered (no data), though its comparison periods (1900-01, 1899-02) are outside
    const first = await as('manager', reportGET, '/api/reports/monthly?month=1900-02&section=summary')
    expect(first.status, await first.clone().text()).toBe(200)
    expect(summaryValue((await first.json()) as never, 'offered')).toBe(0)
  })
})
