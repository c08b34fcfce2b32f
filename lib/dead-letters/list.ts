/**
 * Dead letters (messages the ingest pipeline refused, `dead_letters` table) for inspection:
 * newest first, filtered by time, source and text (reason or raw message), paginated; the raw
 * text is cut to a bounded length. Used by GET /api/admin/dead-letters (JSON and CSV) and the
 * /admin/dead-letters page.
 *
 *   const page = await listDeadLetters(parseDeadLetterFilter(url.searchParams))
 */
import { z } from 'zod'
import { queryRows } from '../clickhouse'
import { ParamError } from '../params'
import { Params } from '../queries/sql'

export const RAW_MAX_CHARS = 4000
export const PAGE_SIZE_MAX = 200
export const CSV_MAX_ROWS = 50_000

export type DeadLetter = {
  receivedAt: string
  source: string
  topic: string
  partition: number
  offset: number
  reason: string
  /** The refused message, at most RAW_MAX_CHARS characters. */
  raw: string
  /** Length of the whole raw message (characters). */
  rawLength: number
}

export type DeadLetterFilter = { from?: number; to?: number; source?: string; q?: string; page: number; pageSize: number }

/** A bad filter parameter (400, like any ParamError). */
export class DeadLetterParamError extends ParamError {}

const iso = z.string().trim().max(40).refine((s) => Number.isFinite(Date.parse(s)), 'expected an ISO date or date-time')
const Schema = z.object({
  from: iso.optional(),
  to: iso.optional(),
  source: z.string().trim().max(64).optional(),
  q: z.string().max(200).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(50),
})

export function parseDeadLetterFilter(sp: URLSearchParams | Record<string, string | string[] | undefined>): DeadLetterFilter {
  const get = (k: string) => {
    const v = sp instanceof URLSearchParams ? sp.get(k) : [sp[k]].flat()[0]
    return v === null || v === undefined || v === '' ? undefined : v
  }
  const r = Schema.safeParse({ from: get('from'), to: get('to'), source: get('source'), q: get('q'), page: get('page'), pageSize: get('pageSize') })
  if (!r.success) throw new DeadLetterParamError(r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))
  const v = r.data
  const from = v.from ? Date.parse(v.from) : undefined
  const to = v.to ? Date.parse(v.to) : undefined
  if (from !== undefined && to !== undefined && to <= from) throw new DeadLetterParamError('to must be after from')
  return { from, to, source: v.source || undefined, q: v.q?.trim() || undefined, page: v.page, pageSize: v.pageSize }
}

function where(f: DeadLetterFilter, p: Params): string {
  const c: string[] = ['TRUE']
  if (f.from !== undefined) c.push(`received_at >= ${p.ts(f.from)}`)
  if (f.to !== undefined) c.push(`received_at < ${p.ts(f.to)}`)
  if (f.source) c.push(`source = ${p.str(f.source)}`)
  if (f.q) {
    const q = p.str(f.q)
    c.push(`(positionCaseInsensitiveUTF8(reason, ${q}) > 0 OR positionCaseInsensitiveUTF8(raw, ${q}) > 0)`)
  }
  return c.join(' AND ')
}

type Row = { at: string; source: string; topic: string; partition: number | string; offset: number | string; reason: string; raw_text: string; raw_length: number | string }

const toDeadLetter = (r: Row): DeadLetter => ({
  receivedAt: new Date(r.at.replace(' ', 'T') + 'Z').toISOString(),
  source: r.source,
  topic: r.topic,
  partition: Number(r.partition),
  offset: Number(r.offset),
  reason: r.reason,
  raw: r.raw_text,
  rawLength: Number(r.raw_length),
})

async function select(f: DeadLetterFilter, limit: number, offset: number): Promise<DeadLetter[]> {
  const p = new Params()
  const rows = await queryRows<Row>(
    // Aliases differ from the columns: ClickHouse would otherwise read the alias in WHERE / lengthUTF8.
    `SELECT toString(received_at) AS at, source, topic, partition, offset, reason,
            substringUTF8(raw, 1, ${p.int(RAW_MAX_CHARS)}) AS raw_text, lengthUTF8(raw) AS raw_length
       FROM dead_letters WHERE ${where(f, p)}
      ORDER BY received_at DESC, source, topic, partition, offset
      LIMIT ${p.int(limit)} OFFSET ${p.int(offset)}`,
    p.values,
  )
  return rows.map(toDeadLetter)
}

/** One page of dead letters, the total matching the filter, and the sources seen (for the filter). */
export async function listDeadLetters(f: DeadLetterFilter): Promise<{ total: number; page: number; pageSize: number; sources: string[]; rows: DeadLetter[] }> {
  const p = new Params()
  const [[count], sources, rows] = await Promise.all([
    queryRows<{ n: string }>(`SELECT count() AS n FROM dead_letters WHERE ${where(f, p)}`, p.values),
    queryRows<{ source: string }>(`SELECT DISTINCT source FROM dead_letters ORDER BY source LIMIT 100`),
    select(f, f.pageSize, (f.page - 1) * f.pageSize),
  ])
  return { total: Number(count?.n ?? 0), page: f.page, pageSize: f.pageSize, sources: sources.map((s) => s.source), rows }
}

/** Every matching dead letter for the CSV (newest first, at most CSV_MAX_ROWS), in pages. */
export async function* allDeadLetters(f: DeadLetterFilter): AsyncGenerator<DeadLetter> {
  const step = 1000
  for (let off = 0; off < CSV_MAX_ROWS; off += step) {
    const rows = await select(f, Math.min(step, CSV_MAX_ROWS - off), off)
    yield* rows
    if (rows.length < step) return
  }
}

/**
 * The raw text made visible: control characters (other than newline and tab) as \uXXXX, so
 * nothing in a refused message can alter the page or the terminal it is read in. HTML escaping
 * is React's (text nodes), formula neutralising the CSV writer's.
 */
export function visibleRaw(s: string): string {
  return s.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
