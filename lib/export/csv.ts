/**
 * CSV writer for every export (reports, executive, row-level contacts). Generic: knows nothing
 * about KPIs.
 *
 *   const opts = csvOptions(locale, url.searchParams.get('sep'))   // throws CsvOptionError on a bad sep
 *   const text = toCsv([header, ...rows], opts)                   // UTF-8 BOM + CRLF rows
 *   return csvResponse(text, 'report-2026-10.csv')
 *   // streaming (1M rows, constant memory):
 *   return csvResponse(csvStream(header, asyncRows, opts), 'contacts.csv')
 *
 * Rules
 * - UTF-8 with a byte-order mark, so Excel opens accents correctly; CRLF line ends (RFC 4180).
 * - Separator: `;` by default for French (Excel FR uses `;` as list separator and `,` as the
 *   decimal mark), `,` for English; `sep` accepts `,` `;` `tab` (`\t`), `comma`, `semicolon`.
 * - Numbers are written as plain numbers, full precision, no digit grouping, with the locale's
 *   decimal mark (`0,85` in French, `0.85` in English), so the spreadsheet reads them as numbers.
 * - Formula injection: a TEXT cell whose first character a spreadsheet treats as a formula
 *   (`=` `+` `-` `@`, tab, CR, LF, or their full-width forms), possibly after leading spaces or
 *   quotes, is prefixed with `'` (OWASP "CSV injection") so it is shown as text, never executed.
 *   Numbers are never altered (a negative number is a number, not a formula).
 *   Before that check, control characters (C0 except tab/CR/LF, DEL, C1) and invisible format
 *   characters (zero-width, bidi controls, BOM) are removed: `\u0000=1+1` must not slip past it
 *   as a cell that a spreadsheet shows, after dropping the NUL, as `=1+1`.
 */
import 'server-only'
import type { AppLocale } from '../i18n/config'
import { ParamError } from '../params'

export type CsvSeparator = ',' | ';' | '\t'
export type CsvCell = string | number | bigint | boolean | Date | null | undefined

export type CsvOptions = {
  separator: CsvSeparator
  /** Decimal mark of numbers. */
  decimal: '.' | ','
  /** Prepend the UTF-8 byte-order mark (default true). */
  bom?: boolean
}

/** A bad `sep` parameter (400, like any ParamError). */
export class CsvOptionError extends ParamError {}

export const BOM = '\uFEFF'
const EOL = '\r\n'

export function defaultSeparator(locale: AppLocale): CsvSeparator {
  return locale === 'fr' ? ';' : ','
}

const SEP_ALIASES: Record<string, CsvSeparator> = {
  ',': ',',
  comma: ',',
  ';': ';',
  semicolon: ';',
  '\t': '\t',
  tab: '\t',
  '\\t': '\t',
}

/** The separator for a `sep` query parameter (null/'' → the locale's default). Throws CsvOptionError otherwise. */
export function parseSeparator(sep: string | null | undefined, locale: AppLocale): CsvSeparator {
  if (sep === null || sep === undefined || sep === '') return defaultSeparator(locale)
  const s = SEP_ALIASES[sep.toLowerCase()]
  if (!s) throw new CsvOptionError(`sep must be one of , ; tab (got ${JSON.stringify(sep.slice(0, 20))})`)
  return s
}

/** Options for a locale and an optional `sep` parameter. */
export function csvOptions(locale: AppLocale, sep?: string | null): CsvOptions {
  return { separator: parseSeparator(sep, locale), decimal: locale === 'fr' ? ',' : '.', bom: true }
}

// First significant character that makes Excel / LibreOffice / Google Sheets evaluate a cell.
// Leading spaces and quotes are skipped because some spreadsheets trim them before parsing.
const FORMULA_START = /^[\s"'\u00A0\u202F]*[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/
const CONTROL_START = /^[\t\r\n]/

// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g

/** Control and invisible format characters removed (they are never data a report means to show). */
export function stripControls(text: string): string {
  return text.replace(INVISIBLE, '')
}

/** A text value made safe for spreadsheets: `=HYPERLINK(…)` → `'=HYPERLINK(…)`, `\u0000=1+1` → `'=1+1`. */
export function neutraliseFormula(text: string): string {
  const t = stripControls(text)
  return FORMULA_START.test(t) || CONTROL_START.test(t) ? `'${t}` : t
}

/** True when a spreadsheet could treat this text as a formula (before neutralisation). */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(stripControls(text))
}

