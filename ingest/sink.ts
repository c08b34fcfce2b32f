/**
 * Writes a batch (events + dead letters) to ClickHouse, retrying with capped exponential
 * backoff until it is acknowledged or the caller gives up. A batch refused for its data (a value
 * ClickHouse cannot parse) is bisected: the refused rows go to dead_letters, the rest is stored. Callers commit Kafka offsets only
 * after `writeBatch` resolved, so a crash at any point means redelivery, never loss; the
 * tables are idempotent, so redelivery never means double counting.
 */
import { Readable } from 'node:stream'
import { getClickHouse } from '../lib/clickhouse'
import { EVENT_COLUMNS } from '../lib/contract/columns'
import { LONE_SURROGATE } from '../lib/contract/events'
import { chTime, lineColumns, type DeadLetterRow } from './rows'

/** `events`: rows of the events table as TabSeparated lines (`eventLine`). */
export type Batch = { events: string[]; deadLetters: DeadLetterRow[] }

export type RetryHooks = {
  /** Called between attempts (Kafka heartbeat). */
  onWait?: () => Promise<void> | void
  /** Return false to stop retrying (shutdown); the batch is then NOT acknowledged. */
  shouldContinue?: () => boolean
  log?: (m: string) => void
}

/**
 * Test seam: tests/helpers/faults.ts (preloaded into test workers only) sets these to fail an
 * attempt before or after the insert, or to crash the process once a batch is acknowledged.
 * Production code never sets them.
 */
export const insertFaults: { before?: () => void; after?: () => void } = {}

/**
 * The events of a batch as one TabSeparated body (lines from `eventLine`). ClickHouse parses it
 * with less work than JSON rows, and chdb and a ClickHouse server take the same body
 * (bench/ingest-cpu.ts). A lone UTF-16 surrogate has no UTF-8 form (encoding would silently turn
 * it into U+FFFD): a body holding one is refused as the store refuses it in JSON, so that
 * writeBatch isolates its row into dead_letters. Validation rejects such strings before; this
 * guards the store against a gap. The first test costs nothing on Latin-1 text and ~0.4 µs per
 * row on other text; the second runs only when a surrogate is there.
 */
function eventsBody(lines: string[]): string {
  const body = lines.join('\n') + '\n'
  if (ANY_SURROGATE.test(body) && LONE_SURROGATE.test(body))
    throw new Error('Cannot parse input: a string holds a lone UTF-16 surrogate (no UTF-8 form); refused before sending')
  return body
}
const ANY_SURROGATE = /[\uD800-\uDFFF]/

/**
 * Settings of the events insert. Its times are always `YYYY-MM-DD hh:mm:ss.sss` (chTime), so the
 * basic parser serves; and no in-block deduplication: every reader of `events` and of the tables
 * its views fill already collapses repeated event ids across inserts (idempotent aggregates,
 * DISTINCT, FINAL), so collapsing them within one insert too bought nothing. Together ~0.9× the
 * store's CPU per event (BENCHMARKS.md, Import, reading of 2026-12-07 10:23–11:02).
 */
const EVENTS_INSERT_SETTINGS = { date_time_input_format: 'basic', optimize_on_insert: 0 } as const

export async function insertBatch(b: Batch): Promise<void> {
  insertFaults.before?.()
  const ch = getClickHouse()
  if (b.events.length) {
    const body = Readable.from([eventsBody(b.events)], { objectMode: false })
    await ch.insert({ table: 'events', columns: [...EVENT_COLUMNS], values: body, format: 'TabSeparated', clickhouse_settings: EVENTS_INSERT_SETTINGS })
  }
  if (b.deadLetters.length) await ch.insert({ table: 'dead_letters', values: b.deadLetters, format: 'JSONEachRow' })
  insertFaults.after?.()
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
    await bisect(b.events, (events) => retrying({ events, deadLetters: [] }, hooks), (line, err) => refused.push(refusedRow(JSON.stringify(lineColumns(line)), 'event', err)), hooks)
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
