/**
 * Locale-aware formatting as pure functions: the same output on the server, in the browser
 * and in exports (CSV/XLSX/PDF). No React, no Next.js.
 *
 * - Missing values (null, undefined, NaN, non-numeric strings, invalid dates) → '—'.
 * - Numeric strings are accepted (ClickHouse returns UInt64 counts as strings).
 * - French spaces are canonical, whatever the ICU version of the runtime: digit groups are
 *   separated by U+202F (narrow no-break space), the space before `%`, `€` or a compact
 *   suffix is U+00A0 (no-break space): `12,5 %` = "12,5\u00A0%", `1 234,56 €` =
 *   "1\u202F234,56\u00A0€". So the server render, an old wall-screen browser and an export
 *   all produce the same text (no hydration mismatch).
 * - Dates use the center's time zone when given, else DEFAULT_TIME_ZONE (never the machine's).
 */
import type { KpiUnit } from '../kpi/definitions'
import { DEFAULT_CURRENCY, DEFAULT_TIME_ZONE, INTL_LOCALES, type AppLocale } from './config'

export const EMPTY = '—'

export type NumericInput = number | string | null | undefined
export type DateInput = Date | number | string | null | undefined

// The units are the KPI definitions' (one list).
export type { KpiUnit }

export interface DateOptions {
  /** IANA zone, e.g. the center's 'Europe/Brussels'. Default DEFAULT_TIME_ZONE. */
  timeZone?: string
}

// ---------------------------------------------------------------- internals

const numberFormats = new Map<string, Intl.NumberFormat>()
function numberFormat(locale: AppLocale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = locale + JSON.stringify(options)
  let f = numberFormats.get(key)
  if (!f) {
    f = new Intl.NumberFormat(INTL_LOCALES[locale], options)
    numberFormats.set(key, f)
  }
  return f
}

const dateFormats = new Map<string, Intl.DateTimeFormat>()
function dateFormat(locale: AppLocale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = locale + JSON.stringify(options)
  let f = dateFormats.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(INTL_LOCALES[locale], options)
    dateFormats.set(key, f)
  }
  return f
}

/** French: group separator U+202F, any other space U+00A0. Other locales unchanged. */
function canonicalSpaces(s: string, locale: AppLocale): string {
  if (locale !== 'fr') return s
  return s.replace(/(\d)[ \u00A0\u202F](?=\d)/g, '$1\u202F').replace(/[ \u00A0\u202F](?!\d)/g, '\u00A0')
}

/** A finite number, or null. Accepts numeric strings ('123', '12.5'). */
export function toNumber(value: NumericInput): number | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  const s = value.trim()
  if (s === '') return null
  const n = Number(s)
  return Number.isFinite(n) ? n : null
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/
// ClickHouse DateTime/DateTime64 text without a zone ('2026-11-22 10:05:00.000') is UTC.
const NAIVE_DATE_TIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/

/** A valid Date, or null. Strings: ISO with offset, ClickHouse UTC text, or 'YYYY-MM-DD'. */
export function toDate(value: DateInput): Date | null {
  if (value === null || value === undefined) return null
  let d: Date
  if (value instanceof Date) d = value
  else if (typeof value === 'number') d = new Date(value)
  else {
    const s = value.trim()
    if (DATE_ONLY.test(s)) d = new Date(`${s}T00:00:00Z`)
    else if (NAIVE_DATE_TIME.test(s)) d = new Date(`${s.replace(' ', 'T')}Z`)
    else d = new Date(s)
  }
  return Number.isNaN(d.getTime()) ? null : d
}

function parts(f: Intl.DateTimeFormat, d: Date): Record<string, string> {
  const out: Record<string, string> = {}
  for (const p of f.formatToParts(d)) out[p.type] = p.value
  return out
}

function zoneFor(value: DateInput, options?: DateOptions): string {
  // A calendar date ('2026-11-22') is the same day everywhere: never shift it.
  if (typeof value === 'string' && DATE_ONLY.test(value.trim())) return 'UTC'
  return options?.timeZone ?? DEFAULT_TIME_ZONE
}

// ---------------------------------------------------------------- numbers

/** `1 234,5` (fr) / `1,234.5` (en). Options are Intl.NumberFormat options. */
export function formatNumber(value: NumericInput, locale: AppLocale, options: Intl.NumberFormatOptions = {}): string {
  const n = toNumber(value)
  if (n === null) return EMPTY
  return canonicalSpaces(numberFormat(locale, options).format(n), locale)
}

/** Rounded to a whole number: `1 235`. */
export function formatInteger(value: NumericInput, locale: AppLocale): string {
  return formatNumber(value, locale, { maximumFractionDigits: 0 })
}

