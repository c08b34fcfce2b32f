/**
 * Words around the figures of a report, in its language: title, scope, period, KPI labels,
 * units, data-quality notes. Shared by the CSV, XLSX and PDF renderers (server side: uses the
 * synchronous translator, not React).
 */
import 'server-only'
import { kpiLabel, kpiUnit } from '../kpi/definitions'
import type { KpiStatus } from '../kpi/result'
import type { AppLocale } from '../i18n/config'
import { createFormat, type Format, type KpiUnit } from '../i18n/format'
import { getTranslator as makeTranslator } from '../i18n/translator'
import { periodLabel as periodLabelWith } from '../periods/label'
import { qualityNotesWith, type Tfn } from './text'
import type { MonthlyReport, ReportPeriodInfo } from './types'

// Translators are cheap to use but not to create: one per locale and namespace.
const translators = new Map<string, unknown>()
function getTranslator<NS extends 'reports' | 'common'>(locale: AppLocale, ns: NS): ReturnType<typeof makeTranslator<NS>> {
  const k = `${locale}|${ns}`
  let t = translators.get(k)
  if (!t) translators.set(k, (t = makeTranslator(locale, ns)))
  return t as ReturnType<typeof makeTranslator<NS>>
}
export { getTranslator as reportTranslator }


export function reportFormat(r: MonthlyReport): Format {
  return createFormat(r.locale, { timeZone: r.period.timezone, currency: r.currency ?? undefined })
}

export function periodLabel(p: ReportPeriodInfo, locale: AppLocale): string {
  return periodLabelWith(getTranslator(locale, 'common') as unknown as Tfn, locale, p)
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
  return qualityNotesWith(getTranslator(r.locale, 'reports') as unknown as Tfn, getTranslator(r.locale, 'common') as unknown as Tfn, r)
}
