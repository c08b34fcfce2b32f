/**
 * Agent rows of the live view and boards' agent panel: the engine's agent table (state, time in
 * state…) with each agent's directory entry (lib/agents/directory.ts) and the centers' limits for
 * long after-call work and long breaks.
 */
import 'server-only'
import { getConfig } from '../config'
import { AgentDirectory, type Thresholds } from '../agents/directory'
import type { AgentTableRow } from '../queries/getAgentTable'
import { isAgentState } from './agent-states'
import type { AgentRow } from './types'

type AgentSource = Pick<AgentTableRow, 'centerId' | 'agentId' | 'state' | 'reason' | 'stateSince'> & Partial<Pick<AgentTableRow, 'handledToday' | 'ahtS' | 'contactAnsweredAt' | 'contactQueueId'>>

export function agentRows(rows: readonly AgentSource[], at: number): AgentRow[] {
  const cfg = getConfig()
  const dir = new AgentDirectory([...new Set(rows.map((r) => r.centerId))].map((id) => cfg.center(id)))
  return rows.map((a): AgentRow => {
    const info = dir.info(a.centerId, a.agentId)
    return {
      centerId: a.centerId,
      agentId: a.agentId,
      name: info.name,
      team: info.team,
      site: info.site,
      inDirectory: info.inDirectory,
      state: isAgentState(a.state) ? a.state : null,
      reason: a.reason,
      timeInStateS: a.stateSince === null ? null : Math.max(0, (at - a.stateSince) / 1000),
      handledToday: a.handledToday ?? null,
      ahtS: a.ahtS ?? null,
      currentContactS: a.contactAnsweredAt == null ? null : Math.max(0, (at - a.contactAnsweredAt) / 1000),
      queueId: a.contactQueueId ?? null,
    }
  })
}

/** The limits of every center with agents in view. */
export function agentThresholdsOf(rows: readonly { centerId: string }[]): Record<string, Thresholds> {
  const cfg = getConfig()
  const out: Record<string, Thresholds> = {}
  for (const id of new Set(rows.map((r) => r.centerId))) out[id] = cfg.center(id).agentThresholds
  return out
}
