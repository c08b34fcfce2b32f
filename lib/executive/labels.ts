/**
 * Labels of the executive view's groups, shared by the screen and the exports, from the
 * catalogues (common, executive). Takes a root translator (next-intl `useTranslations()` on the
 * client, `getTranslator(locale)` on the server), so both produce the same words. Pure.
 * KPI labels are lib/kpi/definitions `kpiLabel(key, locale, form, 'executive')`.
 */
import type { AppLocale } from '../i18n/config'
import { previousRange } from '../periods/calendar'
import { headerText, periodHeader, type Tfn } from '../periods/label'
import type { ExecutiveView, GroupKind, GroupRow } from './types'

export type Translate = {
  (key: string, values?: Record<string, string | number>): string
  has?: (key: string) => boolean
}

export function groupKindLabel(t: Translate, kind: GroupKind): string {
  switch (kind) {
    case 'total':
      return t('executive.split.total')
    case 'reporting_line':
      return t('executive.split.byReportingLine')
    case 'sourcing':
      return t('executive.split.bySourcing')
    case 'center':
      return t('executive.split.byCenter')
  }
}

export function groupLabel(t: Translate, row: Pick<GroupRow, 'kind' | 'id' | 'name'>): string {
  if (row.kind === 'total') return t('executive.split.total')
  if (row.kind === 'center') return row.name ?? row.id
  if (row.id === 'unassigned') return t('common.unknown')
  return row.kind === 'reporting_line' ? t(`common.reportingLines.${row.id}`) : t(`common.sourcingTypes.${row.id}`)
}

/** Month-over-month change of a monthly series: value − previous month's (null where either is missing). */
export function momChanges(values: ReadonlyArray<number | null>): Array<number | null> {
  return values.map((v, i) => (i === 0 || v === null || values[i - 1] === null ? null : v - (values[i - 1] as number)))
}

/** The header lines of the view (period, comparison, generation time): the page's period line and the files'. */
export function viewHeaderLines(tCommon: Tfn, locale: AppLocale, view: ExecutiveView): string[] {
  return headerText(
    periodHeader({
      tCommon,
      locale,
      period: { kind: 'months', from: view.period.from, to: view.period.to },
      previous: view.period.previous ? { period: { kind: 'months', ...previousRange(view.period.from, view.period.to) } } : null,
      generatedAt: view.generatedAt,
      timezone: view.period.timezone,
    }),
    locale,
  )
}
