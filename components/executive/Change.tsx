import { ChangeArrow, STATUS_TEXT_CLASS } from '@/components/kpi'
import { useFormat } from '@/components/format'
import type { KpiValue } from '@/lib/kpi/result'

/** A KPI's change against the previous period: arrow + signed value, coloured good/bad. */
export function Change({ r, currency, className }: { r: KpiValue | undefined; currency?: string | null; className?: string }) {
  const f = useFormat({ currency: currency ?? undefined })
  if (!r || r.change === null) return null
  const tone = r.changeIsGood === true ? 'good' : r.changeIsGood === false ? 'bad' : 'none'
  return (
    <span className={`inline-flex items-center gap-0.5 text-xs tabular-nums ${STATUS_TEXT_CLASS[tone].light} ${className ?? ''}`} data-change>
      <ChangeArrow change={r.change} className="size-3" />
      {f.kpiChange(r.change, r.unit)}
    </span>
  )
}
