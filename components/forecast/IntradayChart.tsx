'use client'
/**
 * Offered contacts today, forecast vs actual so far, per interval (recharts). Colours from the
 * shared chart palette (components/charts/colors: CSS variables). No forecast → says so, no flat zero line.
 */
import { useTranslations } from 'next-intl'
import { CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { useFormat } from '@/components/format'
import { CHART, seriesColor } from '@/components/charts/colors'
import type { IntradayPoint } from '@/lib/forecast/ahead-view'

export function IntradayChart({ points, timezone, height = 220 }: { points: IntradayPoint[]; timezone: string; height?: number }) {
  const t = useTranslations('live.ahead.chart')
  const f = useFormat({ timeZone: timezone })
  if (!points.some((p) => p.forecast !== null)) {
    return (
      <p className="text-sm text-slate-500" data-intraday-none>
        {t('none')}
      </p>
    )
  }
  const data = points.map((p) => ({ start: p.start, forecast: p.forecast === null ? null : Math.round(p.forecast * 10) / 10, actual: p.actual }))
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-3" data-chart="intraday">
      <figcaption className="mb-2 text-sm font-semibold text-slate-700">{t('title')}</figcaption>
      <div style={{ width: '100%', height }}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke={CHART.grid} />
            <XAxis dataKey="start" tickFormatter={(x: number) => f.time(x)} tick={{ fontSize: 10 }} minTickGap={24} />
            <YAxis tickFormatter={(x: number) => f.integer(x)} tick={{ fontSize: 10 }} width={40} />
            <Tooltip labelFormatter={(x) => f.time(Number(x))} formatter={(v) => f.number(v as number, { maximumFractionDigits: 1 })} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Line type="monotone" dataKey="forecast" name={t('forecast')} stroke={seriesColor(1)} strokeDasharray="5 3" dot={false} connectNulls={false} isAnimationActive={false} />
            <Line type="monotone" dataKey="actual" name={t('actual')} stroke={CHART.offered} strokeWidth={2} dot={false} connectNulls={false} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </figure>
  )
}
