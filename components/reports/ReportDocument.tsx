'use client'
/**
 * The report body, from one MonthlyReport: the /reports page and the print page (the PDF)
 * render this same component, so the PDF shows the screen's figures. `print` lays it out for
 * A4 (fixed-width charts, every breakdown table, the interval grids instead of the explorer).
 */
import { useTranslations } from 'next-intl'
import { useEffect, useState, type ReactNode } from 'react'
import { useFormat } from '@/components/format'
import type { DrillSet } from '@/lib/kpi/definitions'
import { UNALLOCATED } from '@/lib/reports/unallocated'
import type { Breakdown, MonthlyReport, ReportRow, ReportSection } from '@/lib/reports/types'
import { DailyCharts } from './DailyCharts'
import { IntervalHeatmap } from './IntervalSection'
import { ComplianceSection, ForecastAccuracy } from './PlanSections'
import { KpiTable, type DrillTarget } from './KpiTable'
import { ComparedWith, HEADLINE_KEYS, KpiTiles, SummaryTable } from './SummarySection'
import { useDimensionLabel, usePeriodLabel, useQualityNotes } from './text'

export type RowDrill = (set: DrillSet, kind: Breakdown | 'daily' | 'centers' | 'interval' | null, row: ReportRow | null) => void

export function Section({ id, title, children, className }: { id: string; title: string; children: ReactNode; className?: string }) {
  return (
    <section aria-labelledby={`rep-${id}`} className={`flex flex-col gap-3 ${className ?? ''}`} data-section={id}>
      <h2 id={`rep-${id}`} className="text-lg font-semibold tracking-tight">
        {title}
      </h2>
      {children}
    </section>
  )
}

export function SectionLoading() {
  const tc = useTranslations('common')
  return (
    <p className="animate-pulse rounded-lg border border-dashed border-slate-300 p-4 text-sm text-slate-500" role="status">
      {tc('loading')}
    </p>
  )
}

export function QualityNotes({ report }: { report: MonthlyReport }) {
  const notes = useQualityNotes(report)
  const warn = report.quality.lateAfterClose > 0 || report.partial
  return (
    <ul className={`list-disc rounded-lg border p-3 pl-7 text-sm ${warn ? 'border-amber-300 bg-amber-50 text-amber-950' : 'border-slate-200 bg-white text-slate-700'}`} data-testid="quality-notes">
      {notes.map((n) => (
        <li key={n}>{n}</li>
      ))}
    </ul>
  )
}

