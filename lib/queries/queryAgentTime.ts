/**
 * Agent state time (AGENT_SUMS, seconds) per center [, agent] [, bucket]: each state lasts
 * until the agent's next state change (as agent_state_intervals), capped at agentStateMaxHours
 * and at "now", clipped to the center's window, split at bucket boundaries. Reads
 * agent_state_events directly for the window (plus the cap before it) instead of the
 * unbounded agent_state_intervals view.
 */
import { queryRows } from '../clickhouse'
import { bucketStartSql, centerWhere, perGroup, planSpan, splitPhaseSql, splitSizeMs, type QueryPlan } from './plan'
import { maxStateCapMs, stateCapMsSql } from './settingsSql'
import { Params } from './sql'

export type AgentTimeRow = { center_id: string; agent_id?: string; bucket?: number } & Record<string, number | string>

/** State intervals [s, e) in epoch ms, clipped to the window; offline time excluded. */
export function agentIntervalsSql(plan: QueryPlan, p: Params, agents?: string[]): string {
  const span = planSpan(plan)
  const cap = maxStateCapMs(plan.centers)
  const agentWhere = agents?.length ? `AND agent_id IN ${p.strs(agents)}` : ''
  const winFrom = perGroup(plan, p, (g) => p.int(g.from))
  const winTo = perGroup(plan, p, (g) => p.int(Math.min(g.to, plan.asOf)))
  return `
SELECT center_id, agent_id, state, greatest(s, ${winFrom}) AS s, least(nxt, s + ${stateCapMsSql(plan.centers, p)}, ${winTo}) AS e
FROM
(
    SELECT center_id, agent_id, state, toUnixTimestamp64Milli(ts) AS s,
           leadInFrame(toUnixTimestamp64Milli(ts), 1, toInt64(9e15)) OVER w AS nxt
    FROM
    (
        SELECT DISTINCT center_id, agent_id, ts, event_id, state
        FROM agent_state_events
        WHERE ${centerWhere(plan, p)} ${agentWhere}
          AND ts >= ${p.ts(span.from - cap)} AND ts < ${p.ts(Math.min(span.to, plan.asOf))}
    )
    WINDOW w AS (PARTITION BY center_id, agent_id ORDER BY ts, event_id ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING)
)
WHERE state != 'offline' AND e > s`
}

export async function queryAgentTime(plan: QueryPlan, byAgent: boolean, agents?: string[]): Promise<AgentTimeRow[]> {
  const p = new Params()
  const intervals = agentIntervalsSql(plan, p, agents)
  const keys = ['center_id', ...(byAgent ? ['agent_id'] : [])]
  let from = `(${intervals})`
  let dur = '(e - s)'
  if (plan.bucket) {
    const size = splitSizeMs(plan.bucket)
    const phase = splitPhaseSql(plan, p, plan.bucket)
    // Split each interval into phase-aligned pieces; the piece start decides the bucket.
    from = `(
      SELECT center_id, agent_id, state, greatest(s, k * ${size} - ph) AS ps, least(e, (k + 1) * ${size} - ph) AS pe
      FROM (SELECT *, ${phase} AS ph FROM (${intervals}))
      ARRAY JOIN range(intDiv(s + ph, ${size}), intDiv(e - 1 + ph, ${size}) + 1) AS k
    )`
    dur = '(pe - ps)'
    keys.push(`${bucketStartSql(plan, p, 'ps')} AS bucket`)
  }
  const groupBy = ['center_id', ...(byAgent ? ['agent_id'] : []), ...(plan.bucket ? ['bucket'] : [])]
  const sql = `
SELECT ${keys.join(', ')},
    sumIf(${dur}, state = 'available') / 1000 AS available_s,
    sumIf(${dur}, state = 'on_contact') / 1000 AS on_contact_s,
    sumIf(${dur}, state = 'wrap_up') / 1000 AS wrap_up_s,
    sumIf(${dur}, state IN ('break', 'training', 'meeting')) / 1000 AS not_ready_s,
    sum(${dur}) / 1000 AS logged_s
FROM ${from}
GROUP BY ${groupBy.join(', ')}`
  return queryRows<AgentTimeRow>(sql, p.values)
}
