import { expect, test } from '@playwright/test'

// playwright.config.ts starts the server with PLATEAU_ADMIN_PASSWORD=e2e-admin-password.
const ADMIN_PW = 'e2e-admin-password'

// Issue 14: clicking "Sign in" before the page has hydrated used to submit
// GET /login?username=…&password=… (password in the URL, hence in logs and history).
test.describe('the sign-in form without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('posts the form: the password never appears in a URL, and signing in works', async ({ page }) => {
    const requested: string[] = []
    page.on('request', (r) => requested.push(`${r.method()} ${r.url()}`))
    await page.goto('/login?callbackUrl=%2Fadmin')
    const form = page.locator('form', { has: page.locator('input[name=password]') })
    await expect(form).toHaveAttribute('method', /post/i)

    await page.fill('input[name=username]', 'admin')
    await page.fill('input[name=password]', 'wrong-secret-in-url?')
    await page.click('button[type=submit]')
    await expect(page.locator('form p[role=alert]')).toBeVisible()
    expect(page.url()).not.toMatch(/password|wrong-secret/)

    await page.fill('input[name=username]', 'admin')
    await page.fill('input[name=password]', ADMIN_PW)
    await page.click('button[type=submit]')
    await expect(page).toHaveURL(/\/admin$/)
    for (const r of requested) expect(r).not.toMatch(/password=|wrong-secret|e2e-admin-password/)
    expect(requested.some((r) => r.startsWith('POST ') && r.includes('/login'))).toBe(true)
  })
})
