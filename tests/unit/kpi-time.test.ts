import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addLocalDays, addLocalMonths, dayLabel, formattedParts, intervalLabel, localParts, shiftLocalDays, startOfLocalDay, startOfLocalMonth, zonedToUtc } from '@/lib/kpi/time'
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

describe('localParts: the cached quarter-hour offset agrees with Intl', () => {
  // Zones with DST, half- and three-quarter-hour offsets, a 30-minute DST shift (Lord Howe),
  // and Morocco's DST suspended each Ramadan.
  const ZONES = ['Europe/Paris', 'Europe/Brussels', 'America/New_York', 'America/St_Johns', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Africa/Casablanca', 'UTC']
  const FROM = Date.parse('1990-01-01T00:00:00Z')
  const TO = Date.parse('2040-01-01T00:00:00Z')

  it('for random instants 1990–2040 in each zone', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: FROM, max: TO }), (tz, ms) => {
        expect(localParts(ms, tz)).toEqual(formattedParts(ms, tz))
      }),
      { numRuns: 5000 },
    )
  })

  const offset = (ms: number, tz: string) => {
    const p = formattedParts(ms, tz)
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000
  }
  /** The instants (whole seconds) at which tz's offset changes in [from, to). */
  function changes(tz: string, from: string, to: string): number[] {
    const STEP = 6 * 3_600_000 // offsets change at most once in 6 hours
    const found: number[] = []
    for (let h = Date.parse(from); h < Date.parse(to); h += STEP) {
      if (offset(h, tz) === offset(h + STEP, tz)) continue
      let lo = h
      let hi = h + STEP
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000
        if (offset(mid, tz) === offset(lo, tz)) lo = mid
        else hi = mid
      }
      found.push(hi)
    }
    return found
  }
  const everySecondAround = (at: number, tz: string) => {
    for (let s = at - 1_200_000; s < at + 1_200_000; s += 1000) expect(localParts(s, tz), `${tz} ${new Date(s).toISOString()}`).toEqual(formattedParts(s, tz))
  }

  it('every second within 20 minutes of each offset change of 2026 in each zone', () => {
    const all = ZONES.flatMap((tz) => changes(tz, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z').map((at) => ({ tz, at })))
    for (const { tz, at } of all) everySecondAround(at, tz)
    // Two changes a year in each zone with DST (Morocco's: Ramadan); none in Kathmandu or UTC.
    expect(all.length, all.map((c) => `${c.tz} ${new Date(c.at).toISOString()}`).join('\n')).toBe(14)
  })

  it('changes inside a quarter hour (local mean time ending: Paris 1911, Monrovia 1972)', () => {
    const odd = [...changes('Europe/Paris', '1911-03-01T00:00:00Z', '1911-03-20T00:00:00Z').map((at) => ({ tz: 'Europe/Paris', at })), ...changes('Africa/Monrovia', '1972-01-01T00:00:00Z', '1972-01-10T00:00:00Z').map((at) => ({ tz: 'Africa/Monrovia', at }))]
    expect(odd.map((c) => c.at % 900_000 !== 0)).toEqual([true, true])
    for (const { tz, at } of odd) everySecondAround(at, tz)
  })
})
