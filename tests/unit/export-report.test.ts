import { describe, expect, it } from 'vitest'
import { LocalTimes } from '@/lib/reports/contactsExport'
import { mergeReport } from '@/lib/reports/merge'
import { ParamError } from '@/lib/params'
import { parseReportParams, reportQuery } from '@/lib/reports/params'
import { lastCompleteMonth, lastYearPeriod, PeriodError, previousPeriod, resolvePeriod, selectionTimezone } from '@/lib/periods/calendar'
import { periodHeader, periodLabel as periodLabelWith, headerText } from '@/lib/periods/label'
import { qualityNotesWith, type Tfn } from '@/lib/reports/text'
import type { MonthlyReport } from '@/lib/reports/types'

const iso = (ms: number) => new Date(ms).toISOString()

describe('report periods (local calendar of the centers)', () => {
  it('a month in Paris: from local midnight on the 1st to the next 1st, across the DST change', () => {
    const p = resolvePeriod({ kind: 'month', month: '2026-10' }, 'Europe/Paris')
    expect(iso(p.from)).toBe('2026-09-30T22:00:00.000Z') // +02:00
    expect(iso(p.to)).toBe('2026-10-31T23:00:00.000Z') // +01:00 after 25 October
    expect(p).toMatchObject({ firstDay: '2026-10-01', lastDay: '2026-10-31', days: 31 })
    expect((p.to - p.from) / 3_600_000).toBe(31 * 24 + 1)
  })
  it('the same month elsewhere starts at that zone’s midnight', () => {
    expect(iso(resolvePeriod({ kind: 'month', month: '2026-10' }, 'America/New_York').from)).toBe('2026-10-01T04:00:00.000Z')
  })
  it('previous month and same month last year; a range → the same number of days before', () => {
    const p = resolvePeriod({ kind: 'month', month: '2026-03' }, 'Europe/Brussels')
    expect(previousPeriod(p)).toMatchObject({ month: '2026-02', firstDay: '2026-02-01', lastDay: '2026-02-28', days: 28 })
    expect(lastYearPeriod(p)).toMatchObject({ month: '2025-03', days: 31 })
    const r = resolvePeriod({ kind: 'range', from: '2028-02-27', to: '2028-03-01' }, 'Europe/Paris')
    expect(r.days).toBe(4) // leap year
    expect(previousPeriod(r)).toMatchObject({ firstDay: '2028-02-23', lastDay: '2028-02-26' })
    expect(lastYearPeriod(r)).toMatchObject({ firstDay: '2027-02-27', lastDay: '2027-03-01' })
  })
  it('rejects impossible dates, reversed and over-long ranges', () => {
    expect(() => resolvePeriod({ kind: 'month', month: '2026-13' }, 'Europe/Paris')).toThrow(PeriodError)
    expect(() => resolvePeriod({ kind: 'range', from: '2026-02-30', to: '2026-03-01' }, 'Europe/Paris')).toThrow(/no such date/)
    expect(() => resolvePeriod({ kind: 'range', from: '2026-03-02', to: '2026-03-01' }, 'Europe/Paris')).toThrow(/before/)
    expect(() => resolvePeriod({ kind: 'range', from: '2024-01-01', to: '2026-01-01' }, 'Europe/Paris')).toThrow(/at most 366 days/)
  })
  it('default month = the last complete month; a selection’s zone and whether calendars differ', () => {
    expect(lastCompleteMonth(Date.parse('2026-11-22T12:00:00Z'), 'Europe/Paris')).toBe('2026-10')
    expect(lastCompleteMonth(Date.parse('2026-01-01T00:30:00+01:00'), 'Europe/Paris')).toBe('2025-12')
    const now = Date.parse('2026-11-22T12:00:00Z')
    expect(selectionTimezone(['Europe/Paris', 'Europe/Brussels', 'Europe/Paris'], 'UTC', now)).toEqual({ timezone: 'Europe/Paris', mixed: false })
    expect(selectionTimezone(['Europe/Paris', 'America/New_York'], 'UTC', now).mixed).toBe(true)
    expect(selectionTimezone([], 'Europe/Paris', now)).toEqual({ timezone: 'Europe/Paris', mixed: false })
  })
})

