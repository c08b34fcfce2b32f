/**
 * Agent state time (AGENT_SUMS, seconds) per center [, agent] [, bucket]: each state lasts
 * until the agent's next state change (as agent_state_intervals), capped at agentStateMaxHours
 * and at "now", clipped to the center's window, split at bucket boundaries.
 *
 * Reads the agent.state rows of `events` (ordered by center, type, ts: a window reads only its
 * own time range) deduplicated by event — the same rows, deduplicated the same way, as
 * agent_state_events / agent_state_intervals, whose (center, agent, ts) order would make any
 * time window scan every agent's whole history.
 */
import { queryRows } from '../clickhouse'
import { bucketStartSql, centerWhere, perGroup, planSpan, splitPhaseSql, splitSizeMs, type QueryPlan } from './plan'
import { maxStateCapMs, stateCapMsSql } from './settingsSql'
import { Params } from './sql'

export type AgentTimeRow = { center_id: string; agent_id?: string } & Record<string, number | string>

/** Each agent's state changes in [from, to), deduplicated, sorted: (ts ms, event_id, state). */
export function agentStateChangesSql(plan: QueryPlan, p: Params, from: number, to: number): string {
  return `
SELECT center_id, agent_id,
       arraySort(x -> (x.1, x.2), groupUniqArray((toUnixTimestamp64Milli(ts), event_id, toString(state)))) AS changes
FROM events
WHERE type = 'agent.state' AND ${centerWhere(plan, p)} AND ts >= ${p.ts(from)} AND ts < ${p.ts(to)}
GROUP BY center_id, agent_id`
}

/** State intervals [s, e) in epoch ms, clipped to the window; offline time excluded. */
export function agentIntervalsSql(plan: QueryPlan, p: Params): string {
  const span = planSpan(plan)
  const cap = maxStateCapMs(plan.centers)
  const winFrom = perGroup(plan, p, (g) => p.int(g.from))
  const winTo = perGroup(plan, p, (g) => p.int(Math.min(g.to, plan.asOf)))
  return `
SELECT center_id, agent_id, c.3 AS state, greatest(c.1, ${winFrom}) AS s, least(nxt, c.1 + ${stateCapMsSql(plan.centers, p)}, ${winTo}) AS e
FROM (${agentStateChangesSql(plan, p, span.from - cap, Math.min(span.to, plan.asOf))})
ARRAY JOIN changes AS c, arrayPushBack(arrayPopFront(arrayMap(x -> x.1, changes)), toInt64(9e15)) AS nxt
WHERE state != 'offline' AND e > s`
}

export async function queryAgentTime(plan: QueryPlan, byAgent: boolean): Promise<AgentTimeRow[]> {
  const p = new Params()
  const intervals = agentIntervalsSql(plan, p)
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
