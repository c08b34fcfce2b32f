'use client'
/** First lines of the PDF: title, period, centers, generation time; `data-print-footer` feeds the page footer. */
import { useTranslations } from 'next-intl'
import { useFormat } from '@/components/format'
import type { MonthlyReport } from '@/lib/reports/types'
import { useReportTitle } from './ReportDocument'
import { useDimensionLabel, usePeriodLabel } from './text'

export function PrintHeader({ report }: { report: MonthlyReport }) {
  const t = useTranslations('reports')
  const tc = useTranslations('common')
  const f = useFormat({ timeZone: report.period.timezone })
  const period = usePeriodLabel()
  const dim = useDimensionLabel()
  const title = useReportTitle(report)
  return (
    <header className="flex flex-col gap-1 border-b border-slate-300 pb-2">
      <p className="text-xs tracking-wide text-slate-500 uppercase">
        {tc('appName')} — {t('monthly')}
      </p>
      <h1 className="text-xl font-semibold" data-print-footer>
        {title}
      </h1>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-3 text-sm">
        <dt className="text-slate-500">{t('pdf.period')}</dt>
        <dd>
          {period(report.period)} ({f.date(report.period.firstDay)} – {f.date(report.period.lastDay)}, {report.period.timezone})
        </dd>
        <dt className="text-slate-500">{t('pdf.centers')}</dt>
        <dd>
          {report.selection.centers.map((c) => `${c.name}${c.reportingLine ? ` (${dim('reporting_line', c.reportingLine)})` : ''}`).join(', ') || t('scope.none')}
        </dd>
      </dl>
      <p className="text-xs text-slate-500">{tc('generatedOn', { date: f.dateTime(report.generatedAt) })}</p>
    </header>
  )
}
