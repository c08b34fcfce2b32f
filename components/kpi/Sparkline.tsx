/**
 * A dependency-free SVG sparkline (re-rendered every second on wall screens, so no chart
 * library, no resize observers): one polyline per run of consecutive values (gaps where
 * nothing was sampled), an optional dashed target line, the last point as a dot.
 */
import type { Trend } from '@/lib/boards/history'

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
  const finite = values.filter((v): v is number => v !== null)
  const all = target !== null && target !== undefined ? [...finite, target] : finite
  let min = all.length ? Math.min(...all) : 0
  let max = all.length ? Math.max(...all) : 1
  if (max - min < 1e-9) {
    max += 1
    min -= 1
  }
  const n = Math.max(values.length, 2)
  const x = (i: number) => (i / (n - 1)) * W
  const y = (v: number) => H - 2 - ((v - min) / (max - min)) * (H - 4)
  const runs: string[] = []
  let cur: string[] = []
  values.forEach((v, i) => {
    if (v === null) {
      if (cur.length) runs.push(cur.join(' '))
      cur = []
    } else cur.push(`${x(i).toFixed(2)},${y(v).toFixed(2)}`)
  })
  if (cur.length) runs.push(cur.join(' '))
  let lastIdx = -1
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null) { lastIdx = i; break }
  return (
    <svg className={className} viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label={label} data-points={finite.length}>
      {target !== null && target !== undefined && finite.length > 0 ? (
        <line x1={0} x2={W} y1={y(target)} y2={y(target)} className={targetClassName} strokeWidth={1} strokeDasharray="3 3" vectorEffect="non-scaling-stroke" />
      ) : null}
      {runs.map((pts, i) =>
        pts.includes(' ') ? (
          <polyline key={i} points={pts} fill="none" className={strokeClassName} strokeWidth={2} vectorEffect="non-scaling-stroke" strokeLinejoin="round" />
        ) : null,
      )}
      {lastIdx >= 0 ? <circle cx={x(lastIdx)} cy={y(values[lastIdx] as number)} r={1.8} className="fill-current" /> : null}
    </svg>
  )
}
