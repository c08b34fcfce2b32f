/**
 * Agent state time (AGENT_SUMS, seconds) per center [, agent] [, bucket]: each state lasts
 * until the agent's next state change (as agent_state_intervals), capped at agentStateMaxHours
 * and at "now", clipped to the center's window, split at bucket boundaries.
 *
 * Redelivered state events need no deduplication here: a copy has the same timestamp, so the
 * interval between the two copies lasts 0 ms. Source by window length: short windows read the
 * agent.state rows of `events` (ordered by center, type, ts: only the window's time range);
 * long ones read agent_state_events (ordered by center, agent, ts: the window function then
 * runs in storage order without sorting).
 */
import 'server-only'
import { queryRows } from '../clickhouse'
import { bucketStartSql, centerWhere, perGroup, planSpan, splitPhaseSql, splitSizeMs, type QueryPlan } from './plan'
import { maxStateCapMs, stateCapMsSql } from './settingsSql'
import { Params } from './sql'

export type AgentTimeRow = { center_id: string; agent_id?: string } & Record<string, number | string>

const SHORT_WINDOW_MS = 2 * 86_400_000

/** State intervals [s, e) in epoch ms, clipped to the window; offline time excluded. */
export function agentIntervalsSql(plan: QueryPlan, p: Params): string {
  const span = planSpan(plan)
  const cap = maxStateCapMs(plan.centers)
  const from = span.from - cap
  const to = Math.min(span.to, plan.asOf)
  const source = to - from <= SHORT_WINDOW_MS ? `events WHERE type = 'agent.state' AND` : 'agent_state_events WHERE'
  const winFrom = perGroup(plan, p, (g) => p.int(g.from))
  const winTo = perGroup(plan, p, (g) => p.int(Math.min(g.to, plan.asOf)))
  return `
SELECT center_id, agent_id, state, nxt, greatest(s0, ${winFrom}) AS s, least(nxt, s0 + ${stateCapMsSql(plan.centers, p)}, ${winTo}) AS e
FROM
(
    SELECT center_id, agent_id, toString(state) AS state, toUnixTimestamp64Milli(ts) AS s0,
           leadInFrame(toUnixTimestamp64Milli(ts), 1, toInt64(9e15))
               OVER (PARTITION BY center_id, agent_id ORDER BY ts, event_id ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING) AS nxt
    FROM ${source} ${centerWhere(plan, p)} AND ts >= ${p.ts(from)} AND ts < ${p.ts(to)}
)
WHERE state != 'offline' AND e > s`
}

/**
 * `now`: also count agents by their state now (AGENTS_NOW in lib/kpi/components), from the same
 * intervals: an agent's last change before now, if within the state cap, is the interval still
 * open at now. Only for plans without a time bucket whose window reaches now.
 */
export async function queryAgentTime(plan: QueryPlan, byAgent: boolean, opts: { now?: boolean } = {}): Promise<AgentTimeRow[]> {
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
  const now = !!opts.now && !plan.bucket && plan.groups.every((g) => g.to >= plan.asOf)
  const open = `nxt = toInt64(9e15) AND e = ${p.int(plan.asOf)}`
  const groupBy = ['center_id', ...(byAgent ? ['agent_id'] : []), ...(plan.bucket ? ['bucket'] : [])]
  const sql = `
SELECT ${keys.join(', ')},
    sumIf(${dur}, state = 'available') / 1000 AS available_s,
    sumIf(${dur}, state = 'on_contact') / 1000 AS on_contact_s,
    sumIf(${dur}, state = 'wrap_up') / 1000 AS wrap_up_s,
    sumIf(${dur}, state IN ('break', 'training', 'meeting')) / 1000 AS not_ready_s,
    sum(${dur}) / 1000 AS logged_s${
      now
        ? `,
    countIf(${open} AND state = 'available') AS agents_available_now,
    countIf(${open} AND state = 'on_contact') AS agents_on_contact_now,
    countIf(${open} AND state = 'wrap_up') AS agents_wrap_up_now,
    countIf(${open} AND state IN ('break', 'training', 'meeting')) AS agents_not_ready_now,
    countIf(${open}) AS agents_logged_in_now`
        : ''
    }
FROM ${from}
GROUP BY ${groupBy.join(', ')}`
  return queryRows<AgentTimeRow>(sql, p.values)
}
