import { withAuth } from '@/lib/auth/guard'
import { boundedJson } from '@/lib/responseLimits'
import { deliveryLog } from '@/lib/alerts/log'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/**
 * GET /api/alerts/log — the latest 200 alert transitions, alert deliveries and scheduled-report
 * deliveries the caller may see (managers: their centers).
 */
export const GET = withAuth('alerts', async (_req, _ctx, who) => boundedJson(await deliveryLog(who)))
