/** Agent states in display order (the contract's order) and how boards colour them. */
import { AGENT_STATES, type AgentState } from '../contract/vocabulary'

export { AGENT_STATES }
export type { AgentState }

export function isAgentState(s: unknown): s is AgentState {
  return typeof s === 'string' && (AGENT_STATES as readonly string[]).includes(s)
}

/** Colour family of a state on boards and tables (the label is always shown too). */
export const STATE_TONE: Record<AgentState, 'ok' | 'busy' | 'wrap' | 'away' | 'off'> = {
  available: 'ok',
  on_contact: 'busy',
  wrap_up: 'wrap',
  break: 'away',
  training: 'away',
  meeting: 'away',
  offline: 'off',
}
