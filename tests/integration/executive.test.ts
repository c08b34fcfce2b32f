/**
 * Executive view on a seeded data set (real embedded ClickHouse): cost, revenue and margin per
 * center, per reporting line and per sourcing are computed BY HAND below, from the configuration
 * and the events, and compared with what getExecutiveView / the API / the XLSX export return.
 */
import ExcelJS from 'exceljs'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { freshStore } from '../helpers/store'
import { TEST_ORIGIN, useTestAuth, type TestAuth } from '../helpers/auth'
import { assertNoRawKeys } from '../helpers/raw-keys'
import { fuzzQueryParams, HOSTILE_VALUES } from '../helpers/auth-fuzz'
import { validateEvent, type PlateauEvent } from '@/lib/contract/events'
import type { ExecutiveView, GroupRow } from '@/lib/executive/types'

// Route handlers read the locale through next/headers: give them an empty request scope.
vi.mock('next/headers', () => ({
  headers: async () => new Headers(),
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false }),
}))

const NOW = Date.parse('2026-11-15T12:00:00Z')

const CONFIG = `
version: 1
defaults: { timezone: Europe/Paris, currency: EUR }
centers:
  - id: s1
    name: Sales One
    reportingLine: sales
    sourcing: in_house
    cost: { model: in_house, agentHourCost: 30, telecomMinuteCost: 0.02, fixedMonthlyCost: 3100 }
    value: { averageOrderValue: 100 }
    queues: [ { id: s1-voice, name: Sales voice, channel: voice, direction: inbound, serviceLevel: { thresholdSeconds: 20, target: 0.8 } } ]
  - id: m1
    name: Leads Provider
    reportingLine: marketing
    sourcing: outsourced
    cost: { model: outsourced, pricePerHandledContact: 5 }
    value: { valuePerLead: 40 }
    queues: [ { id: m1-chat, name: Leads chat, channel: chat, direction: inbound } ]
  - id: c1
    name: Care In-house
    reportingLine: customer_service
    sourcing: in_house
    cost: { model: in_house, agentHourCost: 40 }
    value: { valuePerRetentionSave: 200 }
    queues: [ { id: c1-voice, name: Care voice, channel: voice, direction: inbound } ]
  - id: c2
    name: Care Provider
    reportingLine: customer_service
    sourcing: outsourced
    cost: { model: outsourced, pricePerAgentHour: 25 }
    queues: [ { id: c2-voice, name: Provider voice, channel: voice, direction: inbound } ]
`

let n = 0
function ev(center: string, e: Record<string, unknown>): PlateauEvent {
  const r = validateEvent({ event_id: `x${++n}`, center_id: center, v: 1, ...e }, NOW)
  if (!r.ok) throw new Error(r.reason)
  return r.event
}
const T = (day: string, hms: string) => `2026-${day}T${hms}.000Z`

/** A handled contact: queued → answered after `wait` s → ended (talk, hold) → wrapped. */
function handled(center: string, id: string, queue: string, channel: string, at: string, o: { wait: number; talk: number; hold?: number; wrap: number; outcome?: string; revenue?: number; resolved?: boolean }): PlateauEvent[] {
  const t0 = Date.parse(at)
  const iso = (ms: number) => new Date(ms).toISOString()
  const answered = t0 + o.wait * 1000
  const ended = answered + (o.talk + (o.hold ?? 0)) * 1000
  return [
    ev(center, { type: 'contact.queued', ts: iso(t0), contact_id: id, queue_id: queue, channel, direction: 'inbound' }),
    ev(center, { type: 'contact.answered', ts: iso(answered), contact_id: id, queue_id: queue, agent_id: `${center}-a` }),
    ev(center, { type: 'contact.ended', ts: iso(ended), contact_id: id, agent_id: `${center}-a`, talk_s: o.talk, hold_s: o.hold ?? 0 }),
    ev(center, {
      type: 'contact.wrapped', ts: iso(ended + o.wrap * 1000), contact_id: id, agent_id: `${center}-a`, wrap_s: o.wrap,
      outcome: o.outcome ?? 'none', revenue: o.revenue ?? 0, resolved: o.resolved ?? true,
    }),
  ]
}
const state = (center: string, ts: string, s: string) => ev(center, { type: 'agent.state', ts, agent_id: `${center}-a`, state: s })
const survey = (center: string, id: string, ts: string, csat: number, nps: number) => ev(center, { type: 'survey.completed', ts, contact_id: id, csat, nps })

