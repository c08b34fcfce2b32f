/**
 * Writes a batch (events + dead letters) to ClickHouse, retrying with capped exponential
 * backoff until it is acknowledged or the caller gives up. A batch refused for its data (a value
 * ClickHouse cannot parse) is bisected: the refused rows go to dead_letters, the rest is stored. Callers commit Kafka offsets only
 * after `writeBatch` resolved, so a crash at any point means redelivery, never loss; the
 * tables are idempotent, so redelivery never means double counting.
 */
import { existsSync } from 'node:fs'
import { getClickHouse } from '../lib/clickhouse'
import { chTime, type DeadLetterRow, type EventRow } from './rows'

export type Batch = { events: EventRow[]; deadLetters: DeadLetterRow[] }

// Events are inserted as JSONCompactEachRow (one array per row, columns named once): ClickHouse
// parses it ~35% faster than JSONEachRow, whose keys it must match on every row (bench/ingest.ts).
const EVENT_COLUMNS = [
  'event_id', 'type', 'ts', 'center_id', 'contact_id', 'agent_id', 'queue_id', 'channel', 'direction', 'campaign_id',
  'customer_id', 'talk_s', 'hold_s', 'wrap_s', 'hold_missing', 'wrap_missing', 'transferred', 'resolved', 'outcome', 'revenue', 'csat', 'nps', 'state',
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

/**
 * Did ClickHouse refuse the batch for something in the data (a value it cannot parse or store)?
 * Then retrying the same batch can never succeed: the batch is split instead. Anything else
 * (store unreachable, timeouts, injected faults) is transient and retried.
 */
export function isDataError(e: unknown): boolean {
  const m = e instanceof Error ? e.message : String(e)
  if (/injected/.test(m)) return false
  return (
    /Cannot parse|CANNOT_PARSE|INCORRECT_DATA|TYPE_MISMATCH|Type mismatch|ILLEGAL_TYPE|cannot be parsed|Cannot read all data|value is too (long|large)|out of range|ARGUMENT_OUT_OF_BOUND|TOO_LARGE_STRING_SIZE/i.test(m) ||
    /\bCode: (6|26|27|38|41|53|69|70|72|117|130|131|321|407|691)\b/.test(m)
  )
}

export async function writeBatch(b: Batch, hooks: RetryHooks = {}): Promise<void> {
  if (!b.events.length && !b.deadLetters.length) return
  try {
    await retrying(b, hooks)
  } catch (e) {
    if (!isDataError(e)) throw e
    hooks.log?.(`batch refused for its data, isolating the rows: ${(e as Error).message.slice(0, 300)}`)
    const refused: DeadLetterRow[] = []
    await bisect(b.events, (events) => retrying({ events, deadLetters: [] }, hooks), (row, err) => refused.push(refusedRow(JSON.stringify(row), 'event', err)), hooks)
    await bisect(b.deadLetters, (deadLetters) => retrying({ events: [], deadLetters }, hooks), (row, err) => refused.push(refusedRow(row.raw, 'dead letter', err, row)), hooks)
    // ASCII only (base64 raw, escaped reason): ClickHouse cannot refuse these for their content.
    if (refused.length) await retrying({ events: [], deadLetters: refused }, hooks)
  }
}

/** Store `rows` half by half until each refused row is isolated (then handed to `bad`). */
async function bisect<T>(rows: T[], insert: (rows: T[]) => Promise<void>, bad: (row: T, e: Error) => void, hooks: RetryHooks): Promise<void> {
  if (!rows.length) return
  try {
    await insert(rows)
  } catch (e) {
    if (!isDataError(e)) throw e
    if (rows.length === 1) {
      hooks.log?.(`row refused by the store, dead-lettered: ${(e as Error).message.slice(0, 300)}`)
      return bad(rows[0]!, e as Error)
    }
    const mid = rows.length >> 1
    await bisect(rows.slice(0, mid), insert, bad, hooks)
    await bisect(rows.slice(mid), insert, bad, hooks)
  }
}

const ascii = (s: string) => s.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)

/** A row the store refused, as a dead letter it cannot refuse: raw as base64 of its UTF-8. */
function refusedRow(raw: string, what: string, e: Error, dl?: DeadLetterRow): DeadLetterRow {
  const reason = `store refused this ${what} (raw is base64): ${e.message.slice(0, 1000)}${dl ? ` | original reason: ${dl.reason.slice(0, 1000)}` : ''}`
  return {
    received_at: dl?.received_at ?? chTime(Date.now()),
    source: ascii(dl?.source ?? 'store'),
    topic: ascii(dl?.topic ?? ''),
    partition: dl?.partition ?? -1,
    offset: dl?.offset ?? '-1',
    raw: 'base64:' + Buffer.from(raw, 'utf8').toString('base64'),
    reason: ascii(reason),
  }
}

/** Insert, retrying transient failures with capped exponential backoff; a data error is thrown at once. */
async function retrying(b: Batch, hooks: RetryHooks): Promise<void> {
  let delay = 100
  for (let attempt = 1; ; attempt++) {
    try {
      await insertBatch(b)
      return
    } catch (e) {
      if (isDataError(e)) throw e
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
