/**
 * Planning ahead in Chromium, in English and French:
 * - /live "next 4 hours": a queue with three weeks of history shows its upcoming intervals
 *   (forecast offered, AHT, agents needed, staffed now) and the model used; a center with three
 *   days of history says "insufficient history" (never 0); the intraday chart of forecast vs
 *   actual is drawn with both series;
 * - board panels staffing_ahead and compliance (tests/e2e/wallboard.boards.yaml): the same
 *   statuses, and paris-sales' outbound calls seeded tonight after midnight (outside the French
 *   10:00–13:00 / 14:00–20:00 windows on any day) counted as outside hours, the consumer called
 *   5 times counted over the 4-call cap.
 * Each part posts its events through the real pipeline (POST /api/events) on centers of its own.
 */
import { randomUUID } from 'node:crypto'
import { expect, test } from '@playwright/test'
import { createDisplayLinkHttp, loginAs, signIn } from '../helpers/auth'
import { expectNoRawKeys } from '../helpers/raw-keys'
import { ADMIN_PASSWORD, answered, ended, postEvents, queued, wrapped, type Ev } from './live-seed'
import { clearOfMidnight } from './clear-of-midnight'

test.describe.configure({ mode: 'serial' })
// A forecast reads eight weeks of history per center: on a loaded 2-core CI machine give the panels time.
test.setTimeout(300_000)

const HISTORY = 'e2e-fc-history'
const SHORT = 'e2e-fc-short'
const DAY = 86_400_000

function handled(center: string, queue: string, at: number): Ev[] {
  const id = `fc-${randomUUID()}`
  return [queued(center, id, queue, at), answered(center, id, queue, 'fc-agent', at + 10_000), ended(center, id, 'fc-agent', at + 130_000, 120), wrapped(center, id, 'fc-agent', at + 150_000, 20)]
}

