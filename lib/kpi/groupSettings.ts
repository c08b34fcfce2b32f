/**
 * Settings in force for a group of centers (and possibly one queue): a value shared by all of
 * them, else the default (thresholds) or null (targets, currency) — a group mixing two SL
 * targets has no single target to show.
 */
import { queueSettings, type CenterSettings } from '../config'
import type { GroupSettings, KpiNumbers } from './compute'
import type { KpiDefinition } from './definitions'

const TARGET_KEYS = ['asaSeconds', 'maxAbandonRate', 'ahtSeconds', 'csat', 'nps', 'fcr', 'occupancy', 'conversionRate', 'costPerContact'] as const

function common<T>(values: T[]): T | null {
  if (!values.length) return null
  const s = JSON.stringify(values[0])
  return values.every((v) => JSON.stringify(v) === s) ? values[0] : null
}

export function groupSettings(centers: CenterSettings[], queueId: string | null, defaults: CenterSettings): GroupSettings {
  const cs = centers.length ? centers : [defaults]
  const sls = queueId !== null ? cs.map((c) => queueSettings(c, queueId).serviceLevel) : cs.map((c) => c.targets.serviceLevel)
  const sl = common(sls)
  const targets: Record<string, number | null> = { serviceLevel: sl?.target ?? null }
  for (const k of TARGET_KEYS) targets[k] = common(cs.map((c) => c.targets[k]))
  return {
    serviceLevel: sl ?? defaults.targets.serviceLevel,
    serviceLevelVariant: common(cs.map((c) => c.serviceLevelVariant)) ?? defaults.serviceLevelVariant,
    currency: common(cs.map((c) => c.currency)),
    targets,
    warnBand: defaults.warnBand,
  }
}

export function targetFor(def: KpiDefinition, s: GroupSettings, values: KpiNumbers): number | null {
  if (!def.target) return null
  if (def.target === 'agentsNeeded') return values.agents_needed ?? null
  return s.targets[def.target] ?? null
}
