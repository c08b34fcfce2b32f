/**
 * Public holidays (France, Belgium) and Easter — expected dates typed in from published
 * calendars (service-public.fr "Jours fériés"; belgium.be "Jours fériés légaux"), not computed.
 */
import { describe, expect, it } from 'vitest'
import { addDays, centerCountry, daysBetween, easterSunday, holidayOn, isoWeekday, publicHolidays } from '@/lib/forecast/calendar'

describe('Easter Sunday', () => {
  it.each([
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
  ])('%i → %s', (y, d) => expect(easterSunday(y)).toBe(d))
})

describe('France 2026', () => {
  const fr = publicHolidays('FR', 2026).map((h) => h.date)
  it('has the 11 public holidays of the Code du travail', () => {
    expect(fr).toEqual([
      '2026-01-01', '2026-04-06', '2026-05-01', '2026-05-08', '2026-05-14', '2026-05-25',
      '2026-07-14', '2026-08-15', '2026-11-01', '2026-11-11', '2026-12-25',
    ])
  })
  it('names Easter-based days', () => {
    expect(holidayOn('FR', '2025-05-29')?.name).toBe('ascension')
    expect(holidayOn('FR', '2025-06-09')?.name).toBe('whit_monday')
    expect(holidayOn('FR', '2024-04-01')?.name).toBe('easter_monday')
    expect(holidayOn('FR', '2026-07-21')).toBeNull()
  })
})

describe('Belgium 2026', () => {
  it('has the 10 legal public holidays (21 July, not 8 May or 14 July)', () => {
    expect(publicHolidays('BE', 2026).map((h) => h.date)).toEqual([
      '2026-01-01', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25',
      '2026-07-21', '2026-08-15', '2026-11-01', '2026-11-11', '2026-12-25',
    ])
  })
})

describe('calendar arithmetic', () => {
  it('adds days across month, year and DST changes', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30')
    expect(addDays('2026-01-03', -7)).toBe('2025-12-27')
    expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31)
  })
  it('ISO weekday', () => {
    expect(isoWeekday('2026-12-07')).toBe(1) // Monday
    expect(isoWeekday('2026-12-06')).toBe(7) // Sunday
  })
  it('country from config, else from the time zone', () => {
    expect(centerCountry('BE', 'Europe/Paris')).toBe('BE')
    expect(centerCountry(undefined, 'Europe/Brussels')).toBe('BE')
    expect(centerCountry(undefined, 'Europe/Paris')).toBe('FR')
    expect(centerCountry(undefined, 'Africa/Casablanca')).toBeNull()
    expect(centerCountry('MA', 'Europe/Paris')).toBeNull()
  })
})
