/**
 * XLSX workbook builder for every export (reports, executive). Generic: sheets are described
 * as data (columns with a unit, rows), the builder writes real numbers with number formats —
 * never formatted text — so users can sum, chart and pivot them.
 *
 *   const buf = await workbookBuffer({ locale, title }, [
 *     { name: t('sheets.summary'), title: 'Paris Ventes — October 2026', lines: ['Period: …'],
 *       columns: [
 *         { key: 'label', header: 'KPI', unit: 'text', width: 40 },
 *         { key: 'value', header: 'Value', unit: (row) => row.unit },      // per-row unit
 *       ],
 *       rows, notes: ['Late events: 3'] },
 *   ])
 *
 * Units → cell value and format:
 *   count/integer → number `#,##0`;  number → `General`;  percent → the fraction, `0.0%`;
 *   seconds → days (seconds ÷ 86 400), `[h]:mm:ss` (Excel's duration type);
 *   currency → number with the currency symbol in the format;  ratio → `0.00`;  score → `0.0`;
 *   date/datetime → Excel date serial of the wall-clock time in `timeZone`;  text → string.
 * Text cells are written as strings (shared strings): a value like `=HYPERLINK(…)` stays text,
 * a spreadsheet never evaluates it. Sheet names are made valid (≤ 31 chars, no []:*?/\, unique).
 */
import 'server-only'
import ExcelJS from 'exceljs'
import type { AppLocale } from '../i18n/config'
import type { KpiUnit } from '../i18n/format'

export type CellUnit = KpiUnit | 'text' | 'integer' | 'number' | 'date' | 'datetime'

export type XlsxColumn<R> = {
  key: string
  header: string
  /** How to write the cell; a function for tables whose rows have different units (KPI lists). */
  unit?: CellUnit | ((row: R) => CellUnit)
  /** ISO currency for unit 'currency' (default EUR). */
  currency?: string | ((row: R) => string)
  /** Time zone for 'date'/'datetime' cells (wall-clock time shown). Default UTC. */
  timeZone?: string
  width?: number
  /** Value getter (default row[key]). */
  value?: (row: R) => unknown
}

export type XlsxSheetSpec<R = Record<string, unknown>> = {
  name: string
  /** Bold first line. */
  title?: string
  /** Lines under the title (period, centers, generated on…). */
  lines?: string[]
  columns: XlsxColumn<R>[]
  rows: readonly R[]
  /** Footnotes under the table. */
  notes?: string[]
  /** Autofilter on the header row (default true when there are rows). */
  autoFilter?: boolean
}

export type WorkbookMeta = {
  locale: AppLocale
  title?: string
  subject?: string
  creator?: string
  /** Fixed creation date (tests); default now. */
  created?: Date
}

const DAY_S = 86_400

/** Excel's forbidden sheet-name characters, length limit and uniqueness (case-insensitive). */
export function safeSheetName(name: string, used: Set<string> = new Set()): string {
  let base = name.replace(/[[\]:*?/\\]/g, ' ').replace(/\s+/g, ' ').trim().replace(/^'+|'+$/g, '')
  if (!base) base = 'Sheet'
  base = base.slice(0, 31)
  let candidate = base
  for (let i = 2; used.has(candidate.toLowerCase()); i++) {
    const suffix = ` (${i})`
    candidate = base.slice(0, 31 - suffix.length) + suffix
  }
  used.add(candidate.toLowerCase())
  return candidate
}

const symbols = new Map<string, string>()
function currencySymbol(currency: string, locale: AppLocale): string {
  const k = `${locale}|${currency}`
  let v = symbols.get(k)
  if (v === undefined) symbols.set(k, (v = computeSymbol(currency, locale)))
  return v
}

function computeSymbol(currency: string, locale: AppLocale): string {
  try {
    const parts = new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { style: 'currency', currency }).formatToParts(1)
    return parts.find((p) => p.type === 'currency')?.value ?? currency
  } catch {
    return currency
  }
}

/** Excel number format for a unit (format codes are locale-independent; Excel displays them in the user's locale). */
export function numFmtFor(unit: CellUnit, locale: AppLocale, currency = 'EUR'): string | undefined {
  switch (unit) {
    case 'count':
    case 'integer':
      return '#,##0'
    case 'number':
      return 'General'
    case 'percent':
      return '0.0%'
    case 'seconds':
      return '[h]:mm:ss'
    case 'currency': {
      const sym = currencySymbol(currency, locale).replace(/"/g, '')
      return locale === 'fr' ? `#,##0.00 "${sym}"` : `"${sym}"#,##0.00`
    }
    case 'ratio':
      return '0.00'
    case 'score':
      return '0.0'
    case 'date':
      return 'dd/mm/yyyy'
    case 'datetime':
      return 'dd/mm/yyyy hh:mm'
    case 'text':
      return undefined
  }
}

/** Offset (ms) of a time zone at an instant. */
const tzFormats = new Map<string, Intl.DateTimeFormat>()
function tzOffsetMs(ms: number, tz: string): number {
  let f = tzFormats.get(tz)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
    tzFormats.set(tz, f)
  }
  const p: Record<string, number> = {}
  for (const x of f.formatToParts(new Date(ms))) if (x.type !== 'literal') p[x.type] = Number(x.value)
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - Math.floor(ms / 1000) * 1000
}

