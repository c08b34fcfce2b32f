/**
 * How a snapshot's parts read contacts: by queue × channel, added up to what each part shows
 * (KpiRequest.readDims), with the components of the same KPIs (readKeys). The headline, the
 * channel speeds, the queue table, the e-mail backlog and the alert rules then run the same plan,
 * so one statement of contacts and one of waiting contacts per tick serve them all (QueryMemo).
 * Agent time and agents by state cannot be split by queue or channel: a request with such KPIs
 * is read as asked.
 */
import 'server-only'
import { keysReading, type KpiKey } from '../kpi/definitions'
import type { ContactDim } from '../queries/plan'
import { OUTBOUND_TABLE_KEYS, QUEUE_TABLE_KEYS } from './columns'
import { CHANNEL_KEYS, LIVE_TOTAL_KEYS, QUEUE_PANEL_KEYS } from './keys'

export const LIVE_READ_DIMS: readonly ContactDim[] = ['queue', 'channel']

/**
 * The KPIs whose contact components every such read sums (lib/kpi/inputs): those of the live
 * page's and the boards' parts, so that they all find the one read in the memo. A request for
 * other KPIs (a board tile, an alert rule) adds its own.
 */
export const LIVE_READ_KEYS: readonly KpiKey[] = [...new Set<KpiKey>([...LIVE_TOTAL_KEYS, ...QUEUE_TABLE_KEYS, ...OUTBOUND_TABLE_KEYS, ...CHANNEL_KEYS, ...QUEUE_PANEL_KEYS, 'handled'])]

export function liveReads(keys: readonly KpiKey[]): { readDims?: readonly ContactDim[]; readKeys?: readonly KpiKey[] } {
  return keysReading(keys, 'agent_time') || keysReading(keys, 'agents_now') ? {} : { readDims: LIVE_READ_DIMS, readKeys: LIVE_READ_KEYS }
}
