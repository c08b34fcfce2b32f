/**
 * Playwright global setup: the browser tests seed "today" for centers whose day is local to
 * Europe/Paris (the demo centers and the default time zone of unconfigured ones) and then
 * assert today's figures for minutes. A run that crosses Paris midnight would see its seeds move
 * to yesterday (CI of 2026-12-06 failed that way at 00:02 Paris). So a run that would start in
 * the last 20 minutes before Paris midnight or in the first 6 after it waits until 00:06 Paris
 * (at most 26 minutes, in 26 minutes of the day) and says so.
 */
const ZONE = 'Europe/Paris'
const BEFORE_MIN = 20
const AFTER_MIN = 6

function parisMinuteOfDay(ms: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' }).formatToParts(ms)
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0)
  return n('hour') * 60 + n('minute') + n('second') / 60
}

/** Milliseconds to wait so that a run starting now stays clear of Paris midnight (0 when clear). */
export function waitClearOfMidnight(ms: number): number {
  const m = parisMinuteOfDay(ms)
  if (m >= 24 * 60 - BEFORE_MIN) return Math.ceil((24 * 60 - m + AFTER_MIN) * 60_000)
  if (m < AFTER_MIN) return Math.ceil((AFTER_MIN - m) * 60_000)
  return 0
}

export default async function globalSetup(): Promise<void> {
  const wait = waitClearOfMidnight(Date.now())
  if (wait === 0) return
  console.log(`[e2e] Paris midnight is near: waiting ${Math.round(wait / 1000)} s so that seeded "today" stays today for the whole run`)
  await new Promise((r) => setTimeout(r, wait))
}
