import { withAuth } from '@/lib/auth/guard'
import { allDeadLetters, listDeadLetters, parseDeadLetterFilter, visibleRaw } from '@/lib/dead-letters/list'
import { csvOptions, csvResponse, csvStream } from '@/lib/export/csv'
import { boundedJson } from '@/lib/responseLimits'
import { badRequest, requestLocale } from '@/lib/reports/http'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/**
 * GET /api/admin/dead-letters?from&to&source&q&page&pageSize — refused messages, newest first
 * (admin only). `format=csv` (with `sep`, `locale`) streams every matching one (at most 50 000).
 * A bad filter or separator throws a ParamError: 400 with its message (withAuth).
 */
export const GET = withAuth('admin', async (req) => {
  const url = new URL(req.url)
  const filter = parseDeadLetterFilter(url.searchParams)
  const format = url.searchParams.get('format') ?? 'json'
  if (format === 'json') return boundedJson(await listDeadLetters(filter))
  if (format !== 'csv') return badRequest('format must be json or csv')
  const locale = requestLocale(req, url.searchParams.get('locale'))
  const o = csvOptions(locale, url.searchParams.get('sep'))
  const header = ['received_at', 'source', 'topic', 'partition', 'offset', 'reason', 'raw', 'raw_length']
  async function* rows() {
    for await (const d of allDeadLetters(filter)) yield [d.receivedAt, d.source, d.topic, d.partition, d.offset, d.reason, visibleRaw(d.raw), d.rawLength]
  }
  return csvResponse(csvStream(header, rows(), o), `plateau-dead-letters-${new Date().toISOString().slice(0, 10)}.csv`)
})
