/**
 * Outbound compliance (lib/compliance) — golden tests: violations counted by hand below, in a
 * Paris center, including the spring-forward week (CET +1 → CEST +2 on Sunday 2026-03-29), the
 * fall-back week (CEST +2 → CET +1 on Sunday 2026-10-25, 03:00 → 02:00: 02:00–02:59 local happens
 * twice) and French public holidays (8 May, Ascension 14 May 2026).
 */
import { describe, expect, it } from 'vitest'
import { attemptCapFigure, checkCompliance, type OutboundAttempt } from '@/lib/compliance/check'
import { ComplianceConfig, PRESETS, resolveRules } from '@/lib/config/compliance'

const TZ = 'Europe/Paris'
let n = 0
const call = (isoUtc: string, customerId: string | null, campaignId = 'prospect', outcome: OutboundAttempt['outcome'] = 'answered'): OutboundAttempt => ({
  contactId: `k${++n}`,
  campaignId,
  customerId,
  ts: Date.parse(isoUtc),
  outcome,
})

const config = ComplianceConfig.parse({
  presets: ['FR'],
  campaigns: [
    { id: 'prospect', purpose: 'canvassing' },
    { id: 'renewal', purpose: 'customer_service' },
  ],
})

describe('FR preset (décret 2022-1313): calling hours', () => {
  const attempts = [
    call('2026-03-27T09:30:00Z', 'a1'), // Fri 10:30 CET → allowed
    call('2026-03-27T08:30:00Z', 'a2'), // Fri 09:30 CET → outside hours (1)
    call('2026-03-30T08:30:00Z', 'a3'), // Mon 10:30 CEST (after DST) → allowed
    call('2026-03-30T07:59:00Z', 'a4'), // Mon 09:59 CEST → outside hours (2)
    call('2026-03-29T10:30:00Z', 'a5'), // Sun (the DST day) 12:30 → weekday (3)
    call('2026-03-30T11:30:00Z', 'a6'), // Mon 13:30 CEST, lunch gap → outside hours (4)
    call('2026-03-30T18:00:00Z', 'a7'), // Mon 20:00 CEST, end is exclusive → outside hours (5)
    call('2026-03-30T17:59:00Z', 'a8'), // Mon 19:59 CEST → allowed
    call('2026-05-08T09:00:00Z', 'a9'), // Fri 8 May 11:00 CEST, public holiday → (6)
    call('2026-05-14T12:00:00Z', 'a10'), // Thu 14 May (Ascension) 14:00 → (7)
    call('2026-03-28T10:00:00Z', 'a11'), // Sat → weekday (8)
    call('2026-03-30T19:00:00Z', 'a12', 'renewal'), // 21:00 but existing-customer service → not checked
  ]
  const r = checkCompliance(attempts, { rules: resolveRules(config), config, tz: TZ, country: 'FR' })
  it('finds the 8 hand-counted calls', () => {
    expect(r.outsideHours.map((v) => [v.customerId, v.reason])).toEqual([
      ['a2', 'outside_hours'],
      ['a11', 'weekday'],
      ['a5', 'weekday'],
      ['a4', 'outside_hours'],
      ['a6', 'outside_hours'],
      ['a7', 'outside_hours'],
      ['a9', 'public_holiday'],
      ['a10', 'public_holiday'],
    ])
  })
  it('gives local times and holiday names for the drill', () => {
    expect(r.outsideHours.find((v) => v.customerId === 'a4')!.local).toBe('2026-03-30 09:59:00')
    expect(r.outsideHours.find((v) => v.customerId === 'a9')!.holiday).toBe('victory_1945')
    expect(r.unconfiguredCampaigns).toEqual([])
  })
})

