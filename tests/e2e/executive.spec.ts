/**
 * /executive in Chromium: 12 months of history are posted to /api/events (deterministic
 * generator, the five demo centers), then the view is opened as an executive in English and
 * French — screenshots in test-results/screenshots/executive-*.png — and the PDF and XLSX
 * exports are checked against the figures on the screen.
 */
import ExcelJS from 'exceljs'
import fs from 'node:fs'
import path from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { generateEvents } from '../helpers/contact-events'
import { loginAs } from '../helpers/auth'
import { assertNoRawKeys, expectNoRawKeys } from '../helpers/raw-keys'
import { clearOfMidnight } from './clear-of-midnight'

const SHOTS = path.resolve(__dirname, '../../test-results/screenshots')
const API_KEY = 'e2e-producer-key'

/** The last 12 complete months ('YYYY-MM'), oldest first. */
function lastMonths(n: number): string[] {
  const now = new Date()
  return Array.from({ length: n }, (_, i) => {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n + i, 1))
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`
  })
}
const MONTHS = lastMonths(12)
const LAST = MONTHS[MONTHS.length - 1]!

test.describe.configure({ mode: 'serial' })

test.beforeAll(clearOfMidnight)
test.beforeAll(async ({ request }) => {
  // ~3 000 events on the 10th of each month, spread over the day.
  for (const [i, m] of MONTHS.entries()) {
    const [y, mo] = m.split('-').map(Number)
    const events = generateEvents({ events: 3000, seed: 100 + i, prefix: `ex${m}`, startMs: Date.UTC(y!, mo! - 1, 10, 6, 0), gapMs: 40_000 })
    const res = await request.post('/api/events', { headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' }, data: events })
    expect(res.status(), await res.text()).toBe(202)
  }
})

async function openView(page: Page, query: string) {
  const t0 = Date.now()
  await page.goto(`/executive?${query}`)
  await expect(page.locator('[data-executive-view][data-print-ready="1"]')).toBeAttached({ timeout: 60_000 })
  return Date.now() - t0
}

async function waitForData(page: Page) {
  // Contact facts are refreshed in the background: wait until the last month shows contacts.
  await expect
    .poll(
      async () => {
        const r = await page.request.get(`/api/executive?from=${LAST}&to=${LAST}`)
        const v = (await r.json()) as { total: { kpis: { handled?: { value: number | null } } } }
        return v.total.kpis.handled?.value ?? 0
      },
      { timeout: 60_000 },
    )
    .toBeGreaterThan(100)
}

test('executive view in English: side by side, splits, trend, rankings, quality, what-if — screenshot', async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: 'plateau-locale', value: 'en', url: baseURL! }])
  await loginAs(context, baseURL!, 'executive')
  await waitForData(page)
  const ms = await openView(page, `from=${LAST}&to=${LAST}`)
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(page.getByRole('heading', { level: 1, name: 'Executive view' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Cost-center view' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Profit-center view' })).toBeVisible()
  // every figure split by reporting line, sourcing and center
  for (const g of ['total:all', 'reporting_line:sales', 'reporting_line:customer_service', 'sourcing:in_house', 'sourcing:outsourced', 'center:paris-sales', 'center:charleroi-care']) {
    await expect(page.locator(`[data-split="split-cost"] tr[data-group="${g}"]`)).toHaveCount(1)
    await expect(page.locator(`[data-split="split-profit"] tr[data-group="${g}"]`)).toHaveCount(1)
  }
  await expect(page.locator('[data-trend-table="margin"] tbody tr')).toHaveCount(5) // 5 centers
  await expect(page.locator('[data-trend-table="margin"] thead th')).toHaveCount(13) // label + 12 months
  await expect(page.locator('[data-ranking="rank-margin"] li')).toHaveCount(5)
  await expect(page.locator('[data-quality-center]')).toHaveCount(2) // the two customer-service centers
  expect(await page.locator('[data-whatif][data-scenario="plusOne"]').count()).toBeGreaterThan(0)
  await expectNoRawKeys(page, '/executive en')
  fs.mkdirSync(SHOTS, { recursive: true })
  await page.setViewportSize({ width: 1600, height: 1000 })
  await page.screenshot({ path: path.join(SHOTS, 'executive-en.png'), fullPage: true })
  test.info().annotations.push({ type: 'render', description: `/executive drawn in ${ms} ms` })
})

test('executive view in French, 12-month period — screenshot, French number formats', async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: 'plateau-locale', value: 'fr', url: baseURL! }])
  await loginAs(context, baseURL!, 'executive')
  await waitForData(page)
  await openView(page, `from=${MONTHS[0]}&to=${LAST}`)
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr')
  await expect(page.getByRole('heading', { name: 'Vue centre de coûts' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Vue centre de profit' })).toBeVisible()
  await expect(page.getByText('Relation client').first()).toBeVisible()
  await expect(page.getByText(/\d\u00A0€/).filter({ visible: true }).first()).toBeVisible() // French currency: 1 234,56 €
  await expectNoRawKeys(page, '/executive fr')
  await page.setViewportSize({ width: 1600, height: 1000 })
  await page.screenshot({ path: path.join(SHOTS, 'executive-fr.png'), fullPage: true })
})

test('period picker, trend selectors, what-if detail', async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: 'plateau-locale', value: 'en', url: baseURL! }])
  await loginAs(context, baseURL!, 'executive')
  await openView(page, `from=${LAST}&to=${LAST}`)
  await page.getByRole('button', { name: 'Last 3 months' }).click()
  await expect(page).toHaveURL(new RegExp(`from=${MONTHS[9]}&to=${LAST}`))
  await expect(page.locator(`[data-period="${MONTHS[9]}..${LAST}"]`)).toBeVisible()
  await page.getByTestId('trend-metric').selectOption('cost')
  await page.getByTestId('trend-split').selectOption('reporting_line')
  await expect(page.locator('[data-trend-table="cost"] tbody tr')).toHaveCount(4)
  await page.locator('[data-section="whatif"]').scrollIntoViewIfNeeded()
  await page.screenshot({ path: path.join(SHOTS, 'executive-whatif.png'), clip: (await page.locator('[data-section="whatif"]').boundingBox())! })
})

test('XLSX and PDF exports carry the figures on the screen', async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: 'plateau-locale', value: 'en', url: baseURL! }])
  await loginAs(context, baseURL!, 'executive')
  await openView(page, `from=${LAST}&to=${LAST}`)
  // the total cost shown on screen
  const screenCost = (await page.locator('[data-split="split-cost"] tr[data-group="total:all"] td[data-kpi="cost"] [data-value]').innerText()).trim()
  const screenMargin = (await page.locator('[data-split="split-profit"] tr[data-group="center:paris-sales"] td[data-kpi="margin"] [data-value]').innerText()).trim()

  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="xlsx"]').click()])
  const file = await dl.path()
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(file!)
  const sheet = wb.getWorksheet('Cost view')!
  let header: unknown[] = []
  let totalCost: number | null = null
  sheet.eachRow((row) => {
    const v = row.values as unknown[]
    if (v.includes('Total cost')) header = v
    else if (header.length && v.includes('All centers') && totalCost === null) totalCost = Number(row.getCell(header.indexOf('Total cost')).value)
  })
  const fmt = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' })
  expect(fmt.format(totalCost!)).toBe(screenCost)

  const res = await page.request.get(`/api/executive/export?format=pdf&from=${LAST}&to=${LAST}&locale=en`)
  expect(res.status()).toBe(200)
  expect(res.headers()['content-type']).toBe('application/pdf')
  const { extractText, getDocumentProxy } = await import('unpdf')
  const pdf = await getDocumentProxy(new Uint8Array(await res.body()))
  const { text } = await extractText(pdf, { mergePages: true })
  expect(text).toContain('Cost-center view')
  expect(text).toContain(screenCost)
  expect(text).toContain(screenMargin)
  assertNoRawKeys(text, 'executive PDF')
  fs.writeFileSync(path.join(SHOTS, 'executive-export.pdf'), await res.body())
})

test('a manager may not open the executive view', async ({ page, context, baseURL }) => {
  await loginAs(context, baseURL!, 'manager')
  await page.goto('/executive')
  await expect(page).toHaveURL(/\/login\?.*error=forbidden/)
  const api = await page.request.get(`/api/executive?from=${LAST}&to=${LAST}`)
  expect(api.status()).toBe(403)
})
