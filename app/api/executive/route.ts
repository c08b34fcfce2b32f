/**
 * GET /api/executive?from=YYYY-MM&to=YYYY-MM[&centers=a,b] — the executive view model
 * (lib/executive/types ExecutiveView) as JSON. Executives and admins; centers scoped by
 * scopeCenters. 400 on a bad period.
 */
import { boundedJson } from '@/lib/responseLimits'
import { jsonError, scopeCenters, withAuth } from '@/lib/auth/guard'
import { getExecutiveView } from '@/lib/executive/load'
import { ParamError, parseExecutiveParams, rawFromSearchParams } from '@/lib/executive/request'
import { startExecutiveWarmer } from '@/lib/executive/warm'

export const dynamic = 'force-dynamic'

export const GET = withAuth('executive', async (req, _ctx: unknown, who) => {
  let params
  try {
    params = parseExecutiveParams(rawFromSearchParams(new URL(req.url).searchParams))
  } catch (e) {
    if (e instanceof ParamError) return jsonError(400, 'bad_request', e.message)
    throw e
  }
  startExecutiveWarmer()
  const view = await getExecutiveView({ range: params.range, now: params.now }, scopeCenters(who, params.centers))
  return boundedJson(view)
})
