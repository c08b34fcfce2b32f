/**
 * Issue 17's new board panels, what a TV shows (Debian's Chromium, through a display link):
 * - the e-mail backlog panel (item 2): how many e-mails wait and the oldest one's age against the
 *   e-mail target (24 h by default), in English and French; the headline's "Waiting" counts the
 *   callers only;
 * - the agent panel and the e-mail backlog panel together (board e2e-panels: the demo's paris-hq
 *   agents and e2e-mail-board) at 1920×1080 and 3840×2160: nothing overflows the screen or its
 *   panel, every element inside its box (as the wall boards' own 4K checks); screenshots under
 *   test-results/screenshots/.
 * Boards: tests/e2e/wallboard.boards.yaml (e2e-email, e2e-email-fr, e2e-panels).
 */
import fs from 'node:fs'
import { expect, test } from '@playwright/test'
import { createDisplayLinkHttp, signIn } from '../helpers/auth'
import { expectNoRawKeys } from '../helpers/raw-keys'
import { expectFitsAndReadable, measure } from './board-fit'
import { ADMIN_PASSWORD, agentState, postEvents, queued } from './live-seed'
import { clearOfMidnight } from './clear-of-midnight'

const SHOTS = 'test-results/screenshots'
fs.mkdirSync(SHOTS, { recursive: true })

test.describe.configure({ mode: 'serial' })

const CENTER = 'e2e-mail-board'
const RUN = Date.now().toString(36)
const HOUR = 3_600_000

let admin: { cookie: string }

test.beforeAll(clearOfMidnight)
test.beforeAll(async ({ request, baseURL }) => {
  admin = await signIn(baseURL!, 'admin', ADMIN_PASSWORD)
  const now = Date.now()
  await postEvents(request, [
    // 2 callers waiting (voice)
    queued(CENTER, `v-${RUN}-1`, 'e2e-voice', now - 20_000),
    queued(CENTER, `v-${RUN}-2`, 'e2e-voice', now - 45_000),
    // 3 e-mails waiting: 30 h (yesterday's), 5 h and 1 h — the oldest is 30 h, 6 h over the 24 h target
    queued(CENTER, `m-${RUN}-1`, 'e2e-email', now - 30 * HOUR, 'email'),
    queued(CENTER, `m-${RUN}-2`, 'e2e-email', now - 5 * HOUR, 'email'),
    queued(CENTER, `m-${RUN}-3`, 'e2e-email', now - 1 * HOUR, 'email'),
    // two agents of this center (not in the directory), for the agent panel of e2e-panels
    agentState(CENTER, `e2e-mail-agent-with-a-rather-long-identifier-${RUN}`, 'break', now - 25 * 60_000),
    agentState(CENTER, `e2e-mail-agent-${RUN}`, 'available', now - 3 * 60_000),
  ])
})

async function openAsTv(browser: import('@playwright/test').Browser, baseURL: string, boardId: string, viewport = { width: 1920, height: 1080 }) {
  const link = await createDisplayLinkHttp(baseURL, admin.cookie, boardId)
  const ctx = await browser.newContext({ viewport })
  const page = await ctx.newPage()
  await page.goto(link.path)
  await expect(page).toHaveURL(new RegExp(`/wallboard/${boardId}$`))
  return { ctx, page }
}

const L = {
  en: { title: 'Oldest e-mail waiting', waiting: '3 e-mails waiting', target: 'Target: 24:00:00', status: 'Off target' },
  fr: { title: 'Plus ancien courriel en attente', waiting: '3 courriels en attente', target: /Objectif\s?: 24:00:00/, status: 'Objectif manqué' },
} as const

for (const [board, locale] of [
  ['e2e-email', 'en'],
  ['e2e-email-fr', 'fr'],
] as const) {
  test(`board e-mail backlog panel (${locale}): e-mails waiting and the oldest one's age against the e-mail target; callers apart`, async ({ browser, baseURL }) => {
    const T = L[locale]
    const { ctx, page } = await openAsTv(browser, baseURL!, board)
    // by hand: 2 callers waiting; the 3 e-mails are not in "Waiting"
    await expect(page.locator('[data-board-tile="waiting_now"] [data-value]')).toHaveText('2', { timeout: 60_000 })
    const tile = page.locator('[data-email-backlog]')
    await expect(tile.locator('[data-tile-title]')).toHaveText(T.title)
    await expect(tile.locator('[data-email-waiting]')).toHaveText(T.waiting)
    // the oldest: 30 h (and a few seconds)
    await expect(tile.locator('[data-value]')).toHaveText(/^30:0\d:\d\d$/)
    await expect(tile.locator('footer')).toContainText(T.target)
    // the status is said, not only coloured (read out by screen readers)
    await expect(tile).toContainText(T.status)
    await expectNoRawKeys(page, `${board} ${locale}`)
    await ctx.close()
  })
}

for (const [name, viewport] of [
  ['1080p', { width: 1920, height: 1080 }],
  ['4k', { width: 3840, height: 2160 }],
] as const) {
  test(`agent and e-mail backlog panels at ${name}: nothing overflows the screen or its panel; screenshot`, async ({ browser, baseURL }) => {
    const { ctx, page } = await openAsTv(browser, baseURL!, 'e2e-panels', viewport)
    const agents = page.locator('[data-board-tile="agents"]')
    // the panels have their content: this test's longest-in-state agent listed (the panel shows its
    // 10 longest in state: the demo's agents can outrank the one available for 3 minutes), the
    // e-mails counted
    await expect(agents.locator(`[data-agent-row="e2e-mail-agent-with-a-rather-long-identifier-${RUN}"]`)).toBeVisible({ timeout: 60_000 })
    await expect(page.locator('[data-email-backlog] [data-email-waiting]')).toHaveText(/\d+ e-mails? waiting/)
    await page.waitForTimeout(300)
    const m = await measure(page)
    await page.screenshot({ path: `${SHOTS}/wallboard-e2e-panels-${name}.png` })
    expectFitsAndReadable(m, viewport.width)
    // the agent panel's rows stay inside it at this size, text included
    const rows = await agents.locator('tbody tr').count()
    expect(rows).toBeGreaterThan(1)
    await expectNoRawKeys(page, `e2e-panels ${name}`)
    await ctx.close()
  })
}
