import { describe, expect, it } from 'vitest'
import {
  EMPTY,
  createFormat,
  formatCurrency,
  formatDate,
  formatDateTime,
  formatDuration,
  formatInteger,
  formatKpiChange,
  formatKpiValue,
  formatMonth,
  formatNumber,
  formatPercent,
  formatTime,
  toDate,
} from '@/lib/i18n/format'

// Exact code points: NBSP = U+00A0 (no-break space), NNBSP = U+202F (narrow no-break space).
const NBSP = '\u00A0'
const NNBSP = '\u202F'
const codePoints = (s: string) => [...s].map((c) => c.codePointAt(0)!.toString(16).padStart(4, '0'))

describe('numbers', () => {
  it('groups digits with U+202F in French and a comma in English', () => {
    expect(formatNumber(1234567.891, 'fr')).toBe(`1${NNBSP}234${NNBSP}567,891`)
    expect(formatNumber(1234567.891, 'en')).toBe('1,234,567.891')
    expect(formatInteger(1234.5, 'fr')).toBe(`1${NNBSP}235`)
    expect(formatInteger('1234', 'en')).toBe('1,234') // ClickHouse UInt64 arrives as a string
    expect(formatNumber(-1234.5, 'fr')).toBe(`-1${NNBSP}234,5`)
    expect(formatNumber(0, 'fr')).toBe('0')
  })

  it('percent takes a fraction: 12,5 % (U+00A0 before %) / 12.5%', () => {
    expect(formatPercent(0.125, 'fr')).toBe(`12,5${NBSP}%`)
    expect(codePoints(formatPercent(0.125, 'fr'))).toEqual(['0031', '0032', '002c', '0035', '00a0', '0025'])
    expect(formatPercent(0.125, 'en')).toBe('12.5%')
    expect(formatPercent(0.8, 'fr')).toBe(`80${NBSP}%`)
    expect(formatPercent(0.8, 'fr', { minimumFractionDigits: 1 })).toBe(`80,0${NBSP}%`)
    expect(formatPercent(1, 'en')).toBe('100%')
    expect(formatPercent(12.345, 'fr')).toBe(`1${NNBSP}234,5${NBSP}%`)
    expect(formatPercent(0.025, 'fr', { signed: true })).toBe(`+2,5${NBSP}%`)
  })

  it('currency: 1 234,56 € / €1,234.56', () => {
    expect(formatCurrency(1234.56, 'fr')).toBe(`1${NNBSP}234,56${NBSP}€`)
    expect(codePoints(formatCurrency(1234.56, 'fr'))).toEqual(['0031', '202f', '0032', '0033', '0034', '002c', '0035', '0036', '00a0', '20ac'])
    expect(formatCurrency(1234.56, 'en')).toBe('€1,234.56')
    expect(formatCurrency(1234.5, 'fr', 'EUR', { maximumFractionDigits: 0 })).toBe(`1${NNBSP}235${NBSP}€`)
    expect(formatCurrency(1234567, 'fr', 'EUR', { compact: true })).toBe(`1,2${NBSP}M${NBSP}€`)
    expect(formatCurrency(1234567, 'en', 'EUR', { compact: true })).toBe('€1.2m')
    // Whole thousands without a trailing zero; signed for changes (report and executive tiles).
    expect(formatCurrency(55000, 'en', 'EUR', { compact: true })).toBe('€55k')
    expect(formatCurrency(-55000, 'fr', 'EUR', { compact: true, signed: true })).toBe(`-55${NBSP}k${NBSP}€`)
    expect(formatCurrency(30584.12, 'en', 'EUR', { compact: true, signed: true })).toBe('+€30.6k')
    expect(formatCurrency(-50, 'fr', 'EUR', { signed: true })).toBe(`-50,00${NBSP}€`)
    expect(formatCurrency(99.5, 'fr', 'USD')).toBe(`99,50${NBSP}$US`)
  })

  it('missing or invalid values render as an em dash', () => {
    for (const v of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY, '', 'abc']) {
      expect(formatNumber(v as never, 'fr')).toBe('—')
      expect(formatPercent(v as never, 'en')).toBe(EMPTY)
      expect(formatCurrency(v as never, 'fr')).toBe(EMPTY)
      expect(formatDuration(v as never)).toBe(EMPTY)
    }
  })
})

describe('durations', () => {
  it('m:ss below one hour, h:mm:ss from one hour, in every locale', () => {
    expect(formatDuration(0)).toBe('0:00')
    expect(formatDuration(5)).toBe('0:05')
    expect(formatDuration(65)).toBe('1:05')
    expect(formatDuration(600)).toBe('10:00')
    expect(formatDuration(3599)).toBe('59:59')
    expect(formatDuration(3600)).toBe('1:00:00')
    expect(formatDuration(3725)).toBe('1:02:05')
    expect(formatDuration(90000)).toBe('25:00:00')
    expect(formatDuration(59.6)).toBe('1:00') // rounded to the second
    expect(formatDuration('42')).toBe('0:42')
    expect(formatDuration(-65)).toBe('-1:05')
    expect(formatDuration(-0.2)).toBe('0:00')
    expect(formatDuration(65, { forceHours: true })).toBe('0:01:05')
  })
})