const EVENTS: PlateauEvent[] = [
  // ── s1 (sales, in-house): agent logged in 09:00 → 17:00 UTC on 12 Oct = 8 h
  state('s1', T('10-12', '09:00:00'), 'available'),
  state('s1', T('10-12', '17:00:00'), 'offline'),
  ...handled('s1', 's1-k1', 's1-voice', 'voice', T('10-12', '10:00:00'), { wait: 10, talk: 300, wrap: 60, outcome: 'sale', revenue: 150 }),
  ...handled('s1', 's1-k2', 's1-voice', 'voice', T('10-12', '11:00:00'), { wait: 30, talk: 180, hold: 60, wrap: 60, resolved: false }),
  ev('s1', { type: 'contact.queued', ts: T('10-12', '12:00:00'), contact_id: 's1-k3', queue_id: 's1-voice', channel: 'voice', direction: 'inbound' }),
  ev('s1', { type: 'contact.abandoned', ts: T('10-12', '12:00:20'), contact_id: 's1-k3', queue_id: 's1-voice' }),
  // ── m1 (marketing, outsourced per contact): 4 chats handled, 2 leads
  ...handled('m1', 'm1-k1', 'm1-chat', 'chat', T('10-05', '10:00:00'), { wait: 5, talk: 120, wrap: 30, outcome: 'lead' }),
  ...handled('m1', 'm1-k2', 'm1-chat', 'chat', T('10-05', '10:10:00'), { wait: 5, talk: 120, wrap: 30, outcome: 'lead' }),
  ...handled('m1', 'm1-k3', 'm1-chat', 'chat', T('10-05', '10:20:00'), { wait: 5, talk: 120, wrap: 30 }),
  ...handled('m1', 'm1-k4', 'm1-chat', 'chat', T('10-05', '10:30:00'), { wait: 5, talk: 120, wrap: 30 }),
  // ── c1 (customer service, in-house 40 €/h): 4 h logged, 2 contacts, 1 retention save, happy customers
  state('c1', T('10-20', '08:00:00'), 'available'),
  state('c1', T('10-20', '12:00:00'), 'offline'),
  ...handled('c1', 'c1-k1', 'c1-voice', 'voice', T('10-20', '09:00:00'), { wait: 10, talk: 200, wrap: 40, outcome: 'retention_saved' }),
  ...handled('c1', 'c1-k2', 'c1-voice', 'voice', T('10-20', '10:00:00'), { wait: 10, talk: 200, wrap: 40 }),
  survey('c1', 'c1-k1', T('10-21', '09:00:00'), 5, 10),
  survey('c1', 'c1-k2', T('10-21', '09:05:00'), 4, 9),
  // ── c2 (customer service, outsourced 25 €/h): 2 h logged, 2 contacts — cheap, customers unhappy
  state('c2', T('10-22', '08:00:00'), 'available'),
  state('c2', T('10-22', '10:00:00'), 'offline'),
  ...handled('c2', 'c2-k1', 'c2-voice', 'voice', T('10-22', '08:30:00'), { wait: 10, talk: 100, wrap: 20 }),
  ...handled('c2', 'c2-k2', 'c2-voice', 'voice', T('10-22', '09:00:00'), { wait: 10, talk: 100, wrap: 20 }),
  survey('c2', 'c2-k1', T('10-23', '09:00:00'), 1, 2),
  survey('c2', 'c2-k2', T('10-23', '09:05:00'), 2, 3),
  // September (the previous period): c2 customers were happy
  ...handled('c2', 'c2-s1', 'c2-voice', 'voice', T('09-10', '08:30:00'), { wait: 10, talk: 100, wrap: 20 }),
  survey('c2', 'c2-s1', T('09-11', '09:00:00'), 5, 10),
]

