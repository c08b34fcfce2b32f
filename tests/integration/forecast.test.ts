/**
 * Forecast and staffing ahead on a real embedded store with a generated history
 * (lib/forecast/service). Expected figures worked out by hand below.
 *
 * Center fc-paris (Europe/Paris, CET = UTC+1 in November), queue q1. Mondays at 09:xx local:
 *   2026-11-09: 2 contacts, 2026-11-16: 4, 2026-11-23: 6; today 2026-11-30: 3 so far.
 * Each contact: answered 10 s after queuing, talk 100 s, wrap 20 s → handle 120 s.
 * An outbound dial attempt on 11-23 09:30 (abandoned: no answer) is not an offered queue contact.
 * Forecast for Monday 11-30, 60-min intervals, decay 0.6: weights 1 (11-23), 0.6 (11-16),
 * 0.36 (11-09) → slot 9 = (6 + 4·0.6 + 2·0.36) / 1.96 = 9.12 / 1.96; AHT 120 s.
 * Center fc-new: only 11-23 → fewer than 14 days of history → no forecast, a reason.
 * Center fc-imp (patience, Erlang A): Mondays 11-09, 11-16, 11-23 at 09:xx, each 10 callers who
 * abandon after 40 s in queue + 4 answered after 10 s → patience = (30·40 + 12·10) / 30 = 44 s.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { freshStore } from '../helpers/store'
import type { PlateauEvent } from '@/lib/contract/events'
import { agentsNeeded } from '@/lib/kpi/erlang'
import { agentsNeededA } from '@/lib/kpi/erlang-a'

let forecast: typeof import('@/lib/forecast/service')

const CONFIG = `
version: 1
centers:
  - id: fc-paris
    name: Forecast Paris
    reportingLine: customer_service
    sourcing: in_house
    timezone: Europe/Paris
    targets: { serviceLevel: { thresholdSeconds: 20, target: 0.8 }, occupancy: 0.85 }
    queues: [{ id: q1, channel: voice, direction: inbound }]
  - id: fc-imp
    name: Forecast Impatient
    reportingLine: customer_service
    sourcing: in_house
    timezone: Europe/Paris
    targets: { serviceLevel: { thresholdSeconds: 20, target: 0.8 }, occupancy: 0.85 }
    queues: [{ id: q1, channel: voice, direction: inbound }]
  - id: fc-new
    name: Forecast New
    reportingLine: customer_service
    sourcing: in_house
    timezone: Europe/Paris
`

let n = 0
function contact(center: string, queue: string, localIso: string): PlateauEvent[] {
  const t = Date.parse(`${localIso}+01:00`)
  const id = `fc-${++n}`
  const iso = (ms: number) => new Date(ms).toISOString()
  const base = { center_id: center, v: 1 as const }
  return [
    { ...base, event_id: `${id}-q`, type: 'contact.queued', ts: iso(t), contact_id: id, queue_id: queue, channel: 'voice', direction: 'inbound' },
    { ...base, event_id: `${id}-a`, type: 'contact.answered', ts: iso(t + 10_000), contact_id: id, queue_id: queue, agent_id: 'ag1' },
    { ...base, event_id: `${id}-e`, type: 'contact.ended', ts: iso(t + 110_000), contact_id: id, agent_id: 'ag1', talk_s: 100, hold_s: 0 },
    { ...base, event_id: `${id}-w`, type: 'contact.wrapped', ts: iso(t + 130_000), contact_id: id, agent_id: 'ag1', wrap_s: 20, resolved: true, outcome: 'none' },
  ] as PlateauEvent[]
}

function abandon(center: string, queue: string, localIso: string, waitS: number): PlateauEvent[] {
  const t = Date.parse(`${localIso}+01:00`)
  const id = `fc-${++n}`
  const base = { center_id: center, v: 1 as const }
  return [
    { ...base, event_id: `${id}-q`, type: 'contact.queued', ts: new Date(t).toISOString(), contact_id: id, queue_id: queue, channel: 'voice', direction: 'inbound' },
    { ...base, event_id: `${id}-x`, type: 'contact.abandoned', ts: new Date(t + waitS * 1000).toISOString(), contact_id: id, queue_id: queue },
  ] as PlateauEvent[]
}

beforeAll(async () => {
  await freshStore('plateau-forecast-')
  const { setConfigOverride } = await import('@/lib/config')
  setConfigOverride(CONFIG)
  const { insertBatch } = await import('@/ingest/sink')
  const { eventLine } = await import('@/ingest/rows')
  const evs: PlateauEvent[] = []
  const day = (d: string, k: number, center = 'fc-paris') => {
    for (let i = 0; i < k; i++) evs.push(...contact(center, 'q1', `${d}T09:${String(5 + i * 5).padStart(2, '0')}:00`))
  }
  day('2026-11-09', 2)
  day('2026-11-16', 4)
  day('2026-11-23', 6)
  day('2026-11-30', 3)
  day('2026-11-23', 5, 'fc-new')
  for (const d of ['2026-11-09', '2026-11-16', '2026-11-23']) {
    for (let i = 0; i < 10; i++) evs.push(...abandon('fc-imp', 'q1', `${d}T09:${String(2 + i * 5).padStart(2, '0')}:00`, 40))
    for (let i = 0; i < 4; i++) evs.push(...contact('fc-imp', 'q1', `${d}T09:${String(4 + i * 5).padStart(2, '0')}:00`))
  }
  // fc-imp today (11-30): agent ag1 available from 07:30Z (08:30 local), handles one q1 contact
  // queued 08:40 local → over the last 15 minutes before 08:00Z it is staffed the whole time (1),
  // all of its handle time in the last hour on q1 → 1 agent staffed on q1 now.
  evs.push({ center_id: 'fc-imp', v: 1, event_id: 'imp-ag1-avail', type: 'agent.state', ts: '2026-11-30T07:30:00.000Z', agent_id: 'ag1', state: 'available' } as PlateauEvent)
  evs.push(...contact('fc-imp', 'q1', '2026-11-30T08:40:00'))
  const outbound = [
    { center_id: 'fc-paris', v: 1, event_id: 'ob-q', type: 'contact.queued', ts: '2026-11-23T08:30:00.000Z', contact_id: 'ob', queue_id: 'q1', channel: 'voice', direction: 'outbound', customer_id: 'c1', campaign_id: 'camp' },
    { center_id: 'fc-paris', v: 1, event_id: 'ob-x', type: 'contact.abandoned', ts: '2026-11-23T08:30:20.000Z', contact_id: 'ob', queue_id: 'q1' },
  ] as PlateauEvent[]
  evs.push(...outbound)
  await insertBatch({ events: evs.map((e) => eventLine(e, Date.now())), deadLetters: [] })
  forecast = await import('@/lib/forecast/service')
}, 120_000)

describe('forecastCenter', () => {
  for (const source of ['facts', 'contacts_v'] as const) {
    it(`weekday × interval with weighted weeks (${source})`, async () => {
      const r = await forecast.forecastCenter({ centerId: 'fc-paris', date: '2026-11-30', intervalMin: 60, decay: 0.6, source, asOf: Date.parse('2026-12-01T00:00:00Z') })
      expect(r.country).toBe('FR')
      const q = r.queues.find((x) => x.queueId === 'q1')!
      expect(q.forecast.status).toBe('ok')
      if (q.forecast.status !== 'ok') return
      expect(q.forecast.slots[9].offered).toBeCloseTo(9.12 / 1.96, 9)
      expect(q.forecast.slots[9].ahtS).toBeCloseTo(120, 9)
      expect(q.forecast.slots[8].offered).toBe(0)
      expect(q.forecast.reference.map((x) => x.date)).toEqual(['2026-11-23', '2026-11-16', '2026-11-09'])
      expect(q.actual).toEqual([{ slot: 9, offered: 3 }])
    })
  }

  it('less than two weeks of history: no forecast, a reason', async () => {
    const r = await forecast.forecastCenter({ centerId: 'fc-new', date: '2026-11-30', intervalMin: 30, asOf: Date.parse('2026-12-01T00:00:00Z') })
    expect(r.queues).toHaveLength(1)
    expect(r.queues[0].forecast).toMatchObject({ status: 'insufficient_history', historyDays: 7, neededDays: 14 })
  })

  it('a public holiday (Christmas) is closed', async () => {
    const r = await forecast.forecastCenter({ centerId: 'fc-paris', date: '2026-12-25', intervalMin: 60, asOf: Date.parse('2026-12-26T00:00:00Z') })
    expect(r.queues.find((x) => x.queueId === 'q1')!.forecast).toMatchObject({ status: 'closed', reason: 'public_holiday', holiday: 'christmas' })
  })
})

describe('staffingNextHours', () => {
  it('next 4 hours from 09:00 local: Erlang C on the forecast, vs staffed now', async () => {
    // now = 2026-11-30 09:00 local (08:00Z): nothing elapsed today → level factor 1.
    // Slot 9: λ = (9.12/1.96)/3600 per s, AHT 120 s → A = 0.155 Erlang; 80/20 with occupancy ≤ 0.85:
    // 1 agent: C = A = 0.155, SL = 1 − 0.155·e^(−(1−0.155)·20/120) = 0.867 ≥ 0.8 → 1 agent.
    const r = await forecast.staffingNextHours({ centerId: 'fc-paris', intervalMin: 60, now: Date.parse('2026-11-30T08:00:00Z'), hours: 4 }, null)
    expect(r.nowSlot).toBe(9)
    const q = r.queues.find((x) => x.queueId === 'q1')!
    expect(q.levelFactor).toBe(1)
    expect(q.ahead.map((a) => a.slot)).toEqual([9, 10, 11, 12])
    expect(q.ahead[0]).toMatchObject({ needed: 1, start: Date.parse('2026-11-30T08:00:00Z') })
    expect(q.ahead[1]).toMatchObject({ offered: 0, needed: 0 })
    // No agent state and no contact in the last 15 minutes: staffed now unknown ("—"), no gap — not 0.
    expect(q.ahead.map((a) => [a.staffedNow, a.gap])).toEqual([[null, null], [null, null], [null, null], [null, null]])
    // No abandons in the history: patience unknown → Erlang C.
    expect(q.patience).toEqual({ patienceS: null, abandons: 0 })
    expect(q.ahead[0].model).toBe('erlang_c')
  })

  it('patience from the abandons → Erlang A (auto), never more agents than Erlang C', async () => {
    const r = await forecast.staffingNextHours({ centerId: 'fc-imp', intervalMin: 60, now: Date.parse('2026-11-30T08:00:00Z'), hours: 2 }, null)
    const q = r.queues.find((x) => x.queueId === 'q1')!
    expect(q.patience.abandons).toBe(30)
    expect(q.patience.patienceS).toBeCloseTo((30 * 40 + 12 * 10) / 30, 6)
    // Slot 9: 14 offered every Monday → forecast 14; AHT 120 s (answered contacts only).
    const row = q.ahead[0]!
    expect(row.model).toBe('erlang_a')
    expect(row.offered).toBeCloseTo(14, 9)
    const input = { arrivalRate: 14 / 3600, handleS: 120, thresholdS: 20, target: 0.8, maxOccupancy: 0.85 }
    expect(row.needed).toBe(agentsNeededA({ ...input, patienceS: 44 }))
    expect(row.needed!).toBeLessThanOrEqual(agentsNeeded(input))
    // Staffed now: ag1 available 07:30Z → 08:00Z covers the 15-minute window (1 agent), its handle
    // time of the last hour all on q1 → 1 on q1; gap = staffed − needed.
    expect(row.staffedNow).toBeCloseTo(1, 9)
    expect(row.gap).toBeCloseTo(1 - row.needed!, 9)
  })
})

describe('GET /api/forecast', () => {
  it('auth, scope, bad input, a day forecast and the next hours', async () => {
    const { useTestAuth } = await import('../helpers/auth')
    const auth = await useTestAuth()
    const { GET } = await import('@/app/api/forecast/route')
    const call = async (role: Parameters<typeof auth.request>[0], q: string) => GET(await auth.request(role, `/api/forecast?${q}`), { params: Promise.resolve({}) })
    expect((await call(null, 'center=fc-paris')).status).toBe(401)
    expect((await call('norole', 'center=fc-paris')).status).toBe(403)
    // the supervisor sees paris-sales only: fc-paris is answered like an unknown center
    const foreign = await call('supervisor', 'center=fc-paris')
    expect(foreign.status).toBe(404)
    expect(JSON.stringify(await foreign.json())).not.toContain('q1')
    const bad = await call('admin', 'center=fc-paris&interval=45')
    expect(bad.status).toBe(400)
    expect((await bad.json()).message).toMatch(/interval/)
    expect((await call('admin', 'center=fc-paris&hours=99')).status).toBe(400)
    const day = await call('admin', 'center=fc-paris&interval=60&date=2026-11-30')
    expect(day.status).toBe(200)
    const body = await day.json()
    expect(body.centerId).toBe('fc-paris')
    expect(body.queues[0].forecast.slots[9].offered).toBeCloseTo(9.12 / 1.96, 9)
    const now = await call('admin', 'center=fc-paris&interval=30&hours=2')
    expect(now.status).toBe(200)
    const n = await now.json()
    expect(n.queues.map((q: { queueId: string }) => q.queueId)).toEqual(['q1'])
    expect(n.queues[0].ahead.length).toBeLessThanOrEqual(4)
  })
})

describe('forecastAccuracy', () => {
  it('WAPE and bias of the days forecast, from the store', async () => {
    // 11-23: history from 11-09 (14 days): weeks 11-16 (w 1), 11-09 (w 0.6) → (4 + 2·0.6)/1.6 = 3.25; actual 6.
    // 11-30: 9.12/1.96 (see above); actual 3. The days between have no traffic on their weekday (closed).
    // WAPE = (|3.25 − 6| + |9.12/1.96 − 3|) / 9; bias = ((3.25 − 6) + (9.12/1.96 − 3)) / 9.
    const r = await forecast.forecastAccuracy({ centerId: 'fc-paris', fromDate: '2026-11-23', toDate: '2026-11-30', intervalMin: 60, decay: 0.6, asOf: Date.parse('2026-12-01T00:00:00Z') })
    const q = r.find((x) => x.queueId === 'q1')!
    const f30 = 9.12 / 1.96
    expect(q.daysForecast).toBe(2)
    expect(q.actual).toBe(9)
    expect(q.wape).toBeCloseTo((2.75 + (f30 - 3)) / 9, 9)
    expect(q.bias).toBeCloseTo((-2.75 + (f30 - 3)) / 9, 9)
  })
})

describe('monthly report: forecast accuracy and the interval forecast', () => {
  it('Monday 2026-11-30 alone: WAPE and bias of q1, the forecast beside the 09:00 interval, in CSV', async () => {
    // Forecast slot 9 = 9.12 / 1.96 = 4.653…, actual 3 (every other interval: 0 forecast, 0 actual):
    //   WAPE = |4.653 − 3| / 3 = 0.551…, bias = (4.653 − 3) / 3 = +0.551…
    const { buildReport } = await import('@/lib/reports/build')
    const { reportCsv } = await import('@/lib/reports/render')
    const r = await buildReport(
      { period: { kind: 'range', from: '2026-11-30', to: '2026-11-30' }, centers: ['fc-paris'], interval: 60, locale: 'en', sections: ['forecast', 'interval'], now: Date.parse('2026-12-01T00:00:00Z') },
      null,
    )
    const f = 9.12 / 1.96
    const q1 = r.forecast.rows.find((x) => x.queueId === 'q1')!
    expect(q1.daysForecast).toBe(1)
    expect(q1.wape).toBeCloseTo((f - 3) / 3, 9)
    expect(q1.bias).toBeCloseTo((f - 3) / 3, 9)
    expect(q1.actual).toBe(3)
    expect(r.forecast.byDay).toEqual([{ date: '2026-11-30', forecast: expect.closeTo(f, 9), actual: 3 }])
    expect(r.forecast.byInterval['2026-11-30 09:00']).toBeCloseTo(f, 9)
    const csv = reportCsv(r, { separator: ',', decimal: '.', bom: false }, 'interval')
    const [header, ...lines] = csv.trim().split(/\r?\n/)
    expect(header!.endsWith('Forecast offered')).toBe(true)
    const nine = lines.find((l) => l.startsWith('2026-11-30,09:00'))!
    // CSV raw counts carry 2 decimals (lib/reports/round.ts)
    expect(Number(nine.split(',').at(-1))).toBe(Math.round(f * 100) / 100)
    const acc = reportCsv(r, { separator: ',', decimal: '.', bom: false }, 'forecast')
    expect(acc).toContain('WAPE')
  })
  it('fewer than 14 days of history: no WAPE (—), the day counted as without forecast', async () => {
    const { buildReport } = await import('@/lib/reports/build')
    const r = await buildReport(
      { period: { kind: 'range', from: '2026-11-23', to: '2026-11-23' }, centers: ['fc-new'], locale: 'fr', sections: ['forecast'], now: Date.parse('2026-12-01T00:00:00Z') },
      null,
    )
    expect(r.forecast.rows).toEqual([expect.objectContaining({ queueId: 'q1', wape: null, bias: null, daysForecast: 0, daysWithout: 1 })])
  })
})

describe('the report reads the history once per center: same figures as forecasting day by day', () => {
  it('fc-paris and fc-imp, 2026-11-09 … 2026-11-30: WAPE, bias and days equal forecastAccuracy’s', async () => {
    const { forecastSection } = await import('@/lib/reports/plan-sections')
    const asOf = Date.parse('2026-12-01T00:00:00Z')
    const s = await forecastSection(['fc-imp', 'fc-paris'], '2026-11-09', '2026-11-30', 60, asOf)
    for (const c of ['fc-imp', 'fc-paris']) {
      const ref = await forecast.forecastAccuracy({ centerId: c, fromDate: '2026-11-09', toDate: '2026-11-30', intervalMin: 60, asOf })
      const mine = s.rows.filter((r) => r.centerId === c)
      expect(mine.map((r) => [r.queueId, r.daysForecast, r.daysWithout, r.wape, r.bias])).toEqual(ref.map((r) => [r.queueId, r.daysForecast, r.daysWithout, r.wape, r.bias]))
    }
  })
})
