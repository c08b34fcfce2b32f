/**
 * How a snapshot's parts read contacts: by queue × channel, added up to what each part shows
 * (KpiRequest.readDims). The headline, the channel speeds, the queue table, the e-mail backlog
 * and the alert rules then run the same plan, so one statement of contacts and one of waiting
 * contacts per tick serve them all (QueryMemo). Agent time and agents by state cannot be split
 * by queue or channel: a request with such KPIs is read as asked.
 */
import 'server-only'
import { keysReading, type KpiKey } from '../kpi/definitions'
import type { ContactDim } from '../queries/plan'

export const LIVE_READ_DIMS: readonly ContactDim[] = ['queue', 'channel']

export function liveReads(keys: readonly KpiKey[]): { readDims?: readonly ContactDim[] } {
  return keysReading(keys, 'agent_time') || keysReading(keys, 'agents_now') ? {} : { readDims: LIVE_READ_DIMS }
}
