/**
 * The cost-center view and the profit-center view of the whole scope, side by side: one KPI
 * tile per figure (engine results: value, previous period, change, target, status, formula).
 */
import { useLocale, useTranslations } from 'next-intl'
import { KpiTile } from '@/components/kpi'
import { kpiDefinition, kpiLabel, type KpiKey } from '@/lib/kpi/definitions'
import { COST_VIEW_KPIS, PROFIT_VIEW_KPIS, type GroupRow } from '@/lib/executive/types'

function Panel({ id, title, hint, keys, row, tone }: { id: string; title: string; hint: string; keys: readonly KpiKey[]; row: GroupRow; tone: 'cost' | 'profit' }) {
  const locale = useLocale()
  return (
    <section aria-labelledby={id} className={`rounded-xl border bg-white p-4 shadow-sm ${tone === 'cost' ? 'border-sky-200' : 'border-emerald-200'}`} data-view={tone}>
      <header className="mb-3">
        <h2 id={id} className={`text-lg font-semibold ${tone === 'cost' ? 'text-sky-900' : 'text-emerald-900'}`}>
          {title}
        </h2>
        <p className="text-sm text-slate-600">{hint}</p>
      </header>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 print:grid-cols-2 print:[&_[data-value]]:text-lg print:[&_[role=tooltip]]:hidden">
        {keys.map((k) => (
          <KpiTile key={k} result={row.kpis[k]} currency={row.currency ?? undefined} title={kpiDefinition(k).executiveLabel ? kpiLabel(k, locale, 'short', 'executive') : undefined} compare="previousPeriod" fit />
        ))}
      </div>
    </section>
  )
}

export function SideBySide({ total }: { total: GroupRow }) {
  const t = useTranslations('executive')
  return (
    <div className="grid gap-4 lg:grid-cols-2 print:grid-cols-2" data-testid="side-by-side">
      <Panel id="exec-cost-view" title={t('costCenterView')} hint={t('costCenterHint')} keys={COST_VIEW_KPIS} row={total} tone="cost" />
      <Panel id="exec-profit-view" title={t('profitCenterView')} hint={t('profitCenterHint')} keys={PROFIT_VIEW_KPIS} row={total} tone="profit" />
    </div>
  )
}
