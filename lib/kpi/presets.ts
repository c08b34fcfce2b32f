/**
 * The KPI set that leads for each reporting line (what a sales director, a marketing
 * director, a customer-service director and general management look at first), plus the
 * live wallboard set. Order = display order.
 */
import type { ReportingLine } from '../config/schema'
import type { KpiKey } from './definitions'

export const PRESETS = {
  sales: ['revenue', 'conversion_rate', 'revenue_per_contact', 'sales', 'cost_of_abandonment', 'margin', 'roi', 'service_level', 'abandonment_rate', 'aht', 'connect_rate'],
  marketing: ['leads', 'cost_per_lead', 'lead_rate', 'lead_value', 'cost', 'roi', 'offered', 'service_level', 'abandonment_rate'],
  customer_service: ['csat', 'nps', 'fcr_survey', 'fcr_agent', 'cost_per_resolved_contact', 'service_level', 'asa', 'abandonment_rate', 'aht', 'retention_saves'],
  general_management: ['offered', 'handled', 'service_level', 'abandonment_rate', 'csat', 'nps', 'cost', 'cost_per_contact', 'revenue', 'margin', 'roi', 'occupancy'],
  live: [
    'waiting_now',
    'longest_wait_now',
    'agents_available',
    'agents_on_contact',
    'agents_wrap_up',
    'agents_not_ready',
    'service_level',
    'asa',
    'offered',
    'answered',
    'abandoned',
    'abandonment_rate',
    'agents_needed',
    'agents_staffed',
  ],
} as const satisfies Record<ReportingLine | 'live', readonly KpiKey[]>

export type PresetName = keyof typeof PRESETS
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[]

export function presetKeys(name: PresetName): readonly KpiKey[] {
  return PRESETS[name]
}
