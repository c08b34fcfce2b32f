/**
 * Query parameters of the report API and pages, validated (zod). Shared by
 * /api/reports/monthly, /reports and /reports/print so the same URL means the same report.
 *
 *   month=2026-10 | from=2026-10-01&to=2026-10-15      (default: the last complete month)
 *   center=paris-sales&center=lyon-leads | center=a,b   (default: every center in scope)
 *   line=sales                                         (reporting line; repeatable)
 *   interval=15|30|60                                  (interval report size, default 60)
 *   format=json|csv|xlsx|pdf, sep=,|;|tab, section=…, locale=en|fr
 */
import { z } from 'zod'
import { REPORTING_LINES, type ReportingLine } from '../config/schema'
import { LOCALES, type AppLocale } from '../i18n/config'
import { ParamError, paramValues, type RawParams } from '../params'
import { lastCompleteMonth, type PeriodInput } from '../periods/calendar'
import { INTERVAL_SIZES, REPORT_SECTIONS, type IntervalSize, type ReportSection } from './types'

export const REPORT_FORMATS = ['json', 'csv', 'xlsx', 'pdf'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

const id = z.string().trim().min(1).max(128)
const list = (v: string[]) => v.flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean)

const Schema = z
  .object({
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month must be YYYY-MM').optional(),
    from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'from must be YYYY-MM-DD').optional(),
    to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'to must be YYYY-MM-DD').optional(),
    center: z.array(id).max(200).default([]),
    line: z.array(z.enum(REPORTING_LINES)).max(4).default([]),
    interval: z.enum(['15', '30', '60']).default('60'),
    format: z.enum(REPORT_FORMATS).default('json'),
    sep: z.string().max(12).optional(),
    section: z.array(z.enum([...REPORT_SECTIONS, 'all'])).max(REPORT_SECTIONS.length).default([]),
    locale: z.enum(LOCALES).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.month && (v.from || v.to)) ctx.addIssue({ code: 'custom', message: 'give either month or from/to, not both' })
    if (!!v.from !== !!v.to) ctx.addIssue({ code: 'custom', message: 'from and to go together' })
    if (v.section.length > 1 && v.format === 'csv') ctx.addIssue({ code: 'custom', path: ['section'], message: 'a CSV holds one section or all of them' })
  })

export type ReportParams = {
  period: PeriodInput
  centers: string[]
  lines: ReportingLine[]
  interval: IntervalSize
  format: ReportFormat
  sep?: string
  /** CSV: one section or 'all'. */
  section: ReportSection | 'all'
  /** JSON: the sections to compute (empty: all). */
  sections: ReportSection[]
  locale?: AppLocale
}

/** Parse URL search params (or a Next.js searchParams object). Throws ParamError (lib/params) with a clear message. */
export function parseReportParams(sp: RawParams, now = Date.now(), tz = 'Europe/Paris'): ReportParams {
  const get = (k: string): string[] => paramValues(sp, k)
  const one = (k: string) => get(k).at(-1) || undefined
  const r = Schema.safeParse({
    month: one('month'),
    from: one('from'),
    to: one('to'),
    center: list(get('center')),
    line: list(get('line')),
    interval: one('interval'),
    format: one('format'),
    sep: one('sep'),
    section: list(get('section')),
    locale: one('locale'),
  })
  if (!r.success) throw new ParamError(r.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; '))
  const v = r.data
  const period: PeriodInput = v.from && v.to ? { kind: 'range', from: v.from, to: v.to } : { kind: 'month', month: v.month ?? lastCompleteMonth(now, tz) }
  return {
    period,
    centers: [...new Set(v.center)],
    lines: [...new Set(v.line)],
    interval: Number(v.interval) as IntervalSize,
    format: v.format,
    sep: v.sep,
    section: v.section.length === 1 ? v.section[0]! : 'all',
    sections: v.section.includes('all') ? [] : (v.section as ReportSection[]),
    locale: v.locale,
  }
}

/** The URL query of a report (page links, print page, exports). */
export function reportQuery(p: Partial<ReportParams> & { period: PeriodInput }): URLSearchParams {
  const sections = p.sections?.length ? p.sections : p.section && p.section !== 'all' ? [p.section] : []
  const q = new URLSearchParams()
  if (p.period.kind === 'month') q.set('month', p.period.month)
  else {
    q.set('from', p.period.from)
    q.set('to', p.period.to)
  }
  for (const c of p.centers ?? []) q.append('center', c)
  for (const l of p.lines ?? []) q.append('line', l)
  if (p.interval && p.interval !== 60) q.set('interval', String(p.interval))
  if (p.format && p.format !== 'json') q.set('format', p.format)
  if (p.sep) q.set('sep', p.sep)
  if (sections.length) q.set('section', sections.join(','))
  if (p.locale) q.set('locale', p.locale)
  return q
}

export { INTERVAL_SIZES }
