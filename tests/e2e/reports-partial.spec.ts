/**
 * /reports never presents missing or partial data as a report (issue 18 items 2 and 3), EN and FR:
 * - a refused request (a range ending before it starts) shows the error, keeps the user's
 *   selection in the picker (period, center) and shows nothing that looks like figures;
 * - a month with data on a few days only says how much it covers in its header (days with data
 *   / days of the month) and flags the comparison with the previous month that has no data.
 */
import { expect, test } from '@playwright/test'
import { loginAs } from '../helpers/auth'
import { expectNoRawKeys } from '../helpers/raw-keys'
import { clearOfMidnight } from './clear-of-midnight'

const API_KEY = 'e2e-producer-key'
// Two months back: a closed month no other spec posts into.
const now = new Date()
const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1))
const MONTH = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`
const daysInMonth = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()

test.describe.configure({ mode: 'serial' })

test.beforeAll(clearOfMidnight)
test.beforeAll(async ({ request }) => {
  // One answered contact on the 10th, 11th and 12th at noon (Paris): 3 days with data.
  const events = [10, 11, 12].flatMap((day) => {
    const at = (min: number) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), day, 10, min)).toISOString()
    const c = `partial-${MONTH}-${day}`
    const base = { v: 1, center_id: 'paris-sales', contact_id: c }
    return [
      { ...base, event_id: `${c}-q`, type: 'contact.queued', ts: at(0), queue_id: 'sales-orders-voice', channel: 'voice', direction: 'inbound' },
      { ...base, event_id: `${c}-a`, type: 'contact.answered', ts: at(1), queue_id: 'sales-orders-voice', agent_id: 'e2e-a1' },
      { ...base, event_id: `${c}-e`, type: 'contact.ended', ts: at(5), agent_id: 'e2e-a1', talk_s: 240, hold_s: 0 },
      { ...base, event_id: `${c}-w`, type: 'contact.wrapped', ts: at(6), agent_id: 'e2e-a1', wrap_s: 60, resolved: true, outcome: 'information' },
    ]
  })
  const res = await request.post('/api/events', { headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' }, data: events })
  expect(res.status(), await res.text()).toBe(202)
})

for (const locale of ['en', 'fr'] as const) {
  test(`a refused request keeps the selection and shows no figures (${locale})`, async ({ page }) => {
    await page.context().addCookies([{ name: 'plateau-locale', value: locale, url: test.info().project.use.baseURL! }])
    await loginAs(page.context(), test.info().project.use.baseURL!, 'admin')
    await page.goto('/reports?from=2026-10-15&to=2026-10-01&center=paris-sales')
    await expect(page.getByRole('alert').first()).toContainText(/to must not be before from/)
    await expect(page.getByTestId('no-report')).toBeVisible()
    // No report, no tiles, no tables, no export links.
    await expect(page.locator('[data-report]')).toHaveCount(0)
    await expect(page.locator('table')).toHaveCount(0)
    await expect(page.getByTestId('report-title')).toHaveCount(0)
    // The selection is the user's: range kind, both dates, the center.
    await expect(page.getByTestId('pick-from')).toHaveValue('2026-10-15')
    await expect(page.getByTestId('pick-to')).toHaveValue('2026-10-01')
    await expect(page.getByTestId('pick-centers')).toContainText('Paris Ventes')
    await expectNoRawKeys(page)
  })

  test(`a month with 3 days of data says so in its header (${locale})`, async ({ page }) => {
    await page.context().addCookies([{ name: 'plateau-locale', value: locale, url: test.info().project.use.baseURL! }])
    await loginAs(page.context(), test.info().project.use.baseURL!, 'admin')
    await expect
      .poll(
        async () => {
          await page.goto(`/reports?month=${MONTH}&center=paris-sales`)
          return page.getByTestId('coverage').innerText()
        },
        { timeout: 60_000 },
      )
      .toMatch(locale === 'en' ? new RegExp(`3 of ${daysInMonth} days with data`) : new RegExp(`3 jours sur ${daysInMonth} avec des données`))
    // The previous month has no data, or only the few days the demo's history fill reached by now: flagged either way.
    await expect(page.getByTestId('previous-flag')).toHaveText(
      locale === 'en' ? /^\((no data|partial: \d+\/\d+ days)\)$/ : /^\((pas de données|partielle\s:\s\d+\/\d+\sjours)\)$/,
    )
    const notes = page.getByTestId('quality-notes')
    await expect(notes).toContainText(locale === 'en' ? 'does not cover every day of this period' : 'ne couvrent pas tous les jours de la période')
    await expect(notes).not.toContainText(locale === 'en' ? 'gives the same figures' : 'donne les mêmes chiffres')
    await expectNoRawKeys(page)
  })
}
