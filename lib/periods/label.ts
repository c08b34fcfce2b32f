/**
 * Words for periods, the same in the reports, the executive view, their pages and their files:
 * the period's name and the header lines (period, comparison, generation time). Pure functions
 * of a translate function for the `common` catalogue (next-intl on the page, lib/i18n/translator
 * in exports), so screens and files write the same words. Client-safe.
 *
 *   periodLabel(tc, 'fr', { kind: 'month', month: '2026-10' })              → 'octobre 2026'
 *   periodLabel(tc, 'en', { kind: 'months', from: '2026-01', to: '2026-03' }) → 'January 2026 to March 2026'
 */
import type { AppLocale } from '../i18n/config'
import { createFormat } from '../i18n/format'

/** A translate function for one namespace: t('key', values). */
export type Tfn = (key: string, values?: Record<string, string | number>) => string

export type PeriodSpec =
  /** A calendar month (reports). */
  | { kind: 'month'; month?: string; firstDay: string; lastDay: string; timezone?: string }
  /** Local days, both inclusive (reports' custom ranges). */
  | { kind: 'range'; month?: string; firstDay: string; lastDay: string; timezone?: string }
  /** Whole months, `from`..`to` inclusive (executive view). */
  | { kind: 'months'; from: string; to: string; timezone?: string }

export function periodLabel(tCommon: Tfn, locale: AppLocale, p: PeriodSpec): string {
  const f = createFormat(locale, { timeZone: p.timezone })
  if (p.kind === 'months') return p.from === p.to ? f.month(`${p.from}-01`) : tCommon('monthRange', { from: f.month(`${p.from}-01`), to: f.month(`${p.to}-01`) })
  if (p.kind === 'month' && p.month) return f.month(`${p.month}-01`)
  return tCommon('periodRange', { from: f.date(p.firstDay), to: f.date(p.lastDay) })
}

/** A header line: a label and its value ('' when the label says it all). */
export type HeaderLine = [label: string, value: string]

/**
 * The header lines of a report or an executive file: the period, lines of the caller's
 * (`scope`: centers, time zone, coverage…), the comparison periods with their flags, and when
 * it was generated.
 */
export function periodHeader(o: {
  tCommon: Tfn
  locale: AppLocale
  period: PeriodSpec
  scope?: HeaderLine[]
  previous?: { period: PeriodSpec; flag?: string | null } | null
  lastYear?: { period: PeriodSpec; flag?: string | null } | null
  generatedAt: string | number
  timezone: string
}): HeaderLine[] {
  const { tCommon: tc, locale } = o
  const f = createFormat(locale, { timeZone: o.timezone })
  const lines: HeaderLine[] = [[tc('period'), periodLabel(tc, locale, o.period)], ...(o.scope ?? [])]
  if (o.previous) lines.push([tc('previousPeriodOf', { period: periodLabel(tc, locale, o.previous.period) }), o.previous.flag ?? ''])
  if (o.lastYear) lines.push([tc('lastYearPeriodOf', { period: periodLabel(tc, locale, o.lastYear.period) }), o.lastYear.flag ?? ''])
  lines.push([tc('generatedOn', { date: f.dateTime(o.generatedAt) }), ''])
  return lines
}

/** Header lines as text: `Period: October 2026` (French: `Période : octobre 2026`). */
export function headerText(lines: HeaderLine[], locale: AppLocale): string[] {
  const colon = locale === 'fr' ? '\u00a0: ' : ': '
  return lines.map(([a, b]) => (b ? `${a}${colon}${b}` : a))
}
