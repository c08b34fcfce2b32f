/**
 * /reports in Chromium against the production build: a month of events is posted to
 * /api/events, then as a manager (scoped to paris-sales):
 * - acceptance: the JSON, CSV, XLSX and PDF of that month carry identical figures, equal to
 *   /api/kpis for the same window (XLSX parsed with exceljs, PDF text with unpdf);
 * - the page in French and English: summary, charts, breakdowns, interval explorer, drill-down
 *   (paginated contacts + CSV export), no raw message keys — screenshots in test-results.
 */
import ExcelJS from 'exceljs'
import fs from 'node:fs'
import path from 'node:path'
import { expect, test, type APIRequestContext } from '@playwright/test'
import { generateEvents } from '../helpers/contact-events'
import { loginAs, sessionForRole } from '../helpers/auth'
import { assertNoRawKeys, expectNoRawKeys } from '../helpers/raw-keys'
import { formatKpiValue, type KpiUnit } from '../../lib/i18n/format'
import { kpiDefinition, type KpiKey } from '../../lib/kpi/definitions'
import type { MonthlyReport } from '../../lib/reports/types'
import { roundRaw } from '../../lib/reports/round'
import { clearOfMidnight } from './clear-of-midnight'

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots')
const API_KEY = 'e2e-producer-key'
const CENTER = 'paris-sales'

