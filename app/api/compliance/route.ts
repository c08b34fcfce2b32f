import { jsonError, scopeCenters, withAuth } from '@/lib/auth/guard'
import { attemptCapFigure } from '@/lib/compliance/check'
import { MAX_VIOLATION_ROWS, parseComplianceParams } from '@/lib/compliance/params'
import { centerCompliance } from '@/lib/compliance/query'
import { getConfig } from '@/lib/config'
import { addDays } from '@/lib/forecast/calendar'
import { zonedToUtc } from '@/lib/kpi/time'
import { boundedJson, boundsErrorResponse } from '@/lib/responseLimits'

export const dynamic = 'force-dynamic'

const midnight = (date: string, tz: string) => {
  const [y, m, d] = date.split('-').map(Number)
  return zonedToUtc(y, m, d, 0, 0, tz)
}

/**
 * GET /api/compliance?center=paris-sales&from=2026-11-01&to=2026-11-30 — outbound compliance of
 * one center over local days [from, to] (docs/compliance.md): calls outside allowed hours,
 * consumers over the attempt cap, abandoned rate per campaign and day — the offending contacts
 * (customer id, attempts, times) for the drill. Lists capped at 500 rows (counts complete).
 * Canvassing calls without a customer id cannot be counted against the attempt cap: their
 * count is `counts.withoutCustomerId`, and `counts.overCap` is null (not checked) rather than 0
 * when none was found over the cap but some calls had no id.
 */
export const GET = withAuth(['live', 'reports'], async (req, _ctx, who) => {
  const p = parseComplianceParams(new URL(req.url).searchParams)
  const allowed = scopeCenters(who, [p.center])
  if (allowed !== null && !allowed.includes(p.center)) return jsonError(404, 'not_found', 'unknown center')
  try {
    const tz = getConfig().center(p.center).timezone
    const r = await centerCompliance(p.center, midnight(p.from, tz), midnight(addDays(p.to, 1), tz))
    const cap = <T>(xs: T[]) => xs.slice(0, MAX_VIOLATION_ROWS)
    return boundedJson({
      ...r,
      from: p.from,
      to: p.to,
      counts: {
        outsideHours: r.outsideHours.length,
        overCap: attemptCapFigure(r.overCap.length, r.withoutCustomerId.length),
        withoutCustomerId: r.withoutCustomerId.length,
        abandonedOver: r.abandoned.filter((d) => d.over).length,
      },
      outsideHours: cap(r.outsideHours),
      overCap: cap(r.overCap),
      abandoned: cap(r.abandoned),
      withoutCustomerId: cap(r.withoutCustomerId),
      listsTruncated: [r.outsideHours, r.overCap, r.abandoned, r.withoutCustomerId].some((x) => x.length > MAX_VIOLATION_ROWS),
    })
  } catch (e) {
    const bounded = boundsErrorResponse(e)
    if (bounded) return bounded
    console.error('[plateau] /api/compliance failed', e)
    return boundedJson({ error: 'unavailable', message: 'compliance temporarily unavailable' }, { status: 503, headers: { 'retry-after': '5' } })
  }
})
