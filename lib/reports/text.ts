/**
 * Report sentences as pure functions of a translate function, so the server renderers
 * (CSV/XLSX, with lib/i18n/translator) and the client components (useTranslations) write the
 * same words. Client-safe: no catalogue import here.
 */
import type { AppLocale } from '../i18n/config'
import { createFormat } from '../i18n/format'
import type { MonthlyReport, ReportPeriodInfo } from './types'

/** A translate function for one namespace: t('key', values). */
export type Tfn = (key: string, values?: Record<string, string | number>) => string

export function periodLabelWith(tCommon: Tfn, locale: AppLocale, p: Pick<ReportPeriodInfo, 'kind' | 'month' | 'firstDay' | 'lastDay' | 'timezone'>): string {
  const f = createFormat(locale, { timeZone: p.timezone })
  if (p.kind === 'month' && p.month) return f.month(`${p.month}-01`)
  return tCommon('periodRange', { from: f.date(p.firstDay), to: f.date(p.lastDay) })
}

export function thresholdLabelWith(tCommon: Tfn, locale: AppLocale, seconds: number): string {
  const f = createFormat(locale)
  if (seconds % 3600 === 0) return tCommon('units.hours', { value: f.integer(seconds / 3600) })
  if (seconds % 60 === 0) return tCommon('units.minutes', { value: f.integer(seconds / 60) })
  return tCommon('units.seconds', { value: f.integer(seconds) })
}

/** Data-quality sentences (footnotes of the page, the PDF, the CSV and the XLSX). */
export function qualityNotesWith(t: Tfn, tCommon: Tfn, r: Pick<MonthlyReport, 'locale' | 'period' | 'partial' | 'quality' | 'mixedTimezones'>): string[] {
  const f = createFormat(r.locale, { timeZone: r.period.timezone })
  const q = r.quality
  const out: string[] = []
  if (r.partial) out.push(t('quality.partial'))
  else if (q.stable) out.push(t('quality.stable'))
  if (q.lateAfterClose > 0) out.push(t('quality.lateAfterClose', { count: q.lateAfterClose, date: f.dateTime(q.lastLateAfterCloseAt) }))
  out.push(t('quality.lateEvents', { count: q.lateEvents, threshold: thresholdLabelWith(tCommon, r.locale, q.lateAfterS) }))
  out.push(t('quality.deadLetters', { count: q.deadLetters }))
  out.push(q.events > 0 ? t('quality.fingerprint', { events: f.integer(q.events), date: f.dateTime(q.lastReceivedAt, { seconds: true }) }) : t('quality.noEvents'))
  if (r.mixedTimezones) out.push(t('quality.mixedTimezones', { timezone: r.period.timezone }))
  return out
}
