/**
 * What the live and board data APIs send to the browser. Pure types (client and server).
 * Every figure is a KPI engine result (lib/kpi, lib/queries) — these types only package them.
 */
import type { AheadCenter } from '../forecast/ahead-view'
import type { ComplianceTiles } from './board-forecast'
import type { AgentState } from './agent-states'
import type { Trend } from './trend-store'
import type { KpiValue as KpiResult } from '../kpi/result'
import type { EmailBacklog } from './email-backlog'
import type { AgentInfo, Thresholds } from '../agents/directory'

// The engine's one result shape (lib/kpi/result) and its unit and status, under the names the views use.
export type { KpiUnit } from '../kpi/definitions'
export type { KpiStatus, KpiValue as KpiResult } from '../kpi/result'

export type QueueRow = {
  centerId: string
  centerName: string
  queueId: string
  queueName: string
  channel: string | null
  /** outbound: a dialer queue (attempts, connect rate…), shown apart from the queues contacts wait in. */
  direction: 'inbound' | 'outbound'
  kpis: Record<string, KpiResult>
}

/** Directory fields from lib/agents/directory.ts: name null and inDirectory false → show the id, marked. */
export type AgentRow = AgentInfo & {
  state: AgentState | null
  reason: string | null
  /** Seconds in the current state at `generatedAt` (the browser keeps counting). */
  timeInStateS: number | null
  handledToday: number | null
  ahtS: number | null
  /** Seconds since the current contact was answered, null when not on a contact. */
  currentContactS: number | null
  queueId: string | null
}

export type StaffingRow = {
  centerId: string
  queueId: string
  queueName: string
  /** Erlang C agents needed now for the queue's SL target, and agents staffed: engine results. */
  needed: KpiResult
  staffed: KpiResult
  /** Inputs shown with the figure: arrivals per hour, AHT (s), SL threshold/target. */
  arrivalsPerHour: number | null
  ahtS: number | null
  slThresholdS: number | null
  slTarget: number | null
}

export type AgentsByState = Partial<Record<AgentState, number>>

/** Scope actually applied (after permissions): null centers = every center. */
export type AppliedScope = { centers: string[] | null; queues: string[]; channels: string[]; line: string | null }

export type Snapshot = {
  /** Server time the figures were computed (ms). */
  generatedAt: number
  /** Server time the response was sent (ms): age at send = servedAt − generatedAt (no clock skew). */
  servedAt: number
  /** The computation failed and these are the last good figures. */
  stale?: boolean
  scope: AppliedScope
  kpis: Record<string, KpiResult>
  trends: Record<string, Trend>
  agentsByState?: AgentsByState
  queues?: QueueRow[]
  agents?: AgentRow[]
  staffing?: StaffingRow[]
  /** Board panel staffing_ahead: the next 4 hours per center (refreshed once a minute). */
  ahead?: AheadCenter[]
  /** Board panel compliance: today's outbound compliance figures (refreshed once a minute). */
  compliance?: ComplianceTiles
  /** Reporting-line KPIs (CSAT/NPS for customer service, revenue/leads for sales and marketing), per line present in the scope. */
  lines?: LineKpis[]
  /**
   * Speed figures per channel, each compared with that channel's targets (its queues'
   * settings): on /live when the scope has more than one channel, on a board for its channel
   * tiles. Absent when the scope has a single channel.
   */
  channels?: ChannelKpis[]
  /**
   * The channels the headline tiles cover (lib/live/realtime.ts): by default the real-time ones,
   * so a voice target is never mixed with an e-mail one; empty = every channel.
   */
  headlineChannels?: string[]
  /** Per center: long after-call work / long break limits (the agent panel and table highlight them). */
  agentThresholds?: Record<string, Thresholds>
  /** E-mail backlog tile (waiting, oldest vs each center's target); absent when no e-mail is in scope. */
  emailBacklog?: EmailBacklog | null
  /** How long each part of the computation took (ms), for diagnostics and the benchmark. */
  timings?: Record<string, number>
}

export type LineKpis = { line: string; centers: string[]; kpis: Record<string, KpiResult> }

export type ChannelKpis = { channel: string; kpis: Record<string, KpiResult> }

/** One page of the contacts behind a figure. */
export type DrillPage = {
  set: string
  page: number
  pageSize: number
  total: number
  rows: DrillContact[]
}

export type DrillContact = {
  centerId: string
  contactId: string
  queueId: string
  channel: string
  direction: string
  queuedAt: string | null
  answeredAt: string | null
  abandonedAt: string | null
  wrappedAt: string | null
  /** Queue wait in seconds (to answer, to abandon, or so far when still waiting). */
  waitS: number | null
  agentId: string | null
  /** The agent's directory entry (name, team, site; inDirectory false: show the id, marked). */
  agent: AgentInfo | null
  handleS: number | null
}

export type CenterOption = { id: string; name: string; reportingLine: string | null; configured: boolean; timezone: string; currency: string }
export type QueueOption = { centerId: string; id: string; name: string; channel: string | null }
