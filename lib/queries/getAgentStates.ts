/**
 * Each agent's current state and since when, for the boards' agent panel: one small read of
 * agent_state_events (the latest run of the same state per agent), nothing else — kept apart
 * from the agent-time engine. A state older than the center's agentStateMaxHours is not believed
 * (state null), as in the engine's "agents by state now".
 */
import 'server-only'
import { queryRows } from '../clickhouse'
import { resolveCenters } from './scope'
import { maxStateCapMs, stateCapMsSql } from './settingsSql'
import { Params, ms } from './sql'

export type AgentStateRow = { centerId: string; agentId: string; state: string | null; reason: string | null; stateSince: number | null }

type Row = { center_id: string; agent_id: string; st: string; rs: string; since_ms: string | number; last_ms: string | number; cap_ms: string | number }

export async function getAgentStates(now: number, allowedCenters: string[] | null): Promise<AgentStateRow[]> {
  const centers = resolveCenters({}, allowedCenters)
  if (centers && centers.length === 0) return []
  const p = new Params()
  const where = centers ? `center_id IN ${p.strs(centers)}` : 'TRUE'
  // evs: newest first; since = the oldest event of the newest run of the same state.
  const sql = `
SELECT center_id, agent_id, st, rs, last_ms, cap_ms,
    if(k = 0, evs[length(evs)].1, evs[k - 1].1) AS since_ms
FROM
(
    SELECT center_id, agent_id,
        arrayReverseSort(x -> (x.1, x.2), groupArray((${ms('ts')}, event_id, toString(state), reason))) AS evs,
        evs[1].3 AS st,
        evs[1].4 AS rs,
        evs[1].1 AS last_ms,
        arrayFirstIndex(x -> x.3 != st, evs) AS k,
        ${stateCapMsSql(centers, p)} AS cap_ms
    FROM agent_state_events
    WHERE ${where}
      AND ts >= ${p.ts(now - maxStateCapMs(centers))} AND ts < ${p.ts(now)}
    GROUP BY center_id, agent_id
)`
  const rows = await queryRows<Row>(sql, p.values)
  return rows.map((r) => {
    const fresh = Number(r.last_ms) >= now - Number(r.cap_ms)
    return { centerId: r.center_id, agentId: r.agent_id, state: fresh ? r.st : null, reason: fresh ? r.rs || null : null, stateSince: fresh ? Number(r.since_ms) : null }
  })
}
