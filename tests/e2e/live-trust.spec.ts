/**
 * What makes a supervisor trust /live and the boards at a glance (issue 17), in Debian's Chromium,
 * in English and French:
 * - trend arrows compare with the same weekday last week at this time (not yesterday) and read
 *   "—" when that base has no data — never a change equal to the whole value;
 * - handled next to offered is the inbound population (outbound calls apart);
 * - a tile with a target says "Target: 85 %" and never "No target" at the same time;
 * - /favicon.ico answers;
 * - rate tiles drill to their contacts (abandonment → the abandoned, SL → the contacts that
 *   missed it) and the drill dialog exports the whole set as CSV.
 */
import { expect, test } from '@playwright/test'
import { createDisplayLinkHttp, loginAs, signIn } from '../helpers/auth'
import { ADMIN_PASSWORD, answered, ended, postEvents, queued, seededDay, wrapped, type Ev } from './live-seed'
import { clearOfMidnight } from './clear-of-midnight'

// The first page of a fresh server computes today's facts: slow on a shared 2-core machine.
test.describe.configure({ mode: 'serial' })

const DAY = 86_400_000
const RUN = Date.now().toString(36)
/** Today 4 abandoned + 3 handled = 7 offered; same weekday last week 1 + 1 = 2; yesterday 9 abandoned. */
const WITH_BASE = `e2e-trust-${RUN}`
/** Today only: nothing stored last week. */
const NO_BASE = `e2e-nobase-${RUN}`
/** The boards e2e-trust / e2e-trust-fr (tests/e2e/wallboard.boards.yaml) show this center. */
const BOARD_CENTER = 'e2e-trust-center'

/** One outbound call placed and handled today: handled (all) 4, handled inbound 3 next to 7 offered. */
function outboundCall(center: string, now: number): Ev[] {
  const at = now - 4 * 60_000
  const id = `out-${RUN}-${center}`
  return [
    { ...queued(center, id, 'e2e-out', at), direction: 'outbound' },
    answered(center, id, 'e2e-out', 'agent-9', at + 5000),
    ended(center, id, 'agent-9', at + 65_000, 60),
    wrapped(center, id, 'agent-9', at + 75_000, 10),
  ]
}

function seed(center: string, withBase: boolean): Ev[] {
  const now = Date.now()
  const events = [...seededDay(center, { abandoned: 4, handled: 3, waiting: 0, now }).events, ...outboundCall(center, now)]
  if (withBase) {
    events.push(...seededDay(center, { abandoned: 1, handled: 1, waiting: 0, now: now - 7 * DAY }).events)
    events.push(...seededDay(center, { abandoned: 9, handled: 0, waiting: 0, now: now - DAY }).events)
  }
  return events
}

test.beforeAll(clearOfMidnight)
test.beforeAll(async ({ request }) => {
  await postEvents(request, [...seed(WITH_BASE, true), ...seed(NO_BASE, false), ...seed(BOARD_CENTER, true)])
})

const LABELS = {
  en: { lastWeek: /Same day last week: 2$/, noBase: 'No data for the same day last week', noBaseLine: 'Same day last week: —', target: /Target: 85\s?%/, noTarget: 'No target', handled: 'Handled (inbound)' },
  fr: { lastWeek: /Même jour la semaine dernière\s?: 2$/, noBase: 'Pas de données le même jour la semaine dernière', noBaseLine: /Même jour la semaine dernière\s?: —/, target: /Objectif\s?: 85\s?%/, noTarget: 'Sans objectif', handled: 'Traités (entrants)' },
} as const

const DRILL = {
  en: { rows: (n: number) => `${n} rows`, export: 'Export all as CSV' },
  fr: { rows: (n: number) => `${n} lignes`, export: 'Tout exporter en CSV' },
} as const

