/**
 * Parameters shared by /executive, /executive/print, /api/executive and
 * /api/executive/export: the period (lib/executive/periodParams), an optional subset of centers
 * (`centers=a,b`, always intersected with the caller's scope by the caller) and, in tests
 * only, a frozen "now"; the export's `format` and `locale`. A bad one throws ParamError
 * (lib/params: 400 from withAuth; pages show its message).
 */
import 'server-only'
import { z } from 'zod'
import { executiveTimezone } from './load'
import { LOCALES, type AppLocale } from '../i18n/config'
import { ParamError, paramValues, type RawParams } from '../params'
import type { MonthRange } from '../periods/calendar'
import { parsePeriodParams } from './periodParams'

export type ExecutiveParams = { range: MonthRange; centers: string[] | null; now: number }

const CenterList = z
  .string()
  .max(2000)
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .pipe(z.array(z.string().min(1).max(128)).max(200))

/** Throws ParamError (→ 400) with a message naming the bad parameter. */
export function parseExecutiveParams(raw: RawParams): ExecutiveParams {
  const one = (k: string): string | undefined => paramValues(raw, k)[0]
  let now = Date.now()
  // A frozen clock is for tests only; in production "now" is always the server's.
  const nowRaw = one('now')
  if (nowRaw !== undefined && process.env.NODE_ENV === 'test') {
    const n = Number(nowRaw)
    if (!Number.isFinite(n) || n <= 0) throw new ParamError('now: expected epoch milliseconds')
    now = n
  }
  const range = parsePeriodParams(raw, now, executiveTimezone())
  const c = one('centers')
  let centers: string[] | null = null
  if (c !== undefined && c !== '') {
    const r = CenterList.safeParse(c)
    if (!r.success) throw new ParamError(`centers: ${r.error.issues[0]?.message ?? 'invalid list'}`)
    centers = r.data.length ? r.data : null
  }
  return { range, centers, now }
}

const EXPORT_FORMATS = ['pdf', 'xlsx'] as const
export type ExecutiveExportParams = ExecutiveParams & { format: (typeof EXPORT_FORMATS)[number]; locale: AppLocale | null }

/** The export's parameters: the view's, plus `format` (pdf | xlsx) and an optional `locale` for the file. */
export function parseExecutiveExportParams(raw: RawParams): ExecutiveExportParams {
  const format = paramValues(raw, 'format')[0]
  if (!(EXPORT_FORMATS as readonly (string | undefined)[]).includes(format)) throw new ParamError('format: expected pdf or xlsx')
  const locale = paramValues(raw, 'locale')[0]
  if (locale !== undefined && !(LOCALES as readonly string[]).includes(locale)) throw new ParamError('locale: expected en or fr')
  return { ...parseExecutiveParams(raw), format: format as ExecutiveExportParams['format'], locale: (locale as AppLocale | undefined) ?? null }
}

/** The query string that reproduces these parameters (export and print links). */
export function executiveQuery(p: { range: MonthRange; centers: string[] | null }, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({ from: p.range.from, to: p.range.to })
  if (p.centers?.length) q.set('centers', p.centers.join(','))
  for (const [k, v] of Object.entries(extra)) q.set(k, v)
  return q.toString()
}
