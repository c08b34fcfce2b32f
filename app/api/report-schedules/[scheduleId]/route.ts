/**
 * PUT /api/report-schedules/<id> { schedule } or { yaml } — replace a schedule.
 * DELETE /api/report-schedules/<id>. Both: admins, or managers for a schedule whose centers are all
 * theirs before and after — otherwise 404 / 403.
 */
import { withAuth } from '@/lib/auth/guard'
import { deleteSchedule, parseScheduleInput, saveSchedule } from '@/lib/scheduled-reports/admin'
import { pokeReportScheduler } from '@/lib/scheduled-reports/run'
import { listEditProblem } from '@/lib/yaml-list-file'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

type Ctx = { params: Promise<{ scheduleId: string }> }

export const PUT = withAuth('alerts', async (req, ctx: Ctx, who) => {
  const { scheduleId } = await ctx.params
  try {
    const schedule = await saveSchedule(who, parseScheduleInput(await req.json().catch(() => null)), 'update', scheduleId)
    pokeReportScheduler()
    return Response.json({ schedule })
  } catch (e) {
    return listEditProblem(e)
  }
})

export const DELETE = withAuth('alerts', async (_req, ctx: Ctx, who) => {
  const { scheduleId } = await ctx.params
  try {
    await deleteSchedule(who, scheduleId)
    return new Response(null, { status: 204 })
  } catch (e) {
    return listEditProblem(e)
  }
})
