/**
 * The executive view body, from one ExecutiveView: the page and the print page (PDF) render
 * this same component, so the PDF shows the screen's figures. Rendered on the server; only the
 * tiles' tooltips, the trend (selectors, chart) and the scatter chart are client islands.
 */
import { useTranslations } from 'next-intl'
import { useFormat } from '@/components/format'
import { kpiLabel } from '@/lib/executive/labels'
import { previousRange } from '@/lib/executive/period'
import { COST_VIEW_KPIS, PROFIT_VIEW_KPIS, type ExecutiveView } from '@/lib/executive/types'
import { QualityPanel } from './QualityPanel'
import { ReadyMarker } from './ReadyMarker'
import { Rankings } from './Rankings'
import { SideBySide } from './SideBySide'
import { SplitTable } from './SplitTable'
import { TrendChart, TrendSection, TrendTable } from './TrendSection'
import { WhatIfTable } from './WhatIfTable'
import { useRootT } from './useRootT'

export function usePeriodLabel(from: string, to: string): string {
  const t = useTranslations('executive.period')
  const f = useFormat()
  const m = (x: string) => f.month(`${x}-01`)
  return from === to ? m(from) : t('current', { from: m(from), to: m(to) })
}

export function PeriodLine({ view }: { view: ExecutiveView }) {
  const t = useTranslations('executive')
  const f = useFormat({ timeZone: view.period.timezone })
  const label = usePeriodLabel(view.period.from, view.period.to)
  const prev = previousRange(view.period.from, view.period.to)
  const prevLabel = usePeriodLabel(prev.from, prev.to)
  return (
    <p className="text-sm text-slate-600" data-testid="period-line">
      <span className="font-medium text-ink" data-period={`${view.period.from}..${view.period.to}`}>
        {t('period.line', { period: label })}
      </span>
      {view.period.previous ? <span> · {t('period.comparedWith', { period: prevLabel })}</span> : null}
      <span> · {t('generatedAt', { time: f.dateTime(view.generatedAt) })}</span>
    </p>
  )
}

export function ExecutiveReport({ view, print = false }: { view: ExecutiveView; print?: boolean }) {
  const t = useTranslations('executive')
  const rt = useRootT()
  const currency = view.total.currency ?? undefined
  const mixed = view.total.currency === null && view.centers.length > 0
  const printTrend = ['margin', 'cost', 'revenue'] as const
  return (
    <div className="flex flex-col gap-5" data-print-ready="0" data-executive-view>
      {mixed ? <p className="rounded bg-amber-50 p-2 text-sm text-amber-900">{t('split.mixedCurrencies')}</p> : null}
      <SideBySide total={view.total} />
      <section aria-labelledby="exec-split" className="flex flex-col gap-4">
        <h2 id="exec-split" className="text-lg font-semibold">
          {t('split.title')}
        </h2>
        <SplitTable id="split-cost" title={t('split.costTitle')} keys={COST_VIEW_KPIS} {...view} />
        <SplitTable id="split-profit" title={t('split.profitTitle')} keys={PROFIT_VIEW_KPIS} {...view} />
      </section>
      {print ? (
        <section aria-labelledby="exec-trend-print" className="flex flex-col gap-4 break-before-page">
          <h2 id="exec-trend-print" className="text-lg font-semibold">
            {t('trend.title')}
          </h2>
          {printTrend.map((k) => {
            const series = view.trend.series.filter((s) => s.kind === 'center')
            return (
              <div key={k} className="break-inside-avoid rounded-xl border border-slate-200 bg-white p-3">
                <h3 className="font-semibold">{kpiLabel(rt, k)}</h3>
                <TrendChart months={view.trend.months} series={series} metric={k} currency={currency} width={1000} label={t('trend.chartLabel', { metric: kpiLabel(rt, k), split: t('trend.seriesCenters') })} />
                <TrendTable months={view.trend.months} series={[...view.trend.series.filter((s) => s.kind === 'total'), ...series]} metric={k} currency={currency} caption={t('trend.tableCaption', { metric: kpiLabel(rt, k) })} />
              </div>
            )
          })}
        </section>
      ) : (
        <TrendSection months={view.trend.months} series={view.trend.series} currency={currency} />
      )}
      <div className={print ? 'break-before-page flex flex-col gap-5' : 'flex flex-col gap-5'}>
        <Rankings byMargin={view.rankings.byMargin} byCostPerContact={view.rankings.byCostPerContact} />
        <QualityPanel rows={view.quality} print={print} />
      </div>
      <div className={print ? 'break-before-page' : ''}>
        <WhatIfTable rows={view.whatIf} />
      </div>
      <ReadyMarker />
    </div>
  )
}
