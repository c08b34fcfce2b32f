import { describe, expect, it } from 'vitest'
import { latestOccurrence, runPeriod } from '@/lib/scheduled-reports/schedule'
import { parseSchedules, SchedulesError } from '@/lib/scheduled-reports/config'

const PARIS = 'Europe/Paris'
const iso = (ms: number) => new Date(ms).toISOString()

describe('latestOccurrence', () => {
  const monthly = { cadence: 'monthly' as const, day: 2, time: '07:00' }
  it('monthly: day N at HH:MM local (CET in November = UTC+1, CEST in October = UTC+2)', () => {
    // 2026-11-02 06:59 Paris is before the November run: the latest is 2 October 07:00 CEST = 05:00Z
    expect(iso(latestOccurrence(monthly, PARIS, Date.parse('2026-11-02T05:59:00Z')))).toBe('2026-10-02T05:00:00.000Z')
    // at 07:00 Paris (06:00Z) the November run is due
    expect(iso(latestOccurrence(monthly, PARIS, Date.parse('2026-11-02T06:00:00Z')))).toBe('2026-11-02T06:00:00.000Z')
    // in January before the 2nd: December of the previous year
    expect(iso(latestOccurrence(monthly, PARIS, Date.parse('2027-01-01T12:00:00Z')))).toBe('2026-12-02T06:00:00.000Z')
  })
  it('weekly: the weekday at HH:MM, this week if passed, else last week', () => {
    const weekly = { cadence: 'weekly' as const, weekday: 'mon' as const, time: '08:30' }
    // Wednesday 2026-11-04: Monday 2026-11-02 08:30 CET = 07:30Z
    expect(iso(latestOccurrence(weekly, PARIS, Date.parse('2026-11-04T12:00:00Z')))).toBe('2026-11-02T07:30:00.000Z')
    // Monday 2026-11-02 08:00 Paris: not yet, previous Monday 2026-10-26 08:30 CET (DST ended 25 Oct)
    expect(iso(latestOccurrence(weekly, PARIS, Date.parse('2026-11-02T07:00:00Z')))).toBe('2026-10-26T07:30:00.000Z')
  })
})

describe('runPeriod', () => {
  it('monthly: the previous calendar month (December for a January run)', () => {
    expect(runPeriod({ cadence: 'monthly' }, PARIS, Date.parse('2026-11-02T06:00:00Z'))).toEqual({ kind: 'month', month: '2026-10' })
    expect(runPeriod({ cadence: 'monthly' }, PARIS, Date.parse('2027-01-02T06:00:00Z'))).toEqual({ kind: 'month', month: '2026-12' })
  })
  it('weekly: Monday–Sunday of the week before the run', () => {
    // run on Wednesday 2026-11-04 → week of Monday 2026-10-26 … Sunday 2026-11-01
    expect(runPeriod({ cadence: 'weekly' }, PARIS, Date.parse('2026-11-04T07:30:00Z'))).toEqual({ kind: 'range', from: '2026-10-26', to: '2026-11-01' })
  })
})

describe('parseSchedules', () => {
  const ok = `schedules:
  - id: paris-monthly
    cadence: monthly
    day: 2
    time: "07:00"
    centers: [paris-sales]
    recipients: [{ user: marie, email: marie@example.com }]
`
  it('reads a valid file with defaults (xlsx, French, enabled)', () => {
    expect(parseSchedules(ok)).toEqual([
      { id: 'paris-monthly', cadence: 'monthly', day: 2, time: '07:00', centers: ['paris-sales'], recipients: [{ user: 'marie', email: 'marie@example.com' }], formats: ['xlsx'], locale: 'fr', enabled: true },
    ])
  })
  it('says what is wrong', () => {
    expect(() => parseSchedules(ok.replace('day: 2', 'weekday: mon'))).toThrow(/monthly schedules need `day`/)
    expect(() => parseSchedules(ok.replace('day: 2', 'day: 31'))).toThrow(SchedulesError)
    expect(() => parseSchedules(ok.replace('"07:00"', '"7h"'))).toThrow(/HH:MM/)
    expect(() => parseSchedules(ok + ok.replace('schedules:\n', ''))).toThrow(/unique/)
    expect(() => parseSchedules('schedules: [')).toThrow(/invalid YAML/)
  })
})
