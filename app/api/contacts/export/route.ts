/**
 * GET /api/contacts/export — the contacts behind a figure as a streamed CSV (row-level export,
 * any size, constant memory). Same sets, window and filters as /api/kpis/contacts, plus
 * `month=YYYY-MM` (a report month), `sep` and `locale`; see lib/reports/contactsExport.ts.
 * Needs `reports` and `export`; limited to the caller's centers. A bad separator or a month
 * outside the periods events can cover throws a ParamError: 400 (withAuth), before any stream.
 */
import { can, jsonError, scopeCenters, withAuth } from '@/lib/auth/guard'
import { contentDisposition, csvOptions } from '@/lib/export/csv'
import { contactsCsvStream, exportWindow, parseContactsExport } from '@/lib/reports/contactsExport'
import { badRequest, requestLocale } from '@/lib/reports/http'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

export const GET = withAuth('reports', async (req, _ctx, who) => {
  if (!can(who, 'export')) return jsonError(403, 'forbidden', 'exporting files needs the export capability')
  const parsed = parseContactsExport(new URL(req.url).searchParams)
  if (!parsed.ok) return badRequest(parsed.message)
  const q = parsed.q
  const locale = requestLocale(req, q.locale)
  const o = csvOptions(locale, q.sep)
  exportWindow(q, scopeCenters(who, null)) // a month outside the periods events can cover: 400 now, not a broken stream
  const stream = contactsCsvStream(q, scopeCenters(who, null), o, locale)
  const name = `plateau-contacts-${q.set}-${q.month ?? new Date().toISOString().slice(0, 10)}.csv`
  return new Response(stream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': contentDisposition(name),
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    },
  })
})
