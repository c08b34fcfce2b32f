/**
 * GET /api/report-schedules — the scheduled reports and their delivery log (last 200 rows) that the
 * caller may see: needs `export`; managers see only schedules and deliveries of their centers.
 */
import { withAuth } from '@/lib/auth/guard'
import { loadSchedules } from '@/lib/scheduled-reports/config'
import { visibleSchedules } from '@/lib/scheduled-reports/visible'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

export const GET = withAuth('export', async (_req, _ctx, who) => {
  const body = await visibleSchedules(who, loadSchedules())
  return Response.json(body, { headers: { 'cache-control': 'no-store' } })
})