describe('report parameters', () => {
  const now = Date.parse('2026-11-22T12:00:00Z')
  it('month, centers (repeated or comma-separated), lines, interval, format, sections', () => {
    const p = parseReportParams(new URLSearchParams('month=2026-10&center=paris-sales&center=lyon-leads,paris-sales&line=sales&interval=15&format=xlsx&section=daily,cost'), now)
    expect(p).toMatchObject({ period: { kind: 'month', month: '2026-10' }, centers: ['paris-sales', 'lyon-leads'], lines: ['sales'], interval: 15, format: 'xlsx', sections: ['daily', 'cost'] })
    expect(parseReportParams(new URLSearchParams(''), now).period).toEqual({ kind: 'month', month: '2026-10' })
    expect(parseReportParams({ from: '2026-10-01', to: '2026-10-10' }, now).period).toEqual({ kind: 'range', from: '2026-10-01', to: '2026-10-10' })
  })
  it('bad parameters explain themselves', () => {
    for (const q of ['month=2026-1', 'month=2026-10&from=2026-10-01&to=2026-10-02', 'from=2026-10-01', 'interval=5', 'format=docx', 'line=sales,nope', 'section=nope', 'format=csv&section=daily,cost', `center=${'x'.repeat(200)}`]) {
      expect(() => parseReportParams(new URLSearchParams(q), now), q).toThrow(ParamError)
    }
  })
  it('reportQuery round-trips', () => {
    const p = parseReportParams(new URLSearchParams('from=2026-10-01&to=2026-10-10&center=a&line=marketing&interval=30&format=pdf&locale=fr'), now)
    expect(parseReportParams(reportQuery(p), now)).toEqual(p)
  })
})

describe('merging a report loaded in parts', () => {
  const empty = { keys: [], rows: [] }
  const base = {
    sections: ['summary', 'quality'],
    summary: [{ key: 'offered' }],
    daily: empty,
    breakdowns: { queue: empty, channel: empty, direction: empty, agent: empty },
    interval: { ...empty, size: 60 },
  } as unknown as MonthlyReport
  it('copies exactly the sections a part holds', () => {
    const part = { ...base, sections: ['daily', 'agent'], summary: [], daily: { keys: ['x'], rows: [] }, breakdowns: { ...base.breakdowns, agent: { keys: ['y'], rows: [] } } } as unknown as MonthlyReport
    const m = mergeReport(base, part)
    expect(m.sections.sort()).toEqual(['agent', 'daily', 'quality', 'summary'])
    expect(m.summary).toEqual([{ key: 'offered' }]) // not overwritten by the part's empty summary
    expect(m.daily.keys).toEqual(['x'])
    expect(m.breakdowns.agent.keys).toEqual(['y'])
    expect(base.breakdowns.agent.keys).toEqual([]) // no mutation
  })
})

