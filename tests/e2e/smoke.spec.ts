import { expect, test } from '@playwright/test'

test('the server is healthy on the embedded store', async ({ request }) => {
  const r = await request.get('/api/health')
  expect(r.status()).toBe(200)
  const h = await r.json()
  expect(h.store.mode).toBe('embedded')
  expect(h.store.ok).toBe(true)
})
