/**
 * Report sentences as pure functions of a translate function, so the server renderers
 * (CSV/XLSX, with lib/i18n/translator) and the client components (useTranslations) write the
 * same words. Client-safe: no catalogue import here.
 */
import type { AppLocale } from '../i18n/config'
import { createFormat } from '../i18n/format'
import type { Tfn } from '../periods/label'
import type { Coverage, MonthlyReport } from './types'

export type { Tfn }

export function thresholdLabelWith(tCommon: Tfn, locale: AppLocale, seconds: number): string {
  const f = createFormat(locale)
  if (seconds % 3600 === 0) return tCommon('units.hours', { value: f.integer(seconds / 3600) })
  if (seconds % 60 === 0) return tCommon('units.minutes', { value: f.integer(seconds / 60) })
  return tCommon('units.seconds', { value: f.integer(seconds) })
}

type CoverageReport = Pick<MonthlyReport, 'locale' | 'period' | 'open' | 'partial' | 'coverage' | 'previousCoverage' | 'lastYearCoverage' | 'selection'>

/** "27 of 31 days with data, 5 Oct 2026 00:03 – 31 Oct 2026 23:58" (or "no data"). */
export function coverageTextWith(t: Tfn, r: Pick<MonthlyReport, 'locale' | 'period'>, c: Coverage): string {
  const f = createFormat(r.locale, { timeZone: r.period.timezone })
  if (c.daysWithData === 0) return t('coverage.none', { expected: c.daysExpected })
  return t('coverage.days', { days: c.daysWithData, expected: c.daysExpected, first: f.dateTime(c.firstEvent), last: f.dateTime(c.lastEvent) })
}

/** The coverage line of the header (page, PDF, CSV, XLSX). */
export function coverageLineWith(t: Tfn, r: CoverageReport): string {
  return `${t('coverage.label')}${r.locale === 'fr' ? '\u00a0: ' : ': '}${coverageTextWith(t, r, r.coverage)}`
}

/** How the comparison periods are flagged: null when complete. */
export function comparisonFlagWith(t: Tfn, c: Coverage): string | null {
  if (c.daysWithData === 0) return t('coverage.noDataFlag')
  if (!c.complete) return t('coverage.partialFlag', { days: c.daysWithData, expected: c.daysExpected })
  return null
}

/** Coverage sentences: the period's, each incomplete center's, and the comparison bases'. */
export function coverageNotesWith(t: Tfn, r: CoverageReport): string[] {
  const out: string[] = []
  const name = (id: string) => r.selection.centers.find((c) => c.id === id)?.name ?? id
  if (!r.open && !r.coverage.complete) out.push(t('quality.incomplete'))
  out.push(coverageLineWith(t, r))
  if (r.coverage.centers.length > 1)
    for (const c of r.coverage.centers) if (c.daysWithData < c.daysExpected) out.push(`${name(c.id)}: ${coverageTextWith(t, r, { ...c, complete: false, centers: [] })}`)
  if (r.previousCoverage.daysWithData === 0) out.push(t('coverage.previousNone'))
  else if (!r.previousCoverage.complete) out.push(t('coverage.previousPartial', { days: r.previousCoverage.daysWithData, expected: r.previousCoverage.daysExpected }))
  if (r.lastYearCoverage.daysWithData === 0) out.push(t('coverage.lastYearNone'))
  else if (!r.lastYearCoverage.complete) out.push(t('coverage.lastYearPartial', { days: r.lastYearCoverage.daysWithData, expected: r.lastYearCoverage.daysExpected }))
  return out
}

/** Data-quality sentences (footnotes of the page, the PDF, the CSV and the XLSX). */
export function qualityNotesWith(t: Tfn, tCommon: Tfn, r: CoverageReport & Pick<MonthlyReport, 'quality' | 'mixedTimezones'>): string[] {
  const f = createFormat(r.locale, { timeZone: r.period.timezone })
  const q = r.quality
  const out: string[] = []
  if (r.open) out.push(t('quality.partial'))
  else if (q.stable) out.push(t('quality.stable'))
  if (q.lateAfterClose > 0) out.push(t('quality.lateAfterClose', { count: q.lateAfterClose, date: f.dateTime(q.lastLateAfterCloseAt) }))
  out.push(...coverageNotesWith(t, r))
  out.push(t('quality.lateEvents', { count: q.lateEvents, threshold: thresholdLabelWith(tCommon, r.locale, q.lateAfterS) }))
  out.push(t('quality.deadLetters', { count: q.deadLetters }))
  out.push(q.events > 0 ? t('quality.fingerprint', { events: f.integer(q.events), date: f.dateTime(q.lastReceivedAt, { seconds: true }) }) : t('quality.noEvents'))
  if (r.mixedTimezones) out.push(t('quality.mixedTimezones', { timezone: r.period.timezone }))
  return out
}
