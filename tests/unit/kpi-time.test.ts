import { describe, expect, it } from 'vitest'
import { addLocalDays, addLocalMonths, dayLabel, intervalLabel, shiftLocalDays, startOfLocalDay, startOfLocalMonth, zonedToUtc } from '@/lib/kpi/time'
import { previousWindow, resolveWindow } from '@/lib/queries/window'

const P = 'Europe/Paris'
const H = 3_600_000

describe('local calendar arithmetic', () => {
  it('DST days last 25 and 23 hours in Paris', () => {
    const oct25 = startOfLocalDay(Date.parse('2026-10-25T12:00:00Z'), P)
    expect(new Date(oct25).toISOString()).toBe('2026-10-24T22:00:00.000Z')
    expect((addLocalDays(oct25, 1, P) - oct25) / H).toBe(25)
    const mar29 = startOfLocalDay(Date.parse('2026-03-29T12:00:00Z'), P)
    expect((addLocalDays(mar29, 1, P) - mar29) / H).toBe(23)
  })

  it('months start at local midnight on the 1st; October 2026 lasts 745 hours', () => {
    const oct = startOfLocalMonth(Date.parse('2026-10-15T00:00:00Z'), P)
    expect(new Date(oct).toISOString()).toBe('2026-09-30T22:00:00.000Z')
    expect((addLocalMonths(oct, 1, P) - oct) / H).toBe(31 * 24 + 1)
  })

  it('the repeated hour keeps two labels; a skipped time moves past the gap', () => {
    expect(intervalLabel(Date.parse('2026-10-25T00:15:00Z'), P)).toBe('2026-10-25T02:15+02:00')
    expect(intervalLabel(Date.parse('2026-10-25T01:15:00Z'), P)).toBe('2026-10-25T02:15+01:00')
    expect(new Date(zonedToUtc(2026, 3, 29, 2, 30, P)).toISOString()).toBe('2026-03-29T01:30:00.000Z')
    expect(dayLabel(Date.parse('2026-10-24T22:30:00Z'), P)).toBe('2026-10-25')
  })
})

describe('windows', () => {
  it('"today" starts at the local midnight; it compares with the same weekday last week until the same local time', () => {
    const now = Date.parse('2026-10-26T10:07:33.250Z') // Monday 11:07 in Paris, the day after the DST change
    const w = resolveWindow({ kind: 'today' }, P, now)
    expect(new Date(w.from).toISOString()).toBe('2026-10-25T23:00:00.000Z')
    const prev = previousWindow({ kind: 'today' }, w, P)
    expect(new Date(prev.from).toISOString()).toBe('2026-10-18T22:00:00.000Z') // Monday 19 October, midnight CEST
    expect(new Date(prev.to).toISOString()).toBe('2026-10-19T09:07:33.250Z') // 11:07 CEST: 7 days + 1 h earlier in UTC
    expect(new Date(prev.from).getUTCDay()).toBe(0) // Sunday 22:00 UTC = Monday in Paris
    expect(shiftLocalDays(now, -7, P)).toBe(prev.to)
  })

  it('whole months compare with the previous calendar month; whole days with the previous days; else the same duration', () => {
    const oct = { kind: 'custom' as const, from: Date.parse('2026-09-30T22:00:00Z'), to: Date.parse('2026-10-31T23:00:00Z') }
    const pm = previousWindow(oct, oct, P)
    expect([new Date(pm.from).toISOString(), new Date(pm.to).toISOString()]).toEqual(['2026-08-31T22:00:00.000Z', '2026-09-30T22:00:00.000Z'])
    const twoDays = { kind: 'custom' as const, from: Date.parse('2026-10-25T23:00:00Z'), to: Date.parse('2026-10-27T23:00:00Z') }
    const pd = previousWindow(twoDays, twoDays, P)
    expect(new Date(pd.from).toISOString()).toBe('2026-10-23T22:00:00.000Z') // 48 h + the extra DST hour
    const hour = { kind: 'custom' as const, from: Date.parse('2026-11-10T08:00:00Z'), to: Date.parse('2026-11-10T09:00:00Z') }
    expect(previousWindow(hour, hour, P)).toEqual({ from: Date.parse('2026-11-10T07:00:00Z'), to: hour.from })
    const last15 = resolveWindow({ kind: 'last15m' }, P, hour.to)
    expect(previousWindow({ kind: 'last15m' }, last15, P)).toEqual({ from: hour.to - 30 * 60_000, to: hour.to - 15 * 60_000 })
  })
})
