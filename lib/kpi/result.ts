/**
 * The one result shape of every KPI, so one tile component renders them all, and the target
 * status rule.
 */
import type { KpiDefinition, KpiKey, KpiUnit } from './definitions'

export type KpiStatus = 'good' | 'warn' | 'bad'

export type KpiValue = {
  key: KpiKey
  value: number | null
  /** Same KPI over the previous period (null when not requested or undefined). */
  previous: number | null
  /** value − previous, in the KPI's unit (percentage points for percents). */
  change: number | null
  /** Whether the change goes the good way (null: no change, no previous, or neutral KPI). */
  changeIsGood: boolean | null
  target: number | null
  status: KpiStatus | null
  unit: KpiUnit
  /** Which variant produced the figure (e.g. the service-level denominator). */
  variant?: string
  /** ISO 4217 code for currency KPIs. */
  currency?: string
}

/**
 * good: target met; warn: missed by at most warnBand (relative to the target; 100 × warnBand
 * points for scores such as NPS, at least 1 for agent counts); bad: worse.
 */
export function statusOf(def: KpiDefinition, value: number | null, target: number | null, warnBand: number): KpiStatus | null {
  if (value === null || target === null || def.higherIsBetter === null) return null
  let band = def.unit === 'score' ? warnBand * 100 : Math.abs(target) * warnBand
  if (def.minWarnBand !== undefined) band = Math.max(def.minWarnBand, band)
  const eps = 1e-9
  if (def.higherIsBetter) return value >= target - eps ? 'good' : value >= target - band - eps ? 'warn' : 'bad'
  return value <= target + eps ? 'good' : value <= target + band + eps ? 'warn' : 'bad'
}

export function kpiValue(
  def: KpiDefinition & { key: KpiKey },
  value: number | null,
  previous: number | null,
  target: number | null,
  warnBand: number,
  extra: { variant?: string; currency?: string } = {},
): KpiValue {
  return {
    key: def.key,
    value,
    ...changeOf(def, value, previous),
    target,
    status: statusOf(def, value, target, warnBand),
    unit: def.unit,
    ...(extra.variant ? { variant: extra.variant } : {}),
    ...(extra.currency && def.unit === 'currency' ? { currency: extra.currency } : {}),
  }
}

function changeOf(def: KpiDefinition, value: number | null, previous: number | null): Pick<KpiValue, 'previous' | 'change' | 'changeIsGood'> {
  const change = value !== null && previous !== null ? value - previous : null
  const changeIsGood = change === null || Math.abs(change) < 1e-12 || def.higherIsBetter === null ? null : change > 0 === def.higherIsBetter
  return { previous, change, changeIsGood }
}

/** The same result compared with another previous value (e.g. one refreshed less often than the value). */
export function withPrevious(def: KpiDefinition, r: KpiValue, previous: number | null): KpiValue {
  return { ...r, ...changeOf(def, r.value, previous) }
}
