/**
 * In-app alerts in Debian's Chromium: the /live banner says what is wrong in words with an icon
 * (never colour alone), in English and French; Acknowledge records who and the banner then
 * says so; a wall board in French shows its banner and plays its tone when a new alert appears.
 * Rules: created through the admin API before the tests, deleted after (centers no other test
 * writes to).
 */
import { expect, test } from '@playwright/test'
import { loginAs, sessionForRole } from '../helpers/auth'
import { ADMIN_PASSWORD, postEvents, queued } from './live-seed'
import { clearOfMidnight } from './clear-of-midnight'

// The machine running the suite may be busy: generous waits (nothing here asserts a duration).
test.describe.configure({ mode: 'serial' })

const CENTER = 'e2e-alerts-center'
const BOARD_CENTER = 'e2e-alerts-board-center'

const RULES = [
  { id: 'e2e-waiting', name: 'E2E queue backlog', kpi: 'waiting_now', scope: { center: CENTER }, condition: { op: 'above', value: 1 }, severity: 'critical', channels: ['in_app'] },
  { id: 'e2e-board-waiting', name: 'E2E board backlog', kpi: 'waiting_now', scope: { center: BOARD_CENTER }, condition: { op: 'above', value: 0 }, severity: 'warning', channels: ['in_app'] },
]

async function asAdmin(baseURL: string, method: 'POST' | 'DELETE', url: string, body?: unknown): Promise<number> {
  const { cookie } = await sessionForRole(baseURL, 'admin', { adminPassword: ADMIN_PASSWORD })
  const res = await fetch(new URL(url, baseURL), { method, headers: { cookie, origin: new URL(baseURL).origin, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })
  return res.status
}

test.beforeAll(clearOfMidnight)
test.beforeAll(async ({ baseURL }) => {
  for (const rule of RULES) expect(await asAdmin(baseURL!, 'POST', '/api/alerts/rules', { rule })).toBe(201)
})

test.afterAll(async ({ baseURL }) => {
  for (const rule of RULES) await asAdmin(baseURL!, 'DELETE', `/api/alerts/rules/${rule.id}`)
})

test.beforeEach(async ({ context, baseURL }) => {
  await loginAs(context, baseURL!, 'admin', { adminPassword: ADMIN_PASSWORD })
})

test('/live: the banner names the alert in words (EN, then FR), Acknowledge records who', async ({ page, context, baseURL, request }) => {
  const now = Date.now()
  // 3 contacts waiting > threshold 1
  await postEvents(request, [0, 1, 2].map((i) => queued(CENTER, `al-${now}-${i}`, 'e2e-voice', now - 30_000 + i * 1000)))
  await page.goto(`/live?centers=${CENTER}`)
  const banner = page.getByTestId('alert-banner')
  const item = banner.locator('li[data-alert="e2e-waiting"]')
  await expect(item).toBeVisible({ timeout: 60_000 })
  await expect(banner.getByRole('heading')).toHaveText('1 alert firing')
  await expect(item).toContainText('Critical')
  await expect(item.locator('[data-alert-text]')).toHaveText('Critical: E2E queue backlog — Contacts waiting is 3 (threshold 1) — center=e2e-alerts-center')
  await expect(item.locator('svg')).toHaveCount(1) // the icon, besides the words
  await item.getByRole('button', { name: 'Acknowledge' }).click()
  await expect(item.locator('[data-acknowledged-by]')).toHaveText('✓ Acknowledged by Test Admin', { timeout: 60_000 })
  await expect(item.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0)
  // the acknowledgement is the server's, not the page's: a fresh load still says who
  await page.reload()
  await expect(item.locator('[data-acknowledged-by]')).toHaveText('✓ Acknowledged by Test Admin', { timeout: 60_000 })

  await context.addCookies([{ name: 'plateau-locale', value: 'fr', url: baseURL! }])
  await page.goto(`/live?centers=${CENTER}`)
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr')
  await expect(banner.getByRole('heading')).toHaveText('1 alerte active', { timeout: 60_000 })
  await expect(item.locator('[data-alert-text]')).toHaveText('Critique\u00a0: E2E queue backlog — Contacts en attente vaut 3 (seuil 1) — center=e2e-alerts-center')
  await expect(item.locator('[data-acknowledged-by]')).toHaveText('✓ Acquittée par Test Admin', { timeout: 60_000 })
})

test('wall board (French): the banner appears with the alert and its tone plays once', async ({ page, request }) => {
  await page.goto('/wallboard/e2e-alerts-board')
  await expect(page.getByRole('heading', { name: 'Écran alertes E2E' })).toBeVisible({ timeout: 60_000 })
  await expect(page.locator('[data-alerts="0"]')).toHaveCount(1, { timeout: 60_000 })
  const now = Date.now()
  await postEvents(request, [queued(BOARD_CENTER, `alb-${now}`, 'e2e-voice', now - 20_000)])
  const banner = page.getByTestId('alert-banner')
  const item = banner.locator('li[data-alert="e2e-board-waiting"]')
  await expect(item).toContainText('Avertissement', { timeout: 60_000 })
  await expect(item.locator('[data-alert-text]')).toHaveText('Avertissement\u00a0: E2E board backlog — Contacts en attente vaut 1 (seuil 0) — center=e2e-alerts-board-center')
  await expect(item.getByRole('button')).toHaveCount(0) // boards cannot acknowledge
  await expect(banner).toHaveAttribute('data-alert-tones', '1')
  // two more polls: still one tone for one alert
  for (let i = 0; i < 2; i++) await page.waitForResponse((r) => r.url().includes('/api/boards/e2e-alerts-board/alerts'))
  await expect(banner).toHaveAttribute('data-alert-tones', '1')
})

test('/live: Acknowledge in French', async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: 'plateau-locale', value: 'fr', url: baseURL! }])
  await page.goto(`/live?centers=${BOARD_CENTER}`)
  const item = page.getByTestId('alert-banner').locator('li[data-alert="e2e-board-waiting"]')
  await expect(item).toContainText('Avertissement', { timeout: 60_000 })
  await item.getByRole('button', { name: 'Acquitter' }).click()
  await expect(item.locator('[data-acknowledged-by]')).toHaveText('✓ Acquittée par Test Admin', { timeout: 60_000 })
})

