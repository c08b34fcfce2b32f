/**
 * One sender per delivery when several app instances run the report scheduler. ClickHouse has no
 * atomic "insert if absent", so each scheduler that finds deliveries due inserts a claim for them
 * (report_claims, migration 0011), waits a settle window, and reads the claims back: for each
 * recipient the earliest claim — by the server's clock, then instance id — of the last
 * CLAIM_HOLD_MS sends, the others skip. An insert is visible once acknowledged, so a claim made
 * after another instance's read is later than that instance's claim: both agree on the winner.
 *
 * The winner keeps the delivery (its retries after a failure too) for CLAIM_HOLD_MS; if it died,
 * the claims of the others decide after that. Limits: an insert that takes longer than the settle
 * window to become visible (a cluster with asynchronous distributed inserts) can let two instances
 * send; docs/scheduled-reports.md says to keep one scheduler there.
 */
import 'server-only'
import { randomUUID } from 'node:crypto'
import os from 'node:os'
import { getClickHouse, queryRows } from '../clickhouse'
import { chTs } from '../kpi/time'

/** This process, as named in its claims. */
export const INSTANCE = `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`
export const SETTLE_MS = 2000
/** Longer than one delivery can take (PDF ≤ 30 s, SMTP timeouts): a claim holds this long. */
export const CLAIM_HOLD_MS = 10 * 60_000

export type ClaimOptions = { instance?: string; settleMs?: number }

/** The recipients of this occurrence that this instance sends to. */
export async function claimDeliveries(scheduleId: string, runAt: number, recipients: string[], opts: ClaimOptions = {}): Promise<Set<string>> {
  const instance = opts.instance ?? INSTANCE
  if (recipients.length === 0) return new Set()
  await getClickHouse().insert({
    table: 'report_claims',
    values: recipients.map((recipient) => ({ schedule_id: scheduleId, run_at: chTs(runAt), recipient, instance })),
    format: 'JSONEachRow',
  })
  await new Promise((r) => setTimeout(r, opts.settleMs ?? SETTLE_MS))
  const rows = await queryRows<{ recipient: string; winner: string }>(
    `SELECT recipient, argMin(instance, (claimed_at, instance)) AS winner
     FROM report_claims
     WHERE schedule_id = {id:String} AND run_at = {run:DateTime64(3, 'UTC')} AND recipient IN {recipients:Array(String)}
       AND claimed_at >= now64(6) - toIntervalMillisecond({hold:UInt32})
     GROUP BY recipient LIMIT 1000`,
    { id: scheduleId, run: chTs(runAt), recipients, hold: CLAIM_HOLD_MS },
  )
  return new Set(rows.filter((r) => r.winner === instance).map((r) => r.recipient))
}
