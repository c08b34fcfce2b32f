/**
 * Which KPI engine keys the live view and the wall boards ask for. Every figure is an engine
 * result (lib/queries getKpis); these lists only pick keys.
 */
import 'server-only'
import type { ReportingLine } from '../config'
import { PRESETS } from '../kpi/presets'
import type { KpiKey } from '../kpi/definitions'

export const LIVE_TOTAL_KEYS = [
  'waiting_now',
  'longest_wait_now',
  'service_level',
  'asa',
  'abandonment_rate',
  'aht',
  'occupancy',
  'offered',
  'answered',
  'abandoned',
  'agents_available',
  'agents_on_contact',
  'agents_wrap_up',
  'agents_not_ready',
  'agents_logged_in',
] as const satisfies readonly KpiKey[]

/** Keys with a sparkline on /live. */
export const LIVE_TREND_KEYS: readonly KpiKey[] = ['waiting_now', 'longest_wait_now', 'service_level', 'asa', 'abandonment_rate', 'aht', 'occupancy', 'offered', 'abandoned', 'agents_logged_in']

export const QUEUE_PANEL_KEYS = ['waiting_now', 'longest_wait_now', 'service_level', 'offered'] as const satisfies readonly KpiKey[]
/**
 * Speed figures shown per channel on /live when the scope mixes channels: a 20 s phone answer
 * and a 4 h e-mail reply are judged each against their own target.
 */
export const CHANNEL_KEYS = ['waiting_now', 'longest_wait_now', 'service_level', 'asa'] as const satisfies readonly KpiKey[]
export const AGENT_STATE_KEYS = ['agents_available', 'agents_on_contact', 'agents_wrap_up', 'agents_not_ready', 'agents_logged_in'] as const satisfies readonly KpiKey[]

/** The reporting-line KPIs on /live: the first four of each line's engine preset (lib/kpi/presets). */
export const LINE_KPI_KEYS: Record<ReportingLine, readonly KpiKey[]> = {
  sales: PRESETS.sales.slice(0, 4),
  marketing: PRESETS.marketing.slice(0, 4),
  customer_service: PRESETS.customer_service.slice(0, 4),
  general_management: PRESETS.general_management.slice(0, 4),
}
