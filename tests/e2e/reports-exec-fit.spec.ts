/**
 * Issue 18 items 4–9 as a person sees them, in English and French (one center, two months of
 * 2019 that no other spec posts into):
 * - /executive: the 12-month trend says "no data" for months without contacts (not a flat loss of
 *   the fixed costs); "—" when the previous period has no data; occupancy without agent states "—";
 * - /reports and /executive tiles: money in compact notation that stays inside the tile, the exact
 *   amount on hover;
 * - the report drill panel: center and queue names, contact ids on one line, durations in the
 *   unit their headers name;
 * - the PDFs asked in French under an English cookie: French headings and metadata title;
 *   one file name for the CSV, XLSX and PDF of one request.
 *
 * Data: Paris Ventes (fixed cost 42 000 €/month, no agent states), May 2019 one contact,
 * June 2019 three contacts of which two sales of 60 000 € each.
 */
import { expect, test, type Locator, type Page } from '@playwright/test'
import { loginAs } from '../helpers/auth'
import { expectNoRawKeys } from '../helpers/raw-keys'
import { clearOfMidnight } from './clear-of-midnight'

const API_KEY = 'e2e-producer-key'
const CENTER = 'paris-sales'
const NBSP = '\u00a0'

function contact(id: string, at: Date, o: { wait: number; talk: number; wrap: number; revenue?: number }) {
  const t = (s: number) => new Date(at.getTime() + s * 1000).toISOString()
  const base = { v: 1, center_id: CENTER, contact_id: id }
  return [
    { ...base, event_id: `${id}-q`, type: 'contact.queued', ts: t(0), queue_id: 'sales-orders-voice', channel: 'voice', direction: 'inbound' },
    { ...base, event_id: `${id}-a`, type: 'contact.answered', ts: t(o.wait), queue_id: 'sales-orders-voice', agent_id: 'fit-a1' },
    { ...base, event_id: `${id}-e`, type: 'contact.ended', ts: t(o.wait + o.talk), agent_id: 'fit-a1', talk_s: o.talk, hold_s: 0 },
    {
      ...base,
      event_id: `${id}-w`,
      type: 'contact.wrapped',
      ts: t(o.wait + o.talk + o.wrap),
      agent_id: 'fit-a1',
      wrap_s: o.wrap,
      resolved: true,
      outcome: o.revenue ? 'sale' : 'information',
      ...(o.revenue ? { revenue: o.revenue } : {}),
    },
  ]
}

test.describe.configure({ mode: 'serial' })

