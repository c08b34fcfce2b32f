/**
 * /live in Debian's Chromium: the drill-down lists exactly the seeded abandoned contacts
 * (paginated), filters live in the URL, tables sort, formulas show on hover, both languages
 * render without raw keys, speed figures per channel when the scope mixes channels, and a
 * screenshot of the view is kept as an artifact.
 */
import fs from 'node:fs'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { formatDuration } from '../../lib/i18n/format'
import { loginAs } from '../helpers/auth'
import { expectNoRawKeys } from '../helpers/raw-keys'
import { ADMIN_PASSWORD, postEvents, seededDay, type Ev } from './live-seed'
import { clearOfMidnight } from './clear-of-midnight'

const SHOTS = 'test-results/screenshots'
fs.mkdirSync(SHOTS, { recursive: true })

test.describe.configure({ mode: 'serial' })

const CENTER = `e2e-live-${Date.now().toString(36)}`
let abandonedIds: string[] = []
let seedEvents: Ev[] = []

test.beforeAll(clearOfMidnight)
test.beforeAll(async ({ request }) => {
  const seed = seededDay(CENTER, { abandoned: 27, handled: 6, waiting: 2 })
  abandonedIds = seed.abandonedIds
  seedEvents = seed.events
  await postEvents(request, seed.events)
})

test.beforeEach(async ({ context, baseURL }) => {
  await loginAs(context, baseURL!, 'admin', { adminPassword: ADMIN_PASSWORD })
})

test('drill-down from "abandoned" lists exactly the abandoned contacts of the seeded data, page by page', async ({ page }) => {
  await page.goto(`/live?centers=${CENTER}`)
  const tile = page.locator('[data-tile="abandoned"]')
  await expect(tile.locator('[data-value]')).toHaveText('27', { timeout: 60_000 })
  await tile.locator('[data-drill]').click()
  const dialog = page.getByTestId('drill-dialog')
  await expect(dialog).toBeVisible()
  await expect(page).toHaveURL(/drill=abandoned/)
  await expect(dialog.getByText('27 rows')).toBeVisible()
  await expect(page.getByTestId('drill-page')).toHaveText('Page 1 of 2')
  const rows = dialog.locator('tbody tr[data-contact-id]')
  await expect(rows).toHaveCount(25)
  const seen = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-contact-id')))
  await dialog.getByRole('button', { name: 'Next' }).click()
  await expect(page.getByTestId('drill-page')).toHaveText('Page 2 of 2')
  await expect(page).toHaveURL(/page=2/)
  await expect(rows).toHaveCount(2)
  seen.push(...(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-contact-id')))))
  expect([...seen].sort()).toEqual([...abandonedIds].sort())
  // every row says abandoned, with its wait
  await expect(dialog.locator('tbody tr').first()).toContainText('Abandoned at')
  // the drill-down survives a reload (it is in the URL) and closes with Escape
  await page.reload()
  await expect(page.getByTestId('drill-page')).toHaveText('Page 2 of 2')
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(page).not.toHaveURL(/drill=/)
})

test('queue-table counts drill down to that queue only', async ({ page }) => {
  await page.goto(`/live?centers=${CENTER}`)
  const chatRow = page.getByTestId('queue-table').locator('tbody tr', { hasText: 'e2e-chat' })
  // 13 of the 27 abandoned contacts were on the chat queue (odd indexes)
  await expect(chatRow).toContainText('13', { timeout: 60_000 })
  await chatRow.locator('[data-drill-set="abandoned"]').click()
  const dialog = page.getByTestId('drill-dialog')
  await expect(dialog.getByText('13 rows')).toBeVisible()
  const ids = await dialog.locator('tbody tr[data-contact-id]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-contact-id')))
  expect(ids.sort()).toEqual(abandonedIds.filter((_, i) => i % 2 === 1).sort())
})

