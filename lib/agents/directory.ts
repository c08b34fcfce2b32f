/**
 * The agent directory (configuration: each center's `agents`): the display name, team and site
 * shown wherever an agent appears, with the platform's id on hover. An agent missing from the
 * directory is never dropped: it shows its id, marked "not in directory". And the thresholds
 * that flag a long after-call work or a long break (each center's `agentThresholds`).
 * Pure, client-safe: the server sends the directory entries of the agents in view.
 */
export type AgentInfo = {
  centerId: string
  agentId: string
  /** Display name; null when the agent is not in the directory (show the id). */
  name: string | null
  team: string | null
  site: string | null
  inDirectory: boolean
}

export type DirectoryEntry = { id: string; name: string; team?: string; site?: string }
export type Thresholds = { wrapUpSeconds: number | null; breakSeconds: number | null; breakReasonSeconds: Record<string, number> }

/** Lookup over the centers' directories (an agent id is unique within its center). */
export class AgentDirectory {
  private readonly byKey = new Map<string, DirectoryEntry>()
  constructor(centers: readonly { id: string; agents: readonly DirectoryEntry[] }[]) {
    for (const c of centers) for (const a of c.agents) this.byKey.set(`${c.id}\u0000${a.id}`, a)
  }
  info(centerId: string, agentId: string): AgentInfo {
    const e = this.byKey.get(`${centerId}\u0000${agentId}`)
    return { centerId, agentId, name: e?.name ?? null, team: e?.team ?? null, site: e?.site ?? null, inDirectory: !!e }
  }
}

/** What to show for an agent: the directory name, else the id. */
export const agentLabel = (a: Pick<AgentInfo, 'agentId' | 'name'>): string => a.name ?? a.agentId

export type AgentAlert = 'long_wrap_up' | 'long_break'

/** The limit that applies to an agent in this state (s), null when none. */
export function stateLimit(state: string | null, reason: string | null, t: Thresholds): number | null {
  if (state === 'wrap_up') return t.wrapUpSeconds
  if (state === 'break') return (reason !== null ? t.breakReasonSeconds[reason] : undefined) ?? t.breakSeconds
  return null
}

/** Long after-call work / long break: time in state beyond the center's limit (strictly). */
export function agentAlert(state: string | null, reason: string | null, timeInStateS: number | null, t: Thresholds | undefined): AgentAlert | null {
  if (!t || timeInStateS === null) return null
  const limit = stateLimit(state, reason, t)
  if (limit === null || !(timeInStateS > limit)) return null
  return state === 'wrap_up' ? 'long_wrap_up' : 'long_break'
}

/** Agent panel order: longest in their current state first; agents with no known state last; ties by label. */
export function byTimeInState<T extends { timeInStateS: number | null; agentId: string; name?: string | null }>(rows: readonly T[]): T[] {
  return [...rows].sort(
    (a, b) =>
      (b.timeInStateS ?? -1) - (a.timeInStateS ?? -1) || (a.name ?? a.agentId).localeCompare(b.name ?? b.agentId) || a.agentId.localeCompare(b.agentId),
  )
}
