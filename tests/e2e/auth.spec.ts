import { expect, test } from '@playwright/test'
import { createDisplayLinkHttp, loginAs, sessionForRole, signIn } from '../helpers/auth'

// playwright.config.ts starts the server with PLATEAU_ADMIN_PASSWORD=e2e-admin-password and PLATEAU_API_KEYS=e2e-producer-key.
const ADMIN_PW = 'e2e-admin-password'

test('signing in through the form, then landing where we were going', async ({ page }) => {
  await page.goto('/admin')
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fadmin/)
  await page.fill('input[name=username]', 'admin')
  await page.fill('input[name=password]', 'wrong password!')
  await page.click('button[type=submit]')
  await expect(page.locator('form p[role=alert]')).toBeVisible()
  await page.fill('input[name=password]', ADMIN_PW)
  await page.click('button[type=submit]')
  await expect(page).toHaveURL(/\/admin$/)
  await expect(page.getByRole('heading', { name: 'Administration' })).toBeVisible()
})

test('a supervisor is refused the admin pages and API', async ({ page, context, baseURL }) => {
  await loginAs(context, baseURL!, 'supervisor', { adminPassword: ADMIN_PW })
  await page.goto('/admin/users')
  await expect(page).toHaveURL(/error=forbidden/)
  const r = await page.request.get('/api/admin/users')
  expect(r.status()).toBe(403)
})

test('security headers on pages and APIs', async ({ request }) => {
  for (const path of ['/login', '/api/health']) {
    const r = await request.get(path)
    const csp = r.headers()['content-security-policy'] ?? ''
    expect(csp).toContain("frame-ancestors 'none'")
    expect(r.headers()['x-content-type-options']).toBe('nosniff')
    expect(r.headers()['referrer-policy']).toBe('strict-origin-when-cross-origin')
  }
})

test('producers need an API key', async ({ request }) => {
  expect((await request.post('/api/events', { data: [] })).status()).toBe(401)
  const ok = await request.post('/api/events', { data: [], headers: { 'x-api-key': 'e2e-producer-key' } })
  expect(ok.status()).toBe(400) // authorised; empty batch
})

test('cross-site POST with a session is refused', async ({ baseURL }) => {
  const s = await sessionForRole(baseURL!, 'admin', { adminPassword: ADMIN_PW })
  const r = await fetch(new URL('/api/admin/api-keys', baseURL), {
    method: 'POST',
    headers: { cookie: s.cookie, origin: 'https://evil.example', 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'x' }),
  })
  expect(r.status).toBe(403)
})

test('a display link opens its board without sign-in, and stops working once revoked', async ({ browser, baseURL }) => {
  const admin = await signIn(baseURL!, 'admin', ADMIN_PW)
  const link = await createDisplayLinkHttp(baseURL!, admin.cookie, 'e2e-board')
  const tv = await browser.newContext()
  const page = await tv.newPage()
  await page.goto(link.path)
  await expect(page).toHaveURL(/\/wallboard\/e2e-board/)
  const cookies = await tv.cookies()
  expect(cookies.find((c) => c.name === 'plateau_display')?.httpOnly).toBe(true)
  // the TV cannot open anything else
  await page.goto('/admin')
  await expect(page).toHaveURL(/\/wallboard\/e2e-board/)

  const del = await fetch(new URL(`/api/admin/display-links/${link.id}`, baseURL), {
    method: 'DELETE',
    headers: { cookie: admin.cookie, origin: new URL(baseURL!).origin },
  })
  expect(del.status).toBe(200)
  expect((await page.request.get('/api/health')).ok()).toBe(true)
  const health = await (await page.request.get('/api/health')).json()
  expect(health.ingest).toBeUndefined() // the revoked display is anonymous now
  await page.goto(link.path)
  await expect(page.getByText('This display link was revoked or is not valid.')).toBeVisible()
  await tv.close()
})