describe('autumn DST (fall-back, Sunday 2026-10-25, Europe/Paris): calling hours', () => {
  // 01:00Z on the 25th: 03:00 CEST → 02:00 CET. Before: local = UTC + 2; after: UTC + 1.
  // With the FR hours (10:00–13:00, 14:00–20:00) on every day (weekdays overridden to 1–7) so the
  // fall-back day's own hours are checked:
  const everyDay = ComplianceConfig.parse({ presets: ['FR'], rules: { weekdays: [1, 2, 3, 4, 5, 6, 7] }, campaigns: [{ id: 'prospect', purpose: 'canvassing' }] })
  const attempts = [
    call('2026-10-23T08:30:00Z', 'f1'), // Fri 10:30 CEST → allowed
    call('2026-10-23T07:30:00Z', 'f2'), // Fri 09:30 CEST → outside (1)
    call('2026-10-25T00:30:00Z', 'f3'), // Sun 02:30 CEST, the first 02:30 → outside (2)
    call('2026-10-25T01:30:00Z', 'f4'), // Sun 02:30 CET, the same local time again → outside (3)
    call('2026-10-25T09:30:00Z', 'f5'), // Sun 10:30 CET (once) → allowed
    call('2026-10-25T08:59:00Z', 'f6'), // Sun 09:59 CET → outside (4)
    call('2026-10-25T11:59:00Z', 'f7'), // Sun 12:59 CET → allowed
    call('2026-10-25T12:00:00Z', 'f8'), // Sun 13:00 CET, lunch gap → outside (5)
    call('2026-10-25T18:59:00Z', 'f9'), // Sun 19:59 CET → allowed (would be 20:59 under CEST)
    call('2026-10-25T19:00:00Z', 'f10'), // Sun 20:00 CET → outside (6)
    call('2026-10-26T08:30:00Z', 'f11'), // Mon 09:30 CET (allowed at 10:30 CEST on Friday) → outside (7)
    call('2026-10-26T09:30:00Z', 'f12'), // Mon 10:30 CET → allowed
  ]
  it('finds the 7 hand-counted calls; the repeated 02:30 counts twice, each with its own instant', () => {
    const r = checkCompliance(attempts, { rules: resolveRules(everyDay), config: everyDay, tz: TZ, country: 'FR' })
    expect(r.outsideHours.map((v) => [v.customerId, v.local, v.reason])).toEqual([
      ['f2', '2026-10-23 09:30:00', 'outside_hours'],
      ['f3', '2026-10-25 02:30:00', 'outside_hours'],
      ['f4', '2026-10-25 02:30:00', 'outside_hours'],
      ['f6', '2026-10-25 09:59:00', 'outside_hours'],
      ['f8', '2026-10-25 13:00:00', 'outside_hours'],
      ['f10', '2026-10-25 20:00:00', 'outside_hours'],
      ['f11', '2026-10-26 09:30:00', 'outside_hours'],
    ])
    expect(r.outsideHours.find((v) => v.customerId === 'f4')!.ts - r.outsideHours.find((v) => v.customerId === 'f3')!.ts).toBe(3_600_000)
  })
  it('under the FR preset itself every call of that Sunday is on a day not allowed — 8 calls, the repeated 02:30 twice', () => {
    const r = checkCompliance(attempts, { rules: resolveRules(config), config, tz: TZ, country: 'FR' })
    // Fri f2 (09:30) and Mon f11 (09:30) outside hours; Sunday f3…f10 (8 calls) → weekday.
    expect(r.outsideHours.map((v) => [v.customerId, v.reason])).toEqual([
      ['f2', 'outside_hours'],
      ['f3', 'weekday'],
      ['f4', 'weekday'],
      ['f6', 'weekday'],
      ['f5', 'weekday'],
      ['f7', 'weekday'],
      ['f8', 'weekday'],
      ['f9', 'weekday'],
      ['f10', 'weekday'],
      ['f11', 'outside_hours'],
    ])
  })
  it('the 25-hour local day holds its abandoned calls from 00:30 CEST to 23:30 CET (UK cap)', () => {
    const uk = ComplianceConfig.parse({ presets: ['UK'], campaigns: [{ id: 'prospect', purpose: 'canvassing' }] })
    // 10-24T22:30Z = 00:30 CEST on the 25th; 10-25T22:30Z = 23:30 CET on the 25th; 10-25T23:30Z = 00:30 on the 26th.
    // On the 25th: 2 abandoned live + f3…f10 (8 answered) → 2 / 10 = 20 %.
    const r = checkCompliance(
      [...attempts, call('2026-10-24T22:30:00Z', null, 'prospect', 'abandoned_live'), call('2026-10-25T22:30:00Z', null, 'prospect', 'abandoned_live'), call('2026-10-25T23:30:00Z', null, 'prospect', 'abandoned_live')],
      { rules: resolveRules(uk), config: uk, tz: TZ, country: 'FR' },
    )
    expect(r.abandoned.map(({ date, live, abandoned }) => [date, live, abandoned])).toEqual([
      ['2026-10-23', 2, 0],
      ['2026-10-25', 10, 2],
      ['2026-10-26', 3, 1],
    ])
  })
})

