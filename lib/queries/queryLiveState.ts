/**
 * The current instant: contacts waiting now (and the longest wait) per center/dimensions, and
 * agents by state now per center [, agent] (from the agent.state rows of `events`, ordered by
 * time, as in queryAgentTime).
 */
import 'server-only'
import { queryRows } from '../clickhouse'
import { getConfig } from '../config'
import { centerWhere, DIM_COLUMN, type QueryPlan } from './plan'
import { factsFrom, FINAL_SETTINGS, QUEUE_CONTACT } from './queryContactComponents'
import { maxStateCapMs, stateCapMsSql } from './settingsSql'
import { Params, ms } from './sql'

export type WaitingNowRow = { center_id: string; waiting_now: number; longest_wait_now_ms: number } & Record<string, string | number>

/** Queue contacts (QUEUE_CONTACT) queued within waitingLookbackHours, neither answered nor abandoned before now. */
export async function queryWaitingNow(plan: QueryPlan): Promise<WaitingNowRow[]> {
  const p = new Params()
  const dims = plan.dims.filter((d) => d !== 'agent').map((d) => DIM_COLUMN[d])
  const lookback = getConfig().raw.defaults.waitingLookbackHours * 3_600_000
  const asOf = p.ts(plan.asOf)
  const sql = `
SELECT center_id${dims.map((d) => `, ${d}`).join('')},
    count() AS waiting_now,
    max(${p.int(plan.asOf)} - ${ms('ts')}) AS longest_wait_now_ms
FROM ${factsFrom(plan)}
WHERE kind = 'offered' AND ${QUEUE_CONTACT} AND ${centerWhere(plan, p)}
  AND ts >= ${p.ts(plan.asOf - lookback)} AND ts < ${asOf}
  AND NOT ifNull(answered_at < ${asOf}, 0) AND NOT ifNull(abandoned_at < ${asOf}, 0)
GROUP BY center_id${dims.map((d) => `, ${d}`).join('')}
${plan.source === 'facts' ? FINAL_SETTINGS : ''}`
  return queryRows<WaitingNowRow>(sql, p.values)
}

export type AgentsNowRow = { center_id: string; agent_id?: string } & Record<string, number | string>

/** Each agent's last state before now, unless older than the center's agentStateMaxHours. */
export async function queryAgentsNow(plan: QueryPlan, byAgent: boolean): Promise<AgentsNowRow[]> {
  const p = new Params()
  const asOfMs = p.int(plan.asOf)
  const sql = `
SELECT center_id${byAgent ? ', agent_id' : ''},
    countIf(st = 'available') AS agents_available_now,
    countIf(st = 'on_contact') AS agents_on_contact_now,
    countIf(st = 'wrap_up') AS agents_wrap_up_now,
    countIf(st IN ('break', 'training', 'meeting')) AS agents_not_ready_now,
    countIf(st != 'offline') AS agents_logged_in_now
FROM
(
    SELECT center_id, agent_id, argMax(toString(state), (ts, event_id)) AS st, max(${ms('ts')}) AS last_ms
    FROM events
    WHERE type = 'agent.state' AND ${centerWhere(plan, p)}
      AND ts >= ${p.ts(plan.asOf - maxStateCapMs(plan.centers))} AND ts < ${p.ts(plan.asOf)}
    GROUP BY center_id, agent_id
)
WHERE last_ms >= ${asOfMs} - ${stateCapMsSql(plan.centers, p)}
GROUP BY center_id${byAgent ? ', agent_id' : ''}`
  return queryRows<AgentsNowRow>(sql, p.values)
}
