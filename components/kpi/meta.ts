/**
 * What a tile shows around a figure, read from the KPI engine's definitions (lib/kpi): the
 * label, the formula in words, which direction is good, and the label of the variant in force.
 * Pure, client-safe (definitions are plain data).
 */
import type { AppLocale } from '@/lib/i18n/config'
import { isKpiKey, kpiDefinition, type KpiDefinition } from '@/lib/kpi/definitions'

export type KpiMeta = {
  key: string
  label: string
  formula: string
  higherIsBetter: boolean | null
  /** Label of the variant in force, when the KPI has variants and the result names one. */
  variantLabel: string | null
  live: boolean
  drill: string | null
  def: KpiDefinition | null
}

export function kpiMeta(key: string, locale: AppLocale, variant?: string | null): KpiMeta {
  if (!isKpiKey(key)) return { key, label: key, formula: '', higherIsBetter: null, variantLabel: null, live: false, drill: null, def: null }
  const d = kpiDefinition(key)
  const opt = variant && d.variants ? d.variants.options.find((o) => o.id === variant) : undefined
  return {
    key,
    label: d.label[locale],
    formula: d.formula[locale],
    higherIsBetter: d.higherIsBetter,
    variantLabel: opt ? opt[locale] : null,
    live: !!d.live,
    drill: d.drill ?? null,
    def: d,
  }
}