/** Local midnight of today in Paris (ms). */
function parisMidnight(now: number): number {
  const d = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
  const guess = Date.parse(`${d}T00:00:00Z`)
  const offsetMin = Number(new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Paris', hour: 'numeric', hourCycle: 'h23' }).format(guess))
  return guess - offsetMin * 3_600_000
}

let compliancePosted = false
let consumer = ''

test.beforeAll(clearOfMidnight)
test.beforeAll(async ({ request }) => {
  const now = Date.now()
  const ev: Ev[] = []
  // Three weeks back, same time of day: 2 contacts at now + 5, 10, 20 min of each past week.
  for (const k of [1, 2, 3]) for (const m of [5, 10, 20]) for (let i = 0; i < 2; i++) ev.push(...handled(HISTORY, 'e2e-fc-voice', now - 7 * k * DAY + m * 60_000 + i * 1000))
  // Three days of history only.
  for (const k of [1, 2, 3]) ev.push(...handled(SHORT, 'e2e-fc-short-voice', now - k * DAY))
  // paris-sales, tonight 00:10–00:50 local: 5 canvassing calls to one consumer (not answered).
  const midnight = parisMidnight(now)
  if (now - midnight > 60 * 60_000) {
    compliancePosted = true
    consumer = `e2e-consumer-${randomUUID().slice(0, 8)}`
    for (let i = 0; i < 5; i++) {
      const id = `fc-ob-${randomUUID()}`
      const at = midnight + (10 + i * 10) * 60_000
      ev.push(
        { event_id: randomUUID(), type: 'contact.queued', ts: new Date(at).toISOString(), center_id: 'paris-sales', v: 1, contact_id: id, queue_id: 'sales-outbound', channel: 'voice', direction: 'outbound', customer_id: consumer, campaign_id: 'camp-winter-offer' },
        { event_id: randomUUID(), type: 'contact.abandoned', ts: new Date(at + 20_000).toISOString(), center_id: 'paris-sales', v: 1, contact_id: id, queue_id: 'sales-outbound' },
      )
    }
  }
  await postEvents(request, ev)
})

test('/live: next 4 hours per queue, insufficient history said as such, intraday chart — en and fr', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } })
  await loginAs(context, baseURL!, 'admin', { adminPassword: ADMIN_PASSWORD })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))

  await page.goto(`/live?centers=${HISTORY}`)
  const panel = page.getByTestId('staffing-ahead')
  await expect(panel.getByRole('heading', { name: 'Next 4 hours' })).toBeVisible({ timeout: 90_000 })
  const queue = panel.locator('[data-ahead-queue="e2e-fc-voice"]')
  await expect(queue).toHaveAttribute('data-ahead-status', 'ok', { timeout: 90_000 })
  await expect(queue.locator('th')).toHaveText(['Interval', 'Forecast offered', 'Forecast AHT', 'Agents needed', 'Staffed now', 'Gap'])
  // The next intervals hold the history's contacts (2 per 5, 10, 20 min slot each week): at
  // least one interval needs at least one agent; every needed cell is a whole number.
  const needed = await queue.locator('[data-needed]').allTextContents()
  expect(needed.length).toBeGreaterThan(0)
  for (const n of needed) expect(n).toMatch(/^\d+$/)
  expect(Math.max(...needed.map(Number))).toBeGreaterThanOrEqual(1)
  await expect(queue.locator('[data-ahead-model]')).toHaveText(/^Erlang [AC]/)
  // AHT: 120 s talk + 20 s wrap = 2:20 in the intervals that hold history, "—" (no data) in the
  // others. Which interval holds the first history depends on the minute the test runs (the
  // history sits 5–20 min after the seeding instant, the intervals are 30 min): not always the first.
  const ahts = await queue.locator('[data-ahead-row] > td:nth-child(3)').allTextContents()
  expect(ahts).toContain('2:20')
  for (const a of ahts) expect(['2:20', '—']).toContain(a)
  const chart = page.locator('[data-chart="intraday"]')
  await expect(chart.locator('figcaption')).toHaveText('Offered today: forecast vs actual')
  await expect(chart.locator('.recharts-legend-wrapper')).toContainText('Forecast')
  await expect(chart.locator('.recharts-legend-wrapper')).toContainText('Actual')
  await expect(chart.locator('path.recharts-curve').first()).toBeVisible()
  await expectNoRawKeys(page, '/live ahead en')

  await page.goto(`/live?centers=${SHORT}`)
  const short = page.locator('[data-ahead-queue="e2e-fc-short-voice"]')
  await expect(short).toHaveAttribute('data-ahead-status', 'insufficient_history', { timeout: 90_000 })
  await expect(short.locator('[data-ahead-note]')).toHaveText('Insufficient history: 3 of 14 days — no forecast')
  await expect(short.locator('[data-needed]')).toHaveCount(0)
  await expect(page.locator('[data-intraday-none]')).toHaveText('No forecast for today')

  await context.addCookies([{ name: 'plateau-locale', value: 'fr', url: baseURL! }])
  await page.goto(`/live?centers=${HISTORY}`)
  await expect(panel.getByRole('heading', { name: '4 prochaines heures' })).toBeVisible({ timeout: 90_000 })
  await expect(queue.locator('th')).toHaveText(['Intervalle', 'Présentés prévus', 'DMT prévue', 'Agents nécessaires', 'Agents présents', 'Écart'], { timeout: 90_000 })
  await expect(chart.locator('figcaption')).toHaveText('Présentés aujourd’hui\u00A0: prévision et réel')
  await expect(chart.locator('.recharts-legend-wrapper')).toContainText('Prévision')
  await expect(chart.locator('.recharts-legend-wrapper')).toContainText('Réel')
  await expectNoRawKeys(page, '/live ahead fr')
  await page.goto(`/live?centers=${SHORT}`)
  await expect(short.locator('[data-ahead-note]')).toHaveText('Historique insuffisant\u00A0: 3 jours sur 14 — pas de prévision', { timeout: 90_000 })
  expect(errors).toEqual([])
  await context.close()
})

