/**
 * GET /api/executive/export?format=pdf|xlsx&from=YYYY-MM&to=YYYY-MM[&centers=a,b][&locale=fr]
 * The executive view as a PDF (Chromium prints /executive/print as the caller) or an XLSX
 * workbook (the same ExecutiveView object the page renders). Executives and admins.
 */
import { z } from 'zod'
import { jsonError, scopeCenters, withAuth } from '@/lib/auth/guard'
import { PdfRenderError, pdfResponse, pickForwardHeaders } from '@/lib/export/pdf'
import { contentDisposition } from '@/lib/export/csv'
import { XLSX_MIME } from '@/lib/export/xlsx'
import { executivePdf, executiveXlsx, exportFilename } from '@/lib/executive/export'
import { getExecutiveView } from '@/lib/executive/load'
import { executiveQuery, ParamError, parseExecutiveParams, rawFromSearchParams } from '@/lib/executive/request'
import { isLocale, LOCALE_COOKIE, resolveLocale } from '@/lib/i18n/config'

export const dynamic = 'force-dynamic'

const Format = z.enum(['pdf', 'xlsx'])

export const GET = withAuth('executive', async (req, _ctx: unknown, who) => {
  const sp = new URL(req.url).searchParams
  const format = Format.safeParse(sp.get('format'))
  if (!format.success) return jsonError(400, 'bad_request', 'format: expected pdf or xlsx')
  const loc = sp.get('locale')
  if (loc !== null && !isLocale(loc)) return jsonError(400, 'bad_request', 'locale: expected en or fr')
  let params
  try {
    params = parseExecutiveParams(rawFromSearchParams(sp))
  } catch (e) {
    if (e instanceof ParamError) return jsonError(400, 'bad_request', e.message)
    throw e
  }
  // Explicit ?locale=, else the caller's cookie / Accept-Language (as lib/i18n/server getLocale).
  const cookie = (req.headers.get('cookie') ?? '')
    .split(';')
    .map((c) => c.trim().split('='))
    .find(([k]) => k === LOCALE_COOKIE)?.[1]
  const locale = loc !== null && isLocale(loc) ? loc : resolveLocale({ cookie, acceptLanguage: req.headers.get('accept-language') })
  const filename = exportFilename(format.data, params.range.from, params.range.to)

  if (format.data === 'xlsx') {
    const view = await getExecutiveView({ range: params.range, now: params.now }, scopeCenters(who, params.centers))
    const buf = await executiveXlsx(view, locale)
    return new Response(buf as unknown as BodyInit, {
      status: 200,
      headers: { 'content-type': XLSX_MIME, 'content-disposition': contentDisposition(filename), 'x-content-type-options': 'nosniff' },
    })
  }

  try {
    const pdf = await executivePdf({
      query: executiveQuery(params, { locale }),
      locale,
      from: params.range.from,
      to: params.range.to,
      forwardHeaders: pickForwardHeaders(req.headers, { locale }),
    })
    return pdfResponse(pdf, filename)
  } catch (e) {
    if (e instanceof PdfRenderError) {
      const status = e.status === 401 ? 401 : e.status === 403 ? 403 : 502
      return new Response(JSON.stringify({ error: 'pdf_failed', message: e.message }), { status, headers: { 'content-type': 'application/json' } })
    }
    throw e
  }
})