// ─────────────────────────── expected values, by hand ───────────────────────────
// s1 — in-house: agent hours × 30 + voice minutes × 0.02 + fixed 3 100 × (whole October)
//   agent hours 09:00→17:00 = 8 h → 8 × 30 = 240
//   voice seconds = queue waits (10 + 30 + 20 abandoned) + talk/hold (300 + 180 + 60) = 600 s = 10 min → 10 × 0.02 = 0.20
//   cost = 240 + 0.20 + 3 100 = 3 340.20 ; revenue = 150 ; margin = 150 − 3 340.20 = −3 190.20
// m1 — outsourced per contact: 4 handled × 5 = 20 ; value of leads 2 × 40 = 80 ; margin = 80 − 20 = 60 ; ROI = 60 ÷ 20 = 3
// c1 — in-house 40 €/h, 08:00→12:00 = 4 h → 160 ; retention value 1 × 200 = 200 ; margin = 200 − 160 = 40
// c2 — outsourced 25 €/h, 08:00→10:00 = 2 h → 50 ; no value ; margin = −50
const COST = { s1: 240 + 0.2 + 3100, m1: 4 * 5, c1: 4 * 40, c2: 2 * 25 }
const REVENUE = { s1: 150, m1: 0, c1: 0, c2: 0 }
const LEAD_VALUE = { s1: 0, m1: 2 * 40, c1: 0, c2: 0 }
const RETENTION_VALUE = { s1: 0, m1: 0, c1: 1 * 200, c2: 0 }
const MARGIN = {
  s1: 150 - 3340.2, // −3 190.20
  m1: 80 - 20, // 60
  c1: 200 - 160, // 40
  c2: 0 - 50, // −50
}
const HANDLED = { s1: 2, m1: 4, c1: 2, c2: 2 }

let auth: TestAuth
let view: ExecutiveView

beforeAll(async () => {
  await freshStore('plateau-exec-')
  auth = await useTestAuth()
  const { setConfigOverride } = await import('@/lib/config')
  setConfigOverride(CONFIG)
  const { insertBatch } = await import('@/ingest/sink')
  const { eventLine } = await import('@/ingest/rows')
  await insertBatch({ events: EVENTS.map((e) => eventLine(e, NOW)), deadLetters: [] })
  const { getExecutiveView } = await import('@/lib/executive/load')
  view = await getExecutiveView({ range: { from: '2026-10', to: '2026-10' }, now: NOW, maxLagMs: 0 }, null)
})

const center = (id: string): GroupRow => {
  const c = view.centers.find((x) => x.id === id)
  if (!c) throw new Error(`no center ${id}`)
  return c
}
const val = (g: GroupRow | undefined, k: string) => (g?.kpis as Record<string, { value: number | null }>)[k]?.value ?? null

describe('per center (hand-computed)', () => {
  for (const id of ['s1', 'm1', 'c1', 'c2'] as const) {
    it(`${id}: cost, revenue, margin`, () => {
      const c = center(id)
      expect(val(c, 'cost')).toBeCloseTo(COST[id], 6)
      expect(val(c, 'revenue')).toBeCloseTo(REVENUE[id], 6)
      expect(val(c, 'lead_value')).toBeCloseTo(LEAD_VALUE[id], 6)
      expect(val(c, 'retention_value')).toBeCloseTo(RETENTION_VALUE[id], 6)
      expect(val(c, 'margin')).toBeCloseTo(MARGIN[id], 6)
      expect(val(c, 'cost_per_contact')).toBeCloseTo(COST[id] / HANDLED[id], 6)
    })
  }
  it('m1: ROI = 60 ÷ 20 = 3; s1: conversion 1 sale ÷ 2 handled = 50 %, revenue per contact 150 ÷ 2 = 75', () => {
    expect(val(center('m1'), 'roi')).toBeCloseTo(3, 9)
    expect(val(center('s1'), 'conversion_rate')).toBeCloseTo(0.5, 9)
    expect(val(center('s1'), 'revenue_per_contact')).toBeCloseTo(75, 9)
  })
  it('s1: cost per resolved contact = 3 340.20 ÷ 1 resolved; AHT = (300+60 + 180+60+60) ÷ 2 = 330 s', () => {
    expect(val(center('s1'), 'cost_per_resolved_contact')).toBeCloseTo(3340.2, 6)
    expect(val(center('s1'), 'aht')).toBeCloseTo(330, 6)
  })
})

