'use client'
/**
 * One KPI, whatever it is: value in its unit, target, status (colour + shape + words), change
 * against the previous period (arrow + signed value, coloured by whether it is good), the trend
 * over the last 60 minutes, and the formula on hover or keyboard focus.
 *
 * Two appearances: `appearance="panel"` (light, supervisor and report pages) and
 * `appearance="wall"` (dark, sized from the tile's own box with container units so the same
 * board fills 1920×1080 and 3840×2160 and reads from 5 m).
 *
 *   <KpiTile result={r} trend={trends[r.key]} />                      // label/formula from lib/kpi
 *   <KpiTile result={r} onDrill={() => open('abandoned')} drillLabel={t('showContacts')} />
 */
import { useId, type ReactNode } from 'react'
import { useLocale, useTranslations } from 'next-intl'
import { useFormat } from '@/components/format'
import type { Trend } from '@/lib/live/trend-store'
import type { KpiResult, KpiStatus } from '@/lib/live/types'
import { kpiMeta } from './meta'
import { Sparkline } from './Sparkline'
import { ChangeArrow, STATUS_BORDER_CLASS, STATUS_TEXT_CLASS, StatusIcon } from './StatusIcon'

export type KpiTileProps = {
  result: KpiResult | undefined
  /** Overrides the title (default: the catalogue's short label, else the engine's label). */
  title?: string
  trend?: Trend
  currency?: string
  appearance?: 'panel' | 'wall'
  /** Makes the figure a button that opens the contacts behind it. */
  onDrill?: () => void
  drillLabel?: string
  /** Extra content under the figure (e.g. a breakdown). */
  children?: ReactNode
  /** Wall tiles: a line under the title (e.g. the channel of a one-channel tile: pictogram and name). */
  subtitle?: ReactNode
  /** Says why there is no target (default "No target"), e.g. "Targets per channel". */
  noTargetLabel?: string
  /**
   * The figure is compared with the same weekday last week at this time (live screens): the change
   * reads "—" when that base has no data, and the labels name the base.
   */
  compare?: 'lastWeek' | 'previousPeriod'
  /**
   * Report and executive tiles: money from 10 000 in compact notation (`€1.2M`, `1,2 M€`) so the
   * figure and its change stay inside the tile; the exact amounts are in the tooltip (hover,
   * `title`) and in the tables.
   */
  fit?: boolean
  className?: string
}

/**
 * Largest figure that fits its tile: at most 36 % of the tile height, and narrow enough for
 * the whole text (bold tabular digits ≈ 0.62 em each, 90 % of the tile width available).
 */
export function wallValueFontSize(text: string): string {
  const widthCqw = Math.min(22, 90 / (0.64 * Math.max(1, [...text].length)))
  return `clamp(20px, min(36cqh, ${widthCqw.toFixed(2)}cqw), 1000px)`
}

const STATUS_KEY: Record<KpiStatus | 'none', 'good' | 'warning' | 'bad' | 'none'> = { good: 'good', warn: 'warning', bad: 'bad', none: 'none' }

/** Short tile title: the catalogue's `kpi.<key>.short` when present, else the engine's label. */
export function useKpiTitle(key: string, fallback?: string): string {
  const t = useTranslations('kpi')
  const locale = useLocale()
  const k = `${key}.short` as Parameters<typeof t>[0]
  return t.has(k) ? t(k) : (fallback ?? kpiMeta(key, locale).label)
}

/** Money at or above this (absolute) is written compactly on `fit` tiles. */
export const FIT_COMPACT_FROM = 10_000

