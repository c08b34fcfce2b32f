/**
 * GET /api/live/contacts/export?set=abandoned&centers=…&line=…&queues=…&channels=…[&queue=q&center=c][&sep=;][&locale=fr]
 * The contacts behind a figure of the live view (today), all of them, as a streamed CSV: the
 * same sets and filters as /api/live/contacts, written by the reports' export
 * (lib/reports/contactsExport: center time zones, formula-injection-safe cells).
 * Needs `export` (and `live`); limited to the caller's centers.
 */
import { can, jsonError, scopeCenters, withAuth } from '@/lib/auth/guard'
import { contentDisposition, csvOptions } from '@/lib/export/csv'
import { parseLiveExportParams } from '@/lib/live/params'
import { contactsCsvStream, type ContactsExportQuery } from '@/lib/reports/contactsExport'
import { requestLocale } from '@/lib/reports/http'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

export const GET = withAuth('export', async (req, _ctx, who) => {
  if (!can(who, 'live')) return jsonError(403, 'forbidden', 'the live view needs the live capability')
  // A bad parameter or separator throws ParamError: 400 (withAuth).
  const p = parseLiveExportParams(new URL(req.url).searchParams)
  const locale = requestLocale(req, p.locale)
  const o = csvOptions(locale, p.sep)
  // A queue-table row outside the selected centers/queues has nothing behind it: an empty
  // selection, never a wider one.
  const outside = (p.center && p.centers.length && !p.centers.includes(p.center)) || (p.queue && p.queues.length && !p.queues.includes(p.queue))
  const requested = p.center ? [p.center] : p.centers
  const allowed = outside ? [] : scopeCenters(who, requested.length ? requested : null)
  const q: ContactsExportQuery = {
    set: p.set,
    window: 'today',
    ...(p.line ? { lines: [p.line] } : {}),
    ...(p.queue ? { queues: [p.queue] } : p.queues.length ? { queues: p.queues } : {}),
    ...(p.channels.length ? { channels: p.channels } : {}),
  }
  const stream = contactsCsvStream(q, allowed, o, locale)
  return new Response(stream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': contentDisposition(`plateau-live-${p.set}-${new Date().toISOString().slice(0, 10)}.csv`),
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    },
  })
})
