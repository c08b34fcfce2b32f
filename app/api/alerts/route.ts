import { scopeCenters, withAuth } from '@/lib/auth/guard'
import { boundedJson } from '@/lib/responseLimits'
import { localeOf, visibleAlerts } from '@/lib/alerts/visible'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/**
 * GET /api/alerts?locale=fr — the alerts firing now within the caller's centers (the /live
 * banner): { total, alerts: [{ ruleId, subject, severity, text, firedAt, acknowledgedBy, … }] }
 * (at most 50; an alert of a rule without a center is shown only to those who see every center).
 */
export const GET = withAuth('live', async (req, _ctx, who) => {
  return boundedJson(visibleAlerts(scopeCenters(who, null), localeOf(req, who.kind === 'user' ? who.locale : undefined)))
})
