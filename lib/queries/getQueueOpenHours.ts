/**
 * Hours with traffic per queue: the number of local clock hours of the window in which the
 * queue was offered at least one contact. The executive what-if spreads a period's offered
 * contacts over these hours to get an arrival rate for Erlang C (a month's contacts divided
 * by the whole month, nights included, would understate the load).
 *
 *   getQueueOpenHours({ window: { kind: 'custom', from, to }, filters: { channels: ['voice'] } }, allowedCenters)
 *     → [{ centerId, queueId, openHours }]
 *
 * Added by the executive view (issue 7); reuses the engine's plan, scope and facts source.
 */
import 'server-only'
import { queryRows } from '../clickhouse'
import { bucketStartSql, makePlan } from './plan'
import { factsFrom, FINAL_SETTINGS } from './queryContactComponents'
import { ensureContactFacts } from './refreshContactFacts'
import { resolveCenters, type KpiFilters } from './scope'
import { Params, ms } from './sql'
import { windowWhere } from './plan'
import type { WindowSpec } from './window'

export type QueueOpenHoursRequest = {
  window: WindowSpec
  /** centers / reporting lines / sourcing / queues / channels / directions (agents ignored). */
  filters?: KpiFilters
  now?: number
  maxLagMs?: number
  source?: 'facts' | 'contacts_v'
}

export type QueueOpenHours = { centerId: string; queueId: string; openHours: number }

export async function getQueueOpenHours(req: QueueOpenHoursRequest, allowedCenters: string[] | null): Promise<QueueOpenHours[]> {
  const filters = req.filters ?? {}
  const centers = resolveCenters(filters, allowedCenters)
  if (centers && centers.length === 0) return []
  const plan = makePlan({ centers, window: req.window, now: req.now ?? Date.now(), dims: ['queue'], bucket: 'interval60', source: req.source })
  if (plan.source === 'facts') await ensureContactFacts(req.maxLagMs ?? 1000)
  const p = new Params()
  const conds = [`kind = 'offered'`, windowWhere(plan, p)]
  if (filters.queues?.length) conds.push(`queue_id IN ${p.strs(filters.queues)}`)
  if (filters.channels?.length) conds.push(`channel IN ${p.strs(filters.channels)}`)
  if (filters.directions?.length) conds.push(`direction IN ${p.strs(filters.directions)}`)
  const hour = bucketStartSql(plan, p, ms('ts'), 'interval60')
  const sql = `
SELECT center_id, queue_id, uniqExact(${hour}) AS open_hours
FROM ${factsFrom(plan)}
WHERE ${conds.join(' AND ')}
GROUP BY center_id, queue_id
ORDER BY center_id, queue_id
${plan.source === 'facts' ? FINAL_SETTINGS : ''}`
  const rows = await queryRows<{ center_id: string; queue_id: string; open_hours: string | number }>(sql, p.values)
  return rows.map((r) => ({ centerId: r.center_id, queueId: r.queue_id, openHours: Number(r.open_hours) }))
}
