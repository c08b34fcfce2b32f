/**
 * The KPI engine's definitions and arithmetic (no I/O; safe in the browser except `compute`'s
 * use of config types). Queries live in lib/queries.
 *
 * Definitions (one per KPI, docs/kpis.md is generated from them):
 *   KPI_DEFINITIONS, KPI_KEYS, kpiDefinition(key), isKpiKey(s)        lib/kpi/definitions
 *     { key, category, label{en,fr}, unit, formula{en,fr}, higherIsBetter, bucketedOn, live?,
 *       target?, settings?, variants?, drill?, agentTime? }
 *   BUCKETS (what each bucketedOn means), DRILL_SETS, KPI_UNITS
 *   PRESETS, PRESET_NAMES, presetKeys(name)                            lib/kpi/presets
 *     sales | marketing | customer_service | general_management | live
 *
 * The one result shape, rendered by one tile component:
 *   KpiValue { key, value, previous, change, changeIsGood, target, status, unit, variant?, currency? }
 *   kpiValue(def, value, previous, target, warnBand, extra), statusOf(def, value, target, warnBand)
 *
 * Erlang C (numerically stable, Erlang B recursion):                    lib/kpi/erlang
 *   erlangB(N, A), erlangC(N, A), serviceLevel(N, A, h, t), averageSpeedOfAnswer(N, A, h),
 *   agentsNeeded({ arrivalRate, handleS, thresholdS, target, maxOccupancy? })
 *
 * Arithmetic behind getKpis (exposed for tests and what-if views):
 *   Components / addComponents (additive inputs), computeKpis(group) (every formula),
 *   sliceCost / proratedFixed (cost models), groupSettings / targetFor.
 *
 * Time zones (local days/months, DST):                                 lib/kpi/time
 *   startOfLocalDay, addLocalDays, startOfLocalMonth, addLocalMonths, shiftLocalDays,
 *   offsetMs, zonedToUtc, dayLabel, monthLabel, intervalLabel
 */
import 'server-only'

export * from './definitions'
export * from './presets'
export * from './result'
export * from './erlang'
export * from './components'
export * from './compute'
export * from './cost'
export * from './groupSettings'
export * from './time'