describe('split by reporting line and sourcing (hand-computed sums)', () => {
  const line = (id: string) => view.reportingLines.find((l) => l.id === id)
  const src = (id: string) => view.sourcing.find((l) => l.id === id)
  it('customer service = c1 + c2: cost 160 + 50 = 210, margin 40 − 50 = −10', () => {
    expect(val(line('customer_service'), 'cost')).toBeCloseTo(210, 6)
    expect(val(line('customer_service'), 'margin')).toBeCloseTo(-10, 6)
    expect(val(line('customer_service'), 'cost_per_contact')).toBeCloseTo(210 / 4, 6)
  })
  it('sales = s1, marketing = m1', () => {
    expect(val(line('sales'), 'margin')).toBeCloseTo(-3190.2, 6)
    expect(val(line('marketing'), 'margin')).toBeCloseTo(60, 6)
  })
  it('in-house = s1 + c1: cost 3 340.20 + 160 = 3 500.20, margin 150 + 200 − 3 500.20 = −3 150.20', () => {
    expect(val(src('in_house'), 'cost')).toBeCloseTo(3500.2, 6)
    expect(val(src('in_house'), 'margin')).toBeCloseTo(-3150.2, 6)
  })
  it('outsourced = m1 + c2: cost 20 + 50 = 70, margin 80 − 70 = 10', () => {
    expect(val(src('outsourced'), 'cost')).toBeCloseTo(70, 6)
    expect(val(src('outsourced'), 'margin')).toBeCloseTo(10, 6)
  })
  it('all centers: cost 3 570.20, attributed value 150 + 80 + 200 = 430, margin −3 140.20', () => {
    expect(val(view.total, 'cost')).toBeCloseTo(3570.2, 6)
    expect(val(view.total, 'revenue')).toBeCloseTo(150, 6)
    expect(val(view.total, 'margin')).toBeCloseTo(430 - 3570.2, 6)
  })
})

