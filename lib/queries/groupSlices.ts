/**
 * Grouping: base rows filtered by dimension values and added into the requested groups
 * (center, reporting line and sourcing from the configuration, queue, channel, direction,
 * agent, time bucket); each group keeps one slice per center for the KPI arithmetic.
 */
import 'server-only'
import { getConfig } from '../config'
import { addComponents, emptyComponents } from '../kpi/components'
import type { CenterSlice } from '../kpi/compute'
import { FILTER_OF, isTimeBucket, type GroupBy, type GroupKey } from './kpiRequest'
import { groupOf, type QueryPlan } from './plan'
import type { Base, BucketCalendar } from './readSlices'
import type { KpiFilters } from './scope'

/** ordinalKey matches a group with its previous-period twin; data: some stored row fell in it. */
export type Group = { key: GroupKey; ordinalKey: string; slices: Map<string, CenterSlice>; queue: string | null; bucketStart: number | null; data: boolean }

export function groupSlices(base: Map<string, Base>, plan: QueryPlan, cal: BucketCalendar, filters: KpiFilters, groupBy: GroupBy[]): Map<string, Group> {
  const cfg = getConfig()
  // Filter by dimension values, then add into the requested groups.
  const groups = new Map<string, Group>()
  for (const b of base.values()) {
    if (!plan.dims.every((d) => !(filters[FILTER_OF[d]] as string[] | undefined)?.length || (filters[FILTER_OF[d]] as string[]).includes(b.dims[d]!))) continue
    const center = cfg.center(b.center)
    const key: GroupKey = {}
    const ord: unknown[] = []
    let bucketStart: number | null = null
    for (const gb of groupBy) {
      if (isTimeBucket(gb)) {
        const g = groupOf(plan, b.center)
        key.bucket = cal.info(b.bucket!, g.tz).label
        bucketStart = b.bucket
        // Buckets are matched with the previous period by position from the window start.
        ord.push(`#${cal.ordinal(b.bucket!, g)}`)
        continue
      }
      const v =
        gb === 'center' ? b.center : gb === 'reporting_line' ? (center.reportingLine ?? 'unassigned') : gb === 'sourcing' ? (center.sourcing ?? 'unassigned') : b.dims[gb]!
      key[gb] = v
      ord.push(v)
    }
    const k = JSON.stringify(groupBy.map((gb) => (isTimeBucket(gb) ? key.bucket : key[gb])))
    let grp = groups.get(k)
    if (!grp) {
      const queue = key.queue ?? (filters.queues?.length === 1 ? filters.queues[0] : null)
      groups.set(k, (grp = { key, ordinalKey: JSON.stringify(ord), slices: new Map(), queue, bucketStart, data: false }))
    }
    const s = grp.slices.get(b.center) ?? { center, c: emptyComponents(), periodMs: b.to - b.from }
    addComponents(s.c, b.c)
    grp.slices.set(b.center, s)
    if (b.data) grp.data = true
    if (grp.bucketStart !== null && bucketStart !== null) grp.bucketStart = Math.min(grp.bucketStart, bucketStart)
  }
  for (const g of groups.values()) if (g.bucketStart !== null) g.key.bucketStart = new Date(g.bucketStart).toISOString()
  return groups
}