test('filters and sort orders are kept in the URL; formulas show on hover and focus', async ({ page }) => {
  await page.goto(`/live?centers=${CENTER}&channels=chat`)
  await expect(page.locator('[data-tile="abandoned"] [data-value]')).toHaveText('13', { timeout: 60_000 })
  // sort the queue table by abandoned, ascending, then descending
  await page.locator('[data-sort-column="abandoned"]').click()
  await expect(page).toHaveURL(/qs=abandoned%3Adesc|qs=abandoned:desc/)
  await page.locator('[data-sort-column="abandoned"]').click()
  await expect(page).toHaveURL(/qs=abandoned%3Aasc|qs=abandoned:asc/)
  await page.reload()
  await expect(page.getByTestId('queue-table').locator('th[aria-sort="ascending"]')).toContainText('Abandoned')
  // hovering a tile shows its formula (from the KPI definitions)
  const sl = page.locator('[data-tile="service_level"]')
  await sl.hover()
  await expect(sl.getByRole('tooltip')).toBeVisible()
  await expect(sl.getByRole('tooltip')).toContainText('offered − short abandons')
  // keyboard users get it on focus
  await page.mouse.move(0, 0)
  await page.locator('[data-tile="asa"]').focus()
  await expect(page.locator('[data-tile="asa"]').getByRole('tooltip')).toContainText('Total queue wait of answered contacts')
})

test('the view is complete, has no raw message keys, in English and in French; screenshot', async ({ page, context, baseURL }) => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => m.type() === 'error' && !/Failed to load resource/.test(m.text()) && errors.push(m.text()))
  await page.setViewportSize({ width: 1920, height: 1080 })
  await page.goto(`/live?centers=${CENTER}`)
  await expect(page.locator('[data-tile="waiting_now"] [data-value]')).toHaveText('2', { timeout: 60_000 })
  await expect(page.getByTestId('agents-by-state')).toContainText('Available')
  await expect(page.getByTestId('agent-table').locator('tbody tr')).toHaveCount(6)
  // status is never colour alone: every status carries an icon and words
  const statuses = page.locator('[data-tile] [data-status-icon]')
  expect(await statuses.count()).toBeGreaterThanOrEqual(9)
  await expectNoRawKeys(page, '/live en')
  await page.screenshot({ path: `${SHOTS}/live-1080p.png`, fullPage: true })

  await context.addCookies([{ name: 'plateau-locale', value: 'fr', url: baseURL! }])
  await page.goto(`/live?centers=${CENTER}`)
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr')
  await expect(page.getByRole('heading', { name: 'Supervision temps réel' })).toBeVisible()
  await expect(page.locator('[data-tile="abandonment_rate"] [data-value]')).toHaveText(/^\d+(,\d)?\u00A0%$/, { timeout: 60_000 })
  await expectNoRawKeys(page, '/live fr')
  expect(errors, 'no script error, no hydration mismatch').toEqual([])
  await page.screenshot({ path: `${SHOTS}/live-1080p-fr.png`, fullPage: false })
})

test('a supervisor sees only their own centers', async ({ browser, baseURL }) => {
  const ctx = await browser.newContext()
  await loginAs(ctx, baseURL!, 'supervisor', { adminPassword: ADMIN_PASSWORD }) // fixture: paris-sales only
  const r = await ctx.request.get(`/api/live?centers=${CENTER}`)
  expect(r.status()).toBe(200)
  const body = await r.json()
  expect(body.scope.centers).toEqual([])
  expect(body.kpis.abandoned?.value ?? null).toBeNull()
  expect(JSON.stringify(body)).not.toContain(CENTER)
  const drill = await ctx.request.get(`/api/live/contacts?set=abandoned&centers=${CENTER}`)
  expect((await drill.json()).total).toBe(0)
  await ctx.close()
})