export interface PercentOptions {
  /** Default 0. */
  minimumFractionDigits?: number
  /** Default 1. */
  maximumFractionDigits?: number
  /** Always show the sign (+12,5 %), for changes. */
  signed?: boolean
}

/** A FRACTION (0.125) as a percentage: `12,5 %` (fr) / `12.5%` (en). */
export function formatPercent(value: NumericInput, locale: AppLocale, options: PercentOptions = {}): string {
  const max = options.maximumFractionDigits ?? 1
  return formatNumber(value, locale, {
    style: 'percent',
    minimumFractionDigits: Math.min(options.minimumFractionDigits ?? 0, max),
    maximumFractionDigits: max,
    ...(options.signed ? { signDisplay: 'exceptZero' as const } : {}),
  })
}

export interface CurrencyOptions {
  /** Default 2 (cents). Use 0 for large totals. */
  maximumFractionDigits?: number
  /** `1,2 M €` / `€1.2M`. */
  compact?: boolean
  signed?: boolean
}

/** `1 234,56 €` (fr) / `€1,234.56` (en). */
export function formatCurrency(
  value: NumericInput,
  locale: AppLocale,
  currency: string = DEFAULT_CURRENCY,
  options: CurrencyOptions = {},
): string {
  const o: Intl.NumberFormatOptions = { style: 'currency', currency }
  if (options.compact) {
    o.notation = 'compact'
    o.minimumFractionDigits = 0 // `€55k`, not `€55.0k`
    o.maximumFractionDigits = options.maximumFractionDigits ?? 1
  } else if (options.maximumFractionDigits !== undefined) {
    o.minimumFractionDigits = Math.min(2, options.maximumFractionDigits)
    o.maximumFractionDigits = options.maximumFractionDigits
  }
  if (options.signed) o.signDisplay = 'exceptZero'
  return formatNumber(value, locale, o)
}

// ---------------------------------------------------------------- durations

export interface DurationOptions {
  /** Always show hours (`0:01:05`), e.g. for a column where some values exceed one hour. */
  forceHours?: boolean
}

/**
 * Seconds as `m:ss`, or `h:mm:ss` from one hour (65 → `1:05`, 3725 → `1:02:05`). Rounded to
 * the second; negative values get a leading '-'; hours are not wrapped at 24. Same in every
 * locale.
 */
export function formatDuration(seconds: NumericInput, options: DurationOptions = {}): string {
  const n = toNumber(seconds)
  if (n === null) return EMPTY
  const total = Math.round(Math.abs(n))
  const sign = n < 0 && total > 0 ? '-' : ''
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const ss = String(s).padStart(2, '0')
  if (h > 0 || options.forceHours) return `${sign}${h}:${String(m).padStart(2, '0')}:${ss}`
  return `${sign}${m}:${ss}`
}

// ---------------------------------------------------------------- dates

/** `22/11/2026` in both locales (day first). */
export function formatDate(value: DateInput, locale: AppLocale, options?: DateOptions): string {
  const d = toDate(value)
  if (!d) return EMPTY
  const p = parts(dateFormat(locale, { timeZone: zoneFor(value, options), day: '2-digit', month: '2-digit', year: 'numeric' }), d)
  return `${p.day}/${p.month}/${p.year}`
}

export interface TimeOptions extends DateOptions {
  /** Show seconds (`10:05:09`). Default false. */
  seconds?: boolean
}

/** `14:05` (24-hour clock in both locales), `14:05:09` with seconds. */
export function formatTime(value: DateInput, locale: AppLocale, options?: TimeOptions): string {
  const d = toDate(value)
  if (!d) return EMPTY
  const p = parts(
    dateFormat(locale, {
      timeZone: zoneFor(value, options),
      hour: '2-digit',
      minute: '2-digit',
      ...(options?.seconds ? { second: '2-digit' as const } : {}),
      hourCycle: 'h23',
    }),
    d,
  )
  return options?.seconds ? `${p.hour}:${p.minute}:${p.second}` : `${p.hour}:${p.minute}`
}

/** `22/11/2026 14:05` (`22/11/2026 14:05:09` with seconds), in both locales. */
export function formatDateTime(value: DateInput, locale: AppLocale, options?: TimeOptions): string {
  const d = toDate(value)
  if (!d) return EMPTY
  return `${formatDate(d, locale, options)} ${formatTime(d, locale, options)}`
}

