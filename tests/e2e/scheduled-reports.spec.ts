/**
 * Scheduled reports from the app, in Debian's Chromium against the production build: a manager
 * creates a schedule on /reports/schedules (a schedule naming another center is refused, with the
 * reason), the scheduler e-mails at once the latest due report to a real SMTP server started here,
 * with the PDF (headless Chromium printing /reports/print as the RECIPIENT) and the XLSX attached;
 * the delivery log says sent; the manager deletes the schedule.
 */
import { expect, test } from '@playwright/test'
import { e2eSmtpPort } from '../../playwright.config'
import { loginAs } from '../helpers/auth'
import { startSmtp, type TestSmtp } from '../helpers/smtp'
import { ADMIN_PASSWORD } from './live-seed'
import { clearOfMidnight } from './clear-of-midnight'

test.describe.configure({ mode: 'serial' })

let smtp: TestSmtp
test.beforeAll(clearOfMidnight)
test.beforeAll(async () => {
  smtp = await startSmtp({ port: e2eSmtpPort })
})
test.afterAll(async () => {
  await smtp?.close()
})

const ID = `e2e-sched-${Date.now().toString(36)}`
const schedule = (centers: string) => `id: ${ID}
cadence: monthly
day: 1
time: "00:00"
timezone: Europe/Paris
centers: [${centers}]
recipients:
  - { user: test-manager, email: manager-a@example.com }
formats: [pdf, xlsx]
locale: fr
`

test('a manager schedules a report in the app; the recipient gets their PDF and XLSX by e-mail at once', async ({ page, context, baseURL }) => {
  await loginAs(context, baseURL!, 'manager', { adminPassword: ADMIN_PASSWORD })
  await page.goto('/reports/schedules')
  await expect(page.getByRole('heading', { name: 'Scheduled reports' })).toBeVisible()
  await page.getByRole('button', { name: 'New schedule' }).click()
  // lyon-leads is not this manager's center: refused, nothing written
  await page.getByLabel('Schedule (YAML)').fill(schedule('paris-sales, lyon-leads'))
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.locator('[data-schedule-problem]')).toContainText('not your centers: paris-sales, lyon-leads')
  await expect(page.locator(`tr[data-schedule="${ID}"]`)).toHaveCount(0)

  await page.getByLabel('Schedule (YAML)').fill(schedule('paris-sales'))
  await page.getByRole('button', { name: 'Save' }).click()
  const row = page.locator(`tr[data-schedule="${ID}"]`)
  await expect(row).toContainText('Monthly, day 1 at 00:00')
  await expect(row).toContainText('pdf, xlsx')

  // The latest occurrence (the 1st of this month, 00:00 Paris) is due: sent right away.
  const [mail] = await smtp.waitFor(1)
  expect(mail!.to && 'text' in mail!.to ? mail!.to.text : '').toContain('manager-a@example.com')
  expect(mail!.subject).toMatch(/^Rapport Plateau \d{4}-\d{2} — paris-sales$/)
  const names = mail!.attachments.map((a) => a.filename ?? '')
  expect(names.some((n) => n.endsWith('.pdf'))).toBe(true)
  expect(names.some((n) => n.endsWith('.xlsx'))).toBe(true)
  const pdf = mail!.attachments.find((a) => a.filename?.endsWith('.pdf'))!
  expect(pdf.content.subarray(0, 5).toString()).toBe('%PDF-')
  const { extractText, getDocumentProxy } = await import('unpdf')
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf.content)), { mergePages: true })
  const pdfText = String(text).replace(/\s+/g, ' ')
  // printed as the recipient (manager of paris-sales), in the schedule's language
  expect(pdfText).toContain('Paris Ventes')
  expect(pdfText).not.toContain('Lyon')
  expect(pdfText).toMatch(/Page 1 sur \d+/)

  await page.reload()
  const log = page.locator('tbody tr', { hasText: ID }).filter({ hasText: 'test-manager' })
  await expect(log.filter({ hasText: 'sent' }).first()).toBeVisible()

  page.once('dialog', (d) => void d.accept())
  await row.getByRole('button', { name: 'Delete' }).click()
  await expect(page.locator(`tr[data-schedule="${ID}"]`)).toHaveCount(0)
})

test('French: the schedules page and its editor', async ({ page, context, baseURL }) => {
  await loginAs(context, baseURL!, 'manager', { adminPassword: ADMIN_PASSWORD })
  await context.addCookies([{ name: 'plateau-locale', value: 'fr', url: baseURL! }])
  await page.goto('/reports/schedules')
  await expect(page.getByRole('heading', { name: 'Rapports planifiés' })).toBeVisible()
  await page.getByRole('button', { name: 'Nouvelle planification' }).click()
  await expect(page.getByLabel('Planification (YAML)')).toBeVisible()
  await expect(page.getByText(/formats\s:\s\[pdf, xlsx\]/)).toBeVisible()
})