export function KpiTile({ result, title, trend, currency, appearance = 'panel', onDrill, drillLabel, children, subtitle, noTargetLabel, compare, fit = false, className }: KpiTileProps) {
  const locale = useLocale()
  const t = useTranslations('kpi.tile')
  const tc = useTranslations('common')
  const f = useFormat({ currency })
  const key = result?.key ?? ''
  const meta = kpiMeta(key, locale, result?.variant)
  const shortTitle = useKpiTitle(key, meta.label)
  const heading = title ?? shortTitle
  const tipId = useId()
  const status: KpiStatus | 'none' = result?.status ?? 'none'
  const wall = appearance === 'wall'
  const tone = wall ? 'dark' : 'light'
  const unit = result?.unit ?? 'count'
  const cur = result?.currency ?? currency
  // One source for what the tile says about its target: "Target: x" when there is one, else why not.
  const target = result?.target ?? null
  const targetText = target !== null ? t('target', { value: f.kpi(target, unit, cur) }) : (noTargetLabel ?? tc('status.none'))
  // A figure with a target but no rating (a neutral KPI) shows no status word, never "No target".
  const statusText = status !== 'none' ? tc(`status.${STATUS_KEY[status]}`) : target === null ? targetText : ''
  // Wall screens: money without cents (and compact from 100 000) so the figure stays huge.
  const compactMoney = (v: number | null | undefined): v is number => fit && unit === 'currency' && v !== null && v !== undefined && Math.abs(v) >= FIT_COMPACT_FROM
  const exactValue = f.kpi(result?.value ?? null, unit, cur)
  const value =
    wall && unit === 'currency' && result?.value !== null && result?.value !== undefined
      ? f.currency(result.value, Math.abs(result.value) >= 100_000 ? { compact: true, currency: cur } : { maximumFractionDigits: 0, currency: cur })
      : compactMoney(result?.value)
        ? f.currency(result.value, { compact: true, currency: cur })
        : exactValue
  const change = result?.change ?? null
  const exactChange = f.kpiChange(change, unit, cur)
  const changeText = compactMoney(change) ? f.currency(change, { compact: true, signed: true, currency: cur }) : exactChange
  const previousText = compactMoney(result?.previous) ? f.currency(result.previous, { compact: true, currency: cur }) : f.kpi(result?.previous ?? null, unit, cur)
  const changeTone = result?.changeIsGood === true ? 'good' : result?.changeIsGood === false ? 'bad' : 'none'
  // Compared, not a live figure, has a value, but its base had no data: "—", never a made-up change.
  const noBase = compare !== undefined && change === null && !meta.live && result?.value !== null && result?.value !== undefined && (result?.previous ?? null) === null
  const lastWeek = compare === 'lastWeek'
  const better = lastWeek ? t('betterLastWeek') : t('better')
  const worse = lastWeek ? t('worseLastWeek') : t('worse')
  const noBaseText = lastWeek ? t('noBaseLastWeek') : t('noBasePrevious')
  const trendLabel = t('trend60')

  const figure = onDrill ? (
    <button
      type="button"
      onClick={onDrill}
      className="rounded underline decoration-dotted decoration-2 underline-offset-4 hover:decoration-solid focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600"
      aria-label={drillLabel ? `${drillLabel}: ${value}` : undefined}
      data-drill={meta.drill ?? key}
    >
      {value}
    </button>
  ) : (
    value
  )

  if (wall) {
    // The section is a size container: every length inside is a share of the tile's own box
    // (cqh/cqw), so the same board fills 1920×1080 and 3840×2160 without overflow.
    return (
      <section
        className={`relative min-h-0 min-w-0 overflow-hidden rounded-[1vh] border-[0.4vh] bg-slate-900 [container-type:size] ${STATUS_BORDER_CLASS[status].dark} ${className ?? ''}`}
        data-board-tile={key}
        data-status={status}
        aria-label={heading}
      >
        <div className="absolute inset-0 flex flex-col px-[5cqw] pt-[4cqh] pb-[3cqh]">
          <header className="flex min-w-0 shrink-0 items-start justify-between gap-[3cqw]">
            <h2 className="truncate text-[clamp(12px,min(11cqh,6.5cqw),220px)] leading-tight font-semibold text-slate-200" data-tile-title>
              {heading}
            </h2>
            <span className={`flex shrink-0 items-center ${STATUS_TEXT_CLASS[status].dark}`}>
              <StatusIcon status={result?.status ?? null} className="size-[clamp(12px,min(13cqh,9cqw),240px)]" />
              <span className="sr-only">{statusText}</span>
            </span>
          </header>
          {subtitle ? (
            <div className="flex min-w-0 shrink-0 items-center gap-[0.35em] text-[clamp(10px,min(9cqh,5.5cqw),170px)] leading-tight font-semibold text-sky-300" data-tile-subtitle>
              {subtitle}
            </div>
          ) : null}
          <div
            className={`flex min-h-0 flex-1 items-center overflow-hidden font-bold tabular-nums leading-none tracking-tight ${status === 'none' ? 'text-white' : STATUS_TEXT_CLASS[status].dark}`}
            style={{ fontSize: wallValueFontSize(value) }}
          >
            <span className="truncate" data-value>
              {value}
            </span>
          </div>
          <footer className="flex min-w-0 shrink-0 items-end justify-between gap-[3cqw] text-[clamp(10px,min(9cqh,6cqw),170px)] leading-tight text-slate-300 tabular-nums">
            <span className="truncate">{targetText}</span>
            {change !== null ? (
              <span className={`flex shrink-0 items-center gap-[1cqw] ${STATUS_TEXT_CLASS[changeTone].dark}`} data-change>
                <ChangeArrow change={change} className="size-[0.8em]" />
                {f.kpiChange(change, unit, cur)}
              </span>
            ) : noBase ? (
              <span className="shrink-0 text-slate-400" title={noBaseText} data-change>
                —<span className="sr-only">{noBaseText}</span>
              </span>
            ) : null}
          </footer>
          {trend ? (
            <Sparkline trend={trend} target={result?.target} label={trendLabel} className="mt-[2cqh] h-[13cqh] w-full shrink-0 text-sky-400" targetClassName="stroke-slate-400" />
          ) : null}
          {children}
        </div>
      </section>
    )
  }

  return (
    <section
      className={`group relative flex min-w-0 flex-col rounded-lg border-l-4 border border-slate-200 bg-white p-3 shadow-sm focus-within:ring-2 focus-within:ring-sky-500 ${STATUS_BORDER_CLASS[status].light} ${className ?? ''}`}
      data-tile={key}
      data-status={status}
      tabIndex={0}
      aria-describedby={tipId}
    >
      <header className="flex items-start justify-between gap-2">
        <h3 className="text-sm font-medium text-slate-600">{heading}</h3>
        {statusText ? (
          <span className={`flex shrink-0 items-center gap-1 text-xs font-medium ${STATUS_TEXT_CLASS[status].light}`} data-status-text>
            <StatusIcon status={result?.status ?? null} className="size-4" />
            {statusText}
          </span>
        ) : null}
      </header>
      <div className={`mt-1 flex items-baseline gap-3 ${fit ? 'min-w-0 flex-wrap gap-y-0.5' : ''}`}>
        <span
          className={`text-3xl font-semibold tabular-nums ${fit ? 'whitespace-nowrap' : ''} ${status === 'none' ? 'text-ink' : STATUS_TEXT_CLASS[status].light}`}
          title={value !== exactValue ? exactValue : undefined}
          data-exact={value !== exactValue ? exactValue : undefined}
          data-value
        >
          {figure}
        </span>
        {change !== null ? (
          <span
            className={`flex items-center gap-1 text-sm tabular-nums ${fit ? 'whitespace-nowrap' : ''} ${STATUS_TEXT_CLASS[changeTone].light}`}
            title={[changeText !== exactChange ? exactChange : '', result?.changeIsGood === null ? '' : result?.changeIsGood ? better : worse].filter(Boolean).join(' — ') || undefined}
            data-exact={changeText !== exactChange ? exactChange : undefined}
            data-change
          >
            <ChangeArrow change={change} className="size-3" />
            <span data-change-text>{changeText}</span>
            <span className="sr-only">{result?.changeIsGood === null ? '' : result?.changeIsGood ? better : worse}</span>
          </span>
        ) : noBase ? (
          <span className="text-sm text-slate-400" title={noBaseText} data-change>
            <span data-change-text>—</span>
            <span className="sr-only">{noBaseText}</span>
          </span>
        ) : null}
      </div>
      <div className="mt-1 flex flex-wrap gap-x-3 text-xs text-slate-500 tabular-nums">
        {target !== null ? <span data-target>{targetText}</span> : null}
        {result?.previous !== null && result?.previous !== undefined ? (
          <span data-previous title={previousText !== f.kpi(result.previous, unit, cur) ? f.kpi(result.previous, unit, cur) : undefined}>
            {lastWeek ? t('previousLastWeek', { value: previousText }) : t('previous', { value: previousText })}
          </span>
        ) : noBase ? (
          <span data-previous>{lastWeek ? t('previousLastWeek', { value: '—' }) : t('previous', { value: '—' })}</span>
        ) : null}
      </div>
      {trend ? <Sparkline trend={trend} target={result?.target} label={trendLabel} className="mt-2 h-8 w-full text-sky-600" targetClassName="stroke-slate-400" /> : null}
      {children}
      <div
        id={tipId}
        role="tooltip"
        className="pointer-events-none invisible absolute top-full left-0 z-20 mt-1 w-72 rounded-md bg-slate-900 p-3 text-xs leading-relaxed text-white opacity-0 shadow-lg transition-opacity group-focus-within:visible group-focus-within:opacity-100 group-hover:visible group-hover:opacity-100"
      >
        <p className="font-semibold">{meta.label}</p>
        {value !== exactValue ? (
          <p className="mt-1 tabular-nums" data-exact-tip>
            {exactValue}
            {change !== null && changeText !== exactChange ? ` (${exactChange})` : ''}
          </p>
        ) : null}
        <p className="mt-2 text-[11px] tracking-wide text-slate-300 uppercase">{t('formula')}</p>
        <p>{meta.formula}</p>
        {meta.variantLabel ? <p className="mt-1">{t('variant', { variant: meta.variantLabel })}</p> : null}
        {meta.higherIsBetter !== null ? <p className="mt-1 text-slate-300">{meta.higherIsBetter ? t('higherIsBetter') : t('lowerIsBetter')}</p> : null}
      </div>
    </section>
  )
}
