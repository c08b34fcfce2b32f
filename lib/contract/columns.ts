/**
 * The stored form of an event: one row of the `events` table (clickhouse/migrations), the same
 * columns for every event type, and a `dead_letters` row. EVENT_COLUMNS is the insert's column
 * list; the check below fails to compile if it and EventRow drift apart.
 */
export type EventRow = {
  event_id: string
  type: string
  ts: string
  center_id: string
  contact_id: string
  agent_id: string
  queue_id: string
  channel: string
  direction: string
  campaign_id: string
  customer_id: string
  talk_s: number
  hold_s: number
  wrap_s: number
  /** 1 when the contact.ended (contact.wrapped) event carried no hold_s (wrap_s): migration 0007 */
  hold_missing: number
  wrap_missing: number
  transferred: number
  resolved: number | null
  outcome: string
  revenue: number
  csat: number | null
  nps: number | null
  state: string
  reason: string
  extra: string
  received_at: string
}

export type DeadLetterRow = {
  received_at: string
  source: string
  topic: string
  partition: number
  offset: string
  raw: string
  reason: string
}

// The insert's column order: ingest/sink.ts writes the rows as TabSeparated in this order.
export const EVENT_COLUMNS = [
  'event_id', 'type', 'ts', 'center_id', 'contact_id', 'agent_id', 'queue_id', 'channel', 'direction', 'campaign_id',
  'customer_id', 'talk_s', 'hold_s', 'wrap_s', 'hold_missing', 'wrap_missing', 'transferred', 'resolved', 'outcome', 'revenue', 'csat', 'nps', 'state',
  'reason', 'extra', 'received_at',
] as const satisfies ReadonlyArray<keyof EventRow>
const allColumns: Exclude<keyof EventRow, (typeof EVENT_COLUMNS)[number]> extends never ? true : never = true
void allColumns
