/**
 * KPI values from components: the one place each formula of lib/kpi/definitions is evaluated.
 * Pure (no I/O), so the arithmetic is unit-tested on its own.
 */
import 'server-only'
import type { CenterSettings } from '../config'
import type { ServiceLevelVariant } from '../config/schema'
import { addComponents, emptyComponents, handleSeconds, type Components } from './components'
import { KPI_DEFINITIONS, type KpiDefinition, type KpiKey } from './definitions'
import { agentsNeeded } from './erlang'

/** One center's share of a group: its components and the length of its period (bucket ∩ window). */
export type CenterSlice = { center: CenterSettings; c: Components; periodMs: number }

export type GroupInput = {
  slices: CenterSlice[]
  /** Agent-time KPIs are meaningless once split by queue, channel or direction. */
  agentTime: boolean
  /** "Now" KPIs exist only for groups without a time bucket. */
  live: boolean
  /** Settings in force for the group (common to its centers/queue, else defaults). */
  settings: GroupSettings
}

export type GroupSettings = {
  serviceLevel: { thresholdSeconds: number; target: number }
  serviceLevelVariant: ServiceLevelVariant
  /** null when the group mixes currencies: money KPIs are then null. */
  currency: string | null
  targets: Record<string, number | null>
  warnBand: number
}

export type KpiNumbers = Partial<Record<KpiKey, number | null>>

const div = (a: number, b: number): number | null => (b > 0 ? a / b : null)

export function totalOf(slices: CenterSlice[]): Components {
  const t = emptyComponents()
  for (const s of slices) addComponents(t, s.c)
  return t
}

export function serviceLevelValue(c: Components, variant: ServiceLevelVariant): number | null {
  switch (variant) {
    case 'offered_minus_short':
      return div(c.answered_within, c.offered - c.short_abandons - c.undecided)
    case 'answered_plus_abandoned':
      return div(c.answered_within, c.answered + c.abandoned - c.short_abandons)
    case 'answered':
      return div(c.answered_within, c.answered)
    case 'removed_within':
      return div(c.answered_within + c.abandoned_within, c.offered - c.undecided)
  }
}

/**
 * AHT = (talk + hold) ÷ handled + after-call work ÷ contacts that record it. A platform without
 * hold time (queue_log, TaskRouter) counts hold inside talk, so hold adds only where recorded;
 * after-call work that is not recorded is unknown, not zero: with no contact recording it, AHT
 * is null ("no data"). When every contact records both, this is (talk + hold + ACW) ÷ handled.
 */
export function averageHandleTime(c: Components): number | null {
  if (c.handled === 0 || c.acw_n === 0) return null
  return (c.talk_s + c.hold_s) / c.handled + c.acw_s / c.acw_n
}

/**
 * Whether a KPI has a figure for a group, from what its definition declares: a live figure
 * only without a time bucket, an agent-time figure only when not split by queue, channel or
 * direction, a currency figure only when the group has one currency.
 */
export function kpiApplies(d: Pick<KpiDefinition, 'live' | 'agentTime' | 'unit'>, g: Pick<GroupInput, 'live' | 'agentTime' | 'settings'>): boolean {
  return (!d.live || g.live) && (!d.agentTime || g.agentTime) && (d.unit !== 'currency' || g.settings.currency !== null)
}

/** Every KPI value of a group (null where undefined: no denominator, not applicable, no cost model). */
export function computeKpis(g: GroupInput): KpiNumbers {
  const values = formulas(g)
  const out: KpiNumbers = {}
  for (const d of KPI_DEFINITIONS) out[d.key] = kpiApplies(d, g) ? values[d.key] : null
  return out
}

