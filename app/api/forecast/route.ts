import { jsonError, scopeCenters, withAuth } from '@/lib/auth/guard'
import { boundedJson, boundsErrorResponse } from '@/lib/responseLimits'
import { MAX_FORECAST_QUEUES, parseForecastParams } from '@/lib/forecast/params'
import { centerAhead, forecastCenter, staffingNextHours } from '@/lib/forecast/service'

export const dynamic = 'force-dynamic'

/**
 * GET /api/forecast?center=paris-sales&interval=30&hours=4 — today's forecast per queue
 * (re-levelled on today so far), today's actual offered, and the agents needed for the next
 * hours vs staffed now (docs/forecast.md). `&date=YYYY-MM-DD`: that day's forecast only.
 * `&view=ahead`: the screens' shape (lib/forecast/ahead-view).
 * A center outside the caller's scope is answered like an unknown one (404).
 */
export const GET = withAuth('live', async (req, _ctx, who) => {
  const parsed = parseForecastParams(new URL(req.url).searchParams)
  if (!parsed.ok) return jsonError(400, 'bad_request', parsed.message)
  const p = parsed.params
  const allowed = scopeCenters(who, [p.center])
  if (allowed !== null && !allowed.includes(p.center)) return jsonError(404, 'not_found', 'unknown center')
  try {
    if (p.date) {
      const r = await forecastCenter({ centerId: p.center, date: p.date, intervalMin: p.interval })
      return boundedJson({ ...r, truncated: r.queues.length > MAX_FORECAST_QUEUES, queues: r.queues.slice(0, MAX_FORECAST_QUEUES) })
    }
    if (p.view === 'ahead') {
      const r = await centerAhead({ centerId: p.center, intervalMin: p.interval, hours: p.hours }, allowed)
      return boundedJson({ ...r, truncated: r.queues.length > MAX_FORECAST_QUEUES, queues: r.queues.slice(0, MAX_FORECAST_QUEUES) })
    }
    const r = await staffingNextHours({ centerId: p.center, intervalMin: p.interval, hours: p.hours }, allowed)
    return boundedJson({ ...r, truncated: r.queues.length > MAX_FORECAST_QUEUES, queues: r.queues.slice(0, MAX_FORECAST_QUEUES) })
  } catch (e) {
    const bounded = boundsErrorResponse(e)
    if (bounded) return bounded
    console.error('[plateau] /api/forecast failed', e)
    return boundedJson({ error: 'unavailable', message: 'forecast temporarily unavailable' }, { status: 503, headers: { 'retry-after': '5' } })
  }
})
