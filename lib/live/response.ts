/** HTTP serialisation of live and board snapshots. */
import 'server-only'
import { snapshotCache } from './caches'
import type { Snapshot } from './types'

// A snapshot is serialised once, however many screens receive it (100 screens = 100 responses
// per second of the same figures); only servedAt/stale are added per response.
const serialised = new WeakMap<Snapshot, string>()

/** The JSON response for a snapshot: `servedAt` = now, `stale` when it is a fallback. */
export function snapshotResponse(snapshot: Snapshot, stale: boolean): Response {
  let body = serialised.get(snapshot)
  if (body === undefined) {
    const { servedAt: _s, stale: _t, ...rest } = snapshot
    body = JSON.stringify(rest)
    serialised.set(snapshot, body)
  }
  const head = `{"servedAt":${Date.now()},${stale ? '"stale":true,' : ''}`
  return new Response(head + body.slice(1), {
    status: 200,
    // Diagnostics (bench/boards.ts): snapshot computations of this server process so far.
    headers: { 'content-type': 'application/json', 'x-plateau-snapshot-computations': String(snapshotCache.stats.computations) },
  })
}
