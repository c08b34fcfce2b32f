/**
 * GET /api/report-schedules — the scheduled reports and their delivery log (last 200 rows) that the
 * caller may see: needs `export`; managers see only schedules and deliveries of their centers.
 * POST /api/report-schedules { schedule } or { yaml } — create a schedule (201): admins, and
 * managers for schedules whose centers are all theirs; 400 invalid, 403 not your centers, 409 id taken.
 */
import { withAuth } from '@/lib/auth/guard'
import { boundedJson } from '@/lib/responseLimits'
import { parseScheduleInput, saveSchedule } from '@/lib/scheduled-reports/admin'
import { loadSchedules } from '@/lib/scheduled-reports/config'
import { pokeReportScheduler } from '@/lib/scheduled-reports/run'
import { visibleSchedules } from '@/lib/scheduled-reports/visible'
import { listEditProblem } from '@/lib/yaml-list-file'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

export const GET = withAuth('export', async (_req, _ctx, who) => {
  const body = await visibleSchedules(who, loadSchedules())
  return boundedJson(body, { headers: { 'cache-control': 'no-store' } })
})

export const POST = withAuth('alerts', async (req, _ctx, who) => {
  try {
    const schedule = await saveSchedule(who, parseScheduleInput(await req.json().catch(() => null)), 'create')
    pokeReportScheduler()
    return Response.json({ schedule }, { status: 201 })
  } catch (e) {
    return listEditProblem(e)
  }
})