/** Each KPI's formula, once per key (the compiler checks that every definition has one). */
function formulas(g: GroupInput): Record<KpiKey, number | null> {
  const c = totalOf(g.slices)
  const money = g.settings.currency !== null
  const handleS = handleSeconds(c)
  const aht = averageHandleTime(c)
  const cost = money && c.cost_missing === 0 && g.slices.length > 0 ? c.cost : null
  const leadValue = g.slices.reduce((a, s) => a + s.c.leads * s.center.value.valuePerLead, 0)
  const retentionValue = g.slices.reduce((a, s) => a + s.c.retention_saves * s.center.value.valuePerRetentionSave, 0)
  const margin = cost === null ? null : c.revenue + leadValue + retentionValue - cost
  const conversion = div(c.sales, c.handled)
  const leadRate = div(c.leads, c.handled)
  const observedAov = div(c.revenue, c.sales) ?? 0
  const costOfAbandonment =
    conversion === null || leadRate === null
      ? null
      : g.slices.reduce(
          (a, s) => a + s.c.abandoned * (conversion * (s.center.value.averageOrderValue ?? observedAov) + leadRate * s.center.value.valuePerLead),
          0,
        )
  const perSecond = (f: (s: CenterSlice) => number) => g.slices.reduce((a, s) => a + (s.periodMs > 0 ? f(s) / (s.periodMs / 1000) : 0), 0)
  const arrivalRate = perSecond((s) => s.c.offered)
  const staffed = perSecond((s) => s.c.available_s + s.c.on_contact_s + s.c.wrap_up_s)
  let needed: number | null = null
  if (c.offered === 0) needed = 0
  else if (aht !== null && aht > 0 && g.settings.serviceLevel.target < 1) {
    needed = agentsNeeded({
      arrivalRate,
      handleS: aht,
      thresholdS: g.settings.serviceLevel.thresholdSeconds,
      target: g.settings.serviceLevel.target,
    })
  }

  return {
    offered: c.offered,
    answered: c.answered,
    abandoned: c.abandoned,
    short_abandons: c.short_abandons,
    still_waiting: c.still_waiting,
    answer_rate: div(c.answered, c.offered),
    abandonment_rate: div(c.abandoned, c.offered),
    abandonment_rate_excl_short: div(c.abandoned - c.short_abandons, c.offered - c.short_abandons),
    dial_attempts: c.dial_attempts,
    connect_rate: div(c.dial_connected, c.dial_attempts),
    asa: div(c.answered_wait_ms / 1000, c.answered),
    max_wait: c.offered > 0 ? c.max_wait_ms / 1000 : null,
    waiting_now: c.waiting_now,
    longest_wait_now: c.longest_wait_now_ms / 1000,
    service_level: serviceLevelValue(c, g.settings.serviceLevelVariant),
    handled: c.handled,
    handled_inbound: c.handled_inbound,
    handled_outbound: c.handled - c.handled_inbound,
    aht,
    avg_talk: div(c.talk_s, c.handled),
    avg_hold: div(c.hold_s, c.hold_n),
    avg_acw: div(c.acw_s, c.acw_n),
    transfer_rate: div(c.transferred, c.handled),
    hold_rate: div(c.held, c.hold_n),
    agents_available: c.agents_available_now,
    agents_on_contact: c.agents_on_contact_now,
    agents_wrap_up: c.agents_wrap_up_now,
    agents_not_ready: c.agents_not_ready_now,
    agents_logged_in: c.agents_logged_in_now,
    occupancy: div(c.on_contact_s + c.wrap_up_s, c.on_contact_s + c.wrap_up_s + c.available_s),
    utilization: div(c.on_contact_s + c.wrap_up_s, c.logged_s),
    logged_in_time: c.logged_s,
    agents_staffed: staffed,
    agents_needed: needed,
    fcr_agent: div(c.resolved, c.resolution_known),
    fcr_survey: div(c.fcr_survey_yes, c.fcr_survey_n),
    csat: div(c.csat_top2, c.csat_n),
    csat_mean: div(c.csat_sum, c.csat_n),
    nps: c.nps_n > 0 ? ((c.promoters - c.detractors) / c.nps_n) * 100 : null,
    survey_responses: c.survey_responses,
    leads: c.leads,
    lead_rate: leadRate,
    sales: c.sales,
    conversion_rate: conversion,
    revenue: c.revenue,
    revenue_per_contact: div(c.revenue, c.handled),
    retention_saves: c.retention_saves,
    lead_value: leadValue,
    retention_value: retentionValue,
    cost,
    cost_per_contact: cost === null ? null : div(cost, c.handled),
    cost_per_handled_minute: cost === null ? null : div(cost, handleS / 60),
    cost_per_resolved_contact: cost === null ? null : div(cost, c.resolved),
    cost_per_lead: cost === null ? null : div(cost, c.leads),
    margin,
    roi: margin === null || cost === null ? null : div(margin, cost),
    cost_of_abandonment: costOfAbandonment,
  }
}
