/**
 * GET /api/contacts/export: the contacts behind a figure as a streamed CSV (any size, constant
 * memory). Parameters follow /api/kpis/contacts (same sets, window and filters) plus `sep`
 * and `locale`:
 *
 *   /api/contacts/export?set=abandoned&window=custom&from=2026-10-01T00:00:00%2B02:00
 *        &to=2026-11-01T00:00:00%2B01:00&centers=paris-sales&queues=sales-orders-voice&sep=;
 *   /api/contacts/export?set=handled&month=2026-10&centers=paris-sales       (a report month)
 *
 * Times are written in each contact's center time zone as `YYYY-MM-DD HH:MM:SS` (a format every
 * spreadsheet reads as a date-time); text cells from event data (ids) are neutralised against
 * formula injection by lib/export/csv.
 */
import 'server-only'
import { z } from 'zod'
import { getConfig } from '../config'
import { csvStream, type CsvCell, type CsvOptions } from '../export/csv'
import type { AppLocale } from '../i18n/config'
import { DRILL_SETS, type DrillSet } from '../kpi/definitions'
import type { KpiFilters } from '../queries/scope'
import { FILTER_PARAMS } from '../queries/handleKpisRequest'
import { streamContacts } from '../queries/streamContacts'
import type { WindowSpec } from '../queries/window'
import { reportTranslator } from './labels'
import { resolvePeriod, selectionTimezone } from '../periods/calendar'


export const ContactsExportQuery = z
  .strictObject({
    set: z.enum(DRILL_SETS),
    window: z.enum(['today', 'last15m', 'last60m', 'custom']).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month must be YYYY-MM').optional(),
    ...FILTER_PARAMS,
    sep: z.string().max(12).optional(),
    locale: z.enum(['en', 'fr']).optional(),
    limit: z.coerce.number().int().min(1).max(10_000_000).optional(),
  })
  .superRefine((q, ctx) => {
    if (q.month && (q.window || q.from || q.to)) ctx.addIssue({ code: 'custom', path: ['month'], message: 'give month or window/from/to, not both' })
    if (q.window === 'custom' || (!q.month && (q.from || q.to))) {
      if (!q.from || !q.to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'window=custom needs from and to (ISO 8601 with offset)' })
      else {
        const span = Date.parse(q.to) - Date.parse(q.from)
        if (!(span > 0)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' })
        else if (span > 400 * 86_400_000) ctx.addIssue({ code: 'custom', path: ['to'], message: 'window longer than 400 days' })
      }
    } else if (q.from || q.to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'from/to are only allowed with window=custom' })
  })
export type ContactsExportQuery = z.infer<typeof ContactsExportQuery>

export function parseContactsExport(params: URLSearchParams): { ok: true; q: ContactsExportQuery } | { ok: false; message: string } {
  const rec: Record<string, string> = {}
  params.forEach((v, k) => (rec[k] = rec[k] !== undefined ? `${rec[k]},${v}` : v))
  const r = ContactsExportQuery.safeParse(rec)
  if (!r.success) return { ok: false, message: `invalid parameters: ${r.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ')}` }
  return { ok: true, q: r.data }
}

export function exportFilters(q: ContactsExportQuery): KpiFilters {
  return { centers: q.centers, reportingLines: q.lines, sourcing: q.sourcing, queues: q.queues, channels: q.channels, directions: q.directions, agents: q.agents }
}

/** The window of the export: a report month in the centers' zone, a custom window, or a named one. */
export function exportWindow(q: ContactsExportQuery, allowedCenters: string[] | null, now = Date.now()): WindowSpec {
  if (q.month) {
    const cfg = getConfig()
    const ids = q.centers?.length ? q.centers : (allowedCenters ?? cfg.configuredCenters().map((c) => c.id))
    const { timezone } = selectionTimezone(ids.map((c) => cfg.center(c).timezone), cfg.raw.defaults.timezone, now)
    const p = resolvePeriod({ kind: 'month', month: q.month }, timezone)
    return { kind: 'custom', from: p.from, to: p.to }
  }
  if (q.from && q.to) return { kind: 'custom', from: Date.parse(q.from), to: Date.parse(q.to) }
  return { kind: (q.window ?? 'today') as 'today' | 'last15m' | 'last60m' }
}