describe('FR preset: at most 4 calls to one consumer within 30 days from the first', () => {
  // c1: 03-02, 03-05, 03-10, 03-20, 03-25 → 5 calls in the window 03-02…03-31 (1 over);
  //     04-01 is day 30 after 03-02 → a new window (1 call, fine).
  // c2: 4 calls within the window → fine.  c3: 6 calls, but existing-customer service → not checked.
  // The calls are at 10:30 CET / CEST (allowed hours) on weekdays.
  const attempts = [
    ...['03-02', '03-05', '03-10', '03-20', '03-25'].map((d) => call(`2026-${d}T09:30:00Z`, 'c1')),
    call('2026-04-01T08:30:00Z', 'c1'),
    ...['03-02', '03-03', '03-04', '03-05'].map((d) => call(`2026-${d}T09:30:00Z`, 'c2')),
    ...['03-02', '03-03', '03-04', '03-05', '03-06', '03-09'].map((d) => call(`2026-${d}T09:30:00Z`, 'c3', 'renewal')),
  ]
  const r = checkCompliance(attempts, { rules: resolveRules(config), config, tz: TZ, country: 'FR' })
  it('one consumer over the cap, with the calls of the window', () => {
    expect(r.outsideHours).toEqual([])
    expect(r.overCap).toHaveLength(1)
    expect(r.overCap[0]).toMatchObject({ customerId: 'c1', attempts: 5, cap: 4, windowStart: Date.parse('2026-03-02T09:30:00Z') })
    expect(r.overCap[0]!.times.map((t) => new Date(t).toISOString().slice(5, 10))).toEqual(['03-02', '03-05', '03-10', '03-20', '03-25'])
  })
})

describe('UK preset: abandoned live calls ≤ 3 % per campaign per local day', () => {
  const uk = ComplianceConfig.parse({ presets: ['UK'], campaigns: [{ id: 'prospect', purpose: 'canvassing' }] })
  // Local day 2026-03-29 (23 h: 03-28T23:00Z … 03-29T22:00Z):
  //   40 answered, abandoned live at 03-28T23:30Z (00:30 CET on the 29th) and 03-29T12:00Z,
  //   10 not connected (ignored) → 2 / 42 = 4.76 % > 3 %.
  // Local day 2026-03-30: 50 answered + abandoned at 03-29T22:30Z (00:30 CEST on the 30th) → 1 / 51 = 1.96 %.
  // Campaign "other" on the 29th: 1 answered → 0 / 1 (unconfigured campaign, listed).
  const attempts = [
    ...Array.from({ length: 40 }, () => call('2026-03-29T10:00:00Z', null)),
    call('2026-03-28T23:30:00Z', null, 'prospect', 'abandoned_live'),
    call('2026-03-29T12:00:00Z', null, 'prospect', 'abandoned_live'),
    ...Array.from({ length: 10 }, () => call('2026-03-29T13:00:00Z', null, 'prospect', 'not_connected')),
    ...Array.from({ length: 50 }, () => call('2026-03-30T10:00:00Z', null)),
    call('2026-03-29T22:30:00Z', null, 'prospect', 'abandoned_live'),
    call('2026-03-29T10:00:00Z', null, 'other'),
  ]
  const r = checkCompliance(attempts, { rules: resolveRules(uk), config: uk, tz: TZ, country: 'FR' })
  it('rates per campaign and local day', () => {
    expect(r.abandoned.map(({ campaignId, date, live, abandoned, over }) => ({ campaignId, date, live, abandoned, over }))).toEqual([
      { campaignId: 'other', date: '2026-03-29', live: 1, abandoned: 0, over: false },
      { campaignId: 'prospect', date: '2026-03-29', live: 42, abandoned: 2, over: true },
      { campaignId: 'prospect', date: '2026-03-30', live: 51, abandoned: 1, over: false },
    ])
    expect(r.abandoned[1]!.rate).toBeCloseTo(2 / 42, 12)
    expect(r.unconfiguredCampaigns).toEqual(['other'])
    // UK preset alone has no hours or attempt rules
    expect(r.outsideHours).toEqual([])
    expect(r.overCap).toEqual([])
  })
})

