'use client'
/**
 * Daily trend charts (recharts): contacts per day (answered / abandoned, offered), service level
 * and abandonment per day against the target, ASA and AHT per day. Fixed width when printing
 * (the PDF), responsive on screen. The figures are the engine's daily values as they are.
 */
import { useTranslations } from 'next-intl'
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { CHART } from '../charts/colors'
import { useFormat } from '@/components/format'
import type { ReportTable } from '@/lib/reports/types'
import { useKpiLabel } from './text'

const COLORS = { answered: CHART.answered, abandoned: CHART.abandoned, offered: CHART.offered, sl: CHART.serviceLevel, abandon: CHART.abandoned, asa: CHART.asa, aht: CHART.aht }

function Frame({ title, width, height = 240, children }: { title: string; width?: number; height?: number; children: React.ReactElement }) {
  return (
    <figure className="break-inside-avoid rounded-lg border border-slate-200 bg-white p-3" data-chart>
      <figcaption className="mb-2 text-sm font-semibold text-slate-700">{title}</figcaption>
      {width ? (
        <div style={{ width, height }}>{children}</div>
      ) : (
        <div style={{ width: '100%', height }}>
          <ResponsiveContainer width="100%" height="100%">
            {children}
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  )
}

export function DailyCharts({ daily, target, width, currency }: { daily: ReportTable; target?: number | null; width?: number; currency?: string }) {
  const t = useTranslations('reports')
  const label = useKpiLabel()
  const f = useFormat({ currency })
  const v = (row: ReportTable['rows'][number], k: string) => row.kpis.find((x) => x.key === k)?.value ?? null
  const data = daily.rows.map((r) => ({
    day: r.date ?? r.id,
    offered: v(r, 'offered'),
    answered: v(r, 'answered'),
    abandoned: v(r, 'abandoned'),
    service_level: v(r, 'service_level'),
    abandonment_rate: v(r, 'abandonment_rate'),
    asa: v(r, 'asa'),
    aht: v(r, 'aht'),
  }))
  if (!data.length) return <p className="text-sm text-slate-500">{t('charts.noData')}</p>
  const dayTick = (d: string) => d.slice(8, 10)
  const size = width ? { width, height: 220 } : {}
  const anim = { isAnimationActive: !width }
  const pct = (x: number) => f.percent(x, { maximumFractionDigits: 0 })
  const dayLabel = (d: unknown) => f.date(String(d))
  return (
    <div className="grid gap-3 lg:grid-cols-3 print:grid-cols-1">
      <Frame title={t('charts.volumes')} width={width}>
        <ComposedChart data={data} {...size} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={CHART.grid} />
          <XAxis dataKey="day" tickFormatter={dayTick} tick={{ fontSize: 10 }} />
          <YAxis tickFormatter={(x: number) => f.integer(x)} tick={{ fontSize: 10 }} width={48} />
          {width ? null : <Tooltip labelFormatter={dayLabel} formatter={(x) => f.integer(x as number)} />}
          <Legend wrapperStyle={{ fontSize: 11 }} />
          <Bar dataKey="answered" name={label('answered')} stackId="v" fill={COLORS.answered} {...anim} />
          <Bar dataKey="abandoned" name={label('abandoned')} stackId="v" fill={COLORS.abandoned} {...anim} />
          <Line dataKey="offered" name={label('offered')} stroke={COLORS.offered} dot={false} strokeWidth={1.5} {...anim} />
        </ComposedChart>
      </Frame>
      <Frame title={t('charts.serviceLevel')} width={width}>
        <ComposedChart data={data} {...size} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={CHART.grid} />
          <XAxis dataKey="day" tickFormatter={dayTick} tick={{ fontSize: 10 }} />
          <YAxis domain={[0, 1]} tickFormatter={pct} tick={{ fontSize: 10 }} width={44} />
          {width ? null : <Tooltip labelFormatter={dayLabel} formatter={(x) => f.percent(x as number)} />}
          <Legend wrapperStyle={{ fontSize: 11 }} />
          {target !== null && target !== undefined ? (
            <ReferenceLine y={target} stroke={CHART.reference} strokeDasharray="4 4" label={{ value: t('charts.target'), fontSize: 10, position: 'insideTopRight' }} />
          ) : null}
          <Line dataKey="service_level" name={label('service_level')} stroke={COLORS.sl} dot={false} strokeWidth={2} connectNulls {...anim} />
          <Line dataKey="abandonment_rate" name={label('abandonment_rate')} stroke={COLORS.abandon} dot={false} strokeWidth={1.5} connectNulls {...anim} />
        </ComposedChart>
      </Frame>
      <Frame title={t('charts.speed')} width={width}>
        <ComposedChart data={data} {...size} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={CHART.grid} />
          <XAxis dataKey="day" tickFormatter={dayTick} tick={{ fontSize: 10 }} />
          <YAxis tickFormatter={(x: number) => f.duration(x)} tick={{ fontSize: 10 }} width={48} />
          {width ? null : <Tooltip labelFormatter={dayLabel} formatter={(x) => f.duration(x as number)} />}
          <Legend wrapperStyle={{ fontSize: 11 }} />
          <Line dataKey="asa" name={label('asa')} stroke={COLORS.asa} dot={false} strokeWidth={2} connectNulls {...anim} />
          <Line dataKey="aht" name={label('aht')} stroke={COLORS.aht} dot={false} strokeWidth={2} connectNulls {...anim} />
        </ComposedChart>
      </Frame>
    </div>
  )
}
