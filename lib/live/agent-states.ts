/**
 * Agent states in display order, without pulling the event schema (zod) into the browser
 * bundle. The type check below fails to compile if ingest/events.ts gains or loses a state.
 */
import type { AGENT_STATES as CONTRACT } from '../../ingest/events'

export type AgentState = (typeof CONTRACT)[number]

export const AGENT_STATES = ['available', 'on_contact', 'wrap_up', 'break', 'training', 'meeting', 'offline'] as const satisfies readonly AgentState[]

type Missing = Exclude<AgentState, (typeof AGENT_STATES)[number]>
const _complete: Missing extends never ? true : Missing = true
void _complete

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
