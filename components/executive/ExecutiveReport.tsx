/**
 * The executive view body, from one ExecutiveView: the page and the print page (PDF) render
 * this same component, so the PDF shows the screen's figures. Rendered on the server; only the
 * tiles' tooltips, the trend (selectors, chart) and the scatter chart are client islands.
 */
import { useLocale, useTranslations } from 'next-intl'
import type { Tfn } from '@/lib/periods/label'
import { kpiLabel } from '@/lib/kpi/definitions'
import { viewHeaderLines } from '@/lib/executive/labels'
import { COST_VIEW_KPIS, PROFIT_VIEW_KPIS, type ExecutiveView } from '@/lib/executive/types'
import { QualityPanel } from './QualityPanel'
import { ReadyMarker } from './ReadyMarker'
import { Rankings } from './Rankings'
import { SideBySide } from './SideBySide'
import { SplitTable } from './SplitTable'
import { TrendChart, TrendSection, TrendTable } from './TrendSection'
import { WhatIfTable } from './WhatIfTable'

/** The header lines of the files (lib/periods/label), on one line. */
export function PeriodLine({ view }: { view: ExecutiveView }) {
  const tc = useTranslations('common')
  const locale = useLocale()
  const [first, ...rest] = viewHeaderLines(tc as unknown as Tfn, locale, view)
  return (
    <p className="text-sm text-slate-600" data-testid="period-line">
      <span className="font-medium text-ink" data-period={`${view.period.from}..${view.period.to}`}>
        {first}
      </span>
      {rest.map((l) => (
        <span key={l}> · {l}</span>
      ))}
    </p>
  )
}

export function ExecutiveReport({ view, print = false }: { view: ExecutiveView; print?: boolean }) {
  const t = useTranslations('executive')
  const locale = useLocale()
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
                <h3 className="font-semibold">{kpiLabel(k, locale, 'label', 'executive')}</h3>
                <TrendChart months={view.trend.months} series={series} metric={k} currency={currency} width={1000} label={t('trend.chartLabel', { metric: kpiLabel(k, locale, 'label', 'executive'), split: t('trend.seriesCenters') })} />
                <TrendTable months={view.trend.months} series={[...view.trend.series.filter((s) => s.kind === 'total'), ...series]} metric={k} currency={currency} caption={t('trend.tableCaption', { metric: kpiLabel(k, locale, 'label', 'executive') })} />
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
