/**
 * Keeps the default executive view (last complete month, all centers) computed in the
 * background, so an executive opening /executive gets cached engine results (lib/periods/cache, through lib/executive/engine)
 * instead of a year of history scanned on the spot. Every PLATEAU_EXECUTIVE_WARM_MS (default
 * 5 min; 0 disables): when nothing changed this costs a few token checks.
 *
 * Started by the executive page and API on first use; call it at server start
 * (instrumentation.ts) to have the first visit warm too. Not started under tests.
 */
import 'server-only'
import { getExecutiveView, executiveTimezone } from './load'
import { defaultRange } from '../periods/calendar'

const g = globalThis as unknown as { __plateauExecWarm?: { timer: NodeJS.Timeout | null; running: boolean } }

export async function warmExecutiveView(): Promise<number> {
  const t0 = Date.now()
  await getExecutiveView({ range: defaultRange(Date.now(), executiveTimezone()) }, null)
  return Date.now() - t0
}

export function startExecutiveWarmer(intervalMs = Number(process.env.PLATEAU_EXECUTIVE_WARM_MS ?? 300_000), firstDelayMs = 2_000): void {
  if (process.env.NODE_ENV === 'test' || !(intervalMs > 0)) return
  const s = (g.__plateauExecWarm ??= { timer: null, running: false })
  if (s.timer) return
  const run = () => {
    if (s.running) return
    s.running = true
    warmExecutiveView()
      .catch((e) => console.warn(`[executive] warm-up failed: ${(e as Error).message}`))
      .finally(() => (s.running = false))
  }
  s.timer = setInterval(run, intervalMs)
  s.timer.unref?.()
  setTimeout(run, firstDelayMs).unref?.()
}
