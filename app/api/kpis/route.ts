import { boundedJson } from '@/lib/responseLimits'
import { scopeCenters, withAuth } from '@/lib/auth/guard'
import { handleKpisRequest } from '@/lib/queries/handleKpisRequest'

export const dynamic = 'force-dynamic'

/**
 * GET /api/kpis — KPIs in the one result shape for a window, filters, grouping and keys
 * (parameters: lib/queries/handleKpisRequest.ts, docs/kpis.md). Limited to the caller's centers.
 */
export const GET = withAuth(['live', 'reports'], async (req, _ctx, who) => {
  const r = await handleKpisRequest(new URL(req.url).searchParams, scopeCenters(who, null))
  return boundedJson(r.body, { status: r.status })
})
