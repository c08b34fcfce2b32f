/**
 * What a caller may see of the schedules and the delivery log: schedules with at least one of
 * their centers in the caller's scope (centers outside it are left out), deliveries of those
 * schedules whose centers are in scope (a skipped row has no centers: shown with its schedule).
 */
import 'server-only'
import { effectiveCenters, type Principal } from '../auth/principal'
import { listDeliveries } from './run'
import type { ScheduleSpec } from './schedule'

export async function visibleSchedules(who: Principal, schedules: ScheduleSpec[], limit = 200) {
  const allowed = effectiveCenters(who)
  const inScope = (c: string) => allowed === '*' || allowed.includes(c)
  const mine = schedules
    .map((s) => ({ ...s, centers: s.centers.filter(inScope) }))
    .filter((s) => s.centers.length > 0)
  const ids = new Set(mine.map((s) => s.id))
  const deliveries = (await listDeliveries(1000))
    .filter((d) => ids.has(d.schedule_id) && d.centers.every(inScope))
    .slice(0, limit)
  return { schedules: mine, deliveries }
}
