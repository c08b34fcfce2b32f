import { boundedJson } from '@/lib/responseLimits'
import { scopeCenters, withAuth } from '@/lib/auth/guard'
import { parseDrillParams } from '@/lib/live/params'
import type { DrillPage } from '@/lib/live/types'
import { listContacts } from '@/lib/queries/listContacts'
import type { KpiFilters } from '@/lib/queries/scope'
import { getConfig } from '@/lib/config'
import { AgentDirectory } from '@/lib/agents/directory'

export const dynamic = 'force-dynamic'

/**
 * GET /api/live/contacts?set=abandoned&centers=…&line=…&queues=…&channels=…[&queue=q&center=c]&page=1&pageSize=25
 * The contacts behind a figure of the live view (today, in each center's time zone), one page
 * at a time, from the engine's drill-down (listContacts: the sets match the KPI definitions).
 * `queue`/`center` narrow to one queue-table row. Limited to the caller's centers.
 */
export const GET = withAuth('live', async (req, _ctx, who) => {
  const p = parseDrillParams(new URL(req.url).searchParams) // a bad one: 400 (withAuth)
  // A queue-table row outside the selected centers/queues: nothing behind it.
  if ((p.center && p.centers.length && !p.centers.includes(p.center)) || (p.queue && p.queues.length && !p.queues.includes(p.queue))) {
    return boundedJson({ set: p.set, page: p.page, pageSize: p.pageSize, total: 0, rows: [] } satisfies DrillPage)
  }
  const requested = p.center ? [p.center] : p.centers
  const allowed = scopeCenters(who, requested.length ? requested : null)
  const filters: KpiFilters = {}
  if (p.line) filters.reportingLines = [p.line]
  if (p.queue) filters.queues = [p.queue]
  else if (p.queues.length) filters.queues = p.queues
  if (p.channels.length) filters.channels = p.channels
  const list = await listContacts({ window: { kind: 'today' }, set: p.set, filters, page: p.page, pageSize: p.pageSize }, allowed)
  const cfg = getConfig()
  const dir = new AgentDirectory([...new Set(list.rows.map((r) => r.centerId))].map((id) => cfg.center(id)))
  const body: DrillPage = {
    set: list.set,
    page: list.page,
    pageSize: list.pageSize,
    total: list.total,
    rows: list.rows.map((r) => ({
      centerId: r.centerId,
      contactId: r.contactId,
      queueId: r.queueId,
      channel: r.channel,
      direction: r.direction,
      queuedAt: r.queuedAt,
      answeredAt: r.answeredAt,
      abandonedAt: r.abandonedAt,
      wrappedAt: r.wrappedAt,
      waitS: r.waitS,
      agentId: r.agentId || null,
      agent: r.agentId ? dir.info(r.centerId, r.agentId) : null,
      // hold unrecorded is inside talk; after-call work unrecorded leaves the handle time unknown
      handleS: r.answeredAt && r.acwS !== null ? r.talkS + (r.holdS ?? 0) + r.acwS : null,
    })),
  }
  return boundedJson(body)
})