export function Definitions({ report }: { report: MonthlyReport }) {
  const t = useTranslations('reports')
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white print:overflow-visible">
      <table className="w-full border-collapse text-xs print:text-[9px]">
        <thead className="bg-slate-100 text-left">
          <tr>
            <th scope="col" className="px-2 py-1">
              {t('definitions.label')}
            </th>
            <th scope="col" className="px-2 py-1">
              {t('definitions.formula')}
            </th>
            <th scope="col" className="px-2 py-1">
              {t('definitions.bucketedOn')}
            </th>
          </tr>
        </thead>
        <tbody>
          {report.definitions.map((d) => (
            <tr key={d.key} className="border-t border-slate-100 align-top break-inside-avoid">
              <th scope="row" className="px-2 py-1 text-left font-medium">
                {d.label}
              </th>
              <td className="px-2 py-1">
                {d.formula}
                {d.variant ? <span className="block text-slate-500">{d.variant}</span> : null}
              </td>
              <td className="px-2 py-1 text-slate-600">{d.bucketedOn}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function useReportTitle(report: MonthlyReport): string {
  const t = useTranslations('reports')
  const period = usePeriodLabel()
  const dim = useDimensionLabel()
  const cs = report.selection.centers
  let scope: string
  if (cs.length === 0) scope = t('scope.none')
  else if (cs.length <= 3) scope = cs.map((c) => c.name).join(', ')
  else if (!report.selection.requestedCenters.length && !report.selection.reportingLines.length) scope = t('scope.all')
  else scope = t('scope.several', { count: cs.length })
  const lines = report.selection.reportingLines.map((l) => dim('reporting_line', l))
  return t('reportTitle', { scope: lines.length ? `${lines.join(', ')} — ${scope}` : scope, period: period(report.period) })
}

/** Tables of the four breakdowns (all of them in print, one at a time on screen: see ReportClient). */
export function BreakdownTable({ report, kind, onDrill, print }: { report: MonthlyReport; kind: Breakdown; onDrill?: RowDrill; print?: boolean }) {
  const t = useTranslations('reports')
  const dim = useDimensionLabel()
  const table = report.breakdowns[kind]
  const centerName = (id?: string) => report.selection.centers.find((c) => c.id === id)?.name ?? id ?? ''
  const multi = report.selection.centers.length > 1
  const headers = kind === 'queue' || kind === 'agent' ? [...(multi ? [t('columns.center')] : []), t(`columns.${kind}`)] : [t(`columns.${kind}`)]
  const labels = (r: ReportRow) =>
    kind === 'queue' || kind === 'agent'
      ? [...(multi ? [centerName(r.center)] : []), r.name === UNALLOCATED ? t('columns.unallocated') : r.name || t('columns.unknown')]
      : [dim(kind, r.name)]
  return (
    <KpiTable
      id={`breakdown-${kind}`}
      caption={t(`sections.${kind}`)}
      labelHeaders={headers}
      labels={labels}
      keys={table.keys}
      rows={table.rows}
      currency={report.currency ?? undefined}
      onDrill={onDrill ? (d: DrillTarget) => onDrill(d.set, kind, d.row) : undefined}
      dense={print}
    />
  )
}

export function ReportDocument({
  report,
  print = false,
  onDrill,
  breakdownSlot,
  intervalSlot,
}: {
  report: MonthlyReport
  print?: boolean
  onDrill?: RowDrill
  /** Screen: the breakdown tabs; print renders every breakdown. */
  breakdownSlot?: ReactNode
  /** Screen: the interval explorer; print renders the grids. */
  intervalSlot?: ReactNode
}) {
  const t = useTranslations('reports')
  const tc = useTranslations('common')
  const dim = useDimensionLabel()
  const f = useFormat({ timeZone: report.period.timezone, currency: report.currency ?? undefined })
  const [ready, setReady] = useState(false)
  useEffect(() => {
    // Charts draw after mount; give them two frames before the PDF is printed.
    const id = requestAnimationFrame(() => requestAnimationFrame(() => setReady(true)))
    return () => cancelAnimationFrame(id)
  }, [])
  const currency = report.currency ?? undefined
  const summaryMap = new Map(report.summary.map((k) => [k.key as string, k]))
  const slTarget = summaryMap.get('service_level')?.target ?? null
  const chartWidth = print ? 700 : undefined
  const drillSummary = onDrill ? (set: DrillSet) => onDrill(set, null, null) : undefined
  const has = (s: ReportSection) => report.sections.includes(s)
  return (
    <div className="flex flex-col gap-6" data-print-ready={ready ? '1' : '0'} data-report data-period={report.period.month ?? `${report.period.firstDay}..${report.period.lastDay}`}>
      <Section id="summary" title={t('sections.summary')}>
        <ComparedWith report={report} />
        <KpiTiles kpis={report.summary} keys={HEADLINE_KEYS} currency={currency} onDrill={drillSummary} lastYear={summaryMap} />
        <SummaryTable report={report} onDrill={drillSummary} />
      </Section>

      {!has('reporting_line') || report.reportingLines.length ? (
        <Section id="reporting-line" title={t('sections.reportingLine')} className={print ? 'break-before-page' : ''}>
          {!has('reporting_line') ? <SectionLoading /> : null}
          {report.reportingLines.map((b) => (
            <div key={b.line} className="flex flex-col gap-2 break-inside-avoid" data-reporting-line={b.line}>
              <h3 className="font-semibold text-slate-700">{dim('reporting_line', b.line)}</h3>
              <KpiTiles kpis={b.kpis} keys={b.keys} currency={currency} />
            </div>
          ))}
        </Section>
      ) : null}

      <Section id="cost" title={t('sections.cost')}>
        {has('cost') ? (
          <>
            <KpiTiles kpis={report.cost.total} keys={['cost', 'cost_per_contact', 'cost_per_resolved_contact', 'margin']} currency={currency} />
            <KpiTable
              id="cost"
              caption={t('sections.cost')}
              labelHeaders={[t('columns.center')]}
              labels={(r) => [r.name]}
              keys={report.cost.keys}
              rows={report.cost.byCenter}
              currency={currency}
              footer={{ labels: [t('columns.total')], kpis: report.cost.total }}
              dense={print}
            />
          </>
        ) : (
          <SectionLoading />
        )}
      </Section>

      <Section id="daily" title={t('sections.daily')} className={print ? 'break-before-page' : ''}>
        {!has('daily') ? <SectionLoading /> : <DailyCharts daily={report.daily} target={slTarget} width={chartWidth} currency={currency} />}
        {!has('daily') ? null : print ? (
          <KpiTable id="daily" caption={t('sections.daily')} labelHeaders={[t('columns.date')]} labels={(r) => [f.date(r.date ?? r.id)]} keys={report.daily.keys} rows={report.daily.rows} currency={currency} dense />
        ) : (
          <details className="rounded-lg border border-slate-200 bg-white p-2">
            <summary className="cursor-pointer text-sm font-medium">{t('sections.daily')}</summary>
            <KpiTable
              id="daily"
              caption={t('sections.daily')}
              labelHeaders={[t('columns.date')]}
              labels={(r) => [f.date(r.date ?? r.id)]}
              keys={report.daily.keys}
              rows={report.daily.rows}
              currency={currency}
              onDrill={onDrill ? (d) => onDrill(d.set, 'daily', d.row) : undefined}
            />
          </details>
        )}
      </Section>

      {has('centers') && report.centers.rows.length > 1 ? (
        <Section id="centers" title={t('sections.centers')}>
          <KpiTable
            id="centers"
            caption={t('sections.centers')}
            labelHeaders={[t('columns.center')]}
            labels={(r) => [r.name]}
            keys={report.centers.keys}
            rows={report.centers.rows}
            currency={currency}
            onDrill={onDrill ? (d) => onDrill(d.set, 'centers', d.row) : undefined}
            dense={print}
          />
        </Section>
      ) : null}

      {print ? (
        (['queue', 'channel', 'direction', 'agent'] as const).map((k) => (
          <Section key={k} id={`breakdown-${k}`} title={t(`sections.${k}`)} className={k === 'queue' || k === 'agent' ? 'break-before-page' : ''}>
            <BreakdownTable report={report} kind={k} print />
          </Section>
        ))
      ) : (
        <Section id="breakdowns" title={`${t('sections.queue')} · ${t('sections.channel')} · ${t('sections.direction')} · ${t('sections.agent')}`}>
          {breakdownSlot}
        </Section>
      )}

      <Section id="interval" title={`${t('sections.interval')} — ${t('picker.minutes', { n: report.interval.size })}`} className={print ? 'break-before-page' : ''}>
        {print ? (
          <>
            <IntervalHeatmap table={report.interval} metric="offered" dense />
            <IntervalHeatmap table={report.interval} metric="agents_needed" dense />
            <IntervalHeatmap table={report.interval} metric="agents_staffed" dense />
          </>
        ) : (
          intervalSlot
        )}
      </Section>

      <Section id="forecast" title={t('sections.forecast')} className={print ? 'break-before-page' : ''}>
        {has('forecast') ? <ForecastAccuracy report={report} width={chartWidth} /> : <SectionLoading />}
      </Section>

      <Section id="compliance" title={t('sections.compliance')}>
        {has('compliance') ? <ComplianceSection report={report} print={print} /> : <SectionLoading />}
      </Section>

      <Section id="quality" title={t('sections.quality')} className={print ? 'break-before-page' : ''}>
        <QualityNotes report={report} />
        <p className="text-xs text-slate-500">
          {t('timezoneNote', { timezone: report.period.timezone })} {t('asOf', { date: f.dateTime(report.asOf) })} · {tc('generatedOn', { date: f.dateTime(report.generatedAt) })}
        </p>
      </Section>

      <Section id="definitions" title={t('sections.definitions')}>
        <Definitions report={report} />
      </Section>
    </div>
  )
}
