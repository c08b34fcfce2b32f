/**
 * Each agent's current state and since when, for the boards' agent panel: the agent table's
 * state read alone (queryStates: the latest run of the same state per agent), nothing else —
 * kept apart from the agent-time engine. A state older than the center's agentStateMaxHours is not believed
 * (state null), as in the engine's "agents by state now".
 */
import 'server-only'
import { queryStates } from './getAgentTable'
import { shared, type QueryMemo } from './kpiRequest'
import { resolveCenters } from './scope'

export type AgentStateRow = { centerId: string; agentId: string; state: string | null; reason: string | null; stateSince: number | null }

/** memo: shares the read with the agent table of the same tick (getAgentTable). */
export async function getAgentStates(now: number, allowedCenters: string[] | null, memo?: QueryMemo): Promise<AgentStateRow[]> {
  const centers = resolveCenters({}, allowedCenters)
  if (centers && centers.length === 0) return []
  const rows = await shared(memo, ['states', centers, now, null], () => queryStates(centers, now, null))
  return rows.map((r) => {
    const fresh = Number(r.last_ms) >= now - Number(r.cap_ms)
    return { centerId: r.center_id, agentId: r.agent_id, state: fresh ? r.st : null, reason: fresh ? r.rs || null : null, stateSince: fresh ? Number(r.since_ms) : null }
  })
}
