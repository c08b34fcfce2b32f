/**
 * One row per agent for the supervisor's agent table: current state (and since when), handled
 * contacts and AHT today, and how long the current contact has lasted.
 *
 *   getAgentTable({ filters: { centers: ['paris-sales'] } }, allowedCenters)
 *     → [{ centerId, agentId, state, reason, stateSince, handledToday, ahtS, contactAnsweredAt, contactQueueId }]
 *
 * - state / stateSince: the agent's last state change before "now" and the start of that run of
 *   the same state, read from agent_state_events like the engine's "agents by state now"
 *   (queryAgentsNow): a state older than the center's agentStateMaxHours is not believed
 *   (state null). Offline agents are listed when they changed state within that window.
 * - handledToday / ahtS: the engine's `handled` and `aht` KPIs (getKpis, window today in each
 *   center's time zone, grouped by center and agent): one definition for every screen. Queue,
 *   channel and direction filters apply to these figures.
 * - contactAnsweredAt: the agent's last contact.answered whose leg that agent has not ended yet
 *   (contact.ended with the same agent), within the state window; null when the agent is not on a
 *   contact (state other than on_contact) or the contact ended.
 *
 * Added by the live view (issue 5); reuses the engine's getKpis, scope and settings helpers.
 */
import 'server-only'
import { queryRows } from '../clickhouse'
import { getKpis } from './getKpis'
import { shared, type QueryMemo } from './kpiRequest'
import { resolveCenters, type KpiFilters } from './scope'
import { maxStateCapMs, stateCapMsSql } from './settingsSql'
import { Params, ms } from './sql'

export type AgentTableRow = {
  centerId: string
  agentId: string
  state: string | null
  reason: string | null
  /** Start of the current run of the same state (epoch ms). */
  stateSince: number | null
  handledToday: number | null
  ahtS: number | null
  /** When the current contact was answered (epoch ms), null when not on a contact. */
  contactAnsweredAt: number | null
  contactQueueId: string | null
}

/** memo: reads shared with the other engine requests of the same tick (QueryMemo). */
export type AgentTableRequest = { filters?: KpiFilters; now?: number; maxLagMs?: number; memo?: QueryMemo }

export type StateRow = { center_id: string; agent_id: string; st: string; rs: string; since_ms: string | number; last_ms: string | number; cap_ms: string | number }
type ContactRow = { center_id: string; agent_id: string; answered_ms: string | number; queue_id: string }

export async function getAgentTable(req: AgentTableRequest, allowedCenters: string[] | null): Promise<AgentTableRow[]> {
  const now = req.now ?? Date.now()
  const filters = req.filters ?? {}
  const centers = resolveCenters(filters, allowedCenters)
  if (centers && centers.length === 0) return []
  const agents = filters.agents?.length ? filters.agents : null

  const [states, contacts, kpis] = await Promise.all([
    shared(req.memo, ['states', centers, now, agents], () => queryStates(centers, now, agents)),
    queryOpenContacts(centers, now, agents),
    getKpis({ window: { kind: 'today' }, filters, groupBy: ['center', 'agent'], keys: ['handled', 'aht'], now, maxLagMs: req.maxLagMs }, allowedCenters, req.memo),
  ])

  const rows = new Map<string, AgentTableRow>()
  const row = (centerId: string, agentId: string): AgentTableRow => {
    const k = `${centerId}\u0000${agentId}`
    let r = rows.get(k)
    if (!r) rows.set(k, (r = { centerId, agentId, state: null, reason: null, stateSince: null, handledToday: null, ahtS: null, contactAnsweredAt: null, contactQueueId: null }))
    return r
  }
  for (const s of states) {
    const r = row(s.center_id, s.agent_id)
    if (Number(s.last_ms) >= now - Number(s.cap_ms)) {
      r.state = s.st
      r.reason = s.rs || null
      r.stateSince = Number(s.since_ms)
    }
  }
  for (const k of kpis.rows) {
    const centerId = k.group.center
    const agentId = k.group.agent
    if (!centerId || !agentId) continue // contacts without an agent
    const handled = k.kpis.find((x) => x.key === 'handled')?.value ?? null
    if (!handled && !rows.has(`${centerId}\u0000${agentId}`)) continue
    const r = row(centerId, agentId)
    r.handledToday = handled
    r.ahtS = k.kpis.find((x) => x.key === 'aht')?.value ?? null
  }
  for (const c of contacts) {
    const r = rows.get(`${c.center_id}\u0000${c.agent_id}`)
    if (!r || r.state !== 'on_contact') continue
    r.contactAnsweredAt = Number(c.answered_ms)
    r.contactQueueId = c.queue_id || null
  }
  return [...rows.values()].sort((a, b) => a.centerId.localeCompare(b.centerId) || a.agentId.localeCompare(b.agentId))
}

/** Each agent's latest state run (newest state, since when, its center's state cap): also the boards' agent panel (getAgentStates). */
export async function queryStates(centers: string[] | null, now: number, agents: string[] | null): Promise<StateRow[]> {
  const p = new Params()
  const where = centers ? `center_id IN ${p.strs(centers)}` : 'TRUE'
  const agentWhere = agents ? `AND agent_id IN ${p.strs(agents)}` : ''
  // evs: newest first. since = the oldest event of the newest run of the same state.
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
    WHERE ${where} ${agentWhere}
      AND ts >= ${p.ts(now - maxStateCapMs(centers))} AND ts < ${p.ts(now)}
    GROUP BY center_id, agent_id
)`
  return queryRows<StateRow>(sql, p.values)
}

async function queryOpenContacts(centers: string[] | null, now: number, agents: string[] | null): Promise<ContactRow[]> {
  const p = new Params()
  const where = centers ? `center_id IN ${p.strs(centers)}` : 'TRUE'
  const agentWhere = agents ? `AND agent_id IN ${p.strs(agents)}` : ''
  const from = p.ts(now - maxStateCapMs(centers))
  const to = p.ts(now)
  // Each agent's last answered contact, unless that agent has ended its leg since.
  const sql = `
SELECT a.center_id AS center_id, a.agent_id AS agent_id, a.answered_ms AS answered_ms, a.queue_id AS queue_id
FROM
(
    SELECT center_id, agent_id, argMax(contact_id, ts) AS contact_id, max(${ms('ts')}) AS answered_ms, argMax(toString(queue_id), ts) AS queue_id
    FROM events
    WHERE ${where} ${agentWhere} AND type = 'contact.answered' AND ts >= ${from} AND ts < ${to}
    GROUP BY center_id, agent_id
) AS a
LEFT JOIN
(
    SELECT center_id, agent_id, contact_id, max(${ms('ts')}) AS ended_ms
    FROM events
    WHERE ${where} ${agentWhere} AND type = 'contact.ended' AND ts >= ${from} AND ts < ${to}
    GROUP BY center_id, agent_id, contact_id
) AS e
ON a.center_id = e.center_id AND a.agent_id = e.agent_id AND a.contact_id = e.contact_id
WHERE e.ended_ms IS NULL OR e.ended_ms < a.answered_ms
SETTINGS join_use_nulls = 1`
  return queryRows<ContactRow>(sql, p.values)
}
