/**
 * Live screens first: background bulk work in the same process (the demo's history fill)
 * asks `yieldToLive()` before each slice and waits while a live or board snapshot is being
 * computed, so a screen's figures are not queued behind minutes of back-fill.
 * Per process (globalThis, shared by Next's module copies).
 */
type State = { inflight: number }
const g = globalThis as unknown as { __plateauLivePriority?: State }
const state: State = (g.__plateauLivePriority ??= { inflight: 0 })

/** Count `p` as live work while it runs. */
export function liveWork<T>(p: Promise<T>): Promise<T> {
  state.inflight++
  return p.finally(() => state.inflight--)
}

export function liveBusy(): boolean {
  return state.inflight > 0
}

/**
 * Resolve once no snapshot is being computed (at most `maxWaitMs`: the background work must
 * still progress when screens keep the server busy), after letting pending I/O callbacks run.
 */
export async function yieldToLive(maxWaitMs = 2000): Promise<void> {
  const t0 = Date.now()
  while (state.inflight > 0 && Date.now() - t0 < maxWaitMs) await new Promise((r) => setTimeout(r, 5))
  await new Promise((r) => setImmediate(r))
}
