/**
 * Issue 17 item 5, what a supervisor sees (English and French): agents by name from the agent
 * directory (config/plateau.example.yaml, each center's `agents`) with the id on hover; an agent
 * missing from the directory shows its id, marked — never dropped. The board's agent panel lists
 * agents longest in their state first and highlights long after-call work and long breaks
 * against the center's limits (defaults: 120 s, 900 s).
 * On paris-hq: the live demo's switchboard agents (in the directory) plus two agents this test
 * adds (not in it): one in after-call work for 10 minutes, one on a break for 20 minutes; and the
 * directory's last paris-hq agent, available for 5 minutes (the demo may have nobody on shift).
 */
import fs from 'node:fs'
import path from 'node:path'
import { expect, test, type Locator } from '@playwright/test'
import { parse as parseYaml } from 'yaml'
import { createDisplayLinkHttp, loginAs, signIn } from '../helpers/auth'
import { ADMIN_PASSWORD, agentState, postEvents } from './live-seed'
import { clearOfMidnight } from './clear-of-midnight'

test.describe.configure({ mode: 'serial' })

const CENTER = 'paris-hq'
const RUN = Date.now().toString(36)
const WRAP = `e2e-wrap-${RUN}`
const BREAK = `e2e-break-${RUN}`
const config = parseYaml(fs.readFileSync(path.join(__dirname, '../../config/plateau.example.yaml'), 'utf8')) as { centers: { id: string; agents?: { id: string; name: string; team?: string; site?: string }[] }[] }
const DIRECTORY = new Map((config.centers.find((c) => c.id === CENTER)!.agents ?? []).map((a) => [a.id, a]))

/** A directory agent this test logs in, so a directory name shows whatever the demo's shifts (at night none may be on). */
const LISTED = [...DIRECTORY.keys()].at(-1)!

test.beforeAll(clearOfMidnight)
test.beforeAll(async ({ request }) => {
  const now = Date.now()
  await postEvents(request, [
    agentState(CENTER, WRAP, 'wrap_up', now - 10 * 60_000),
    { ...agentState(CENTER, BREAK, 'break', now - 20 * 60_000), reason: 'break' },
    agentState(CENTER, LISTED, 'available', now - 5 * 60_000),
  ])
})

const L = {
  en: { notIn: '(not in directory)', longWrapTable: '(long after-call work)', longWrap: 'long ACW', longBreak: 'long break', hover: (id: string, team: string, site: string) => `Id: ${id} · Team: ${team} · Site: ${site}` },
  fr: { notIn: '(hors annuaire)', longWrapTable: '(post-appel long)', longWrap: 'post-appel long', longBreak: 'pause longue', hover: (id: string, team: string, site: string) => `Identifiant\u00a0: ${id} · Équipe\u00a0: ${team} · Site\u00a0: ${site}` },
} as const

/** Seconds from "m:ss" or "h:mm:ss" (the cell may carry a note after the figure). */
function seconds(text: string): number {
  const m = /(\d+):(\d\d)(?::(\d\d))?/.exec(text)!
  return m[3] !== undefined ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : Number(m[1]) * 60 + Number(m[2])
}

/** Every directory agent shown: its configured name, with id, team and site on hover. */
async function expectDirectoryNames(names: Locator, hover: (typeof L)['en']['hover']) {
  const n = await names.count()
  expect(n).toBeGreaterThan(0)
  for (let i = 0; i < n; i++) {
    const el = names.nth(i)
    const id = (await el.getAttribute('data-agent-id'))!
    const entry = DIRECTORY.get(id)!
    expect(entry, id).toBeDefined()
    await expect(el.locator('[data-agent-name]')).toHaveText(entry.name)
    await expect(el).toHaveAttribute('title', hover(id, entry.team!, entry.site!))
  }
}

for (const locale of ['en', 'fr'] as const) {
  const T = L[locale]
  test(`/live ${locale}: agents by name (id on hover); unknown agents by id, marked; long after-call work highlighted`, async ({ context, baseURL, page }) => {
    await loginAs(context, baseURL!, 'admin', { adminPassword: ADMIN_PASSWORD })
    if (locale === 'fr') await context.addCookies([{ name: 'plateau-locale', value: 'fr', url: baseURL! }])
    await page.goto(`/live?centers=${CENTER}`)
    const table = page.getByTestId('agent-table')
    const wrap = table.locator(`[data-agent-id="${WRAP}"]`)
    await expect(wrap).toHaveText(`${WRAP}${T.notIn}`, { timeout: 60_000 })
    await expect(wrap).toHaveAttribute('data-in-directory', 'false')
    await expect(table.locator('tr', { has: page.locator(`[data-agent-id="${WRAP}"]`) }).locator('[data-agent-alert="long_wrap_up"]')).toContainText(T.longWrapTable)
    await expectDirectoryNames(table.locator('[data-in-directory="true"]'), T.hover)
  })
}

test('board agent panel en + fr: longest in state first, names from the directory, long after-call work and long break highlighted', async ({ browser, baseURL }) => {
  const admin = await signIn(baseURL!, 'admin', ADMIN_PASSWORD)
  for (const [board, T] of [['e2e-agents', L.en], ['e2e-agents-fr', L.fr]] as const) {
    const link = await createDisplayLinkHttp(baseURL!, admin.cookie, board)
    const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
    const page = await ctx.newPage()
    await page.goto(link.path)
    const panel = page.locator('[data-board-tile="agents"]')
    const wrapRow = panel.locator(`[data-agent-row="${WRAP}"]`)
    const breakRow = panel.locator(`[data-agent-row="${BREAK}"]`)
    await expect(wrapRow).toHaveAttribute('data-agent-alert', 'long_wrap_up', { timeout: 60_000 })
    await expect(wrapRow).toContainText(T.longWrap)
    await expect(wrapRow).toContainText(`${WRAP}${T.notIn}`)
    await expect(breakRow).toHaveAttribute('data-agent-alert', 'long_break')
    await expect(breakRow).toContainText(T.longBreak)
    // sorted by time in state, longest first (the 20-minute break above the 10-minute wrap-up)
    const times = await panel.locator('tbody tr td:last-child').allTextContents()
    const s = times.map(seconds)
    expect(s.length).toBeGreaterThan(2)
    for (let i = 1; i < s.length; i++) expect(s[i - 1]!, times.join(' | ')).toBeGreaterThanOrEqual(s[i]!)
    const ids = await panel.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-agent-row')))
    expect(ids.indexOf(BREAK)).toBeLessThan(ids.indexOf(WRAP))
    await expectDirectoryNames(panel.locator('[data-in-directory="true"]'), T.hover)
    await ctx.close()
  }
})