for (const [board, lang] of [
  ['e2e-ahead', 'en'],
  ['e2e-ahead-fr', 'fr'],
] as const) {
  test(`board ${board}: staffing_ahead and compliance panels (${lang})`, async ({ browser, baseURL }) => {
    const admin = await signIn(baseURL!, 'admin', ADMIN_PASSWORD)
    const link = await createDisplayLinkHttp(baseURL!, admin.cookie, board)
    const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
    const page = await ctx.newPage()
    await page.goto(link.path)
    const T = {
      en: { ahead: 'Next 4 hours: agents needed', peak: 'Peak needed', insufficient: 'Insufficient history', compliance: 'Outbound compliance today', outside: 'Calls outside allowed hours', over: 'Consumers over the call cap', abandon: 'Abandoned-call rate (worst campaign)' },
      fr: { ahead: '4 prochaines heures\u00A0: agents nécessaires', peak: 'Pic nécessaire', insufficient: 'Historique insuffisant', compliance: 'Conformité sortante du jour', outside: 'Appels hors horaires autorisés', over: 'Consommateurs au-delà du plafond d’appels', abandon: 'Taux d’appels abandonnés (pire campagne)' },
    }[lang]
    const ahead = page.locator('[data-board-tile="staffing_ahead"]')
    await expect(ahead.locator('caption')).toHaveText(T.ahead, { timeout: 90_000 })
    await expect(ahead.locator('th').nth(1)).toHaveText(T.peak)
    await expect(ahead.locator('[data-ahead-row="e2e-fc-short-voice"]')).toContainText(T.insufficient, { timeout: 90_000 })
    const ok = ahead.locator('[data-ahead-row="e2e-fc-voice"]')
    await expect(ok).toHaveAttribute('data-ahead-status', 'ok')
    await expect(ok.locator('td').nth(1)).toHaveText(/^\d+/)

    const comp = page.locator('[data-board-tile="compliance"]')
    await expect(comp.locator('h2')).toHaveText(T.compliance)
    await expect(comp.locator('[data-compliance="outsideHours"] dt')).toHaveText(T.outside)
    await expect(comp.locator('[data-compliance="overCap"] dt')).toHaveText(T.over)
    await expect(comp.locator('[data-compliance="abandon"] dt')).toHaveText(T.abandon)
    if (compliancePosted) {
      // at least the 5 calls seeded after midnight (demo dialer calls may add more); ≥ 1 consumer over the cap
      await expect.poll(async () => Number((await comp.locator('[data-compliance="outsideHours"] dd').first().textContent())?.replace(/\D/g, '')), { timeout: 90_000 }).toBeGreaterThanOrEqual(5)
      await expect.poll(async () => Number((await comp.locator('[data-compliance="overCap"] dd').first().textContent())?.replace(/\D/g, '')), { timeout: 90_000 }).toBeGreaterThanOrEqual(1)
    }
    await expectNoRawKeys(page, `${board} ${lang}`)
    await ctx.close()
  })
}

/** Local date (Paris) of an instant, YYYY-MM-DD. */
const parisDate = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms)

