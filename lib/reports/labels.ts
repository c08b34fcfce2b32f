/**
 * Words around the figures of a report, in its language: title, scope, period, KPI labels,
 * units, data-quality notes. Shared by the CSV, XLSX and PDF renderers (server side: uses the
 * synchronous translator, not React).
 */
import { isKpiKey, kpiDefinition } from '../kpi/definitions'
import type { KpiStatus } from '../kpi/result'
import type { AppLocale } from '../i18n/config'
import { createFormat, type Format, type KpiUnit } from '../i18n/format'
import { getTranslator } from '../i18n/translator'
import type { MonthlyReport, ReportPeriodInfo } from './types'

export function kpiLabel(key: string, locale: AppLocale): string {
  return isKpiKey(key) ? kpiDefinition(key).label[locale] : key
}

export function kpiUnit(key: string): KpiUnit {
  return isKpiKey(key) ? kpiDefinition(key).unit : 'count'
}

export function reportFormat(r: MonthlyReport): Format {
  return createFormat(r.locale, { timeZone: r.period.timezone, currency: r.currency ?? undefined })
}

export function periodLabel(p: ReportPeriodInfo, locale: AppLocale): string {
  const f = createFormat(locale, { timeZone: p.timezone })
  if (p.kind === 'month' && p.month) return f.month(`${p.month}-01`)
  return getTranslator(locale, 'common')('periodRange', { from: f.date(p.firstDay), to: f.date(p.lastDay) })
}

export function scopeLabel(r: MonthlyReport): string {
  const t = getTranslator(r.locale, 'reports')
  const tc = getTranslator(r.locale, 'common')
  const cs = r.selection.centers
  const lines = r.selection.reportingLines.map((l) => (tc.has(`reportingLines.${l}` as never) ? tc(`reportingLines.${l}` as never) : l))
  let s: string
  if (cs.length === 0) s = t('scope.none')
  else if (cs.length <= 3) s = cs.map((c) => c.name).join(', ')
  else if (!r.selection.requestedCenters.length && !lines.length) s = t('scope.all')
  else s = t('scope.several', { count: cs.length })
  return lines.length ? `${lines.join(', ')} — ${s}` : s
}

export function reportTitle(r: MonthlyReport): string {
  const t = getTranslator(r.locale, 'reports')
  return `${t('monthly')} — ${t('reportTitle', { scope: scopeLabel(r), period: periodLabel(r.period, r.locale) })}`
}

export function statusLabel(s: KpiStatus | null, locale: AppLocale): string {
  const tc = getTranslator(locale, 'common')
  return tc(`status.${s === 'warn' ? 'warning' : s === null ? 'none' : s}`)
}

/** A unit as words for a column header: `(seconds)`, `(share 0–1)`, `(EUR)`. */
export function unitHint(unit: KpiUnit, locale: AppLocale, currency: string | null): string {
  const t = getTranslator(locale, 'reports')
  if (unit === 'currency') return t('units.currency', { currency: currency ?? '—' })
  return t(`units.${unit}`)
}

/** Header of a KPI column holding raw numbers: `Average speed of answer (ASA) (seconds)`. */
export function kpiColumnHeader(key: string, locale: AppLocale, currency: string | null): string {
  const unit = kpiUnit(key)
  if (unit === 'count' || unit === 'ratio' || unit === 'score') return kpiLabel(key, locale)
  return `${kpiLabel(key, locale)} (${unitHint(unit, locale, currency)})`
}

export function dimensionLabel(kind: 'channel' | 'direction' | 'reporting_line', value: string, locale: AppLocale): string {
  const tc = getTranslator(locale, 'common')
  const t = getTranslator(locale, 'reports')
  if (!value) return t('columns.unknown')
  const ns = kind === 'channel' ? 'channels' : kind === 'direction' ? 'directions' : 'reportingLines'
  const k = `${ns}.${value}` as never
  return tc.has(k) ? tc(k) : value
}

/** Data-quality sentences (footnotes of every format). */
export function qualityNotes(r: MonthlyReport): string[] {
  const t = getTranslator(r.locale, 'reports')
  const f = reportFormat(r)
  const q = r.quality
  const out: string[] = []
  if (r.partial) out.push(t('quality.partial'))
  else if (q.stable) out.push(t('quality.stable'))
  if (q.lateAfterClose > 0) out.push(t('quality.lateAfterClose', { count: q.lateAfterClose, date: f.dateTime(q.lastLateAfterCloseAt) }))
  out.push(t('quality.lateEvents', { count: q.lateEvents, threshold: formatThreshold(q.lateAfterS, r.locale) }))
  out.push(t('quality.deadLetters', { count: q.deadLetters }))
  out.push(q.events > 0 ? t('quality.fingerprint', { events: f.integer(q.events), date: f.dateTime(q.lastReceivedAt, { seconds: true }) }) : t('quality.noEvents'))
  if (r.mixedTimezones) out.push(t('quality.mixedTimezones', { timezone: r.period.timezone }))
  return out
}

function formatThreshold(seconds: number, locale: AppLocale): string {
  const tc = getTranslator(locale, 'common')
  const f = createFormat(locale)
  if (seconds % 3600 === 0) return tc('units.hours', { value: f.integer(seconds / 3600) })
  if (seconds % 60 === 0) return tc('units.minutes', { value: f.integer(seconds / 60) })
  return tc('units.seconds', { value: f.integer(seconds) })
}