describe('rankings, quality, trend, what-if', () => {
  it('ranks by margin (m1 60 > c1 40 > c2 −50 > s1 −3 190.20) and by cost per contact (m1 5 < c2 25 < c1 80 < s1 1 670.10)', () => {
    expect(view.rankings.byMargin.map((r) => r.centerId)).toEqual(['m1', 'c1', 'c2', 's1'])
    expect(view.rankings.byCostPerContact.map((r) => r.centerId)).toEqual(['m1', 'c2', 'c1', 's1'])
  })
  it('flags c2: cheaper than the customer-service line (25 ≤ 52.50) while CSAT 0 % (target 80 %) fell from 100 %', () => {
    const c2 = view.quality.find((q) => q.centerId === 'c2')!
    const c1 = view.quality.find((q) => q.centerId === 'c1')!
    expect(view.quality.map((q) => q.centerId).sort()).toEqual(['c1', 'c2'])
    expect(c2.cheap).toBe(true)
    expect(c2.collapsing).toContain('csat')
    expect(c2.alert).toBe(true)
    expect(c2.kpis.csat?.value).toBe(0) // 0 of 2 responses scored 4–5
    expect(c2.kpis.csat?.previous).toBe(1) // September: 1 of 1
    expect(c1.cheap).toBe(false) // 80 > 52.50
    expect(c1.alert).toBe(false)
  })
  it('trend: 12 months ending October 2026, October equals the period figures', () => {
    expect(view.trend.months).toHaveLength(12)
    expect(view.trend.months[0]).toBe('2025-11')
    expect(view.trend.months[11]).toBe('2026-10')
    const s1 = view.trend.series.find((s) => s.kind === 'center' && s.id === 's1')!
    expect(s1.values.cost![11]).toBeCloseTo(3340.2, 6)
    expect(s1.values.margin![11]).toBeCloseTo(-3190.2, 6)
    // September: no contact for s1 → "no data" (null), not a loss of its fixed 3 100 × 30/30 days
    for (const k of ['cost', 'margin', 'revenue', 'handled'] as const) expect(s1.values[k]!.slice(0, 11)).toEqual(Array(11).fill(null))
    const total = view.trend.series.find((s) => s.kind === 'total')!
    expect(total.values.margin![11]).toBeCloseTo(430 - 3570.2, 6)
    // All centers in September: c2 handled one contact (no agent time: 0 €), so the month has data;
    // its cost is s1's fixed 3 100 (fixed costs are charged to every month of a group with contacts).
    expect(total.values.handled![10]).toBe(1)
    expect(total.values.cost![10]).toBeCloseTo(3100, 6)
    expect(total.values.margin![9]).toBeNull() // August: no contact anywhere
  })
  it('no data is not 0: a previous period without events gives "—" (null), agent-time figures without agent states are null', () => {
    // s1 and m1 have no event in September: no previous values, no changes (not 3 100 / +240.20)
    for (const id of ['s1', 'm1'] as const) {
      for (const k of ['cost', 'handled', 'margin'] as const) {
        expect(center(id).kpis[k]?.previous, `${id} ${k}`).toBeNull()
        expect(center(id).kpis[k]?.change, `${id} ${k}`).toBeNull()
      }
    }
    // c2 had a contact in September: 1 handled then → change 2 − 1 = +1
    expect(center('c2').kpis.handled?.previous).toBe(1)
    expect(center('c2').kpis.handled?.change).toBe(1)
    // m1 has no agent.state event in October: occupancy "no data", not 0 %
    expect(center('m1').kpis.occupancy?.value).toBeNull()
    expect(center('m1').kpis.occupancy?.status).toBeNull()
    expect(center('s1').kpis.occupancy?.value).not.toBeNull()
    // nobody had an agent.state event in September: no previous occupancy anywhere
    expect(view.total.kpis.occupancy?.previous).toBeNull()
    // the marketing line is m1 alone (no agent states): null; the sales line is s1: a value
    expect(view.reportingLines.find((l) => l.id === 'marketing')?.kpis.occupancy?.value).toBeNull()
    expect(view.reportingLines.find((l) => l.id === 'sales')?.kpis.occupancy?.value).not.toBeNull()
  })
  it('what-if on s1-voice: 3 offered over 3 hours with traffic, AHT 330 s → A = 3 × 330 ÷ (3 × 3 600); ±1 agent costs ±3 h × 30 €', () => {
    const w = view.whatIf.find((r) => r.queueId === 's1-voice')!
    expect(w.observed.offered).toBe(3)
    expect(w.result!.openHours).toBe(3) // contacts queued at 10:00, 11:00, 12:00
    expect(w.result!.trafficErlangs).toBeCloseTo((3 * 330) / (3 * 3600), 9)
    // observed ASA (10 + 30) ÷ 2 = 20 s; 1 agent would give A·h/(1 − A) = 33.3 s > 20 s → baseline 2 agents
    expect(w.result!.baselineAgents).toBe(2)
    expect(w.result!.plus.addedCost).toBeCloseTo(3 * 30, 9)
    expect(w.result!.minus.addedCost).toBeCloseTo(-3 * 30, 9)
    expect(w.result!.plus.serviceLevel).toBeGreaterThanOrEqual(w.result!.base.serviceLevel)
    // value of an abandoned contact: cost of abandonment ÷ abandoned = 1 × (½ × 100 + 0) ÷ 1 = 50
    expect(w.valuePerAbandon).toBeCloseTo(50, 9)
    // outsourced per-hour center: added cost 1 h × 25 per hour with traffic (2 contacts in 08:00 and 09:00 → 2 h)
    const c2 = view.whatIf.find((r) => r.queueId === 'c2-voice')!
    expect(c2.result!.plus.addedCost).toBeCloseTo(2 * 25, 9)
  })
  it('the what-if for a per-contact contract costs the extra contacts answered × 5', () => {
    const m1 = view.whatIf.find((r) => r.queueId === 'm1-chat')!
    // no abandons observed → infinite patience → no change in abandons → no added cost
    expect(m1.result!.plus.addedCost).toBeCloseTo(0, 9)
  })
})