/** Every row of the per-channel breakdowns stays inside its tile, figures never cut, no page scroll. */
async function channelRowsFit(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = []
    if (document.scrollingElement!.scrollWidth > window.innerWidth) problems.push('the page scrolls sideways')
    for (const list of Array.from(document.querySelectorAll<HTMLElement>('[data-channel-breakdown]'))) {
      const tile = list.closest<HTMLElement>('[data-tile]')!
      const t = tile.getBoundingClientRect()
      for (const el of Array.from(list.querySelectorAll<HTMLElement>('*'))) {
        const e = el.getBoundingClientRect()
        if (e.width === 0 && e.height === 0) continue
        if (e.right > t.right + 1 || e.left < t.left - 1 || e.bottom > t.bottom + 1) problems.push(`${tile.dataset.tile}: "${(el.textContent ?? '').slice(0, 30)}" sticks out of the tile`)
      }
      for (const v of Array.from(list.querySelectorAll<HTMLElement>('[data-channel-value], [data-channel-label]'))) {
        if (v.scrollWidth > v.clientWidth + 1) problems.push(`${tile.dataset.tile}: "${v.textContent}" is cut`)
      }
    }
    return problems
  })
}

const channelRow = (tile: Locator, channel: string) => tile.locator(`[data-channel-breakdown] [data-channel="${channel}"]`)

test('speed figures per channel: each channel with its name, figure and own target, readable at 1920×1080, in English and French', async ({ page, context, baseURL }) => {
  await page.setViewportSize({ width: 1920, height: 1080 })
  // The seeded center mixes voice and chat: its ASA tile shows each. Voice ASA by hand from the seed.
  const queuedAt = new Map(seedEvents.filter((e) => e.type === 'contact.queued').map((e) => [e.contact_id, Date.parse(e.ts as string)]))
  const waits = seedEvents.filter((e) => e.type === 'contact.answered').map((e) => (Date.parse(e.ts as string) - queuedAt.get(e.contact_id)!) / 1000)
  const voiceAsa = formatDuration(waits.reduce((a, b) => a + b, 0) / waits.length)
  await page.goto(`/live?centers=${CENTER}`)
  const asa = page.locator('[data-tile="asa"]')
  await expect(channelRow(asa, 'voice').locator('[data-channel-value]')).toHaveText(voiceAsa, { timeout: 60_000 })
  await expect(channelRow(asa, 'voice').locator('[data-channel-label]')).toHaveText('Voice')
  await expect(channelRow(asa, 'chat').locator('[data-channel-label]')).toHaveText('Chat')
  await expect(channelRow(asa, 'voice').locator('[data-channel-target]')).toHaveText('Target: 0:30')
  for (const key of ['waiting_now', 'longest_wait_now', 'service_level', 'asa']) {
    await expect(page.locator(`[data-tile="${key}"] [data-channel-breakdown] [data-channel]`)).toHaveCount(2)
  }
  // status is never colour alone: each channel row has its status icon
  await expect(channelRow(asa, 'voice').locator('[data-status-icon]')).toHaveCount(1)
  expect(await channelRowsFit(page)).toEqual([])

  // A configured center with voice, chat and e-mail: by default the headline covers the
  // real-time channels (voice, chat) and e-mail waits in its own tile (issue 17 item 2)…
  await page.goto('/live?centers=bruxelles-care')
  const careAsa = page.locator('[data-tile="asa"]')
  await expect(careAsa.locator('[data-channel-breakdown] [data-channel-label]')).toHaveText(['Voice', 'Chat'], { timeout: 60_000 })
  await expect(page.locator('[data-email-backlog]')).toBeVisible()
  // …and when the supervisor picks e-mail too, e-mail is judged against its own 4 h ASA target,
  // and the mixed ASA has none ("targets per channel").
  await page.goto('/live?centers=bruxelles-care&channels=voice,chat,email')
  await expect(careAsa.locator('[data-channel-breakdown] [data-channel]')).toHaveCount(3, { timeout: 60_000 })
  await expect(careAsa.locator('[data-channel-breakdown] [data-channel-label]')).toHaveText(['Voice', 'Chat', 'Email'])
  await expect(channelRow(careAsa, 'email').locator('[data-channel-target]')).toHaveText('Target: 4:00:00')
  await expect(channelRow(careAsa, 'voice').locator('[data-channel-target]')).toHaveText('Target: 0:30')
  await expect(careAsa).toHaveAttribute('data-status', 'none')
  await expect(careAsa.locator('header')).toContainText('Targets per channel')
  expect(await channelRowsFit(page)).toEqual([])
  await expectNoRawKeys(page, '/live per channel en')
  await page.screenshot({ path: `${SHOTS}/live-channels-1080p.png` })

  await context.addCookies([{ name: 'plateau-locale', value: 'fr', url: baseURL! }])
  await page.goto('/live?centers=bruxelles-care&channels=voice,chat,email')
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr')
  await expect(careAsa.locator('[data-channel-breakdown] [data-channel-label]')).toHaveText(['Voix', 'Chat', 'E-mail'], { timeout: 60_000 })
  await expect(channelRow(careAsa, 'email').locator('[data-channel-target]')).toHaveText('Objectif\u00a0: 4:00:00')
  await expect(careAsa.locator('header')).toContainText('Objectifs par canal')
  await expect(careAsa.locator('[data-channel-breakdown]')).toHaveAttribute('aria-label', 'Par canal')
  expect(await channelRowsFit(page)).toEqual([])
  await expectNoRawKeys(page, '/live per channel fr')
  await page.screenshot({ path: `${SHOTS}/live-channels-1080p-fr.png` })
})

