/**
 * The contact components each KPI's formula (lib/kpi/compute) reads, so that a query sums only
 * those: every aggregate costs the embedded engine planning and execution time (a live statement
 * with the 13 components of the live preset instead of 29: 59 → 40 ms, BENCHMARKS.md, Queries).
 * tests/unit/kpi-inputs.test.ts checks every entry: changing a component a KPI does not list
 * never changes its value.
 */
import 'server-only'
import type { CONTACT_MAXES, CONTACT_SUMS } from './components'
import type { KpiKey } from './definitions'

export type ContactComponent = (typeof CONTACT_SUMS)[number] | (typeof CONTACT_MAXES)[number]

/** What a center's cost is allocated from (lib/queries/allocateCost, lib/kpi/cost). */
const COST: readonly ContactComponent[] = ['offered', 'handled', 'talk_s', 'hold_s', 'acw_s', 'voice_wait_ms', 'voice_handle_s']
const AHT: readonly ContactComponent[] = ['handled', 'talk_s', 'hold_s', 'acw_s', 'acw_n']
const SERVICE_LEVEL: readonly ContactComponent[] = ['offered', 'answered', 'abandoned', 'short_abandons', 'undecided', 'answered_within', 'abandoned_within']
const MARGIN: readonly ContactComponent[] = [...COST, 'revenue', 'leads', 'retention_saves']

export const KPI_CONTACT_INPUTS: Record<KpiKey, readonly ContactComponent[]> = {
  offered: ['offered'],
  answered: ['answered'],
  abandoned: ['abandoned'],
  short_abandons: ['short_abandons'],
  still_waiting: ['still_waiting'],
  answer_rate: ['answered', 'offered'],
  abandonment_rate: ['abandoned', 'offered'],
  abandonment_rate_excl_short: ['abandoned', 'short_abandons', 'offered'],
  dial_attempts: ['dial_attempts'],
  connect_rate: ['dial_connected', 'dial_attempts'],
  asa: ['answered_wait_ms', 'answered'],
  max_wait: ['offered', 'max_wait_ms'],
  waiting_now: [],
  longest_wait_now: [],
  service_level: SERVICE_LEVEL,
  handled: ['handled'],
  handled_inbound: ['handled_inbound'],
  handled_outbound: ['handled', 'handled_inbound'],
  aht: AHT,
  avg_talk: ['talk_s', 'handled'],
  avg_hold: ['hold_s', 'hold_n'],
  avg_acw: ['acw_s', 'acw_n'],
  transfer_rate: ['transferred', 'handled'],
  hold_rate: ['held', 'hold_n'],
  agents_available: [],
  agents_on_contact: [],
  agents_wrap_up: [],
  agents_not_ready: [],
  agents_logged_in: [],
  occupancy: [],
  utilization: [],
  logged_in_time: [],
  agents_staffed: [],
  agents_needed: ['offered', ...AHT],
  fcr_agent: ['resolved', 'resolution_known'],
  fcr_survey: ['fcr_survey_yes', 'fcr_survey_n'],
  csat: ['csat_top2', 'csat_n'],
  csat_mean: ['csat_sum', 'csat_n'],
  nps: ['nps_n', 'promoters', 'detractors'],
  survey_responses: ['survey_responses'],
  leads: ['leads'],
  lead_rate: ['leads', 'handled'],
  sales: ['sales'],
  conversion_rate: ['sales', 'handled'],
  revenue: ['revenue'],
  revenue_per_contact: ['revenue', 'handled'],
  retention_saves: ['retention_saves'],
  lead_value: ['leads'],
  retention_value: ['retention_saves'],
  cost: COST,
  cost_per_contact: COST,
  cost_per_handled_minute: COST,
  cost_per_resolved_contact: [...COST, 'resolved'],
  cost_per_lead: [...COST, 'leads'],
  margin: MARGIN,
  roi: MARGIN,
  cost_of_abandonment: ['abandoned', 'sales', 'handled', 'leads', 'revenue'],
}

/** The contact components a set of KPIs reads, in a stable order. */
export function contactInputs(keys: readonly KpiKey[]): ContactComponent[] {
  const want = new Set<ContactComponent>()
  for (const k of keys) for (const c of KPI_CONTACT_INPUTS[k]) want.add(c)
  return [...want].sort()
}