test('monthly report: forecast accuracy per queue with its chart, compliance with the drill — en and fr', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } })
  await loginAs(context, baseURL!, 'admin', { adminPassword: ADMIN_PASSWORD })
  const page = await context.newPage()
  // 22 days ago … 7 days ago: the day 7 days ago is forecast from 14 and 21 days ago (14 days of
  // history), so the queue has one forecast day (and the earlier days with traffic count as without).
  const now = Date.now()
  const from = parisDate(now - 22 * DAY)
  const to = parisDate(now - 7 * DAY)
  await page.goto(`/reports?from=${from}&to=${to}&center=${HISTORY}`)
  const fc = page.locator('[data-section="forecast"]')
  await expect(fc.getByRole('heading', { name: 'Forecast accuracy' })).toBeVisible({ timeout: 90_000 })
  const row = fc.locator('[data-forecast-row="e2e-fc-voice"]')
  await expect(row).toBeVisible({ timeout: 90_000 })
  await expect(fc.locator('[data-table="forecast-accuracy"] th')).toContainText(['Queue', 'WAPE', 'Bias', 'Forecast offered', 'Actual offered', 'Days forecast', 'Days without forecast'])
  await expect(row.locator('[data-wape]')).toHaveText(/^\d+(\.\d)?%$/)
  await expect(row.locator('td').nth(5)).toHaveText('1') // days forecast
  await expect(fc.locator('[data-chart="forecast-daily"] figcaption')).toHaveText('Offered per day: forecast vs actual')
  await expect(fc.locator('[data-chart="forecast-daily"] .recharts-legend-wrapper')).toContainText('Forecast offered')
  // The interval report: forecast offered beside the actual, per interval (lazy: scrolled to).
  await page.getByTestId('interval-size').scrollIntoViewIfNeeded()
  const itf = page.locator('[data-interval-forecast]')
  await expect(itf.locator('summary')).toHaveText('Forecast beside actual, per interval', { timeout: 90_000 })
  await itf.locator('summary').click()
  await expect(itf.locator('th')).toHaveText(['Date', 'Time', 'Actual offered', 'Forecast offered'])
  const cells = await itf.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')))
  // 7 days ago is forecast from 14 and 21 days ago, which hold the same contacts as it (2 at each
  // of +5, +10, +20 min): an interval holding them shows an actual of at least 2 and a forecast.
  expect(cells.some(([, , actual, forecast]) => Number(actual) >= 2 && Number(forecast) > 0)).toBe(true)
  for (const [, , , forecast] of cells) expect(forecast).toMatch(/^\d+(\.\d)?$/)
  await expectNoRawKeys(page, '/reports forecast en')

  const today = parisDate(now)
  await page.goto(`/reports?from=${today}&to=${today}&center=paris-sales`)
  const comp = page.locator('[data-section="compliance"]')
  await expect(comp.getByRole('heading', { name: 'Outbound compliance' })).toBeVisible({ timeout: 90_000 })
  await expect(comp.locator('[data-table="compliance"] th')).toContainText(['Center', 'Outbound calls', 'Calls outside allowed hours', 'Consumers over the attempt cap'], { timeout: 90_000 })
  if (compliancePosted) {
    const r = comp.locator('[data-compliance-row="paris-sales"]')
    expect(Number((await r.locator('[data-outside-hours]').textContent())?.replace(/\D/g, ''))).toBeGreaterThanOrEqual(5)
    expect(Number((await r.locator('[data-over-cap]').textContent())?.replace(/\D/g, ''))).toBeGreaterThanOrEqual(1)
    const drill = comp.locator('[data-compliance-drill="paris-sales"]')
    await drill.locator('summary').click()
    await expect(drill.locator('[data-drill="outsideHours"]')).toContainText(consumer)
    await expect(drill.locator('[data-drill="outsideHours"] caption')).toHaveText('Calls outside allowed hours')
  }
  await expectNoRawKeys(page, '/reports compliance en')

  await context.addCookies([{ name: 'plateau-locale', value: 'fr', url: baseURL! }])
  await page.goto(`/reports?from=${from}&to=${to}&center=${HISTORY}`)
  await expect(fc.getByRole('heading', { name: 'Précision de la prévision' })).toBeVisible({ timeout: 90_000 })
  await expect(fc.locator('[data-table="forecast-accuracy"] th')).toContainText(['File', 'WAPE', 'Biais', 'Présentés prévus', 'Présentés réels'], { timeout: 90_000 })
  await expect(row.locator('[data-wape]')).toHaveText(/^\d+(,\d)?\u00A0%$/)
  await expect(fc.locator('[data-chart="forecast-daily"] figcaption')).toHaveText('Présentés par jour\u00A0: prévision et réel')
  await page.goto(`/reports?from=${today}&to=${today}&center=paris-sales`)
  await expect(comp.getByRole('heading', { name: 'Conformité des appels sortants' })).toBeVisible({ timeout: 90_000 })
  await expect(comp.locator('[data-table="compliance"] th')).toContainText(['Centre', 'Appels sortants', 'Appels hors horaires autorisés'], { timeout: 90_000 })
  await expectNoRawKeys(page, '/reports fr')
  await context.close()
})