describe('API and exports carry the same figures', () => {
  it('GET /api/executive as an executive: the same figures as the view', async () => {
    const { GET } = await import('@/app/api/executive/route')
    const res = await GET(await auth.request('executive', `/api/executive?from=2026-10&to=2026-10&now=${NOW}`), { params: Promise.resolve({}) })
    expect(res.status).toBe(200)
    const body = (await res.json()) as ExecutiveView
    expect(body.centers.find((c) => c.id === 's1')!.kpis.cost!.value).toBeCloseTo(3340.2, 6)
    expect(body.total.kpis.margin!.value).toBeCloseTo(430 - 3570.2, 6)
  })
  it('bad period → 400 with the reason; a manager → 403', async () => {
    const { GET } = await import('@/app/api/executive/route')
    const bad = await GET(await auth.request('executive', '/api/executive?from=2026-13'), { params: Promise.resolve({}) })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { message: string }).message).toMatch(/YYYY-MM/)
    const mgr = await GET(await auth.request('manager', '/api/executive?from=2026-10&to=2026-10'), { params: Promise.resolve({}) })
    expect(mgr.status).toBe(403)
  })
  it('hostile parameters never cause a 5xx (period, centers, preset)', { timeout: 180_000 }, async () => {
    const { GET } = await import('@/app/api/executive/route')
    // one session for every request (minting a token per request is what would make this slow)
    const { NextRequest } = await import('next/server')
    const headers = await auth.headers('executive')
    const call = async (url: string) => GET(new NextRequest(new URL(url, TEST_ORIGIN), { headers }), { params: Promise.resolve({}) })
    const base = { from: '2026-10', to: '2026-10' }
    // period parameters: every hostile value (rejected with 400 before any query)
    const counts = await fuzzQueryParams({ path: '/api/executive', base, params: ['from', 'to', 'preset'], allowedCenters: null, call })
    expect(Object.keys(counts).every((c) => Number(c) < 500)).toBe(true)
    expect(counts[400]).toBeGreaterThan(0)
    // centers: values that pass validation run the whole view (unknown ids → empty), so a sample
    const c2 = await fuzzQueryParams({ path: '/api/executive', base, params: ['centers'], allowedCenters: null, call, values: HOSTILE_VALUES.filter((_, i) => i % 4 === 0), repeat: false })
    expect(Object.keys(c2).every((c) => Number(c) < 500)).toBe(true)
  })
  it('a scoped request (centers=c1,c2) only returns those centers', async () => {
    const { GET } = await import('@/app/api/executive/route')
    const res = await GET(await auth.request('executive', `/api/executive?from=2026-10&to=2026-10&centers=c1,c2&now=${NOW}`), { params: Promise.resolve({}) })
    const body = (await res.json()) as ExecutiveView
    expect(body.centers.map((c) => c.id).sort()).toEqual(['c1', 'c2'])
    expect(body.total.kpis.cost!.value).toBeCloseTo(160 + 50, 6)
    expect(body.whatIf.every((w) => ['c1', 'c2'].includes(w.centerId))).toBe(true)
  })
  it('XLSX: real numbers equal to the screen figures, French sheet names', async () => {
    const { GET } = await import('@/app/api/executive/export/route')
    const res = await GET(await auth.request('executive', `/api/executive/export?format=xlsx&from=2026-10&to=2026-10&locale=fr&now=${NOW}`), {
      params: Promise.resolve({}),
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/spreadsheetml/)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Synthèse', 'Vue coûts', 'Vue profit', 'Évolution 12 mois', 'Classements', 'Qualité et coût', 'Simulation'])
    const cost = wb.getWorksheet('Vue coûts')!
    // find the row of center s1 and the "Coût" column
    let headerRow = 0
    cost.eachRow((row, i) => {
      if (!headerRow && row.values && (row.values as unknown[]).includes('Coût total')) headerRow = i
    })
    expect(headerRow).toBeGreaterThan(0)
    const header = cost.getRow(headerRow).values as unknown[]
    const costCol = header.indexOf('Coût total')
    let s1Cost: unknown = null
    cost.eachRow((row) => {
      if ((row.values as unknown[]).includes('Sales One')) s1Cost = row.getCell(costCol).value
    })
    expect(s1Cost).toBeCloseTo(3340.2, 6)
    // every text cell of every sheet is translated (no message key leaked)
    const texts: string[] = []
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => typeof c.value === 'string' && texts.push(c.value)))
    assertNoRawKeys(texts.join('\n'), 'executive XLSX')
    expect(texts.join(' ')).toContain('Relation client')
  })
})

