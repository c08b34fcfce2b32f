/**
 * The delivery log of the admin pages: alert transitions (alert_events), alert deliveries
 * (alert_deliveries) and scheduled-report deliveries (report_deliveries), limited to what the
 * caller may see — admins everything, managers their centers (alert deliveries: of the rules
 * they manage; report deliveries: lib/scheduled-reports/visible).
 */
import { effectiveCenters, type Principal } from '../auth/principal'
import { loadSchedules } from '../scheduled-reports/config'
import { visibleSchedules } from '../scheduled-reports/visible'
import { visibleRules } from './admin'
import { listDeliveries, listEvents } from './store'

export const LOG_LIMIT = 200

export async function deliveryLog(who: Principal, limit = LOG_LIMIT) {
  const centers = effectiveCenters(who)
  const all = centers === '*'
  const [events, alertDeliveries, reports] = await Promise.all([
    listEvents({ centers: all ? null : centers, limit }),
    listDeliveries({ ruleIds: all ? null : visibleRules(who).map((r) => r.id), limit }),
    visibleSchedules(who, loadSchedules(), limit),
  ])
  return { events, alertDeliveries, reportDeliveries: reports.deliveries }
}