describe('rules as configuration', () => {
  it('presets combine; overrides win; Belgium starts empty', () => {
    const both = resolveRules(ComplianceConfig.parse({ presets: ['FR', 'UK'] }))
    expect(both.attemptCap).toEqual({ count: 4, days: 30 })
    expect(both.abandonedCap).toEqual({ rate: 0.03 })
    expect(resolveRules(ComplianceConfig.parse({ presets: ['BE'] }))).toEqual(PRESETS.none)
    const be = resolveRules(ComplianceConfig.parse({ presets: ['BE'], rules: { weekdays: [1, 2, 3, 4, 5, 6], callingWindows: [{ from: '09:00', to: '21:00' }] } }))
    expect(be.weekdays).toEqual([1, 2, 3, 4, 5, 6])
    expect(be.callingWindows).toEqual([{ from: '09:00', to: '21:00' }])
  })
  it('rejects bad rules with a clear error', () => {
    expect(ComplianceConfig.safeParse({ presets: ['XX'] }).success).toBe(false)
    expect(ComplianceConfig.safeParse({ rules: { callingWindows: [{ from: '25:00', to: '26:00' }] } }).success).toBe(false)
  })
})

describe('FR preset: canvassing calls without a customer id cannot be counted against the cap', () => {
  // All on Tue 2026-03-31 at 10:30 CEST (08:30Z, allowed):
  //   5 prospect calls without customer id → 5 uncheckable (would be over the cap if one consumer);
  //   2 renewal calls without customer id → service, not checked, not counted;
  //   1 prospect call to d1 → checked, within the cap.
  const attempts = [
    ...Array.from({ length: 5 }, () => call('2026-03-31T08:30:00Z', null)),
    ...Array.from({ length: 2 }, () => call('2026-03-31T08:30:00Z', null, 'renewal')),
    call('2026-03-31T08:30:00Z', 'd1'),
  ]
  const r = checkCompliance(attempts, { rules: resolveRules(config), config, tz: TZ, country: 'FR' })
  it('lists the 5 canvassing calls without id; none over the cap is "not checked", not 0', () => {
    expect(r.overCap).toEqual([])
    expect(r.withoutCustomerId).toHaveLength(5)
    expect(r.withoutCustomerId.every((a) => a.campaignId === 'prospect' && a.customerId === null)).toBe(true)
    expect(attemptCapFigure(r.overCap.length, r.withoutCustomerId.length)).toBeNull()
  })
  it('the figure: found consumers stand (a lower bound); with every call identified, 0 is a real 0', () => {
    expect(attemptCapFigure(2, 5)).toBe(2)
    expect(attemptCapFigure(0, 0)).toBe(0)
    const identified = checkCompliance([call('2026-03-31T08:30:00Z', 'd2')], { rules: resolveRules(config), config, tz: TZ, country: 'FR' })
    expect(identified.withoutCustomerId).toEqual([])
  })
  it('without an attempt-cap rule (UK preset) nothing is missing', () => {
    const uk = ComplianceConfig.parse({ presets: ['UK'], campaigns: [{ id: 'prospect', purpose: 'canvassing' }] })
    expect(checkCompliance(attempts, { rules: resolveRules(uk), config: uk, tz: TZ, country: 'FR' }).withoutCustomerId).toEqual([])
  })
})
