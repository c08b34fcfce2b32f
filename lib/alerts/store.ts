/**
 * alert_events (transitions, acknowledgements) and alert_deliveries (delivery log) in ClickHouse
 * (migration 0004). Same SQL in embedded and server modes; values only as typed placeholders.
 */
import 'server-only'
import { getClickHouse, queryRows } from '../clickhouse'
import type { AlertEventRow } from './engine'

export type DeliveryRow = { at: number; ruleId: string; subject: string; kind: string; channel: string; target: string; attempts: number; ok: boolean; status: string; error: string }

const ts = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '')

export async function insertEvents(rows: readonly AlertEventRow[]): Promise<void> {
  if (!rows.length) return
  await getClickHouse().insert({
    table: 'alert_events',
    format: 'JSONEachRow',
    values: rows.map((r) => ({
      at: ts(r.at),
      rule_id: r.ruleId,
      subject: r.subject,
      center_id: r.centerId,
      kind: r.kind,
      severity: r.severity,
      kpi: r.kpi,
      value: r.value,
      threshold: r.threshold,
      fired_at: ts(r.firedAt),
      acknowledged_by: r.acknowledgedBy,
    })),
  })
}

export async function insertDeliveries(rows: readonly DeliveryRow[]): Promise<void> {
  if (!rows.length) return
  await getClickHouse().insert({
    table: 'alert_deliveries',
    format: 'JSONEachRow',
    values: rows.map((r) => ({ at: ts(r.at), rule_id: r.ruleId, subject: r.subject, kind: r.kind, channel: r.channel, target: r.target, attempts: r.attempts, ok: r.ok ? 1 : 0, status: r.status, error: r.error })),
  })
}

export type StoredEvent = { at: string; rule_id: string; subject: string; center_id: string; kind: string; severity: string; kpi: string; value: number | null; threshold: number | null; fired_at: string; acknowledged_by: string }

/** Latest transitions (newest first), within the centers a caller may see (null: all). */
export async function listEvents(opts: { centers: string[] | null; limit: number }): Promise<StoredEvent[]> {
  const where = opts.centers ? 'WHERE center_id IN {centers:Array(String)}' : ''
  return queryRows<StoredEvent>(
    `SELECT toString(at) AS at, rule_id, subject, center_id, kind, severity, kpi, value, threshold, toString(fired_at) AS fired_at, acknowledged_by FROM alert_events ${where} ORDER BY at DESC LIMIT {limit:UInt32}`,
    { centers: opts.centers ?? [], limit: Math.min(opts.limit, 1000) },
  )
}

export type StoredDelivery = { at: string; rule_id: string; subject: string; kind: string; channel: string; target: string; attempts: number; ok: number; status: string; error: string }

export async function listDeliveries(opts: { ruleIds: string[] | null; limit: number }): Promise<StoredDelivery[]> {
  const where = opts.ruleIds ? 'WHERE rule_id IN {rules:Array(String)}' : ''
  return queryRows<StoredDelivery>(
    `SELECT toString(at) AS at, rule_id, subject, kind, channel, target, attempts, ok, status, error FROM alert_deliveries ${where} ORDER BY at DESC LIMIT {limit:UInt32}`,
    { rules: opts.ruleIds ?? [], limit: Math.min(opts.limit, 1000) },
  )
}

/** Alerts still firing at start-up (last firing/resolved transition is a firing), with their acknowledgement. */
export async function firingAtStart(): Promise<Array<{ rule_id: string; subject: string; center_id: string; fired_at: string; threshold: number | null; acknowledged_by: string }>> {
  return queryRows(
    `SELECT rule_id, subject, any(center_id) AS center_id, toString(argMaxIf(fired_at, at, kind != 'acknowledged')) AS fired_at,
            argMaxIf(threshold, at, kind = 'firing') AS threshold, argMaxIf(kind, at, kind != 'acknowledged') AS last,
            argMaxIf(acknowledged_by, at, kind = 'acknowledged') AS acknowledged_by,
            maxIf(at, kind = 'acknowledged') AS acked_at
     FROM alert_events GROUP BY rule_id, subject HAVING last = 'firing'`,
  ).then((rows) =>
    (rows as Array<{ rule_id: string; subject: string; center_id: string; fired_at: string; threshold: number | null; acknowledged_by: string; acked_at: string }>).map((r) => ({
      ...r,
      // an acknowledgement of an earlier firing does not carry over
      acknowledged_by: r.acked_at >= r.fired_at ? r.acknowledged_by : '',
    })),
  )
}