test.beforeAll(clearOfMidnight)
test.beforeAll(async ({ request }) => {
  const events = [
    ...contact('fit-may-1', new Date('2019-05-14T09:00:00Z'), { wait: 20, talk: 240, wrap: 60 }),
    ...contact('fit-jun-1', new Date('2019-06-12T09:00:00Z'), { wait: 20, talk: 240, wrap: 60, revenue: 60_000 }),
    ...contact('fit-jun-2', new Date('2019-06-12T10:00:00Z'), { wait: 75, talk: 300, wrap: 30, revenue: 60_000 }),
    ...contact('fit-jun-3', new Date('2019-06-13T10:00:00Z'), { wait: 5, talk: 120, wrap: 30 }),
  ]
  const res = await request.post('/api/events', { headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' }, data: events })
  expect(res.status(), await res.text()).toBe(202)
})

async function as(page: Page, role: 'executive' | 'manager' | 'admin', locale: 'en' | 'fr') {
  const base = test.info().project.use.baseURL!
  await page.context().addCookies([{ name: 'plateau-locale', value: locale, url: base }])
  await loginAs(page.context(), base, role)
}

async function waitForExecutive(page: Page, month: string, handled: number) {
  await expect
    .poll(
      async () => {
        const r = await page.request.get(`/api/executive?from=${month}&to=${month}`)
        const v = (await r.json()) as { total: { kpis: { handled?: { value: number | null } } } }
        return v.total.kpis.handled?.value ?? 0
      },
      { timeout: 60_000 },
    )
    .toBe(handled)
}

/** The element lies inside the tile's border box (nothing spills out). */
async function expectInside(inner: Locator, outer: Locator) {
  const a = (await inner.boundingBox())!
  const b = (await outer.boundingBox())!
  expect(a.x).toBeGreaterThanOrEqual(b.x - 0.5)
  expect(a.x + a.width).toBeLessThanOrEqual(b.x + b.width + 0.5)
  expect(a.y + a.height).toBeLessThanOrEqual(b.y + b.height + 0.5)
}

// €42k / 42 k€ (exact amount: 42 000 € of fixed cost plus a few cents of telecom)
const COMPACT = { en: /^-?€\d+(\.\d)?k$/, fr: new RegExp(`^-?\\d+(,\\d)?${NBSP}k${NBSP}€$`) }
const SIGNED_COMPACT = { en: /^[+-]€\d+(\.\d)?k$/, fr: new RegExp(`^[+-]\\d+(,\\d)?${NBSP}k${NBSP}€$`) }
const EXACT = { en: /^-?€\d{2,3},\d{3}\.\d{2}$/, fr: new RegExp(`^-?\\d{2,3}\u202f\\d{3},\\d{2}${NBSP}€$`) }
const NO_DATA = { en: 'no data', fr: 'pas de données' }

for (const locale of ['en', 'fr'] as const) {
  test(`executive: compact tiles inside their borders, trend months without contacts say "${NO_DATA[locale]}", occupancy without agent states "—" (${locale})`, async ({ page }) => {
    await as(page, 'executive', locale)
    await waitForExecutive(page, '2019-06', 3)
    await page.setViewportSize({ width: 1280, height: 900 })
    await page.goto('/executive?from=2019-06&to=2019-06&centers=paris-sales')
    await expect(page.locator('[data-executive-view][data-print-ready="1"]')).toBeAttached({ timeout: 60_000 })
    for (const [view, k] of [
      ['cost', 'cost'],
      ['profit', 'margin'],
    ] as const) {
      const tile = page.locator(`[data-view="${view}"] [data-tile="${k}"]`)
      const value = tile.locator('[data-value]')
      await expect(value).toHaveText(COMPACT[locale])
      await expect(value).toHaveAttribute('title', EXACT[locale])
      await expectInside(value, tile)
      // May had a contact: the change is shown, compact, inside the tile
      const change = tile.locator('span[data-change]')
      await expect(change.locator('[data-change-text]')).toHaveText(k === 'margin' ? SIGNED_COMPACT[locale] : /.+/)
      await expectInside(change, tile)
    }
    // revenue 120 000 − cost ≈ 42 000 → margin ≈ €78k; May: −42 000 → change ≈ +€120k
    await expect(page.locator('[data-view="profit"] [data-tile="margin"] [data-change-text]')).toHaveText(locale === 'en' ? /^\+€1[12]\d(\.\d)?k$/ : new RegExp(`^\\+1[12]\\d(,\\d)?${NBSP}k${NBSP}€$`))
    // the exact amount is in the tile's tooltip too (hover)
    await page.locator('[data-view="cost"] [data-tile="cost"]').hover()
    await expect(page.locator('[data-view="cost"] [data-tile="cost"] [data-exact-tip]')).toBeVisible()
    await expect(page.locator('[data-view="cost"] [data-tile="cost"] [data-exact-tip]')).toHaveText(new RegExp(EXACT[locale].source.slice(1, -1)))
    // no agent.state event: occupancy is "no data" (—), not 0 %
    await expect(page.locator('[data-view="cost"] [data-tile="occupancy"] [data-value]')).toHaveText('—')
    // trend (margin by center): 2018-07 … 2019-06, contacts in May and June only
    const row = page.locator('[data-trend-table="margin"] tr[data-series="center:paris-sales"]')
    await expect(row.locator('[data-no-data]')).toHaveCount(10)
    await expect(row.locator('[data-no-data]').first()).toHaveText(NO_DATA[locale])
    await expect(row.locator('td').nth(10)).toContainText(locale === 'en' ? '-€42,000' : `-42${'\u202f'}000`) // May: fixed cost, no revenue
    await expect(row).not.toContainText(locale === 'en' ? '-€41' : `-41${'\u202f'}`) // no pro-rated fixed-cost loss before the data begins
    await expectNoRawKeys(page, `/executive fit ${locale}`)
  })

  test(`executive: a previous period without data shows "—", not 0 / +N (${locale})`, async ({ page }) => {
    await as(page, 'executive', locale)
    await waitForExecutive(page, '2019-05', 1)
    await page.goto('/executive?from=2019-05&to=2019-05&centers=paris-sales')
    await expect(page.locator('[data-executive-view][data-print-ready="1"]')).toBeAttached({ timeout: 60_000 })
    for (const k of ['cost', 'cost_per_contact']) {
      const tile = page.locator(`[data-view="cost"] [data-tile="${k}"]`)
      await expect(tile.locator('[data-change-text]')).toHaveText('—')
      await expect(tile.locator('[data-previous]')).toHaveText(locale === 'en' ? 'Previous period: —' : `Période précédente${NBSP}: —`)
    }
    await expect(page.locator('[data-view="profit"] [data-tile="margin"] [data-previous]')).toHaveText(locale === 'en' ? 'Previous period: —' : `Période précédente${NBSP}: —`)
  })

  test(`reports: compact cost and margin tiles inside their borders; drill panel names, one-line ids, min:s durations (${locale})`, async ({ page }) => {
    await as(page, 'manager', locale)
    await page.setViewportSize({ width: 1280, height: 900 })
    await expect
      .poll(
        async () => {
          const r = await page.request.get(`/api/reports/monthly?month=2019-06&center=${CENTER}&section=summary`)
          const rep = (await r.json()) as { summary: Array<{ key: string; value: number | null }> }
          return rep.summary.find((k) => k.key === 'handled')?.value ?? 0
        },
        { timeout: 60_000 },
      )
      .toBe(3)
    await page.goto(`/reports?month=2019-06&center=${CENTER}`)
    await expect(page.locator('[data-report][data-print-ready="1"]')).toBeAttached({ timeout: 60_000 })
    for (const k of ['cost', 'margin']) {
      const tile = page.locator(`[data-section="cost"] [data-tile="${k}"]`)
      const value = tile.locator('[data-value]')
      await expect(value).toHaveText(COMPACT[locale])
      await expect(value).toHaveAttribute('title', EXACT[locale])
      await expectInside(value, tile)
      await expectInside(tile.locator('span[data-change]'), tile)
    }

    // drill: the offered contacts of June
    await page.locator('[data-section="summary"] [data-tile="offered"] [data-drill]').click()
    const panel = page.getByTestId('drill-panel')
    await expect(panel.locator('tbody tr')).toHaveCount(3)
    const first = panel.locator('tr[data-contact="fit-jun-1"]')
    await expect(first.locator('td').nth(0)).toHaveText('Paris Ventes')
    await expect(first.locator('td').nth(2)).toHaveText('Commandes (voix)')
    await expect(panel).not.toContainText('sales-orders-voice')
    await expect(panel.locator('thead')).toContainText(locale === 'en' ? 'Wait (min:s)' : 'Attente (min:s)')
    await expect(panel.locator('thead')).toContainText(locale === 'en' ? 'Talk (min:s)' : 'Conversation (min:s)')
    await expect(first.locator('[data-duration="wait"]')).toHaveText('0:20')
    await expect(first.locator('[data-duration="talk"]')).toHaveText('4:00')
    await expect(panel.locator('tr[data-contact="fit-jun-2"] [data-duration="wait"]')).toHaveText('1:15')
    // the contact id on one line: its cell is no taller than the center name's
    const id = first.locator('[data-contact-id]')
    await expect(id).toHaveText('fit-jun-1')
    await expect(id).toHaveCSS('white-space', 'nowrap')
    const idBox = (await id.boundingBox())!
    const nameBox = (await first.locator('td').nth(0).boundingBox())!
    expect(idBox.height).toBeLessThanOrEqual(nameBox.height + 0.5)
    await expectNoRawKeys(page, `/reports fit ${locale}`)
  })
}

test('PDFs asked in French under an English cookie are French (headings, metadata title); compact tiles; one file name per request', async ({ page }) => {
  await as(page, 'admin', 'en')
  const { extractText, getDocumentProxy, getMeta } = await import('unpdf')
  const read = async (url: string) => {
    const res = await page.request.get(url)
    expect(res.status(), url).toBe(200)
    const pdf = await getDocumentProxy(new Uint8Array(await res.body()))
    const { text } = await extractText(pdf, { mergePages: true })
    const meta = await getMeta(pdf)
    return { text: text.replace(/[\u00a0\u202f]/g, ' '), title: String((meta.info as Record<string, unknown>).Title ?? ''), disposition: res.headers()['content-disposition'] ?? '' }
  }

  const ex = await read('/api/executive/export?format=pdf&from=2019-06&to=2019-06&centers=paris-sales&locale=fr')
  expect(ex.title).toBe('Plateau — Vue direction')
  expect(ex.text).toContain('Vue centre de coûts')
  expect(ex.text).toContain('Vue centre de profit')
  expect(ex.text).not.toContain('Cost-center view')
  expect(ex.text).toMatch(/\d+(,\d)? k €/) // compact tiles
  expect(ex.text).toContain('pas de données') // trend months without contacts

  const rep = await read(`/api/reports/monthly?format=pdf&month=2019-06&center=${CENTER}&locale=fr`)
  expect(rep.title).toBe('Rapport mensuel')
  expect(rep.text).toContain('Coût et coût par contact')
  expect(rep.text).not.toContain('Cost and cost per contact')
  expect(rep.text).toMatch(/\d+(,\d)? k €/)
  expect(rep.disposition).toContain(`filename="plateau-report-2019-06-${CENTER}.pdf"`)

  const en = await read('/api/executive/export?format=pdf&from=2019-06&to=2019-06&centers=paris-sales&locale=en')
  expect(en.title).toBe('Plateau — Executive view')
  expect(en.text).toContain('Cost-center view')
  expect(en.text).toMatch(/€\d+(\.\d)?k/)

  // the same request as CSV and XLSX: the same name, another extension
  for (const ext of ['csv', 'xlsx']) {
    const r = await page.request.get(`/api/reports/monthly?format=${ext}&month=2019-06&center=${CENTER}`)
    expect(r.status()).toBe(200)
    expect(r.headers()['content-disposition']).toContain(`filename="plateau-report-2019-06-${CENTER}.${ext}"`)
  }
})