/** A number as CSV text: full precision, no grouping, locale decimal mark. */
export function csvNumber(n: number | bigint, decimal: '.' | ','): string {
  if (typeof n === 'bigint') return n.toString()
  if (!Number.isFinite(n)) return ''
  // Plain notation (no 1e-7): spreadsheets read exponent notation inconsistently.
  let s = Math.abs(n) < 1e-6 && n !== 0 ? n.toFixed(12).replace(/0+$/, '') : String(n)
  if (/e/i.test(s)) s = n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 })
  return decimal === ',' ? s.replace('.', ',') : s
}

function quoteIfNeeded(s: string, sep: CsvSeparator): string {
  if (s.includes(sep) || s.includes('"') || s.includes('\n') || s.includes('\r') || /^\s|\s$/.test(s)) {
    return `"${s.replace(/"/g, '""')}"`
  }
  return s
}

/** One cell: numbers as numbers, everything else as neutralised, quoted text. */
export function csvCell(v: CsvCell, o: CsvOptions): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'number' || typeof v === 'bigint') return quoteIfNeeded(csvNumber(v, o.decimal), o.separator)
  if (typeof v === 'boolean') return v ? '1' : '0'
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString()
  return quoteIfNeeded(neutraliseFormula(String(v)), o.separator)
}

export function csvRow(cells: readonly CsvCell[], o: CsvOptions): string {
  return cells.map((c) => csvCell(c, o)).join(o.separator) + EOL
}

/** A whole CSV document in memory (summaries, small tables). */
export function toCsv(rows: Iterable<readonly CsvCell[]>, o: CsvOptions): string {
  let out = o.bom === false ? '' : BOM
  for (const r of rows) out += csvRow(r, o)
  return out
}

/**
 * A CSV document streamed from an async source: the header, then each row as it arrives.
 * Pull-based (the consumer's reads drive the source), so a slow client never makes the server
 * buffer rows; cancelling the response calls `return()` on the source (closes the DB stream).
 * Rows are batched into chunks of about 64 KiB.
 */
export function csvStream(
  header: readonly CsvCell[] | null,
  rows: AsyncIterable<readonly CsvCell[]> | Iterable<readonly CsvCell[]>,
  o: CsvOptions,
): ReadableStream<Uint8Array> {
  const enc = new TextEncoder()
  const it: AsyncIterator<readonly CsvCell[]> | Iterator<readonly CsvCell[]> =
    Symbol.asyncIterator in rows ? (rows as AsyncIterable<readonly CsvCell[]>)[Symbol.asyncIterator]() : (rows as Iterable<readonly CsvCell[]>)[Symbol.iterator]()
  let started = false
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let chunk = ''
        if (!started) {
          started = true
          if (o.bom !== false) chunk += BOM
          if (header) chunk += csvRow(header, o)
        }
        try {
          while (chunk.length < 64 * 1024) {
            const r = await it.next()
            if (r.done) {
              if (chunk) controller.enqueue(enc.encode(chunk))
              controller.close()
              return
            }
            chunk += csvRow(r.value, o)
          }
        } catch (e) {
          controller.error(e)
          return
        }
        controller.enqueue(enc.encode(chunk))
      },
      async cancel() {
        await it.return?.()
      },
    },
    { highWaterMark: 1 },
  )
}

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(filename: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = filename.replace(/[^\x20-\x7E]/g, '_').replace(/["\\]/g, '_')
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`
}

/** A download response for CSV text or a CSV stream. */
export function csvResponse(body: string | ReadableStream<Uint8Array>, filename: string, extraHeaders: Record<string, string> = {}): Response {
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': contentDisposition(filename),
      'x-content-type-options': 'nosniff',
      ...extraHeaders,
    },
  })
}