function toNumberOrNull(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  if (typeof v === 'bigint') return Number(v)
  if (typeof v === 'string') {
    const n = Number(v)
    return Number.isFinite(n) ? n : null
  }
  return null
}

/** The value written into a cell for a unit (numbers stay numbers; durations become days). */
export function cellValue(v: unknown, unit: CellUnit, timeZone = 'UTC'): ExcelJS.CellValue {
  if (unit === 'text') return v === null || v === undefined ? null : String(v)
  if (unit === 'date' || unit === 'datetime') {
    const ms = v instanceof Date ? v.getTime() : typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v) : NaN
    if (!Number.isFinite(ms)) return null
    const local = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? ms : ms + tzOffsetMs(ms, timeZone)
    // Excel serial: days since 1899-12-30, wall-clock time (Excel dates have no zone).
    return local / 86_400_000 + 25_569
  }
  const n = toNumberOrNull(v)
  if (n === null) return null
  return unit === 'seconds' ? n / DAY_S : n
}

function addSheet<R>(wb: ExcelJS.Workbook, spec: XlsxSheetSpec<R>, meta: WorkbookMeta, used: Set<string>): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(safeSheetName(spec.name, used))
  let r = 1
  if (spec.title) {
    ws.getCell(r, 1).value = spec.title
    ws.getCell(r, 1).font = { bold: true, size: 14 }
    r++
  }
  for (const line of spec.lines ?? []) {
    ws.getCell(r, 1).value = line
    ws.getCell(r, 1).font = { color: { argb: 'FF475569' } }
    r++
  }
  if (spec.title || spec.lines?.length) r++
  const headerRow = r
  spec.columns.forEach((c, i) => {
    const cell = ws.getCell(headerRow, i + 1)
    cell.value = c.header
    cell.font = { bold: true }
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE2E8F0' } }
    cell.alignment = { vertical: 'middle', wrapText: true }
    cell.border = { bottom: { style: 'thin', color: { argb: 'FF94A3B8' } } }
  })
  const widths = spec.columns.map((c) => Math.max(10, Math.min(60, c.header.length + 2)))
  for (const row of spec.rows) {
    r++
    spec.columns.forEach((c, i) => {
      const raw = c.value ? c.value(row) : (row as Record<string, unknown>)[c.key]
      const unit = (typeof c.unit === 'function' ? c.unit(row) : c.unit) ?? (typeof raw === 'number' ? 'number' : 'text')
      const currency = (typeof c.currency === 'function' ? c.currency(row) : c.currency) ?? 'EUR'
      const cell = ws.getCell(r, i + 1)
      cell.value = cellValue(raw, unit, c.timeZone)
      const fmt = numFmtFor(unit, meta.locale, currency)
      if (fmt && cell.value !== null) cell.numFmt = fmt
      if (unit === 'text' && typeof cell.value === 'string') widths[i] = Math.max(widths[i]!, Math.min(60, cell.value.length + 2))
      else if (unit === 'datetime') widths[i] = Math.max(widths[i]!, 17)
      else if (unit === 'currency') widths[i] = Math.max(widths[i]!, 14)
    })
  }
  spec.columns.forEach((c, i) => {
    ws.getColumn(i + 1).width = c.width ?? widths[i]
  })
  if (spec.rows.length && spec.autoFilter !== false && spec.columns.length) {
    ws.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: spec.columns.length } }
  }
  ws.views = [{ state: 'frozen', ySplit: headerRow, xSplit: 0 }]
  if (spec.notes?.length) {
    r += 2
    for (const n of spec.notes) {
      ws.getCell(r, 1).value = n
      ws.getCell(r, 1).font = { italic: true, color: { argb: 'FF475569' } }
      r++
    }
  }
  return ws
}

/** An ExcelJS workbook with one worksheet per spec, in order. */
export function buildWorkbook(meta: WorkbookMeta, sheets: readonly XlsxSheetSpec<any>[]): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook()
  wb.creator = meta.creator ?? 'Plateau'
  wb.title = meta.title ?? ''
  wb.subject = meta.subject ?? ''
  wb.created = meta.created ?? new Date()
  wb.modified = wb.created
  const used = new Set<string>()
  for (const s of sheets) addSheet(wb, s, meta, used)
  return wb
}

/** The .xlsx file bytes. */
export async function workbookBuffer(meta: WorkbookMeta, sheets: readonly XlsxSheetSpec<any>[]): Promise<Uint8Array> {
  const buf = await buildWorkbook(meta, sheets).xlsx.writeBuffer()
  return new Uint8Array(buf as ArrayBuffer)
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
