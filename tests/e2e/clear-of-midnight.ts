/**
 * The browser tests seed "today" for centers whose day is local to Europe/Paris (the demo centers
 * and the default time zone of unconfigured ones) and then assert today's figures for minutes. A
 * spec that crosses Paris midnight would see its seeds move to yesterday (CI of 2026-12-06 failed
 * that way at 00:02 Paris). So each spec that seeds today starts with `test.beforeAll(clearOfMidnight)`:
 * a spec starting in the last 10 minutes before Paris midnight or in the first 6 after it waits
 * until 00:06 Paris (at most 16 minutes, once a run). Per spec, not per run: a whole run can take
 * 40 minutes on a busy CI machine, one spec at most a few.
 */
import type { TestInfo } from '@playwright/test'

const ZONE = 'Europe/Paris'
const BEFORE_MIN = 10
const AFTER_MIN = 6

function parisMinuteOfDay(ms: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' }).formatToParts(ms)
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0)
  return n('hour') * 60 + n('minute') + n('second') / 60
}

/** Milliseconds to wait so that a spec starting now stays clear of Paris midnight (0 when clear). */
export function waitClearOfMidnight(ms: number): number {
  const m = parisMinuteOfDay(ms)
  if (m >= 24 * 60 - BEFORE_MIN) return Math.ceil((24 * 60 - m + AFTER_MIN) * 60_000)
  if (m < AFTER_MIN) return Math.ceil((AFTER_MIN - m) * 60_000)
  return 0
}

/** A `beforeAll` hook: waits, when needed, so that the spec's seeded "today" stays today. */
// The empty pattern is Playwright's: it reads which fixtures a hook needs from its first parameter.
export async function clearOfMidnight({}, testInfo: TestInfo): Promise<void> {
  const wait = waitClearOfMidnight(Date.now())
  if (wait === 0) return
  testInfo.setTimeout(wait + 60_000)
  console.log(`[e2e] Paris midnight is near: waiting ${Math.round(wait / 1000)} s so that seeded "today" stays today for the whole spec`)
  await new Promise((r) => setTimeout(r, wait))
}
