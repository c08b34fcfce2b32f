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
import { chTime, type DeadLetterRow, type EventRow } from './rows'

export type Batch = { events: EventRow[]; deadLetters: DeadLetterRow[] }

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

// Characters a TabSeparated string must escape, plus any UTF-16 surrogate (checked below).
const TSV_SPECIAL = /[\\\t\n\r\0\uD800-\uDFFF]/
const TSV_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '\\0' }
function tsvText(s: string): string {
  if (!TSV_SPECIAL.test(s)) return s
  // A lone surrogate has no UTF-8 form: encoding would silently turn it into U+FFFD. Refused as
  // the store refuses it in JSON, so that writeBatch isolates the row into dead_letters.
  if (LONE_SURROGATE.test(s)) throw new Error('Cannot parse input: a string holds a lone UTF-16 surrogate (no UTF-8 form); refused before sending')
  return s.replace(/[\\\t\n\r\0]/g, (c) => TSV_ESCAPES[c]!)
}

/**
 * The events of a batch as TabSeparated text, columns in EVENT_COLUMNS order (strings escaped,
 * null as \N). ClickHouse parses it with less work than JSON rows, and chdb and a ClickHouse
 * server take the same body (bench/ingest-cpu.ts). Fields and lines are joined as arrays: 2.5×
 * faster than string concatenation for 100,000-row batches (BENCHMARKS.md, Import).
 */
export function eventsTsv(rows: EventRow[]): string {
  const n = EVENT_COLUMNS.length
  const lines = new Array<string>(rows.length + 1)
  const fields = new Array<string>(n)
  for (let j = 0; j < rows.length; j++) {
    const r = rows[j]!
    for (let i = 0; i < n; i++) {
      const v = r[EVENT_COLUMNS[i]!]
      fields[i] = typeof v === 'string' ? (v.length === 0 ? '' : tsvText(v)) : v === null ? '\\N' : String(v)
    }
    lines[j] = fields.join('\t')
  }
  lines[rows.length] = ''
  return lines.join('\n')
}

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
    const body = Readable.from([eventsTsv(b.events)], { objectMode: false })
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
