/**
 * The words of event contract v1, without the schema: safe to import from the browser bundle
 * (no zod). The schema (./events) builds its enums from these lists.
 */
export const CHANNELS = ['voice', 'chat', 'email', 'sms', 'social', 'mail'] as const
export const DIRECTIONS = ['inbound', 'outbound'] as const
export const OUTCOMES = ['none', 'lead', 'sale', 'retention_saved', 'complaint', 'information', 'collection'] as const
export const AGENT_STATES = ['available', 'on_contact', 'wrap_up', 'break', 'training', 'meeting', 'offline'] as const
export const EVENT_TYPES = [
  'contact.queued',
  'contact.answered',
  'contact.abandoned',
  'contact.ended',
  'contact.wrapped',
  'survey.completed',
  'agent.state',
] as const
export type EventType = (typeof EVENT_TYPES)[number]
export type Channel = (typeof CHANNELS)[number]
export type Direction = (typeof DIRECTIONS)[number]
export type AgentState = (typeof AGENT_STATES)[number]
