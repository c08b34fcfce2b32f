'use client'
/** Cost per contact against CSAT, one dot per customer-service center; flagged centers in red. */
import { useTranslations } from 'next-intl'
import { CartesianGrid, LabelList, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts'
import { CHART } from '../charts/colors'
import { useFormat } from '@/components/format'
import type { QualityRow } from '@/lib/executive/types'

export function QualityScatter({ rows, print }: { rows: QualityRow[]; print: boolean }) {
  const t = useTranslations('executive.quality')
  const f = useFormat({ currency: rows[0]?.currency ?? undefined })
  const points = rows
    .filter((r) => r.kpis.cost_per_contact?.value != null && r.kpis.csat?.value != null)
    .map((r) => ({ x: r.kpis.cost_per_contact!.value!, y: r.kpis.csat!.value!, name: r.name, alert: r.alert }))
  const chart = (
    <ScatterChart width={print ? 420 : undefined} height={print ? 240 : undefined} margin={{ top: 16, right: 24, bottom: 24, left: 8 }}>
      <CartesianGrid strokeDasharray="3 3" stroke={CHART.grid} />
      <XAxis type="number" dataKey="x" name={t('costAxis')} tickFormatter={(v: number) => f.currency(v, { maximumFractionDigits: 0 })} tick={{ fontSize: 11 }} label={{ value: t('costAxis'), position: 'insideBottom', offset: -12, fontSize: 11 }} />
      <YAxis type="number" dataKey="y" name={t('csatAxis')} domain={[0, 1]} tickFormatter={(v: number) => f.percent(v)} tick={{ fontSize: 11 }} width={48} />
      <ZAxis range={[90, 90]} />
      {print ? null : <Tooltip formatter={(v, n) => (n === t('costAxis') ? f.currency(v as number) : f.percent(v as number))} />}
      <Scatter data={points.filter((p) => !p.alert)} fill={CHART.point} isAnimationActive={false}>
        <LabelList dataKey="name" position="top" style={{ fontSize: 11, fill: CHART.axisText }} />
      </Scatter>
      <Scatter data={points.filter((p) => p.alert)} fill={CHART.alert} shape="diamond" isAnimationActive={false}>
        <LabelList dataKey="name" position="top" style={{ fontSize: 11, fill: CHART.alertText, fontWeight: 600 }} />
      </Scatter>
    </ScatterChart>
  )
  return (
    <figure role="img" aria-label={t('chartLabel')} className="w-full lg:max-w-md" data-quality-chart>
      {print ? chart : <ResponsiveContainer width="100%" height={240}>{chart}</ResponsiveContainer>}
    </figure>
  )
}