describe('texts', () => {
  const t: Tfn = (k, v) => `${k}${v ? JSON.stringify(v) : ''}`
  it('period labels: a month by name, a range by dates', () => {
    expect(periodLabelWith(t, 'fr', { kind: 'month', month: '2026-10', firstDay: '2026-10-01', lastDay: '2026-10-31', timezone: 'Europe/Paris' })).toBe('octobre 2026')
    expect(periodLabelWith(t, 'en', { kind: 'range', firstDay: '2026-10-05', lastDay: '2026-10-14', timezone: 'Europe/Paris' })).toBe('periodRange{"from":"05/10/2026","to":"14/10/2026"}')
    // the executive view's month ranges, with the same function
    expect(periodLabelWith(t, 'fr', { kind: 'months', from: '2026-10', to: '2026-10' })).toBe('octobre 2026')
    expect(periodLabelWith(t, 'en', { kind: 'months', from: '2026-01', to: '2026-03' })).toBe('monthRange{"from":"January 2026","to":"March 2026"}')
  })
  it('header lines: period, the caller’s lines, comparisons with their flags, generation time — one shape for reports and the executive view', () => {
    const lines = periodHeader({
      tCommon: t,
      locale: 'fr',
      period: { kind: 'months', from: '2026-10', to: '2026-10' },
      scope: [['centres', 'Paris Ventes']],
      previous: { period: { kind: 'months', from: '2026-09', to: '2026-09' }, flag: 'partielle' },
      generatedAt: Date.parse('2026-11-02T09:30:00Z'),
      timezone: 'Europe/Paris',
    })
    expect(lines).toEqual([
      ['period', 'octobre 2026'],
      ['centres', 'Paris Ventes'],
      ['previousPeriodOf{"period":"septembre 2026"}', 'partielle'],
      ['generatedOn{"date":"02/11/2026 10:30"}', ''],
    ])
    expect(headerText(lines, 'fr')[0]).toBe('period\u00a0: octobre 2026')
    expect(headerText(lines, 'en')[3]).toBe('generatedOn{"date":"02/11/2026 10:30"}')
  })
  it('quality notes: stable vs late after close vs partial', () => {
    const full = { daysWithData: 31, daysExpected: 31, firstEvent: '2026-10-01T06:00:00Z', lastEvent: '2026-10-31T20:00:00Z', agentStateEvents: 4, complete: true, centers: [] }
    const r = {
      locale: 'en',
      period: { timezone: 'Europe/Paris' },
      open: false,
      partial: false,
      mixedTimezones: false,
      selection: { centers: [{ id: 'paris-sales', name: 'Paris Ventes' }] },
      coverage: full,
      previousCoverage: full,
      lastYearCoverage: { ...full, daysWithData: 0, firstEvent: null, lastEvent: null, complete: false },
      quality: { lateAfterS: 300, events: 10, lastReceivedAt: '2026-11-01T10:00:00Z', lateEvents: 1, lateAfterClose: 0, lastLateAfterCloseAt: null, deadLetters: 2, closed: true, stable: true },
    } as unknown as MonthlyReport
    expect(qualityNotesWith(t, t, r)[0]).toBe('quality.stable')
    const late = { ...r, quality: { ...r.quality, stable: false, lateAfterClose: 3, lastLateAfterCloseAt: '2026-11-20T09:00:00Z' } }
    const notes = qualityNotesWith(t, t, late)
    expect(notes[0]).toBe('quality.lateAfterClose{"count":3,"date":"20/11/2026 10:00"}')
    expect(notes).toContain('quality.deadLetters{"count":2}')
    expect(qualityNotesWith(t, t, { ...r, open: true, partial: true })[0]).toBe('quality.partial')
    expect(notes).toContain('coverage.label: coverage.days{"days":31,"expected":31,"first":"01/10/2026 08:00","last":"31/10/2026 21:00"}')
    expect(notes).toContain('coverage.lastYearNone')
    // Closed but 27 of 31 days: partial, said first among the coverage notes, and a partial previous base is flagged.
    const short = { ...full, daysWithData: 27, complete: false }
    const gaps = qualityNotesWith(t, t, { ...r, partial: true, coverage: short, previousCoverage: short, quality: { ...r.quality, stable: false } })
    expect(gaps.slice(0, 2)).toEqual(['quality.incomplete', expect.stringContaining('coverage.days{"days":27,"expected":31')])
    expect(gaps).toContain('coverage.previousPartial{"days":27,"expected":31}')
    expect(gaps).not.toContain('quality.stable')
  })
})

describe('local times for the contact CSV', () => {
  it('wall-clock time of each center, DST included', () => {
    const lt = new LocalTimes()
    expect(lt.format(Date.parse('2026-10-25T00:30:00Z'), 'Europe/Paris')).toBe('2026-10-25 02:30:00') // before the change (+02)
    expect(lt.format(Date.parse('2026-10-25T01:30:00Z'), 'Europe/Paris')).toBe('2026-10-25 02:30:00') // after (+01)
    expect(lt.format(Date.parse('2026-10-25T01:30:00Z'), 'America/New_York')).toBe('2026-10-24 21:30:00')
    expect(lt.format(null, 'Europe/Paris')).toBe('')
  })
})
