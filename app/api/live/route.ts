import { boundedJson } from '@/lib/responseLimits'
import { scopeCenters, withAuth } from '@/lib/auth/guard'
import { parseLiveParams } from '@/lib/live/params'
import { getLiveSnapshot } from '@/lib/live/live-snapshot'
import { snapshotResponse } from '@/lib/live/response'

export const dynamic = 'force-dynamic'

/**
 * GET /api/live?centers=a,b&line=sales&queues=q1&channels=voice — the supervisor view's
 * figures (KPI engine results: tiles, queue and agent tables, staffing, reporting-line KPIs,
 * 60-minute trends), limited to the caller's centers. Computed once per second per distinct
 * scope whatever the number of viewers; when the computation fails the last good figures are
 * returned with `stale: true` (their `generatedAt` tells their age).
 */
export const GET = withAuth('live', async (req, _ctx, who) => {
  const p = parseLiveParams(new URL(req.url).searchParams) // a bad one: 400 (withAuth)
  const allowed = scopeCenters(who, p.centers.length ? p.centers : null)
  try {
    const { snapshot, stale } = await getLiveSnapshot({ allowed, line: p.line, queues: p.queues, channels: p.channels })
    return snapshotResponse(snapshot, stale)
  } catch (e) {
    console.error('[plateau] /api/live failed', e)
    return boundedJson({ error: 'unavailable', message: 'figures temporarily unavailable' }, { status: 503, headers: { 'retry-after': '1' } })
  }
})