for (const locale of ['en', 'fr'] as const) {
  const L = LABELS[locale]
  test(`/live ${locale}: offered compares with the same weekday last week; "—" without a base; occupancy has one target text`, async ({ context, baseURL, page }) => {
    await loginAs(context, baseURL!, 'admin', { adminPassword: ADMIN_PASSWORD })
    if (locale === 'fr') await context.addCookies([{ name: 'plateau-locale', value: 'fr', url: baseURL! }])
    await page.goto(`/live?centers=${WITH_BASE}`)
    const offered = page.locator('[data-tile="offered"]')
    await expect(offered.locator('[data-value]')).toHaveText('7', { timeout: 60_000 })
    // by hand: 7 today − 2 the same weekday last week = +5 (yesterday's 9 would give −2)
    await expect(offered.locator('span[data-change]')).toContainText('+5')
    await expect(offered.locator('[data-previous]')).toHaveText(L.lastWeek)
    const occupancy = page.locator('[data-tile="occupancy"]')
    await expect(occupancy.locator('[data-target]')).toHaveText(L.target)
    await expect(occupancy).not.toContainText(L.noTarget)

    await page.goto(`/live?centers=${NO_BASE}`)
    const nb = page.locator('[data-tile="offered"]')
    await expect(nb.locator('[data-value]')).toHaveText('7', { timeout: 60_000 })
    await expect(nb.locator('span[data-change]')).toHaveText(`—${L.noBase}`)
    await expect(nb.locator('[data-previous]')).toHaveText(L.noBaseLine)
    await expect(nb.locator('span[data-change]')).not.toContainText('+7')
  })
}

for (const locale of ['en', 'fr'] as const) {
  const D = DRILL[locale]
  test(`/live ${locale}: rate tiles drill to their contacts; the dialog exports them all as CSV`, async ({ context, baseURL, page }) => {
    await loginAs(context, baseURL!, 'admin', { adminPassword: ADMIN_PASSWORD })
    if (locale === 'fr') await context.addCookies([{ name: 'plateau-locale', value: 'fr', url: baseURL! }])
    await page.goto(`/live?centers=${WITH_BASE}`)
    await expect(page.locator('[data-tile="offered"] [data-value]')).toHaveText('7', { timeout: 60_000 })
    const dialog = page.getByTestId('drill-dialog')
    // abandonment rate 4/7 → the 4 abandoned contacts
    await page.locator('[data-tile="abandonment_rate"] [data-drill]').click()
    await expect(dialog.getByText(D.rows(4))).toBeVisible({ timeout: 60_000 })
    const ids = await dialog.locator('tbody tr[data-contact-id]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-contact-id')!))
    expect(ids.every((id) => id.startsWith('ab-'))).toBe(true)
    const link = dialog.getByRole('link', { name: D.export })
    await expect(link).toBeVisible()
    const res = await page.request.get((await link.getAttribute('href'))!)
    expect(res.status()).toBe(200)
    const lines = (await res.text()).replace(/^\uFEFF/, '').split('\r\n').filter(Boolean)
    expect(lines).toHaveLength(1 + 4) // header + the same 4 contacts
    for (const id of ids) expect(lines.some((l) => l.includes(id))).toBe(true)
    await page.keyboard.press('Escape')
    await expect(dialog).toBeHidden()
    // service level: by hand, 80/20 with 5 s short abandons → the 3 abandoned after 16, 17, 18 s
    // missed it (the 2 s one is a short abandon; the 3 answered in 8 s made it)
    await page.locator('[data-tile="service_level"] [data-drill]').click()
    await expect(dialog.getByText(D.rows(3))).toBeVisible({ timeout: 60_000 })
    await expect(dialog.locator('tbody tr[data-contact-id]')).toHaveCount(3)
  })
}

test('boards en + fr: handled inbound next to offered, change vs last week, one target text', async ({ browser, baseURL }) => {
  const admin = await signIn(baseURL!, 'admin', ADMIN_PASSWORD)
  for (const [board, L] of [['e2e-trust', LABELS.en], ['e2e-trust-fr', LABELS.fr]] as const) {
    const link = await createDisplayLinkHttp(baseURL!, admin.cookie, board)
    const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
    const page = await ctx.newPage()
    await page.goto(link.path)
    const tile = (k: string) => page.locator(`[data-board-tile="${k}"]`)
    await expect(tile('offered').locator('[data-value]')).toHaveText('7', { timeout: 60_000 })
    // 3 inbound contacts handled (the outbound call is not among them): never more than offered
    await expect(tile('handled_inbound').locator('[data-tile-title]')).toHaveText(L.handled)
    await expect(tile('handled_inbound').locator('[data-value]')).toHaveText('3')
    await expect(tile('offered').locator('span[data-change]')).toContainText('+5')
    await expect(tile('occupancy')).toContainText(L.target)
    await expect(tile('occupancy')).not.toContainText(L.noTarget)
    await ctx.close()
  }
})

test('/favicon.ico answers with an icon', async ({ request }) => {
  const r = await request.get('/favicon.ico')
  expect(r.status()).toBe(200)
  expect(r.headers()['content-type']).toMatch(/icon/)
  expect((await r.body()).length).toBeGreaterThan(100)
})