test('a dialer queue gets its own table: attempts and connect rate, not queue figures (EN and FR)', async ({ page, request, context, baseURL }) => {
  const center = `e2e-dialer-${Date.now().toString(36)}`
  const t0 = Date.now() - 3 * 60_000
  const out = (type: string, id: string, ts: number, f: Ev = {}) => ({ event_id: `${center}-${id}-${type}`, type, ts: new Date(ts).toISOString(), center_id: center, v: 1, contact_id: id, ...f })
  // 2 attempts: d1 reaches the customer (60 s talk, 10 s wrap), d2 does not.
  await postEvents(request, [
    out('contact.queued', 'd1', t0, { queue_id: 'e2e-dialer', channel: 'voice', direction: 'outbound' }),
    out('contact.answered', 'd1', t0 + 6000, { queue_id: 'e2e-dialer', agent_id: 'dialer-1' }),
    out('contact.ended', 'd1', t0 + 66_000, { agent_id: 'dialer-1', talk_s: 60, hold_s: 0 }),
    out('contact.wrapped', 'd1', t0 + 76_000, { agent_id: 'dialer-1', wrap_s: 10 }),
    out('contact.queued', 'd2', t0 + 20_000, { queue_id: 'e2e-dialer', channel: 'voice', direction: 'outbound' }),
    out('contact.abandoned', 'd2', t0 + 45_000, { queue_id: 'e2e-dialer', disposition: 'no_answer' }),
  ])
  await page.goto(`/live?centers=${center}`)
  const table = page.getByTestId('outbound-table')
  const row = table.locator('tbody tr', { hasText: 'e2e-dialer' })
  await expect(row).toContainText('50', { timeout: 60_000 }) // connect rate 1 of 2
  await expect(table.locator('thead')).toContainText('Connect rate')
  // not a queue row, and no abandon counted for the unanswered attempt
  await expect(page.getByTestId('queue-table').locator('tbody tr', { hasText: 'e2e-dialer' })).toHaveCount(0)
  await expect(page.locator('[data-tile="abandoned"] [data-value]')).toHaveText('0')
  await context.addCookies([{ name: 'plateau-locale', value: 'fr', url: baseURL! }])
  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr')
  await expect(page.getByTestId('outbound-table').locator('thead')).toContainText('Joignabilité')
  await expect(page.getByTestId('outbound-table').locator('caption')).toContainText('Campagnes sortantes')
})
