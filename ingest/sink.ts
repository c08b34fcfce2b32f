/**
 * Writes a batch (events + dead letters) to ClickHouse, retrying with capped exponential
 * backoff until it is acknowledged or the caller gives up. Callers commit Kafka offsets only
 * after `writeBatch` resolved, so a crash at any point means redelivery, never loss; the
 * tables are idempotent, so redelivery never means double counting.
 */
import { existsSync } from 'node:fs'
import { getClickHouse } from '../lib/clickhouse'
import type { DeadLetterRow, EventRow } from './rows'

export type Batch = { events: EventRow[]; deadLetters: DeadLetterRow[] }

// Events are inserted as JSONCompactEachRow (one array per row, columns named once): ClickHouse
// parses it ~35% faster than JSONEachRow, whose keys it must match on every row (bench/ingest.ts).
const EVENT_COLUMNS = [
  'event_id', 'type', 'ts', 'center_id', 'contact_id', 'agent_id', 'queue_id', 'channel', 'direction', 'campaign_id',
  'customer_id', 'talk_s', 'hold_s', 'wrap_s', 'transferred', 'resolved', 'outcome', 'revenue', 'csat', 'nps', 'state',
  'reason', 'extra', 'received_at',
] as const satisfies ReadonlyArray<keyof EventRow>
// Compile-time check that no EventRow field is left out.
const allColumns: Exclude<keyof EventRow, (typeof EVENT_COLUMNS)[number]> extends never ? true : never = true
void allColumns

export type RetryHooks = {
  /** Called between attempts (Kafka heartbeat). */
  onWait?: () => Promise<void> | void
  /** Return false to stop retrying (shutdown); the batch is then NOT acknowledged. */
  shouldContinue?: () => boolean
  log?: (m: string) => void
}

// Test-only fault injection for the "insert failures are retried" integration test:
// PLATEAU_FAULT_INSERT=0.3 fails 30% of attempts, half before and half after the insert.
const faultRate = Number(process.env.PLATEAU_FAULT_INSERT || 0)
// Test-only "ClickHouse is down": while the file PLATEAU_FAULT_INSERT_FILE exists, every attempt fails.
const faultFile = process.env.PLATEAU_FAULT_INSERT_FILE || ''
// Test-only crash at the worst moment: PLATEAU_FAULT_KILL_AFTER_INSERTS=n → SIGKILL this process
// right after its n-th acknowledged insert, before the caller commits the offsets.
const killAfter = Number(process.env.PLATEAU_FAULT_KILL_AFTER_INSERTS || 0)
let acknowledged = 0

export async function insertBatch(b: Batch): Promise<void> {
  if (faultFile && existsSync(/*turbopackIgnore: true*/ faultFile)) throw new Error('injected outage (PLATEAU_FAULT_INSERT_FILE exists)')
  const ch = getClickHouse()
  const fault = faultRate > 0 && Math.random() < faultRate
  if (fault && Math.random() < 0.5) throw new Error('injected insert failure (before insert)')
  if (b.events.length) {
    const values = b.events.map((r) => EVENT_COLUMNS.map((c) => r[c]))
    await ch.insert({ table: 'events', columns: [...EVENT_COLUMNS], values, format: 'JSONCompactEachRow' })
  }
  if (b.deadLetters.length) await ch.insert({ table: 'dead_letters', values: b.deadLetters, format: 'JSONEachRow' })
  if (fault) throw new Error('injected insert failure (after insert, acknowledgement lost)')
  if (killAfter && ++acknowledged === killAfter) process.kill(process.pid, 'SIGKILL')
}

export class StopRequested extends Error {}

export async function writeBatch(b: Batch, hooks: RetryHooks = {}): Promise<void> {
  if (!b.events.length && !b.deadLetters.length) return
  let delay = 100
  for (let attempt = 1; ; attempt++) {
    try {
      await insertBatch(b)
      return
    } catch (e) {
      if (hooks.shouldContinue && !hooks.shouldContinue()) throw new StopRequested('stopped while retrying insert')
      hooks.log?.(`insert failed (attempt ${attempt}, retry in ${delay} ms): ${(e as Error).message}`)
      const until = Date.now() + delay
      while (Date.now() < until) {
        await hooks.onWait?.()
        await new Promise((r) => setTimeout(r, Math.min(1000, until - Date.now())))
      }
      delay = Math.min(delay * 2, 10_000)
    }
  }
}
