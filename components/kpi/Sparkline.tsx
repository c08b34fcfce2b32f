/**
 * A dependency-free SVG sparkline (re-rendered every second on wall screens, so no chart
 * library, no resize observers): one line through the sampled values (slots without a sample
 * are skipped, not drawn as zero), the target as a dashed line when it falls within the range
 * shown, the last value as a dot.
 */
import type { Trend } from '@/lib/live/trend-store'

export function Sparkline({
  trend,
  target,
  className,
  label,
  strokeClassName = 'stroke-current',
  targetClassName = 'stroke-current opacity-40',
}: {
  trend: Trend | undefined
  target?: number | null
  className?: string
  /** Accessible name, e.g. "Trend over the last 60 minutes". */
  label: string
  strokeClassName?: string
  targetClassName?: string
}) {
  const W = 100
  const H = 30
  const values = trend?.values ?? []
  const pts: [number, number][] = []
  values.forEach((v, i) => {
    if (v !== null) pts.push([i, v])
  })
  const ys = pts.map((p) => p[1])
  let min = ys.length ? Math.min(...ys) : 0
  let max = ys.length ? Math.max(...ys) : 1
  if (max - min < 1e-9) {
    const pad = Math.abs(max) * 0.1 || 1
    max += pad
    min -= pad
  }
  const n = Math.max(values.length, 2)
  const x = (i: number) => (i / (n - 1)) * W
  const y = (v: number) => H - 2 - ((v - min) / (max - min)) * (H - 4)
  const showTarget = target !== null && target !== undefined && pts.length > 0 && target >= min && target <= max
  const last = pts[pts.length - 1]
  return (
    <svg className={className} viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label={label} data-points={pts.length}>
      {showTarget ? (
        <line x1={0} x2={W} y1={y(target)} y2={y(target)} className={targetClassName} strokeWidth={1} strokeDasharray="3 3" vectorEffect="non-scaling-stroke" />
      ) : null}
      {pts.length > 1 ? (
        <polyline
          points={pts.map(([i, v]) => `${x(i).toFixed(2)},${y(v).toFixed(2)}`).join(' ')}
          fill="none"
          className={strokeClassName}
          strokeWidth={2}
          vectorEffect="non-scaling-stroke"
          strokeLinejoin="round"
          strokeLinecap="round"
        />
      ) : null}
      {last ? <line x1={x(last[0])} x2={x(last[0])} y1={y(last[1])} y2={y(last[1])} className={strokeClassName} strokeWidth={6} strokeLinecap="round" vectorEffect="non-scaling-stroke" /> : null}
    </svg>
  )
}
