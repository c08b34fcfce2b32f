/**
 * GET /api/reports/monthly — the monthly (or custom-range) report for the caller's centers.
 *
 *   ?month=2026-10 | from=2026-10-01&to=2026-10-15   (local days of the centers; default: last complete month)
 *   &center=paris-sales[,lyon-leads] &line=sales      (default: every center in scope)
 *   &format=json|csv|xlsx|pdf  &sep=,|;|tab  &section=summary|daily|…  &interval=15|30|60  &locale=en|fr
 *
 * Every format renders the same MonthlyReport (lib/reports/build.ts), built from the KPI
 * engine with the caller's scope. JSON needs `reports`; files also need `export`. A bad
 * parameter or period throws a ParamError: 400 with its message (withAuth).
 */
import { boundedJson } from '@/lib/responseLimits'
import { can, jsonError, scopeCenters, withAuth } from '@/lib/auth/guard'
import { contentDisposition, csvOptions, csvResponse } from '@/lib/export/csv'
import { PdfRenderError, pdfResponse, pickForwardHeaders, renderPdf } from '@/lib/export/pdf'
import { XLSX_MIME } from '@/lib/export/xlsx'
import { buildReport } from '@/lib/reports/build'
import { requestLocale } from '@/lib/reports/http'
import { reportTranslator } from '@/lib/reports/labels'
import { parseReportParams, reportQuery, type ReportParams } from '@/lib/reports/params'
import { resolvePeriod } from '@/lib/periods/calendar'
import { reportCsv, reportFileName, reportFileNameFor, reportXlsx } from '@/lib/reports/render'
import type { AppLocale } from '@/lib/i18n/config'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

export const GET = withAuth('reports', async (req, _ctx, who) => {
  const params = parseReportParams(new URL(req.url).searchParams)
  if (params.format !== 'json' && !can(who, 'export')) return jsonError(403, 'forbidden', 'exporting files needs the export capability')
  const locale = requestLocale(req, params.locale)
  const sepOptions = csvOptions(locale, params.sep)
  const allowed = scopeCenters(who, null)
  if (params.format === 'pdf') {
    resolvePeriod(params.period, 'UTC') // same validation as the print page, before starting Chromium
    const scope = params.centers.length ? (scopeCenters(who, params.centers) ?? []) : (allowed?.length === 1 ? allowed : [])
    return pdf(req, params, locale, scope)
  }
  const sections = params.format === 'json' && params.sections.length ? params.sections : undefined
  const report = await buildReport({ period: params.period, centers: params.centers, lines: params.lines, interval: params.interval, locale, sections }, allowed)
  switch (params.format) {
    case 'json':
      return boundedJson(report)
    case 'csv':
      return csvResponse(reportCsv(report, sepOptions, params.section), reportFileName(report, 'csv'))
    case 'xlsx': {
      const buf = await reportXlsx(report)
      return new Response(buf as unknown as BodyInit, {
        headers: { 'content-type': XLSX_MIME, 'content-disposition': contentDisposition(reportFileName(report, 'xlsx')), 'x-content-type-options': 'nosniff' },
      })
    }
  }
})

/** The PDF: the print page (/reports/print) rendered by headless Chromium as the caller. */
async function pdf(req: Request, params: ReportParams, locale: AppLocale, centerIds: string[]): Promise<Response> {
  const t = reportTranslator(locale, 'reports')
  const q = reportQuery({ ...params, format: undefined, sep: undefined, section: undefined, sections: undefined, locale })
  const period = params.period.kind === 'month' ? params.period.month : `${params.period.from}_${params.period.to}`
  try {
    const bytes = await renderPdf({
      path: `/reports/print?${q}`,
      forwardHeaders: pickForwardHeaders(req.headers, { locale }),
      readySelector: '[data-print-ready="1"]',
      footer: { pageOf: t('pdf.pageOf', { page: '{page}', pages: '{pages}' }) },
      footerLeftFrom: '[data-print-footer]',
    })
    return pdfResponse(bytes, reportFileNameFor(period, centerIds, 'pdf', params.lines))
  } catch (e) {
    if (e instanceof PdfRenderError) {
      const status = e.status === 401 || e.status === 403 ? e.status : 503
      return new Response(JSON.stringify({ error: 'pdf_failed', message: e.message }), { status, headers: { 'content-type': 'application/json' } })
    }
    throw e
  }
}