/** The last complete month in Paris ('YYYY-MM'). */
function lastMonth(): string {
  const now = new Date()
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`
}
const MONTH = lastMonth()
const [Y, M] = MONTH.split('-').map(Number) as [number, number]

test.describe.configure({ mode: 'serial' })

test.beforeAll(clearOfMidnight)
test.beforeAll(async ({ request }) => {
  // ~6 000 events spread over the month (every center; the manager sees paris-sales only).
  const events = generateEvents({ events: 6000, seed: 66, prefix: `rep${MONTH}`, startMs: Date.UTC(Y, M - 1, 2, 6, 0), gapMs: 1_500_000 })
  const inMonth = events.filter((e) => Date.parse(e.ts) < Date.UTC(Y, M, 1) - 3 * 3_600_000)
  for (let i = 0; i < inMonth.length; i += 2000) {
    const res = await request.post('/api/events', { headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' }, data: inMonth.slice(i, i + 2000) })
    expect(res.status(), await res.text()).toBe(202)
  }
})

async function waitForData(request: APIRequestContext, cookie: string): Promise<MonthlyReport> {
  let report: MonthlyReport | null = null
  await expect
    .poll(
      async () => {
        const r = await request.get(`/api/reports/monthly?month=${MONTH}&section=summary`, { headers: { cookie } })
        report = (await r.json()) as MonthlyReport
        return report.summary.find((k) => k.key === 'handled')?.value ?? 0
      },
      { timeout: 60_000 },
    )
    .toBeGreaterThan(50)
  return report!
}

const norm = (s: string) => s.replace(/[\s\u00A0\u202F]+/g, ' ').trim()

test('acceptance: JSON, CSV, XLSX and PDF of one month carry the figures of /api/kpis', async ({ request }) => {
  const { cookie } = await sessionForRole(test.info().project.use.baseURL!, 'manager')
  await waitForData(request, cookie)
  const get = async (url: string, locale = 'fr') => {
    const r = await request.get(url, { headers: { cookie: `${cookie}; plateau-locale=${locale}` } })
    expect(r.status(), `${url}: ${r.status()}`).toBe(200)
    return r
  }
  const t0 = Date.now()
  const report = (await (await get(`/api/reports/monthly?month=${MONTH}`)).json()) as MonthlyReport
  const jsonMs = Date.now() - t0
  expect(report.selection.centers.map((c) => c.id)).toEqual([CENTER])
  const keys = report.summary.map((k) => k.key)

  // /api/kpis, same window and centers
  const q = new URLSearchParams({ window: 'custom', from: report.period.from, to: report.period.to, compare: 'previous', keys: keys.join(',') })
  const api = (await (await get(`/api/kpis?${q}`)).json()) as { rows: Array<{ kpis: Array<{ key: string; value: number | null; previous: number | null }> }> }
  const apiBy = new Map(api.rows[0]!.kpis.map((k) => [k.key, k]))
  for (const k of report.summary) expect({ key: k.key, value: k.value, previous: k.previous }).toEqual({ key: k.key, value: apiBy.get(k.key)!.value, previous: apiBy.get(k.key)!.previous })

  // CSV (fr: ; and decimal comma)
  const csvRes = await get(`/api/reports/monthly?month=${MONTH}&format=csv&section=summary`)
  const csvBytes = await csvRes.body()
  expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  const csv = csvBytes.toString('utf8').replace(/^\uFEFF/, '')
  assertNoRawKeys(csv)
  const csvValues = new Map(
    csv
      .split('\r\n')
      .slice(1)
      .filter(Boolean)
      .map((l) => l.split(';'))
      .map((c) => [c[0]!, c[3] === '' ? null : Number(c[3]!.replace(',', '.'))]),
  )
  for (const k of report.summary) expect(csvValues.get(k.key), `CSV ${k.key}`).toBe(roundRaw(k.value, k.unit))

  // XLSX
  const x0 = Date.now()
  const xlsx = await get(`/api/reports/monthly?month=${MONTH}&format=xlsx`)
  const xlsxMs = Date.now() - x0
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load((await xlsx.body()) as never)
  const ws = wb.worksheets[0]!
  let header = 0
  ws.eachRow((row, i) => {
    if (!header && row.getCell(1).value === 'Indicateur') header = i
  })
  const cols = ws.getRow(header).values as unknown[]
  const keyCol = cols.indexOf('Clé')
  const valCol = cols.indexOf('Valeur')
  const xlsxValues = new Map<string, number | null>()
  for (let i = header + 1; i <= ws.rowCount; i++) {
    const key = ws.getCell(i, keyCol).value
    if (typeof key !== 'string') continue
    const v = ws.getCell(i, valCol).value
    xlsxValues.set(key, v instanceof Date ? (v.getTime() / 86_400_000 + 25_569) * 86_400 : (v as number | null))
  }
  for (const k of report.summary) {
    const v = xlsxValues.get(k.key)
    if (k.unit === 'seconds' && k.value !== null) expect(Math.abs((v as number) - k.value), `XLSX ${k.key}`).toBeLessThan(1e-3)
    else expect(v, `XLSX ${k.key}`).toBe(k.value)
  }

  // PDF (headless Chromium of /reports/print): text extracted with unpdf
  const p0 = Date.now()
  const pdfRes = await get(`/api/reports/monthly?month=${MONTH}&format=pdf`)
  const pdfMs = Date.now() - p0
  expect(pdfRes.headers()['content-type']).toBe('application/pdf')
  const pdfBytes = await pdfRes.body()
  expect(pdfBytes.subarray(0, 5).toString()).toBe('%PDF-')
  fs.mkdirSync(SHOTS, { recursive: true })
  fs.writeFileSync(path.join(SHOTS, 'reports-month.pdf'), pdfBytes)
  const { extractText, getDocumentProxy } = await import('unpdf')
  const doc = await getDocumentProxy(new Uint8Array(pdfBytes))
  expect(doc.numPages).toBeGreaterThan(3) // A4, paginated
  const { text } = await extractText(doc, { mergePages: true })
  const pdfText = norm(text as string)
  assertNoRawKeys(pdfText)
  expect(pdfText).toContain('Paris Ventes')
  expect(pdfText).toMatch(/Page 1 sur \d+/)
  expect(pdfText).toMatch(/événements|Aucun événement/) // data-quality footnotes
  expect(pdfText).toContain(norm(report.quality.deadLetters === 0 ? 'Aucun message rejeté' : 'messages rejetés'))
  // Every summary figure, in table order: its label then its value as formatted for French.
  const summaryStart = pdfText.indexOf('Indicateur Valeur')
  expect(summaryStart).toBeGreaterThan(0)
  let at = summaryStart
  for (const k of report.summary) {
    const def = kpiDefinition(k.key as KpiKey)
    const label = norm(def.label.fr)
    const value = norm(formatKpiValue(k.value, k.unit as KpiUnit, 'fr', k.currency ?? 'EUR'))
    const li = pdfText.indexOf(label, at)
    expect(li, `PDF label ${k.key} (${label}) after ${at}`).toBeGreaterThan(0)
    const vi = pdfText.indexOf(value, li + label.length)
    expect(vi, `PDF value ${k.key}: ${value}`).toBeGreaterThan(0)
    expect(vi - (li + label.length), `PDF value ${k.key} right after its label`).toBeLessThan(3)
    at = vi + value.length
  }
  test.info().annotations.push({ type: 'timings', description: `json ${jsonMs} ms, xlsx ${xlsxMs} ms, pdf ${pdfMs} ms` })
})

test('the page in French: summary, charts, breakdowns, intervals, drill-down — screenshot', async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: 'plateau-locale', value: 'fr', url: baseURL! }])
  await loginAs(context, baseURL!, 'manager')
  await page.goto(`/reports?month=${MONTH}`)
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr')
  await expect(page.getByRole('heading', { level: 1, name: 'Rapports' })).toBeVisible()
  await expect(page.locator('[data-report][data-print-ready="1"]')).toBeAttached()
  await expect(page.getByTestId('report-title')).toContainText('Paris Ventes')
  for (const s of ['summary', 'reporting-line', 'cost', 'daily', 'breakdowns', 'interval', 'quality', 'definitions']) await expect(page.locator(`[data-section="${s}"]`)).toBeVisible()
  await expect(page.locator('[data-section="summary"] [data-tile="service_level"]')).toBeVisible()
  await expect(page.getByText(/\d\u00A0%/).first()).toBeVisible()
  await expect(page.locator('[data-chart] svg.recharts-surface').first()).toBeVisible()
  // breakdown tabs
  await page.getByTestId('tab-agent').click()
  await expect(page.locator('[data-report-table="breakdown-agent"] tbody tr').first()).toBeVisible()
  await page.getByTestId('tab-queue').click()
  await expect(page.locator('[data-report-table="breakdown-queue"] tbody tr')).not.toHaveCount(0)
  // interval explorer: 30-minute intervals fetched on demand
  await page.getByTestId('interval-size').selectOption('30')
  await expect(page.locator('[data-report-table="interval-day"] tbody tr')).toHaveCount(48)
  await expectNoRawKeys(page, '/reports fr')
  fs.mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: path.join(SHOTS, 'reports-fr.png'), fullPage: true })

  // drill-down: the abandoned contacts behind the summary figure, paginated, exportable
  await page.locator('[data-kpi="abandoned"] [data-drill="abandoned"]').click()
  const panel = page.getByTestId('drill-panel')
  await expect(panel).toBeVisible()
  await expect(panel.locator('tbody tr').first()).toBeVisible()
  const total = await page.locator('[data-kpi="abandoned"] [data-value]').innerText()
  await expect(page.getByTestId('drill-total')).toContainText(total.trim())
  await page.screenshot({ path: path.join(SHOTS, 'reports-drill-fr.png') })
  const href = await page.getByTestId('drill-export').getAttribute('href')
  const csv = await page.request.get(href!)
  expect(csv.status()).toBe(200)
  const lines = (await csv.text()).split('\r\n').filter(Boolean)
  expect(lines.length - 1).toBe(Number(total.replace(/\D/g, '')))
})

test('the page in English, a custom range, and the exports offered', async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: 'plateau-locale', value: 'en', url: baseURL! }])
  await loginAs(context, baseURL!, 'manager')
  await page.goto(`/reports?from=${MONTH}-05&to=${MONTH}-18`)
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(page.locator('[data-report][data-print-ready="1"]')).toBeAttached()
  await expect(page.getByTestId('report-title')).toContainText(`05/${String(M).padStart(2, '0')}/${Y}`)
  await expect(page.getByTestId('export-xlsx')).toHaveAttribute('href', new RegExp(`format=xlsx`))
  await expect(page.getByTestId('export-pdf')).toHaveAttribute('href', new RegExp(`from=${MONTH}-05&to=${MONTH}-18.*format=pdf`))
  await expectNoRawKeys(page, '/reports en')
  await page.screenshot({ path: path.join(SHOTS, 'reports-en.png'), fullPage: true })
})
