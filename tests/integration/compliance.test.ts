/**
 * Outbound compliance from a real embedded store (lib/compliance/query): dial attempts and the
 * disposition of their abandon events read back and checked. Hand count below.
 *
 * Center ob-paris (Europe/Paris, presets FR + UK), campaign "prospect" (canvassing),
 * "renewal" (existing-customer service). Monday 2026-03-30 (CEST, UTC+2):
 *   cust-1: 5 prospect calls 08:30Z…12:30Z hourly (10:30 … 14:30 local; the 11:30Z one is
 *           13:30 local, in the lunch gap) → 1 outside hours; 5 calls in 30 days → over the cap.
 *   cust-2: prospect call at 18:30Z (20:30 local) → outside hours, abandoned with disposition
 *           "abandoned" (live) → prospect on 03-30: live = 5 answered + 1 abandoned = 6,
 *           abandoned 1 → 16.7 % > 3 %.
 *   cust-3: renewal call at 19:00Z (21:00 local) → not checked (service); no_answer → not live.
 *   cust-4: prospect calls Mon–Wed 2026-02-23…25 and Mon–Tue 03-02, 03-03 at 09:30Z (10:30 CET):
 *           5 calls in the 30 days from 02-23 → over the cap, seen from March (the calls before
 *           the period are read back 30 days); February alone: 3 calls, no violation.
 *           Answered, but on other days than 03-30 (the abandoned rate of 03-30 is unchanged).
 *
 * Center ob-anon (Europe/Paris, preset FR), Tuesday 2026-03-31 at 08:30Z…08:34Z (10:30 local):
 *   3 prospect calls without customer_id → the attempt cap cannot count them;
 *   1 renewal call without customer_id → service, not checked;
 *   1 prospect call to anon-1 → within the cap.
 *   → no consumer found over the cap, 3 calls without customer id: the cap figure is "not
 *     checked" (null), never 0.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { freshStore } from '../helpers/store'
import type { PlateauEvent } from '@/lib/contract/events'

const CONFIG = `
version: 1
centers:
  - id: ob-paris
    name: Outbound Paris
    reportingLine: sales
    sourcing: in_house
    timezone: Europe/Paris
    compliance:
      presets: [FR, UK]
      campaigns:
        - { id: prospect, purpose: canvassing }
        - { id: renewal, purpose: customer_service }
  - id: ob-lyon
    name: Outbound Lyon
    reportingLine: sales
    sourcing: in_house
    timezone: Europe/Paris
    compliance:
      presets: [UK]
      campaigns: [{ id: leads, purpose: canvassing }]
  - id: ob-anon
    name: Outbound Anon
    reportingLine: sales
    sourcing: in_house
    timezone: Europe/Paris
    compliance:
      presets: [FR]
      campaigns:
        - { id: prospect, purpose: canvassing }
        - { id: renewal, purpose: customer_service }
`

let compliance: typeof import('@/lib/compliance/query')
let n = 0
function dial(iso: string, customer: string | null, campaign: string, result: 'answered' | string, center = 'ob-paris'): PlateauEvent[] {
  const id = `ob-${++n}`
  const t = Date.parse(iso)
  const base = { center_id: center, v: 1 as const }
  const q = { ...base, event_id: `${id}-q`, type: 'contact.queued', ts: iso, contact_id: id, queue_id: 'ob', channel: 'voice', direction: 'outbound', ...(customer ? { customer_id: customer } : {}), campaign_id: campaign }
  const end =
    result === 'answered'
      ? { ...base, event_id: `${id}-a`, type: 'contact.answered', ts: new Date(t + 5000).toISOString(), contact_id: id, queue_id: 'ob', agent_id: 'ag' }
      : { ...base, event_id: `${id}-x`, type: 'contact.abandoned', ts: new Date(t + 5000).toISOString(), contact_id: id, queue_id: 'ob', disposition: result }
  return [q, end] as PlateauEvent[]
}

beforeAll(async () => {
  await freshStore('plateau-compliance-')
  const { setConfigOverride } = await import('@/lib/config')
  setConfigOverride(CONFIG)
  const { insertBatch } = await import('@/ingest/sink')
  const { eventLine } = await import('@/ingest/rows')
  const evs = [
    ...[8, 9, 10, 11, 12].flatMap((h) => dial(`2026-03-30T${String(h).padStart(2, '0')}:30:00.000Z`, 'cust-1', 'prospect', 'answered')),
    ...dial('2026-03-30T18:30:00.000Z', 'cust-2', 'prospect', 'abandoned'),
    ...dial('2026-03-30T19:00:00.000Z', 'cust-3', 'renewal', 'no_answer'),
    ...['02-23', '02-24', '02-25', '03-02', '03-03'].flatMap((d) => dial(`2026-${d}T09:30:00.000Z`, 'cust-4', 'prospect', 'answered')),
    // ob-lyon (UK preset only: no hours, no attempt cap), campaign leads on 03-30: 4 answered at
    // 09:00Z…09:03Z, 1 abandoned live at 09:10Z, and one call at 19:30Z (21:30 local, not a violation here).
    ...[0, 1, 2, 3].flatMap((m) => dial(`2026-03-30T09:0${m}:00.000Z`, `ly-${m}`, 'leads', 'answered', 'ob-lyon')),
    ...dial('2026-03-30T09:10:00.000Z', 'ly-5', 'leads', 'abandoned', 'ob-lyon'),
    ...dial('2026-03-30T19:30:00.000Z', 'ly-6', 'leads', 'no_answer', 'ob-lyon'),
    ...[0, 1, 2].flatMap((m) => dial(`2026-03-31T08:3${m}:00.000Z`, null, 'prospect', 'answered', 'ob-anon')),
    ...dial('2026-03-31T08:33:00.000Z', null, 'renewal', 'answered', 'ob-anon'),
    ...dial('2026-03-31T08:34:00.000Z', 'anon-1', 'prospect', 'answered', 'ob-anon'),
  ]
  await insertBatch({ events: evs.map((e) => eventLine(e, Date.now())), deadLetters: [] })
  compliance = await import('@/lib/compliance/query')
}, 120_000)

describe('centerCompliance', () => {
  it('finds the hand-counted violations in the store', async () => {
    const r = await compliance.centerCompliance('ob-paris', Date.parse('2026-03-01T00:00:00Z'), Date.parse('2026-04-01T00:00:00Z'))
    expect(r.configured).toBe(true)
    expect(r.attempts).toBe(9)
    expect(r.outsideHours.map((v) => [v.customerId, v.local, v.reason])).toEqual([
      ['cust-1', '2026-03-30 13:30:00', 'outside_hours'],
      ['cust-2', '2026-03-30 20:30:00', 'outside_hours'],
    ])
    expect(r.overCap.map((v) => [v.customerId, v.attempts])).toEqual([['cust-1', 5], ['cust-4', 5]])
    expect(r.abandoned.map((d) => [d.campaignId, d.date, d.live, d.abandoned, d.over])).toEqual([
      ['prospect', '2026-03-02', 1, 0, false],
      ['prospect', '2026-03-03', 1, 0, false],
      ['prospect', '2026-03-30', 6, 1, true],
    ])
    const feb = await compliance.centerCompliance('ob-paris', Date.parse('2026-02-01T00:00:00+01:00'), Date.parse('2026-03-01T00:00:00+01:00'))
    expect(feb).toMatchObject({ attempts: 3, overCap: [], outsideHours: [] })
    expect(feb.abandoned.map((d) => d.date)).toEqual(['2026-02-23', '2026-02-24', '2026-02-25'])
  })

  it('an unconfigured center is checked against no rules but still read', async () => {
    const r = await compliance.centerCompliance('nowhere', Date.parse('2026-03-01T00:00:00Z'), Date.parse('2026-04-01T00:00:00Z'))
    expect(r).toMatchObject({ configured: false, attempts: 0, outsideHours: [], overCap: [], abandoned: [] })
  })
})

describe('board compliance tiles (lib/live/board-forecast boardCompliance): today so far', () => {
  it('sums the board centers with rules; the worst campaign is the furthest over its cap; scope narrows it', async () => {
    const { boardCompliance } = await import('@/lib/live/board-forecast')
    // 2026-03-30 23:00 local (21:00Z), every center with rules:
    //   outside hours: ob-paris cust-1 13:30 + cust-2 20:30 = 2 (renewal and ob-lyon's UK rules: none);
    //   over the cap: cust-1 (5 calls today); cust-4's window (02-23…) has no call today → 1 consumer;
    //   abandoned: ob-paris prospect 1/6 = 0.1667 (0.1367 over 3 %), ob-lyon leads 1/5 = 0.2
    //   (0.17 over, the 19:30Z call unanswered: not live) → the worst is ob-lyon leads.
    const late = Date.parse('2026-03-30T21:00:00Z')
    const all = await boardCompliance(null, late)
    expect(all.centers).toEqual(['ob-anon', 'ob-lyon', 'ob-paris'])
    expect(all).toMatchObject({ outsideHours: 2, overCapConsumers: 1, withoutCustomerId: 0, hasAttemptCap: true, hasAbandonedCap: true })
    expect(all.abandon).toMatchObject({ centerId: 'ob-lyon', campaignId: 'leads', cap: 0.03, over: true })
    expect(all.abandon!.rate).toBeCloseTo(1 / 5, 12)
    // A board of ob-paris only: its own figures.
    const paris = await boardCompliance(['ob-paris'], late)
    expect(paris).toMatchObject({ centers: ['ob-paris'], outsideHours: 2, overCapConsumers: 1 })
    expect(paris.abandon).toMatchObject({ centerId: 'ob-paris', campaignId: 'prospect', over: true })
    expect(paris.abandon!.rate).toBeCloseTo(1 / 6, 12)
    // Noon local (10:00Z): only cust-1's 10:30 and 11:30 calls so far — allowed, 2 of 4; 2 live, 0 abandoned.
    const noon = await boardCompliance(['ob-paris'], Date.parse('2026-03-30T10:00:00Z'))
    expect(noon).toMatchObject({ outsideHours: 0, overCapConsumers: 0 })
    expect(noon.abandon).toMatchObject({ campaignId: 'prospect', rate: 0, over: false })
    // A board whose centers have no rules: no centers, no figure (the panel says so), not zeros of a check.
    // Tuesday 03-31 23:00 local, ob-anon: 3 canvassing calls without customer id, none found over
    // the cap → "not checked" (null) with the count, not 0; every center: the same (no call elsewhere).
    const tue = Date.parse('2026-03-31T21:00:00Z')
    expect(await boardCompliance(['ob-anon'], tue)).toMatchObject({ centers: ['ob-anon'], outsideHours: 0, overCapConsumers: null, withoutCustomerId: 3 })
    expect(await boardCompliance(null, tue)).toMatchObject({ overCapConsumers: null, withoutCustomerId: 3 })
    const none = await boardCompliance(['nowhere'], late)
    expect(none).toMatchObject({ centers: [], abandon: null, hasAttemptCap: false, hasAbandonedCap: false })
  })
})

describe('GET /api/compliance', () => {
  it('auth, scope, bad input and the drill rows', async () => {
    const { useTestAuth } = await import('../helpers/auth')
    const auth = await useTestAuth()
    const { GET } = await import('@/app/api/compliance/route')
    const call = async (role: Parameters<typeof auth.request>[0], q: string) => GET(await auth.request(role, `/api/compliance?${q}`), { params: Promise.resolve({}) })
    const q = 'center=ob-paris&from=2026-03-01&to=2026-03-31'
    expect((await call(null, q)).status).toBe(401)
    expect((await call('norole', q)).status).toBe(403)
    expect((await call('supervisor', q)).status).toBe(404) // supervisor of paris-sales only
    const bad = await call('admin', 'center=ob-paris&from=2026-03-31&to=2026-03-01')
    expect(bad.status).toBe(400)
    expect((await bad.json()).message).toMatch(/from/)
    expect((await call('admin', 'center=ob-paris&from=2026-01-01&to=2026-12-31')).status).toBe(400)
    const ok = await call('admin', q)
    expect(ok.status).toBe(200)
    const b = await ok.json()
    expect(b.counts).toEqual({ outsideHours: 2, overCap: 2, withoutCustomerId: 0, abandonedOver: 1 })
    expect(b.overCap[0]).toMatchObject({ customerId: 'cust-1', attempts: 5 })
    expect(b.overCap[0].times).toHaveLength(5)
    expect(b.outsideHours.map((v: { customerId: string }) => v.customerId)).toEqual(['cust-1', 'cust-2'])
    // ob-anon: 3 canvassing calls without customer id, none found → overCap null (not checked), not 0.
    const anon = await (await call('admin', 'center=ob-anon&from=2026-03-01&to=2026-03-31')).json()
    expect(anon.counts).toEqual({ outsideHours: 0, overCap: null, withoutCustomerId: 3, abandonedOver: 0 })
    expect(anon.attempts).toBe(5)
    expect(anon.withoutCustomerId.map((a: { campaignId: string; ts: number }) => [a.campaignId, new Date(a.ts).toISOString()])).toEqual([
      ['prospect', '2026-03-31T08:30:00.000Z'],
      ['prospect', '2026-03-31T08:31:00.000Z'],
      ['prospect', '2026-03-31T08:32:00.000Z'],
    ])
  })
})

describe('monthly report: compliance section and its exports', () => {
  it('March 2026: the hand counts per center, the drill rows, in CSV and XLSX', async () => {
    const { buildReport } = await import('@/lib/reports/build')
    const { reportCsv, reportXlsx } = await import('@/lib/reports/render')
    const r = await buildReport({ period: { kind: 'month', month: '2026-03' }, centers: ['ob-paris'], locale: 'en', sections: ['compliance'], now: Date.parse('2026-05-01T00:00:00Z') }, null)
    expect(r.compliance.rows).toHaveLength(1)
    // outside hours: cust-1 13:30 + cust-2 20:30 = 2; over the cap: cust-1, cust-4 = 2 consumers;
    // prospect 03-30: 1 abandoned of 6 live = 1/6 over 3 % → 1 campaign-day over.
    expect(r.compliance.rows[0]).toMatchObject({ centerId: 'ob-paris', attempts: 9, outsideHours: 2, overCapConsumers: 2, abandonedDaysOver: 1, abandonedCap: 0.03, attemptCap: 4 })
    expect(r.compliance.rows[0]!.worstAbandonRate).toBeCloseTo(1 / 6, 9)
    expect(r.compliance.rows[0]!.drill.overCap.map((v) => [v.customerId, v.attempts, v.times.length])).toEqual([['cust-1', 5, 5], ['cust-4', 5, 5]])
    expect(r.compliance.rows[0]!.drill.outsideHours.map((v) => v.local)).toEqual(['2026-03-30 13:30:00', '2026-03-30 20:30:00'])
    const csv = reportCsv({ ...r, sections: ['compliance'] }, { separator: ',', decimal: '.' }, 'compliance')
    expect(csv).toContain('Calls outside allowed hours')
    expect(csv).toContain('cust-2')
    expect(csv.split('\n').filter((l) => l.includes('Consumers over the attempt cap') && l.includes('cust-')).length).toBe(2)
    const fr = await buildReport({ period: { kind: 'month', month: '2026-03' }, centers: ['ob-paris'], locale: 'fr', sections: ['compliance'], now: Date.parse('2026-05-01T00:00:00Z') }, null)
    expect(reportCsv(fr, { separator: ';', decimal: ',' }, 'compliance')).toContain('Appels hors horaires autorisés')
    const xlsx = await reportXlsx(r)
    expect(xlsx.byteLength).toBeGreaterThan(1000)
  })
  it('calls without customer id: the cap figure is empty ("not checked") with their count, in the row, CSV and XLSX', async () => {
    const { buildReport } = await import('@/lib/reports/build')
    const { reportCsv, reportXlsx } = await import('@/lib/reports/render')
    const ExcelJS = (await import('exceljs')).default
    const r = await buildReport({ period: { kind: 'month', month: '2026-03' }, centers: ['ob-anon'], locale: 'en', sections: ['compliance'], now: Date.parse('2026-05-01T00:00:00Z') }, null)
    expect(r.compliance.rows[0]).toMatchObject({ centerId: 'ob-anon', attempts: 5, outsideHours: 0, overCapConsumers: null, withoutCustomerId: 3, attemptCap: 4 })
    const csv = reportCsv({ ...r, sections: ['compliance'] }, { separator: ',', decimal: '.', bom: false }, 'compliance').split('\r\n')
    const head = csv.findIndex((l) => l.includes('Calls without customer id (not checked against the attempt cap)'))
    expect(head).toBeGreaterThanOrEqual(0)
    // center, outbound calls, outside hours, over the cap (empty: not checked), without customer id, …
    expect(csv[head + 1]!.split(',').slice(0, 5)).toEqual(['Outbound Anon', '5', '0', '', '3'])
    const fr = await buildReport({ period: { kind: 'month', month: '2026-03' }, centers: ['ob-anon'], locale: 'fr', sections: ['compliance'], now: Date.parse('2026-05-01T00:00:00Z') }, null)
    expect(reportCsv(fr, { separator: ';', decimal: ',' }, 'compliance')).toContain('Appels sans identifiant client (non vérifiés au regard du plafond d’appels)')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await reportXlsx(r)) as unknown as ArrayBuffer)
    const sheet = wb.worksheets.find((w) => w.name === 'Compliance')!
    const values: unknown[][] = []
    sheet.eachRow((row) => values.push((row.values as unknown[]).slice(1)))
    const h = values.findIndex((v) => v.includes('Calls without customer id (not checked against the attempt cap)'))
    expect(h).toBeGreaterThanOrEqual(0)
    const col = values[h]!.indexOf('Calls without customer id (not checked against the attempt cap)')
    expect(values[h + 1]![col]).toBe(3)
    expect(values[h + 1]![values[h]!.indexOf('Consumers over the attempt cap')] ?? null).toBeNull()
  })
  it('a center without rules: no row (the section says so)', async () => {
    const { buildReport } = await import('@/lib/reports/build')
    const r = await buildReport({ period: { kind: 'month', month: '2026-03' }, centers: ['nowhere'], locale: 'en', sections: ['compliance'], now: Date.parse('2026-05-01T00:00:00Z') }, null)
    expect(r.compliance.rows).toEqual([])
  })
})
