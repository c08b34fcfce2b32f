/**
 * Additive building blocks of every KPI. Queries return components per (center, dimensions,
 * bucket); groups are formed by adding components; ratios are computed last (lib/kpi/compute).
 * Adding before dividing is what makes a reporting-line figure equal to the figure computed
 * from all its contacts at once.
 */
import 'server-only'


export const CONTACT_SUMS = [
  // cohort of contacts offered in the period (bucketed on queued_at)
  'offered',
  'answered',
  'abandoned',
  'short_abandons',
  'still_waiting',
  /** still waiting and not yet past the SL threshold: SL outcome unknown */
  'undecided',
  'answered_within',
  'abandoned_within',
  'answered_wait_ms',
  'voice_wait_ms',
  // outbound dial attempts (not queue contacts), bucketed on the attempt
  'dial_attempts',
  'dial_connected',
  // handled contacts (bucketed on the last wrap-up)
  'handled',
  /** handled contacts that were queue contacts (inbound): the population of offered */
  'handled_inbound',
  'talk_s',
  /** handled contacts whose platform records hold time (queue_log and TaskRouter do not) */
  'hold_n',
  'hold_s',
  /** handled contacts whose platform records after-call work (queue_log does not) */
  'acw_n',
  'acw_s',
  'transferred',
  'held',
  'resolution_known',
  'resolved',
  'leads',
  'sales',
  'retention_saves',
  'revenue',
  'voice_handle_s',
  // survey responses (bucketed on completion)
  'survey_responses',
  'csat_n',
  'csat_top2',
  'csat_sum',
  'nps_n',
  'promoters',
  'detractors',
  'fcr_survey_n',
  'fcr_survey_yes',
] as const
/** Combined with max, not +. */
export const CONTACT_MAXES = ['max_wait_ms'] as const
export const AGENT_SUMS = ['available_s', 'on_contact_s', 'wrap_up_s', 'not_ready_s', 'logged_s'] as const
export const NOW_SUMS = [
  'waiting_now',
  'agents_available_now',
  'agents_on_contact_now',
  'agents_wrap_up_now',
  'agents_not_ready_now',
  'agents_logged_in_now',
] as const
export const NOW_MAXES = ['longest_wait_now_ms'] as const
export const COST_SUMS = ['cost', 'cost_missing'] as const

export const SUM_KEYS = [...CONTACT_SUMS, ...AGENT_SUMS, ...NOW_SUMS, ...COST_SUMS] as const
export const MAX_KEYS = [...CONTACT_MAXES, ...NOW_MAXES] as const
export type ComponentKey = (typeof SUM_KEYS)[number] | (typeof MAX_KEYS)[number]
export type Components = Record<ComponentKey, number>

export function emptyComponents(): Components {
  const c = {} as Components
  for (const k of SUM_KEYS) c[k] = 0
  for (const k of MAX_KEYS) c[k] = 0
  return c
}

/** a += b */
export function addComponents(a: Components, b: Partial<Components>): Components {
  for (const k of SUM_KEYS) a[k] += Number(b[k] ?? 0)
  for (const k of MAX_KEYS) a[k] = Math.max(a[k], Number(b[k] ?? 0))
  return a
}

/** Seconds of handle time (talk + hold + after-call work): the basis for splitting shared cost. */
export function handleSeconds(c: Components): number {
  return c.talk_s + c.hold_s + c.acw_s
}
