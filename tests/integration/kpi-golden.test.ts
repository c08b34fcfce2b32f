/**
 * Golden tests of the KPI engine against a real embedded ClickHouse: small event logs whose
 * every expected figure is worked out by hand below (arithmetic visible).
 *
 * Day: Tuesday 2026-11-10, center gold-paris (Europe/Paris, UTC+1 in November), window
 * 09:00–10:00 local. Queue gold-voice: SL 20 s; gold-chat: SL 60 s; short abandon < 5 s.
 *
 *   contact  queued    outcome                                         wait
 *   c1       09:00:00  answered 09:00:12 by a1, sale 120 €, resolved    12  (≤ 20 ✓)
 *   c2       09:10:00  answered 09:10:30 by a2, lead, not resolved       30  (✗)
 *   c3       09:20:00  abandoned 09:20:03 (short abandon)                 3
 *   c4       09:30:00  abandoned 09:30:45                                45
 *   c5       09:40:00  answered 09:40:04 by a1, transferred to a2,        4  (✓)
 *                      retention saved, resolved at the last wrap-up
 *   c6       09:55:00  answered 10:00:25 by a4 (after the window end)   325  (✗)
 *   c7 chat  09:58:00  answered 09:58:50 by a3, ACW ends 10:03:00        50  (≤ 60 ✓)
 *   c9       09:59:50  answered 10:00:05 by a2, sale 80 €                15  (✓)
 *   x1 on the unconfigured center "ghost".
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { answeredContact, ev, insert, kpiStore, paris, states, values } from './kpi-fixtures'
import type { getKpis as GetKpis } from '@/lib/queries/getKpis'

const CONFIG = `
version: 1
defaults:
  timezone: Europe/Paris
  currency: EUR
  targets: { serviceLevel: { thresholdSeconds: 20, target: 0.8 }, shortAbandonSeconds: 5, asaSeconds: 30, maxAbandonRate: 0.05 }
centers:
  - id: gold-paris
    name: Gold Paris
    reportingLine: sales
    sourcing: in_house
    timezone: Europe/Paris
    cost: { model: in_house, agentHourCost: 30, telecomMinuteCost: 0.02, fixedMonthlyCost: 7200 }
    value: { averageOrderValue: 100, valuePerLead: 50 }
    queues:
      - { id: gold-voice, channel: voice }
      - { id: gold-chat, channel: chat, serviceLevel: { thresholdSeconds: 60 } }
  - id: gold-out
    name: Gold Outsourced
    reportingLine: customer_service
    sourcing: outsourced
    timezone: Europe/Brussels
    cost: { model: outsourced, pricePerHandledContact: 4 }
  - id: gold-ny
    name: Gold New York
    reportingLine: marketing
    sourcing: in_house
    timezone: America/New_York
    currency: USD
    cost: { model: in_house, agentHourCost: 40 }
`

const D = '2026-11-10'
const P = 'gold-paris'
const t = (hms: string, day = D) => paris(day, hms)
const ms = (iso: string) => Date.parse(iso)
const WINDOW = { kind: 'custom' as const, from: ms(t('09:00:00')), to: ms(t('10:00:00')) }
const LATER = ms(t('12:00:00'))
const AT_END = ms(t('10:00:00'))

let getKpis: typeof GetKpis
const kpis = (req: Omit<Parameters<typeof GetKpis>[0], 'maxLagMs'>, allowed: string[] | null = null) => getKpis({ ...req, maxLagMs: 0 }, allowed)
const only = async (req: Omit<Parameters<typeof GetKpis>[0], 'maxLagMs'>, allowed: string[] | null = null) => {
  const r = await kpis(req, allowed)
  expect(r.rows).toHaveLength(1)
  return values(r.rows[0])
}

beforeAll(async () => {
  await kpiStore(CONFIG)
  ;({ getKpis } = await import('@/lib/queries/getKpis'))
  const v = 'gold-voice'
  await insert([
    ...answeredContact(P, 'c1', { queue: v, queued: t('09:00:00'), answered: t('09:00:12'), agent: 'a1', ended: t('09:05:12'), talk: 280, hold: 20, wrapped: t('09:05:42'), wrap: 30, resolved: true, outcome: 'sale', revenue: 120 }),
    ...answeredContact(P, 'c2', { queue: v, queued: t('09:10:00'), answered: t('09:10:30'), agent: 'a2', ended: t('09:14:00'), talk: 200, hold: 0, wrapped: t('09:14:20'), wrap: 20, resolved: false, outcome: 'lead' }),
    ev('contact.queued', P, t('09:20:00'), { contact_id: 'c3', queue_id: v, channel: 'voice', direction: 'inbound' }),
    ev('contact.abandoned', P, t('09:20:03'), { contact_id: 'c3', queue_id: v }),
    ev('contact.queued', P, t('09:30:00'), { contact_id: 'c4', queue_id: v, channel: 'voice', direction: 'inbound' }),
    ev('contact.abandoned', P, t('09:30:45'), { contact_id: 'c4', queue_id: v }),
    // c5: first leg with a1 (transferred), second leg with a2.
    ...answeredContact(P, 'c5', { queue: v, queued: t('09:40:00'), answered: t('09:40:04'), agent: 'a1', ended: t('09:43:04'), talk: 170, hold: 10, wrapped: t('09:43:14'), wrap: 10, resolved: false, outcome: 'none', transferred: true }),
    ev('contact.answered', P, t('09:43:20'), { contact_id: 'c5', queue_id: v, agent_id: 'a2' }),
    ev('contact.ended', P, t('09:50:00'), { contact_id: 'c5', agent_id: 'a2', talk_s: 380, hold_s: 0 }),
    ev('contact.wrapped', P, t('09:50:30'), { contact_id: 'c5', agent_id: 'a2', wrap_s: 30, resolved: true, outcome: 'retention_saved' }),
    ...answeredContact(P, 'c6', { queue: v, queued: t('09:55:00'), answered: t('10:00:25'), agent: 'a4', ended: t('10:05:25'), talk: 300, hold: 0, wrapped: t('10:06:00'), wrap: 35, resolved: true, outcome: 'none' }),
    ...answeredContact(P, 'c7', { queue: 'gold-chat', channel: 'chat', queued: t('09:58:00'), answered: t('09:58:50'), agent: 'a3', ended: t('10:02:00'), talk: 180, hold: 0, wrapped: t('10:03:00'), wrap: 60, resolved: true, outcome: 'none' }),
    ...answeredContact(P, 'c9', { queue: v, queued: t('09:59:50'), answered: t('10:00:05'), agent: 'a2', ended: t('10:04:05'), talk: 240, hold: 0, wrapped: t('10:04:35'), wrap: 30, resolved: true, outcome: 'sale', revenue: 80 }),
    // Survey for c1 the same morning.
    ev('survey.completed', P, t('09:30:00'), { contact_id: 'c1', csat: 2, nps: 5, resolved: true }),
    // Agent states.
    ...states(P, 'a1', [
      [t('08:55:00'), 'available'], [t('09:00:12'), 'on_contact'], [t('09:05:12'), 'wrap_up'], [t('09:05:42'), 'available'],
      [t('09:40:04'), 'on_contact'], [t('09:43:04'), 'wrap_up'], [t('09:43:14'), 'available'], [t('09:50:00'), 'break'], [t('10:10:00'), 'offline'],
    ]),
    ...states(P, 'a2', [
      [t('09:05:00'), 'available'], [t('09:10:30'), 'on_contact'], [t('09:14:00'), 'wrap_up'], [t('09:14:20'), 'available'],
      [t('09:43:20'), 'on_contact'], [t('09:50:00'), 'wrap_up'], [t('09:50:30'), 'available'],
      [t('10:00:05'), 'on_contact'], [t('10:04:05'), 'wrap_up'], [t('10:04:35'), 'available'], [t('10:30:00'), 'offline'],
    ]),
    ...states(P, 'a3', [[t('09:30:00'), 'available'], [t('09:58:50'), 'on_contact'], [t('10:02:00'), 'wrap_up'], [t('10:03:00'), 'available'], [t('11:00:00'), 'offline']]),
    // An unconfigured center and an outsourced one.
    ...answeredContact('ghost', 'x1', { queue: 'g-q', queued: t('09:15:00'), answered: t('09:15:10'), agent: 'g1', ended: t('09:20:00'), talk: 280, hold: 0, wrapped: t('09:21:00'), wrap: 60 }),
    ...answeredContact('gold-out', 'o1', { queue: 'o-q', queued: t('09:05:00'), answered: t('09:05:06'), agent: 'o1', ended: t('09:10:00'), talk: 290, hold: 4, wrapped: t('09:11:00'), wrap: 60, resolved: true }),
  ])
})

describe('window 09:00–10:00, seen at 12:00 (every contact resolved)', () => {
  it('volumes: answered + abandoned + still waiting = offered', async () => {
    const v = await only({ window: WINDOW, filters: { centers: [P] }, now: LATER })
    expect(v.offered).toBe(8) // c1 c2 c3 c4 c5 c6 c7 c9
    expect(v.answered).toBe(6) // c1 c2 c5 c6 c7 c9
    expect(v.abandoned).toBe(2) // c3 c4
    expect(v.still_waiting).toBe(0)
    expect(v.answered! + v.abandoned! + v.still_waiting!).toBe(v.offered)
    expect(v.short_abandons).toBe(1) // c3: 3 s < 5 s
    expect(v.answer_rate).toBeCloseTo(6 / 8)
    expect(v.abandonment_rate).toBeCloseTo(2 / 8)
    expect(v.abandonment_rate_excl_short).toBeCloseTo((2 - 1) / (8 - 1))
  })

  it('speed and service level (per-queue threshold: chat 60 s)', async () => {
    const r = await kpis({ window: WINDOW, filters: { centers: [P] }, now: LATER, keys: ['asa', 'max_wait', 'service_level'] })
    const v = values(r.rows[0])
    expect(v.asa).toBeCloseTo((12 + 30 + 4 + 325 + 50 + 15) / 6)
    expect(v.max_wait).toBe(325) // c6
    // within: c1 (12 ≤ 20), c5 (4), c7 (50 ≤ 60 on chat), c9 (15) = 4; denominator 8 offered − 1 short
    expect(v.service_level).toBeCloseTo(4 / (8 - 1))
    const sl = r.rows[0].kpis.find((k) => k.key === 'service_level')!
    expect(sl.variant).toBe('offered_minus_short')
    expect(sl.target).toBe(0.8)
    expect(sl.status).toBe('bad') // 57 % < 80 % − 8 points
  })

  it('handling: counted at the last wrap-up; a transferred contact counts once with all its legs', async () => {
    const v = await only({ window: WINDOW, filters: { centers: [P] }, now: LATER })
    // Wrapped in the window: c1 09:05:42, c2 09:14:20, c5 09:50:30 (its last wrap-up). c6/c7/c9 wrap after 10:00.
    expect(v.handled).toBe(3)
    const talk = 280 + 200 + (170 + 380)
    const hold = 20 + 0 + (10 + 0)
    const acw = 30 + 20 + (10 + 30)
    expect(v.aht).toBeCloseTo((talk + hold + acw) / 3)
    expect(v.avg_talk).toBeCloseTo(talk / 3)
    expect(v.avg_hold).toBeCloseTo(hold / 3)
    expect(v.avg_acw).toBeCloseTo(acw / 3)
    expect(v.transfer_rate).toBeCloseTo(1 / 3) // c5
    expect(v.hold_rate).toBeCloseTo(2 / 3) // c1, c5
    expect(v.fcr_agent).toBeCloseTo(2 / 3) // c1 yes, c2 no, c5 yes at its last wrap-up
  })

  it('outcomes and quality', async () => {
    const v = await only({ window: WINDOW, filters: { centers: [P] }, now: LATER })
    expect(v.sales).toBe(1) // c1 (c9 wraps after 10:00)
    expect(v.leads).toBe(1) // c2
    expect(v.retention_saves).toBe(1) // c5
    expect(v.revenue).toBe(120)
    expect(v.conversion_rate).toBeCloseTo(1 / 3)
    expect(v.lead_rate).toBeCloseTo(1 / 3)
    expect(v.revenue_per_contact).toBeCloseTo(120 / 3)
    expect(v.lead_value).toBe(1 * 50)
    // c1's survey at 09:30: CSAT 2 (not top-2-box), NPS 5 (detractor), resolved
    expect(v.survey_responses).toBe(1)
    expect(v.csat).toBe(0 / 1)
    expect(v.csat_mean).toBe(2)
    expect(v.nps).toBe(((0 - 1) / 1) * 100)
    expect(v.fcr_survey).toBe(1 / 1)
  })

  it('agents: occupancy, utilization, staffed (state time clipped to the window)', async () => {
    const v = await only({ window: WINDOW, filters: { centers: [P] }, now: LATER })
    // a1: available 12 + 2062 + 406, on contact 300 + 180, wrap-up 30 + 10, break 600 (09:50–10:00)
    // a2: available 330 + 1740 + 570, on contact 210 + 400, wrap-up 20 + 30 (from 09:05)
    // a3: available 1730, on contact 70 (09:58:50–10:00) (from 09:30)
    const available = 12 + 2062 + 406 + (330 + 1740 + 570) + 1730
    const onContact = 300 + 180 + (210 + 400) + 70
    const wrapUp = 30 + 10 + (20 + 30)
    const logged = 3600 + 3300 + 1800
    expect(v.logged_in_time).toBeCloseTo(logged)
    expect(v.occupancy).toBeCloseTo((onContact + wrapUp) / (onContact + wrapUp + available))
    expect(v.utilization).toBeCloseTo((onContact + wrapUp) / logged)
    expect(v.agents_staffed).toBeCloseTo((available + onContact + wrapUp) / 3600)
  })

  it('cost, margin, ROI, cost of abandonment (in-house)', async () => {
    const v = await only({ window: WINDOW, filters: { centers: [P] }, now: LATER })
    const agentCost = ((3600 + 3300 + 1800) / 3600) * 30
    // voice: queue wait of voice contacts offered, answered or abandoned (c1 12, c2 30, c3 3, c4 45, c5 4, c6 325, c9 15)
    //        + talk + hold of voice contacts handled (c1 300, c2 200, c5 560)
    const telecom = ((12 + 30 + 3 + 45 + 4 + 325 + 15 + (300 + 200 + 560)) / 60) * 0.02
    const fixed = 7200 / (30 * 24) // November: 720 hours, window 1 hour
    const cost = agentCost + telecom + fixed
    expect(v.cost).toBeCloseTo(cost, 6)
    expect(v.cost_per_contact).toBeCloseTo(cost / 3, 6)
    expect(v.cost_per_resolved_contact).toBeCloseTo(cost / 2, 6)
    expect(v.cost_per_lead).toBeCloseTo(cost / 1, 6)
    expect(v.cost_per_handled_minute).toBeCloseTo(cost / ((1030 + 30 + 90) / 60), 6) // talk + hold + ACW
    expect(v.margin).toBeCloseTo(120 + 50 - cost, 6)
    expect(v.roi).toBeCloseTo((120 + 50 - cost) / cost, 6)
    // 2 abandoned × (conversion 1/3 × AOV 100 + lead rate 1/3 × 50 per lead)
    expect(v.cost_of_abandonment).toBeCloseTo(2 * ((1 / 3) * 100 + (1 / 3) * 50))
  })

  it('Erlang C agents needed from the window’s arrival rate and AHT', async () => {
    const { agentsNeeded } = await import('@/lib/kpi/erlang')
    const v = await only({ window: WINDOW, filters: { centers: [P] }, now: LATER, keys: ['agents_needed', 'agents_staffed'] })
    const expected = agentsNeeded({ arrivalRate: 8 / 3600, handleS: (1030 + 30 + 90) / 3, thresholdS: 20, target: 0.8 })
    expect(expected).toBe(3) // A = 8/3600 × 383.3 = 0.852 Erlang: 2 agents give SL 76.0 % (< 80 %), 3 give 94.5 %
    expect(v.agents_needed).toBe(expected)
  })

  it('the facts table and a fresh derivation from contacts_v agree on every KPI', async () => {
    for (const groupBy of [[], ['queue'], ['agent'], ['interval15']] as const) {
      const a = await kpis({ window: WINDOW, filters: { centers: [P] }, now: LATER, groupBy: [...groupBy] })
      const b = await kpis({ window: WINDOW, filters: { centers: [P] }, now: LATER, groupBy: [...groupBy], source: 'contacts_v' })
      expect(a.rows.map((r) => [r.group, values(r)])).toEqual(b.rows.map((r) => [r.group, values(r)]))
    }
  })
})

describe('contacts still waiting at the window end (seen at 10:00:00)', () => {
  it('c6 and c9 are still waiting; c9 (10 s) is not yet decided for SL', async () => {
    const v = await only({ window: WINDOW, filters: { centers: [P] }, now: AT_END })
    expect(v.answered).toBe(4) // c1 c2 c5 c7
    expect(v.abandoned).toBe(2)
    expect(v.still_waiting).toBe(2) // c6 (since 09:55:00), c9 (since 09:59:50)
    expect(v.answered! + v.abandoned! + v.still_waiting!).toBe(v.offered)
    expect(v.asa).toBeCloseTo((12 + 30 + 4 + 50) / 4)
    // within: c1, c5, c7 = 3; denominator 8 − 1 short − 1 undecided (c9 waited 10 s ≤ 20 s)
    expect(v.service_level).toBeCloseTo(3 / (8 - 1 - 1))
    expect(v.max_wait).toBe(300) // c6 has waited 5 minutes
    expect(v.waiting_now).toBe(2)
    expect(v.longest_wait_now).toBe(300)
  })

  it('agents by state at 10:00:00', async () => {
    const v = await only({ window: { kind: 'today' }, filters: { centers: [P] }, now: AT_END, keys: ['agents_available', 'agents_on_contact', 'agents_wrap_up', 'agents_not_ready', 'agents_logged_in'] })
    expect(v.agents_available).toBe(1) // a2 (since 09:50:30; on contact only at 10:00:05)
    expect(v.agents_on_contact).toBe(1) // a3
    expect(v.agents_wrap_up).toBe(0)
    expect(v.agents_not_ready).toBe(1) // a1 on break
    expect(v.agents_logged_in).toBe(3)
  })
})

describe('ACW crossing an interval boundary (15-minute intervals 09:45–10:15)', () => {
  it('c7 is offered in 09:45, handled in 10:00 with its whole handle time; agent time is split at 10:00', async () => {
    const r = await kpis({
      window: { kind: 'custom', from: ms(t('09:45:00')), to: ms(t('10:15:00')) },
      filters: { centers: [P] },
      groupBy: ['interval15'],
      now: LATER,
      keys: ['offered', 'handled', 'aht', 'logged_in_time', 'occupancy'],
    })
    expect(r.rows.map((x) => x.group.bucket)).toEqual(['2026-11-10T09:45+01:00', '2026-11-10T10:00+01:00'])
    const [a, b] = r.rows.map(values)
    expect(a.offered).toBe(3) // c6 09:55, c7 09:58, c9 09:59:50
    expect(a.handled).toBe(1) // c5 wrapped 09:50:30
    expect(a.aht).toBe(170 + 380 + 10 + 10 + 30)
    expect(b.offered).toBe(0)
    expect(b.handled).toBe(3) // c7 10:03, c9 10:04:35, c6 10:06
    expect(b.aht).toBeCloseTo((180 + 60 + (240 + 30) + (300 + 35)) / 3)
    // 10:00–10:15: a1 break 10:00–10:10 (600); a2 available 10:00–10:00:05, on contact 240, wrap 30,
    // available 10:04:35–10:15 (625); a3 on contact 10:00–10:02 (120), wrap 60, available 10:03–10:15 (720)
    expect(b.logged_in_time).toBeCloseTo(600 + (5 + 240 + 30 + 625) + (120 + 60 + 720))
    expect(b.occupancy).toBeCloseTo((240 + 30 + 120 + 60) / (240 + 30 + 120 + 60 + (5 + 625 + 720)))
  })
})

describe('surveys arriving days later', () => {
  it('count on their completion day, for the contact’s agent; earlier days are unchanged', async () => {
    const day = (d: string) => ({ kind: 'custom' as const, from: ms(paris(d, '00:00:00')), to: ms(paris(d === '2026-11-10' ? '2026-11-11' : '2026-11-14', '00:00:00')) })
    const keys = ['survey_responses', 'csat', 'nps', 'handled'] as const
    const before = await only({ window: day('2026-11-13'), filters: { centers: [P] }, now: ms(paris('2026-11-14', '00:00:00')), keys: [...keys] })
    expect(before.survey_responses).toBe(0)
    const nov10 = await only({ window: day('2026-11-10'), filters: { centers: [P] }, now: ms(paris('2026-11-14', '00:00:00')), keys: [...keys] })
    await insert([ev('survey.completed', P, paris('2026-11-13', '10:00:00'), { contact_id: 'c2', csat: 4, nps: 9, resolved: false })])
    const after = await only({ window: day('2026-11-13'), filters: { centers: [P] }, now: ms(paris('2026-11-14', '00:00:00')), keys: [...keys] })
    expect(after.survey_responses).toBe(1)
    expect(after.csat).toBe(1 / 1) // 4 is top-2-box
    expect(after.nps).toBe(((1 - 0) / 1) * 100) // 9 is a promoter
    expect(after.handled).toBe(0)
    const byAgent = await kpis({ window: day('2026-11-13'), filters: { centers: [P] }, groupBy: ['agent'], now: ms(paris('2026-11-14', '00:00:00')), keys: ['survey_responses'] })
    expect(byAgent.rows.filter((r) => values(r).survey_responses).map((r) => r.group.agent)).toEqual(['a2'])
    const nov10Again = await only({ window: day('2026-11-10'), filters: { centers: [P] }, now: ms(paris('2026-11-14', '00:00:00')), keys: [...keys] })
    expect(nov10Again).toEqual(nov10)
  })
})

describe('DST: Europe/Paris 2026-10-25 has 25 hours', () => {
  beforeAll(async () => {
    await insert([
      // 00:30Z = 02:30 CEST, 01:30Z = 02:30 CET (the repeated hour), 22:30Z = 23:30 CET, 23:30Z = 00:30 on the 26th
      ...['2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z', '2026-10-25T22:30:00Z', '2026-10-25T23:30:00Z'].map((ts, i) =>
        ev('contact.queued', 'gold-paris', ts, { contact_id: `dst${i}`, queue_id: 'gold-voice', channel: 'voice', direction: 'inbound' }),
      ),
      ...states('gold-paris', 'dst-agent', [['2026-10-24T21:00:00Z', 'available'], ['2026-10-26T01:00:00Z', 'offline']]),
    ])
  })

  it('day buckets follow local midnight; the 25-hour day holds its contacts, agent time and fixed-cost share', async () => {
    const from = ms('2026-10-24T00:00:00+02:00')
    const to = ms('2026-10-27T00:00:00+01:00')
    const r = await kpis({ window: { kind: 'custom', from, to }, filters: { centers: ['gold-paris'] }, groupBy: ['day'], now: LATER, keys: ['offered', 'logged_in_time', 'cost'] })
    expect(r.rows.map((x) => x.group.bucket)).toEqual(['2026-10-24', '2026-10-25', '2026-10-26'])
    const [d24, d25, d26] = r.rows.map(values)
    expect(d25.offered).toBe(3)
    expect(d26.offered).toBe(1)
    expect(d24.offered).toBe(0)
    // available from 23:00 CEST on the 24th (21:00Z) to 02:00 CET on the 26th (01:00Z), capped at agentStateMaxHours = 12 h
    // (the default): 21:00Z → 09:00Z on the 25th, all inside the 25th (which starts 22:00Z on the 24th) except 1 h on the 24th.
    expect(d24.logged_in_time).toBe(3600)
    expect(d25.logged_in_time).toBe(11 * 3600)
    // October 2026 in Paris lasts 31 × 24 + 1 = 745 hours; the 25th lasts 25 of them. No telecom: the
    // DST contacts are still waiting (their wait is billed once they are answered or abandoned).
    expect(d25.cost).toBeCloseTo(11 * 30 + (7200 * 25) / 745, 6)
  })

  it('hourly buckets keep the repeated 02:00 hour apart by its offset', async () => {
    const r = await kpis({
      window: { kind: 'custom', from: ms('2026-10-25T02:00:00+02:00'), to: ms('2026-10-25T03:00:00+01:00') },
      filters: { centers: ['gold-paris'] },
      groupBy: ['interval60'],
      now: LATER,
      keys: ['offered'],
    })
    expect(r.rows.map((x) => [x.group.bucket, values(x).offered])).toEqual([
      ['2026-10-25T02:00+02:00', 1],
      ['2026-10-25T02:00+01:00', 1],
    ])
  })
})

describe('time zones, scope, reporting lines and unconfigured centers', () => {
  it('"today" starts at each center’s own midnight', async () => {
    // now = 03:00Z on Nov 11: 04:00 in Paris (today from 23:00Z on the 10th), 22:00 on Nov 10 in New York (from 05:00Z).
    await insert([
      ev('contact.queued', 'gold-ny', '2026-11-10T10:00:00Z', { contact_id: 'ny1', queue_id: 'ny-q', channel: 'voice', direction: 'inbound' }),
      ev('contact.queued', 'gold-paris', '2026-11-10T22:30:00Z', { contact_id: 'late-paris', queue_id: 'gold-voice', channel: 'voice', direction: 'inbound' }),
    ])
    const r = await kpis({ window: { kind: 'today' }, filters: { centers: ['gold-ny', 'gold-paris'] }, groupBy: ['center'], now: ms('2026-11-11T03:00:00Z'), keys: ['offered'] })
    expect(r.rows.map((x) => [x.group.center, values(x).offered])).toEqual([
      ['gold-ny', 1],
      ['gold-paris', 0],
    ])
    expect(r.spans.find((s) => s.timezone === 'America/New_York')!.from).toBe('2026-11-10T05:00:00.000Z')
    expect(r.spans.find((s) => s.timezone === 'Europe/Paris')!.from).toBe('2026-11-10T23:00:00.000Z')
  })

  it('unconfigured centers are counted and listed as unconfigured, without cost', async () => {
    const r = await kpis({ window: WINDOW, groupBy: ['center'], now: LATER, keys: ['offered', 'handled', 'cost'] })
    const ghost = r.rows.find((x) => x.group.center === 'ghost')!
    expect(values(ghost)).toEqual({ offered: 1, handled: 1, cost: null })
    expect(r.centers.find((c) => c.id === 'ghost')).toMatchObject({ configured: false, name: 'ghost', reportingLine: null })
    expect(r.centers.find((c) => c.id === 'gold-paris')).toMatchObject({ configured: true, reportingLine: 'sales' })
  })

  it('listCenters: configured centers and those only seen in data, within scope', async () => {
    const { listCenters } = await import('@/lib/queries/listCenters')
    const all = await listCenters(null)
    expect(all.map((c) => [c.id, c.configured])).toEqual([
      ['ghost', false],
      ['gold-ny', true],
      ['gold-out', true],
      ['gold-paris', true],
    ])
    expect((await listCenters(['ghost', 'nowhere'])).map((c) => c.id)).toEqual(['ghost'])
  })

  it('sourcing and reporting-line groups add their centers (outsourced cost per handled contact)', async () => {
    const r = await kpis({ window: WINDOW, groupBy: ['sourcing'], now: LATER, keys: ['offered', 'handled', 'cost', 'asa'] })
    const by = Object.fromEntries(r.rows.map((x) => [x.group.sourcing, values(x)]))
    expect(by.outsourced).toEqual({ offered: 1, handled: 1, cost: 1 * 4, asa: 6 })
    expect(by.unassigned.offered).toBe(1) // ghost
    expect(by.in_house.offered).toBe(8) // gold-paris (gold-ny has nothing in this window)
    const lines = await kpis({ window: WINDOW, filters: { reportingLines: ['customer_service'] }, now: LATER, keys: ['offered'] })
    expect(values(lines.rows[0]).offered).toBe(1)
  })

  it('the caller’s scope always applies, whatever the filters', async () => {
    const none = await kpis({ window: WINDOW, filters: { centers: [P] }, now: LATER, keys: ['offered'] }, ['gold-out'])
    expect(none.rows).toEqual([])
    const scoped = await kpis({ window: WINDOW, now: LATER, keys: ['offered'] }, ['gold-out'])
    expect(values(scoped.rows[0]).offered).toBe(1)
    expect(scoped.centers.map((c) => c.id)).toEqual(['gold-out'])
  })
})

describe('previous period and status', () => {
  it('compares with the hour before (09:00–10:00 vs 08:00–09:00)', async () => {
    await insert([
      ...answeredContact(P, 'p1', { queue: 'gold-voice', queued: t('08:30:00'), answered: t('08:30:40'), agent: 'a1', ended: t('08:35:00'), talk: 250, hold: 0, wrapped: t('08:35:30'), wrap: 30 }),
    ])
    const r = await kpis({ window: WINDOW, filters: { centers: [P] }, now: LATER, compare: true, keys: ['offered', 'asa', 'abandonment_rate'] })
    const [offered, asa, abandon] = r.rows[0].kpis
    expect(offered).toMatchObject({ value: 8, previous: 1, change: 8 - 1, changeIsGood: null })
    expect(asa.previous).toBe(40)
    expect(asa.change).toBeCloseTo((12 + 30 + 4 + 325 + 50 + 15) / 6 - 40)
    expect(asa.changeIsGood).toBe(false) // slower answers: 72.7 s against 40 s
    expect(asa).toMatchObject({ target: 30, status: 'bad' })
    expect(abandon).toMatchObject({ value: 2 / 8, previous: 0, changeIsGood: false, target: 0.05, status: 'bad' })
  })
})

describe('drill-down', () => {
  it('lists the contacts behind a figure, paginated', async () => {
    const { listContacts } = await import('@/lib/queries/listContacts')
    const ab = await listContacts({ window: WINDOW, set: 'abandoned', filters: { centers: [P] }, now: LATER, maxLagMs: 0 }, null)
    expect(ab.total).toBe(2)
    expect(ab.rows.map((r) => [r.contactId, r.waitS])).toEqual([
      ['c3', 3],
      ['c4', 45],
    ])
    // Names as configured (the drill panel shows them, not ids); a queue without a name keeps its id.
    expect(ab.rows.map((r) => [r.centerName, r.queueName])).toEqual([
      ['Gold Paris', 'gold-voice'],
      ['Gold Paris', 'gold-voice'],
    ])
    // Missed service level: answered late (c2 30 s, c6 325 s) or abandoned after 5 s (c4 45 s): 7 decided − 4 within = 3
    const missed = await listContacts({ window: WINDOW, set: 'sl_missed', filters: { centers: [P] }, now: LATER, sort: 'wait', maxLagMs: 0 }, null)
    expect(missed.rows.map((r) => [r.contactId, r.waitS])).toEqual([
      ['c6', 325],
      ['c4', 45],
      ['c2', 30],
    ])
    const page2 = await listContacts({ window: WINDOW, set: 'offered', filters: { centers: [P] }, now: LATER, page: 2, pageSize: 3, maxLagMs: 0 }, null)
    expect(page2).toMatchObject({ total: 8, page: 2, pageSize: 3 })
    expect(page2.rows.map((r) => r.contactId)).toEqual(['c4', 'c5', 'c6'])
    const scoped = await listContacts({ window: WINDOW, set: 'offered', filters: { centers: [P] }, now: LATER, maxLagMs: 0 }, ['ghost'])
    expect(scoped.total).toBe(0)
  })
})

describe('GET /api/kpis handler', () => {
  it('answers the one shape for valid parameters and 400 with a clear message otherwise', async () => {
    const { handleKpisRequest } = await import('@/lib/queries/handleKpisRequest')
    const ok = await handleKpisRequest(
      new URLSearchParams({ window: 'custom', from: '2026-11-10T09:00:00+01:00', to: '2026-11-10T10:00:00+01:00', centers: P, keys: 'offered,service_level', compare: 'previous' }),
      null,
      { now: LATER, maxLagMs: 0 },
    )
    expect(ok.status).toBe(200)
    if (ok.status !== 200) return
    expect(ok.body.rows[0].kpis[0]).toEqual({ key: 'offered', value: 8, previous: 1, change: 7, changeIsGood: null, target: null, status: null, unit: 'count' })
    const bad = await handleKpisRequest(new URLSearchParams({ window: 'custom', from: '2026-11-10T09:00:00+01:00', keys: 'offered,bogus' }), null)
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject({ error: 'bad_request' })
    expect((bad.body as { message: string }).message).toMatch(/to: window=custom needs from and to/)
    expect((bad.body as { message: string }).message).toMatch(/keys.1: unknown KPI key/)
  })
})

describe('a contact that never gets an outcome (its abandon event was lost)', () => {
  // lost1 queued 2026-10-20 08:00 UTC on gold-voice, nothing after; window 08:00–09:00 UTC that day (t() writes +01:00).
  const LOST_DAY = '2026-10-20'
  const window = { kind: 'custom' as const, from: ms(t('09:00:00', LOST_DAY)), to: ms(t('10:00:00', LOST_DAY)) }
  const HOUR = 3600

  it('waits until now, at most the 72 h "waiting now" horizon: the closed window stops changing', async () => {
    await insert([ev('contact.queued', P, t('09:00:00', LOST_DAY), { contact_id: 'lost1', queue_id: 'gold-voice', channel: 'voice', direction: 'inbound' })])
    const at = (iso: string) => only({ window, filters: { centers: [P] }, now: ms(iso), keys: ['offered', 'still_waiting', 'max_wait', 'service_level'] })
    const oneHour = await at(t('10:00:00', LOST_DAY))
    expect(oneHour.still_waiting).toBe(1)
    expect(oneHour.max_wait).toBe(1 * HOUR) // 09:00 → 10:00
    const tenDays = await at(t('09:00:00', '2026-10-30'))
    expect(tenDays.max_wait).toBe(72 * HOUR) // not 240 h: waitingLookbackHours = 72 (default)
    const twentyDays = await at(t('09:00:00', '2026-11-09'))
    expect(twentyDays).toEqual(tenDays) // stable
    expect(twentyDays.service_level).toBe(0) // waited past the 20 s threshold, never answered: missed
  })
})

describe('outbound dial attempts are not queue contacts', () => {
  // 2026-11-03, 09:00–10:00 Paris, gold-paris. Inbound i1 waits 10 s; outbound o1 (no answer),
  // o2 (connects after 5 s, a sale of 50 €, talk 100 + wrap 20), o3 (dialled at 09:50, no outcome yet).
  const DAY = '2026-11-03'
  const window = { kind: 'custom' as const, from: ms(t('09:00:00', DAY)), to: ms(t('10:00:00', DAY)) }
  const AT = ms(t('10:00:00', DAY))
  const out = { channel: 'voice', direction: 'outbound' }

  it('count in handling figures only; offered, abandonment, ASA, SL and waiting are inbound', async () => {
    await insert([
      ...answeredContact(P, 'i1', { queue: 'gold-voice', queued: t('09:20:00', DAY), answered: t('09:20:10', DAY), agent: 'a1', ended: t('09:25:10', DAY), talk: 280, hold: 20, wrapped: t('09:25:40', DAY), wrap: 30 }),
      ev('contact.queued', P, t('09:00:00', DAY), { contact_id: 'o1', queue_id: 'gold-out-calls', ...out }),
      ev('contact.abandoned', P, t('09:00:25', DAY), { contact_id: 'o1', queue_id: 'gold-out-calls', disposition: 'no_answer' }),
      ...answeredContact(P, 'o2', { queue: 'gold-out-calls', direction: 'outbound', queued: t('09:10:00', DAY), answered: t('09:10:05', DAY), agent: 'a2', ended: t('09:11:45', DAY), talk: 100, hold: 0, wrapped: t('09:12:05', DAY), wrap: 20, outcome: 'sale', revenue: 50 }),
      ev('contact.queued', P, t('09:50:00', DAY), { contact_id: 'o3', queue_id: 'gold-out-calls', ...out }),
    ])
    const v = await only({
      window,
      filters: { centers: [P] },
      now: AT,
      keys: ['offered', 'answered', 'abandoned', 'still_waiting', 'abandonment_rate', 'asa', 'service_level', 'max_wait', 'handled', 'aht', 'sales', 'conversion_rate', 'dial_attempts', 'connect_rate'],
    })
    expect(v.dial_attempts).toBe(3) // o1, o2, o3
    expect(v.connect_rate).toBeCloseTo(1 / 3) // o2 reached the customer; o3 is still ringing
    expect(v.offered).toBe(1) // i1 only
    expect(v.answered).toBe(1)
    expect(v.abandoned).toBe(0) // o1's unanswered attempt is not an abandon
    expect(v.still_waiting).toBe(0) // o3 is being dialled, nobody is waiting
    expect(v.abandonment_rate).toBe(0)
    expect(v.asa).toBe(10) // i1's 10 s (o2's 5 s connect is not an answer time)
    expect(v.service_level).toBe(1) // 10 s ≤ 20 s
    expect(v.max_wait).toBe(10)
    expect(v.handled).toBe(2) // i1 and o2
    expect(v.aht).toBeCloseTo((280 + 20 + 30 + 100 + 0 + 20) / 2)
    expect(v.sales).toBe(1)
    expect(v.conversion_rate).toBeCloseTo(1 / 2)
    // Live at 10:00 that day: nobody waiting (o3 is an attempt in progress).
    const live = await only({ window: { kind: 'today' }, filters: { centers: [P] }, now: AT, keys: ['waiting_now'] })
    expect(live.waiting_now).toBe(0)
    // Drill-down: the offered contacts behind the figure.
    const { listContacts } = await import('@/lib/queries/listContacts')
    const offered = await listContacts({ window, set: 'offered', filters: { centers: [P] }, now: AT, maxLagMs: 0 }, null)
    expect(offered.rows.map((r) => r.contactId)).toEqual(['i1'])
    // By direction, outbound has handling figures and no queue figures.
    const byDir = await kpis({ window, filters: { centers: [P] }, now: AT, groupBy: ['direction'], keys: ['offered', 'handled'] })
    expect(byDir.rows.map((r) => [r.group.direction, values(r).offered, values(r).handled])).toEqual([
      ['inbound', 1, 1],
      ['outbound', 0, 1],
    ])
  })
})
