/**
 * GET /api/executive/export?format=pdf|xlsx&from=YYYY-MM&to=YYYY-MM[&centers=a,b][&locale=fr]
 * The executive view as a PDF (Chromium prints /executive/print as the caller) or an XLSX
 * workbook (the same ExecutiveView object the page renders). Executives and admins.
 */
import { scopeCenters, withAuth } from '@/lib/auth/guard'
import { PdfRenderError, pdfResponse, pickForwardHeaders } from '@/lib/export/pdf'
import { contentDisposition } from '@/lib/export/csv'
import { XLSX_MIME } from '@/lib/export/xlsx'
import { executivePdf, executiveXlsx, exportFilename } from '@/lib/executive/export'
import { getExecutiveView } from '@/lib/executive/load'
import { executiveQuery, parseExecutiveExportParams } from '@/lib/executive/request'
import { requestLocale } from '@/lib/reports/http'

export const dynamic = 'force-dynamic'

export const GET = withAuth('executive', async (req, _ctx: unknown, who) => {
  const params = parseExecutiveExportParams(new URL(req.url).searchParams)
  // Explicit ?locale=, else the caller's cookie / Accept-Language.
  const locale = requestLocale(req, params.locale)
  const filename = exportFilename(params.format, params.range.from, params.range.to)

  if (params.format === 'xlsx') {
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