describe('dates', () => {
  // 2026-11-22 10:05:09 UTC = 11:05:09 in Paris (CET, UTC+1).
  const instant = '2026-11-22T10:05:09Z'

  it('date: 22/11/2026 in both locales, in the given time zone', () => {
    expect(formatDate(instant, 'fr')).toBe('22/11/2026')
    expect(formatDate(instant, 'en')).toBe('22/11/2026')
    expect(formatDate('2026-11-22T23:30:00Z', 'fr')).toBe('23/11/2026') // Paris is already on the 23rd
    expect(formatDate('2026-11-22T23:30:00Z', 'fr', { timeZone: 'UTC' })).toBe('22/11/2026')
    expect(formatDate(new Date(Date.UTC(2026, 0, 5, 12)), 'en')).toBe('05/01/2026')
  })

  it('a calendar date (YYYY-MM-DD) is never shifted by a time zone', () => {
    expect(formatDate('2026-11-22', 'fr', { timeZone: 'America/Los_Angeles' })).toBe('22/11/2026')
    expect(formatDate('2026-11-22', 'en', { timeZone: 'Pacific/Kiritimati' })).toBe('22/11/2026')
  })

  it('ClickHouse DateTime text without a zone is UTC', () => {
    expect(toDate('2026-11-22 10:05:09.123')?.toISOString()).toBe('2026-11-22T10:05:09.123Z')
    expect(formatDateTime('2026-11-22 10:05:09.000', 'fr')).toBe('22/11/2026 11:05')
  })

  it('time and date-time: 24-hour clock, center time zone', () => {
    expect(formatTime(instant, 'fr')).toBe('11:05')
    expect(formatTime(instant, 'en')).toBe('11:05')
    expect(formatTime(instant, 'en', { seconds: true })).toBe('11:05:09')
    expect(formatTime('2026-11-22T23:05:00Z', 'en')).toBe('00:05')
    expect(formatDateTime(instant, 'fr')).toBe('22/11/2026 11:05')
    expect(formatDateTime(instant, 'en', { seconds: true })).toBe('22/11/2026 11:05:09')
    expect(formatDateTime(instant, 'fr', { timeZone: 'Europe/Brussels' })).toBe('22/11/2026 11:05')
    expect(formatDateTime('2026-07-01T10:00:00Z', 'fr')).toBe('01/07/2026 12:00') // summer time, UTC+2
    expect(formatDateTime('not a date', 'fr')).toBe(EMPTY)
    expect(formatDate(null, 'fr')).toBe(EMPTY)
  })

  it('month names', () => {
    expect(formatMonth('2026-11-01', 'fr')).toBe('novembre 2026')
    expect(formatMonth('2026-11-01', 'en')).toBe('November 2026')
  })
})

describe('formatKpiValue', () => {
  it('formats each unit in French', () => {
    expect(formatKpiValue(1234, 'count', 'fr')).toBe(`1${NNBSP}234`)
    expect(formatKpiValue('57', 'count', 'fr')).toBe('57')
    expect(formatKpiValue(0.125, 'percent', 'fr')).toBe(`12,5${NBSP}%`)
    expect(formatKpiValue(65, 'seconds', 'fr')).toBe('1:05')
    expect(formatKpiValue(3725, 'seconds', 'fr')).toBe('1:02:05')
    expect(formatKpiValue(1234.56, 'currency', 'fr')).toBe(`1${NNBSP}234,56${NBSP}€`)
    expect(formatKpiValue(1.3456, 'ratio', 'fr')).toBe('1,35')
    expect(formatKpiValue(4.26, 'score', 'fr')).toBe('4,3')
    expect(formatKpiValue(-12, 'score', 'fr')).toBe('-12')
    expect(formatKpiValue(null, 'percent', 'fr')).toBe('—')
  })

  it('formats each unit in English', () => {
    expect(formatKpiValue(1234, 'count', 'en')).toBe('1,234')
    expect(formatKpiValue(0.125, 'percent', 'en')).toBe('12.5%')
    expect(formatKpiValue(65, 'seconds', 'en')).toBe('1:05')
    expect(formatKpiValue(1234.56, 'currency', 'en')).toBe('€1,234.56')
    expect(formatKpiValue(1234.56, 'currency', 'en', 'GBP')).toBe('£1,234.56')
    expect(formatKpiValue(1.3456, 'ratio', 'en')).toBe('1.35')
    expect(formatKpiValue(4.26, 'score', 'en')).toBe('4.3')
  })

  it('changes are signed; percent changes are in points', () => {
    expect(formatKpiChange(0.025, 'percent', 'fr')).toBe(`+2,5${NBSP}pts`)
    expect(formatKpiChange(-0.025, 'percent', 'en')).toBe(`-2.5${NBSP}pp`)
    expect(formatKpiChange(15, 'seconds', 'fr')).toBe('+0:15')
    expect(formatKpiChange(-65, 'seconds', 'fr')).toBe('-1:05')
    expect(formatKpiChange(0, 'seconds', 'fr')).toBe('0:00')
    expect(formatKpiChange(1234, 'count', 'fr')).toBe(`+1${NNBSP}234`)
    expect(formatKpiChange(0, 'count', 'en')).toBe('0')
    expect(formatKpiChange(1234.56, 'currency', 'fr')).toBe(`+1${NNBSP}234,56${NBSP}€`)
    expect(formatKpiChange(0.12, 'ratio', 'en')).toBe('+0.12')
  })
})

describe('createFormat', () => {
  it('binds locale, time zone and currency', () => {
    const f = createFormat('fr', { timeZone: 'UTC', currency: 'EUR' })
    expect(f.locale).toBe('fr')
    expect(f.percent(0.5)).toBe(`50${NBSP}%`)
    expect(f.dateTime('2026-11-22T10:05:00Z')).toBe('22/11/2026 10:05')
    expect(f.dateTime('2026-11-22T10:05:00Z', { timeZone: 'Europe/Paris' })).toBe('22/11/2026 11:05')
    expect(f.kpi(1234.56, 'currency')).toBe(`1${NNBSP}234,56${NBSP}€`)
    expect(f.currency(10, { currency: 'USD' })).toBe(`10,00${NBSP}$US`)
    expect(f.duration(65)).toBe('1:05')
  })
})