/** `novembre 2026` / `November 2026`; style 'short': `nov. 2026` / `Nov 2026`. */
export function formatMonth(value: DateInput, locale: AppLocale, options?: DateOptions & { style?: 'long' | 'short' }): string {
  const d = toDate(value)
  if (!d) return EMPTY
  return dateFormat(locale, { timeZone: zoneFor(value, options), month: options?.style ?? 'long', year: 'numeric' }).format(d)
}

// ---------------------------------------------------------------- KPI values

/**
 * One KPI value in its unit:
 * - count → whole number `1 234`
 * - percent → a FRACTION 0–1 → `12,5 %`
 * - seconds → `1:05` / `1:02:05`
 * - currency → `1 234,56 €` (currency code, default EUR)
 * - ratio → two decimals `1,35`
 * - score (CSAT mean, NPS) → up to one decimal `4,3`, `-12`
 */
export function formatKpiValue(value: NumericInput, unit: KpiUnit, locale: AppLocale, currency: string = DEFAULT_CURRENCY): string {
  switch (unit) {
    case 'count':
      return formatInteger(value, locale)
    case 'percent':
      return formatPercent(value, locale)
    case 'seconds':
      return formatDuration(value)
    case 'currency':
      return formatCurrency(value, locale, currency)
    case 'ratio':
      return formatNumber(value, locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })
    case 'score':
      return formatNumber(value, locale, { maximumFractionDigits: 1 })
    default: {
      const never: never = unit
      throw new Error(`unknown KPI unit: ${String(never)}`)
    }
  }
}

/**
 * A change between two KPI values, always signed: count `+12`, seconds `+0:15` / `-1:05`,
 * currency `+1 234,56 €`, ratio `+0,12`, score `+3`; percent (a difference of two fractions)
 * in percentage points: `+2,5 pts` (fr) / `+2.5 pp` (en). Zero → no sign.
 */
export function formatKpiChange(delta: NumericInput, unit: KpiUnit, locale: AppLocale, currency: string = DEFAULT_CURRENCY): string {
  const n = toNumber(delta)
  if (n === null) return EMPTY
  switch (unit) {
    case 'count':
      return formatNumber(n, locale, { maximumFractionDigits: 0, signDisplay: 'exceptZero' })
    case 'percent': {
      const pts = formatNumber(n * 100, locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' })
      return `${pts}\u00A0${locale === 'fr' ? 'pts' : 'pp'}`
    }
    case 'seconds': {
      const s = formatDuration(n)
      return Math.round(n) > 0 ? `+${s}` : s
    }
    case 'currency':
      return formatCurrency(n, locale, currency, { signed: true })
    case 'ratio':
      return formatNumber(n, locale, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' })
    case 'score':
      return formatNumber(n, locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' })
    default: {
      const never: never = unit
      throw new Error(`unknown KPI unit: ${String(never)}`)
    }
  }
}

// ---------------------------------------------------------------- bound formatter

export interface FormatDefaults {
  /** A center's zone for dates. */
  timeZone?: string
  /** A center's currency. */
  currency?: string
}

/** All helpers bound to one locale (and optionally a center's zone and currency). */
export function createFormat(locale: AppLocale, defaults: FormatDefaults = {}) {
  const tz = defaults.timeZone
  const cur = defaults.currency ?? DEFAULT_CURRENCY
  const withTz = <O extends DateOptions>(o?: O): O => ({ timeZone: tz, ...o }) as O
  return {
    locale,
    number: (v: NumericInput, o?: Intl.NumberFormatOptions) => formatNumber(v, locale, o),
    integer: (v: NumericInput) => formatInteger(v, locale),
    percent: (v: NumericInput, o?: PercentOptions) => formatPercent(v, locale, o),
    currency: (v: NumericInput, o?: CurrencyOptions & { currency?: string }) => formatCurrency(v, locale, o?.currency ?? cur, o),
    duration: (v: NumericInput, o?: DurationOptions) => formatDuration(v, o),
    date: (v: DateInput, o?: DateOptions) => formatDate(v, locale, withTz(o)),
    time: (v: DateInput, o?: TimeOptions) => formatTime(v, locale, withTz(o)),
    dateTime: (v: DateInput, o?: TimeOptions) => formatDateTime(v, locale, withTz(o)),
    month: (v: DateInput, o?: DateOptions & { style?: 'long' | 'short' }) => formatMonth(v, locale, withTz(o)),
    kpi: (v: NumericInput, unit: KpiUnit, currency?: string) => formatKpiValue(v, unit, locale, currency ?? cur),
    kpiChange: (v: NumericInput, unit: KpiUnit, currency?: string) => formatKpiChange(v, unit, locale, currency ?? cur),
  }
}
export type Format = ReturnType<typeof createFormat>