describe('result cache (lib/periods/cache, lib/executive/engine)', () => {
  it('reuses engine results while the data is unchanged, recomputes when a late event lands in the period', { timeout: 60_000 }, async () => {
    const { getExecutiveView } = await import('@/lib/executive/load')
    const { periodCacheStats } = await import('@/lib/periods/cache')
    const executiveCacheStats = () => periodCacheStats('executive')
    const { getClickHouse } = await import('@/lib/clickhouse')
    // Let the facts refresh settle (it re-derives contacts touched in its last 10 s) and merge
    // the parts, so nothing changes the data between the two calls below.
    await new Promise((r) => setTimeout(r, 11_000))
    await getExecutiveView({ range: { from: '2026-10', to: '2026-10' }, now: NOW, maxLagMs: 0 }, null)
    for (const t of ['contact_facts', 'agent_state_events']) await getClickHouse().command({ query: `OPTIMIZE TABLE ${t} FINAL` })
    await getExecutiveView({ range: { from: '2026-10', to: '2026-10' }, now: NOW, maxLagMs: 0 }, null)
    const before = executiveCacheStats()
    const again = await getExecutiveView({ range: { from: '2026-10', to: '2026-10' }, now: NOW, maxLagMs: 0 }, null)
    const after = executiveCacheStats()
    expect(after.hits - before.hits).toBeGreaterThanOrEqual(10) // every engine call answered from the cache
    expect(after.misses).toBe(before.misses)
    expect(again.centers.find((c) => c.id === 'm1')!.kpis.cost!.value).toBeCloseTo(20, 9)

    // a fifth m1 contact handled in October arrives late: m1 cost 4 × 5 → 5 × 5 = 25
    const { insertBatch } = await import('@/ingest/sink')
    const { eventLine } = await import('@/ingest/rows')
    const late = handled('m1', 'm1-k5', 'm1-chat', 'chat', T('10-06', '10:00:00'), { wait: 5, talk: 120, wrap: 30 })
    await insertBatch({ events: late.map((e) => eventLine(e, NOW)), deadLetters: [] })
    const fresh = await getExecutiveView({ range: { from: '2026-10', to: '2026-10' }, now: NOW, maxLagMs: 0 }, null)
    expect(fresh.centers.find((c) => c.id === 'm1')!.kpis.cost!.value).toBeCloseTo(5 * 5, 9)
    expect(fresh.total.kpis.cost!.value).toBeCloseTo(3570.2 + 5, 6)
    expect(executiveCacheStats().misses).toBeGreaterThan(after.misses)
  })
})
