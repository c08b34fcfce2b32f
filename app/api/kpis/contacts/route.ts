import { boundedJson } from '@/lib/responseLimits'
import { scopeCenters, withAuth } from '@/lib/auth/guard'
import { handleContactsRequest } from '@/lib/queries/handleKpisRequest'

export const dynamic = 'force-dynamic'

/**
 * GET /api/kpis/contacts — the contacts behind a figure (set=abandoned, sl_missed, …), paginated.
 * Same window and filter parameters as /api/kpis. Limited to the caller's centers.
 */
export const GET = withAuth(['live', 'reports'], async (req, _ctx, who) => {
  const r = await handleContactsRequest(new URL(req.url).searchParams, scopeCenters(who, null))
  return boundedJson(r.body, { status: r.status })
})
