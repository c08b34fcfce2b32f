/**
 * GET /api/executive?from=YYYY-MM&to=YYYY-MM[&centers=a,b] — the executive view model
 * (lib/executive/types ExecutiveView) as JSON. Executives and admins; centers scoped by
 * scopeCenters. 400 on a bad period (ParamError, answered by withAuth).
 */
import { boundedJson } from '@/lib/responseLimits'
import { scopeCenters, withAuth } from '@/lib/auth/guard'
import { getExecutiveView } from '@/lib/executive/load'
import { parseExecutiveParams } from '@/lib/executive/request'
import { startExecutiveWarmer } from '@/lib/executive/warm'

export const dynamic = 'force-dynamic'

export const GET = withAuth('executive', async (req, _ctx: unknown, who) => {
  const params = parseExecutiveParams(new URL(req.url).searchParams)
  startExecutiveWarmer()
  const view = await getExecutiveView({ range: params.range, now: params.now }, scopeCenters(who, params.centers))
  return boundedJson(view)
})
