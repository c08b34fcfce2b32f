/**
 * The admin pages of the two revocable secrets (producer API keys, display links), in Debian's
 * Chromium, in French and English: create one from the page, its secret shown once and working,
 * the list showing only its first characters, revoke it and the secret stops working.
 */
import { expect, test } from '@playwright/test'
import { loginAs } from '../helpers/auth'
import { ADMIN_PASSWORD } from './live-seed'

test.describe.configure({ mode: 'serial' })

test('French: an API key created on /admin/api-keys works once shown, and stops at revocation', async ({ page, context, baseURL, request }) => {
  await loginAs(context, baseURL!, 'admin', { adminPassword: ADMIN_PASSWORD })
  await context.addCookies([{ name: 'plateau-locale', value: 'fr', url: baseURL! }])
  await page.goto('/admin/api-keys')
  await expect(page.getByRole('heading', { name: 'Clés d’API des producteurs' })).toBeVisible()
  const name = `e2e-acd-${Date.now().toString(36)}`
  await page.getByRole('textbox', { name: 'Nom' }).fill(name)
  await page.getByRole('button', { name: 'Créer la clé' }).click()
  await expect(page.getByRole('status')).toContainText('copiez-la maintenant')
  const secret = (await page.getByTestId('new-api-key').textContent())!.trim()
  expect(secret.length).toBeGreaterThan(20)
  const row = page.locator('tr', { hasText: name })
  await expect(row).toContainText('en service')
  await expect(row).not.toContainText(secret) // only its first characters
  const post = () => request.post('/api/events', { data: [], headers: { authorization: `Bearer ${secret}` } })
  expect((await post()).status()).not.toBe(401)
  page.once('dialog', (d) => void d.accept())
  await row.getByRole('button', { name: 'Révoquer' }).click()
  await expect(row).toContainText('révocation le')
  expect((await post()).status()).toBe(401)
})

test('English: a display link created on /admin/display-links opens its board', async ({ page, context, baseURL, browser }) => {
  await loginAs(context, baseURL!, 'admin', { adminPassword: ADMIN_PASSWORD })
  await page.goto('/admin/display-links')
  await expect(page.getByRole('heading', { name: 'Display links' })).toBeVisible()
  await page.getByRole('combobox', { name: 'Board' }).selectOption('e2e-trust')
  await page.getByRole('textbox', { name: 'Name' }).fill('E2E floor TV')
  await page.getByRole('button', { name: 'Create link' }).click()
  const url = (await page.getByTestId('new-display-link').textContent())!.trim()
  expect(url).toMatch(/\/display\/\S+$/)
  await expect(page.locator('tr', { hasText: 'E2E floor TV' })).toContainText('active')
  // the link works without any session
  const screen = await browser.newContext()
  const wall = await screen.newPage()
  const res = await wall.goto(url)
  expect(res!.status()).toBe(200)
  await expect(wall).toHaveURL(/\/wallboard\/e2e-trust$/)
  await screen.close()
})
