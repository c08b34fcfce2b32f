import type { KpiValue } from '../kpi/result'

/**
 * Raw values in a CSV, rounded to what the figure means: shares (percent, ratio) 4 decimals,
 * durations 0.1 s, money 2 decimals, scores 2, counts 2 (averages of counts, e.g. agents staffed).
 */
export function roundRaw(v: number | null | undefined, unit: KpiValue['unit']): number | null {
  if (v === null || v === undefined || !Number.isFinite(v)) return null
  const d = unit === 'percent' || unit === 'ratio' ? 4 : unit === 'seconds' ? 1 : 2
  const m = 10 ** d
  const x = Math.round(v * m) / m
  return Object.is(x, -0) ? 0 : x
}