test('admin pages: create, edit and delete a rule (EN), the delivery log in French', async ({ page, context, baseURL }) => {
  await page.goto('/admin/alerts')
  await expect(page.getByRole('heading', { name: 'Alert rules' })).toBeVisible()
  await expect(page.locator('tr[data-rule="e2e-waiting"]')).toContainText('Contacts waiting')
  await page.getByRole('button', { name: 'New rule' }).click()
  await page.getByLabel('Rule (YAML)').fill('id: e2e-new\nkpi: nope\nscope: { center: e2e-alerts-center }\ncondition: { op: above, value: 5 }\n')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.locator('[data-rule-problem]')).toContainText('kpi') // refused, says why
  await page.getByLabel('Rule (YAML)').fill('id: e2e-new\nkpi: asa\nscope: { center: e2e-alerts-center }\ncondition: { op: above, value: 40 }\n')
  await page.getByRole('button', { name: 'Save' }).click()
  const row = page.locator('tr[data-rule="e2e-new"]')
  await expect(row).toContainText('above 40')
  await row.getByRole('button', { name: 'Edit' }).click()
  await page.getByLabel('Rule (YAML)').fill((await page.getByLabel('Rule (YAML)').inputValue()).replace('value: 40', 'value: 45'))
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(row).toContainText('above 45')
  page.once('dialog', (d) => void d.accept())
  await row.getByRole('button', { name: 'Delete' }).click()
  await expect(row).toHaveCount(0)

  await context.addCookies([{ name: 'plateau-locale', value: 'fr', url: baseURL! }])
  await page.goto('/admin/alerts/log')
  await expect(page.getByRole('heading', { name: 'Journal des envois' })).toBeVisible()
  // the acknowledgements of the tests above, with who
  await expect(page.getByTestId('alert-events').locator('tr[data-kind="acknowledged"]').first()).toContainText('Test Admin')
  await expect(page.getByTestId('alert-events')).toContainText('Déclenchée')
})