/** `YYYY-MM-DD HH:MM:SS` wall-clock time in a zone, with offsets cached per hour (a million rows format fast). */
export class LocalTimes {
  private offsets = new Map<string, number>()
  private fmts = new Map<string, Intl.DateTimeFormat>()
  format(ms: number | null, tz: string): string {
    if (ms === null || !Number.isFinite(ms)) return ''
    const hour = Math.floor(ms / 3_600_000)
    const k = `${tz}|${hour}`
    let off = this.offsets.get(k)
    if (off === undefined) {
      off = this.offset(hour * 3_600_000, tz)
      if (this.offsets.size > 100_000) this.offsets.clear()
      this.offsets.set(k, off)
    }
    return new Date(ms + off).toISOString().slice(0, 19).replace('T', ' ')
  }
  private offset(ms: number, tz: string): number {
    let f = this.fmts.get(tz)
    if (!f) {
      f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
      this.fmts.set(tz, f)
    }
    const p: Record<string, number> = {}
    for (const x of f.formatToParts(new Date(ms))) if (x.type !== 'literal') p[x.type] = Number(x.value)
    return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - ms
  }
}

export function contactsHeader(locale: AppLocale): string[] {
  const t = reportTranslator(locale, 'reports')
  const c = (k: Parameters<typeof t>[0]) => t(k)
  return [
    c('drill.columns.center'),
    c('drill.columns.contactId'),
    c('drill.columns.queue'),
    c('drill.columns.channel'),
    c('drill.columns.direction'),
    c('drill.columns.agent'),
    c('drill.columns.queuedAt'),
    c('drill.columns.answeredAt'),
    c('drill.columns.abandonedAt'),
    c('drill.columns.wrappedAt'),
    c('drill.columns.wait'),
    c('drill.columns.talk'),
    c('drill.columns.hold'),
    c('drill.columns.wrap'),
    c('drill.columns.transferred'),
    c('drill.columns.resolved'),
    c('drill.columns.outcome'),
    c('drill.columns.revenue'),
    c('drill.columns.csat'),
    c('drill.columns.nps'),
  ]
}

/** The CSV stream for a validated query (scope already applied through allowedCenters). */
export function contactsCsvStream(
  q: ContactsExportQuery,
  allowedCenters: string[] | null,
  o: CsvOptions,
  locale: AppLocale,
  now = Date.now(),
  tuning: { pageSize?: number } = {},
): ReadableStream<Uint8Array> {
  const cfg = getConfig()
  const times = new LocalTimes()
  const tzOf = new Map<string, string>()
  const tz = (center: string) => {
    let z = tzOf.get(center)
    if (!z) tzOf.set(center, (z = cfg.center(center).timezone))
    return z
  }
  const set: DrillSet = q.set
  const source = streamContacts({ window: exportWindow(q, allowedCenters, now), set, filters: exportFilters(q), now, limit: q.limit, pageSize: tuning.pageSize }, allowedCenters)
  async function* rows(): AsyncGenerator<CsvCell[]> {
    for await (const r of source) {
      const z = tz(r.centerId)
      const outcome = [r.sale ? 'sale' : '', r.lead ? 'lead' : '', r.retentionSave ? 'retention_saved' : ''].filter(Boolean).join('+')
      yield [
        r.centerId,
        r.contactId,
        r.queueId,
        r.channel,
        r.direction,
        r.agentId,
        times.format(r.queuedAt, z),
        times.format(r.answeredAt, z),
        times.format(r.abandonedAt, z),
        times.format(r.wrappedAt, z),
        r.waitS,
        r.talkS,
        r.holdS,
        r.acwS,
        r.transferred,
        r.resolved,
        outcome,
        r.revenue,
        r.csat,
        r.nps,
      ]
    }
  }
  const gen = rows()
  // Closing the CSV stream early (client went away) must close the DB cursor too.
  const wrapped: AsyncIterable<CsvCell[]> = {
    [Symbol.asyncIterator]: () => ({
      next: () => gen.next(),
      return: async () => {
        await source.return(undefined)
        return gen.return(undefined)
      },
    }),
  }
  return csvStream(contactsHeader(locale), wrapped, o)
}
