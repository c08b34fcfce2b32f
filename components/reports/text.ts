'use client'
/**
 * Client-side words of a report: KPI labels from the engine's definitions, period labels and
 * data-quality notes (the same sentences as the CSV/XLSX/PDF, from lib/reports/text).
 */
import { useLocale, useTranslations } from 'next-intl'
import { kpiLabel } from '@/lib/kpi/definitions'
import { periodLabel } from '@/lib/periods/label'
import { qualityNotesWith, type Tfn } from '@/lib/reports/text'
import type { MonthlyReport, ReportPeriodInfo } from '@/lib/reports/types'

export function useKpiLabel(): (key: string) => string {
  const locale = useLocale()
  return (key) => kpiLabel(key, locale)
}

export function usePeriodLabel(): (p: ReportPeriodInfo) => string {
  const locale = useLocale()
  const tc = useTranslations('common')
  return (p) => periodLabel(tc as unknown as Tfn, locale, p)
}

export function useQualityNotes(r: MonthlyReport): string[] {
  const t = useTranslations('reports')
  const tc = useTranslations('common')
  return qualityNotesWith(t as unknown as Tfn, tc as unknown as Tfn, r)
}

/** Label of a channel / direction / reporting line value (never a raw key). */
export function useDimensionLabel(): (kind: 'channel' | 'direction' | 'reporting_line', value: string) => string {
  const tc = useTranslations('common')
  const t = useTranslations('reports')
  return (kind, value) => {
    if (!value) return t('columns.unknown')
    const ns = kind === 'channel' ? 'channels' : kind === 'direction' ? 'directions' : 'reportingLines'
    const k = `${ns}.${value}` as Parameters<typeof tc>[0]
    return tc.has(k) ? tc(k) : value
  }
}
