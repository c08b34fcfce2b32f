/**
 * "Agents needed now" (Erlang C) against agents staffed, per queue.
 *
 *   getQueueStaffing({ filters: { centers: ['paris-sales'] } }, allowedCenters)
 *     → { rows: [{ centerId, queueId, needed, staffed, arrivalsPerHour, ahtS, slThresholdS, slTarget }], unattributed }
 *
 * - needed: the engine's `agents_needed` per (center, queue) over the last 15 minutes (arrival
 *   rate = offered ÷ 15 min, the window's AHT, the queue's SL threshold and target), as the
 *   engine's definition recommends for "needed now".
 * - staffed: the engine's `agents_staffed` per agent over the same 15 minutes (time available,
 *   on a contact or in after-call work ÷ window length), attributed to queues in proportion to
 *   each agent's handle time per queue over the last 60 minutes (agents are not tied to one
 *   queue). Staffed agents who handled nothing in those 60 minutes are reported per center as
 *   `unattributed`, so Σ staffed + unattributed = the center's agents_staffed.
 * - staffed is returned in the KPI result shape with `needed` as its target (status: good when
 *   staffed ≥ needed, warn within 1 agent, bad below), by the engine's kpiValue/statusOf.
 *
 * Added by the live view (issue 5); reuses the engine's getKpis, definitions and result shape.
 */
import 'server-only'
import { getConfig, queueSettings } from '../config'
import { kpiDefinition } from '../kpi/definitions'
import { kpiValue, type KpiValue } from '../kpi/result'
import { getKpis } from './getKpis'
import type { KpiFilters } from './scope'

export const STAFFING_NEEDED_WINDOW_MS = 15 * 60_000
export const STAFFING_ATTRIBUTION_WINDOW_MS = 60 * 60_000

export type QueueStaffingRow = {
  centerId: string
  queueId: string
  queueName: string
  needed: KpiValue
  staffed: KpiValue
  arrivalsPerHour: number | null
  ahtS: number | null
  slThresholdS: number
  slTarget: number
}

export type QueueStaffing = { rows: QueueStaffingRow[]; unattributed: { centerId: string; staffed: number }[] }

export async function getQueueStaffing(req: { filters?: KpiFilters; now?: number; maxLagMs?: number }, allowedCenters: string[] | null): Promise<QueueStaffing> {
  const now = req.now ?? Date.now()
  const filters = req.filters ?? {}
  // Agent time is per center: agents are filtered by center only, queue filters apply to the rows.
  const centerFilters: KpiFilters = { centers: filters.centers, reportingLines: filters.reportingLines, sourcing: filters.sourcing }
  const last15 = { kind: 'last15m' } as const
  const last60 = { kind: 'custom', from: now - STAFFING_ATTRIBUTION_WINDOW_MS, to: now } as const
  const [needed, perAgent, handle] = await Promise.all([
    getKpis({ window: last15, filters, groupBy: ['center', 'queue'], keys: ['agents_needed', 'offered', 'aht'], now, maxLagMs: req.maxLagMs }, allowedCenters),
    getKpis({ window: last15, filters: centerFilters, groupBy: ['center', 'agent'], keys: ['agents_staffed'], now, maxLagMs: req.maxLagMs }, allowedCenters),
    getKpis({ window: last60, filters: centerFilters, groupBy: ['center', 'agent', 'queue'], keys: ['handled', 'aht'], now, maxLagMs: req.maxLagMs }, allowedCenters),
  ])
  const val = (kpis: KpiValue[], key: string) => kpis.find((k) => k.key === key)?.value ?? null

  // Handle seconds per agent per queue, and per agent in total.
  const agentQueue = new Map<string, Map<string, number>>()
  for (const r of handle.rows) {
    const { center, agent, queue } = r.group
    if (!center || !agent || !queue) continue
    const h = (val(r.kpis, 'handled') ?? 0) * (val(r.kpis, 'aht') ?? 0)
    if (h <= 0) continue
    const k = `${center}\u0000${agent}`
    const m = agentQueue.get(k) ?? new Map<string, number>()
    m.set(queue, (m.get(queue) ?? 0) + h)
    agentQueue.set(k, m)
  }
  const staffedByQueue = new Map<string, number>()
  const unattributed = new Map<string, number>()
  for (const r of perAgent.rows) {
    const { center, agent } = r.group
    if (!center || !agent) continue
    const s = val(r.kpis, 'agents_staffed') ?? 0
    if (s <= 0) continue
    const m = agentQueue.get(`${center}\u0000${agent}`)
    const total = m ? [...m.values()].reduce((a, b) => a + b, 0) : 0
    if (!m || total <= 0) {
      unattributed.set(center, (unattributed.get(center) ?? 0) + s)
      continue
    }
    for (const [q, h] of m) staffedByQueue.set(`${center}\u0000${q}`, (staffedByQueue.get(`${center}\u0000${q}`) ?? 0) + (s * h) / total)
  }

  const cfg = getConfig()
  const def = kpiDefinition('agents_staffed')
  const rows: QueueStaffingRow[] = []
  const seen = new Set<string>()
  const push = (centerId: string, queueId: string, neededKpi: KpiValue | null, offered: number | null, aht: number | null) => {
    const k = `${centerId}\u0000${queueId}`
    if (seen.has(k)) return
    seen.add(k)
    const center = cfg.center(centerId)
    const qs = queueSettings(center, queueId)
    const need = neededKpi ?? kpiValue(kpiDefinition('agents_needed'), null, null, null, center.warnBand)
    const staffed = staffedByQueue.get(k) ?? 0
    rows.push({
      centerId,
      queueId,
      queueName: qs.name,
      needed: need,
      staffed: kpiValue(def, staffed, null, need.value, center.warnBand),
      arrivalsPerHour: offered === null ? null : offered * (3_600_000 / STAFFING_NEEDED_WINDOW_MS),
      ahtS: aht,
      slThresholdS: qs.serviceLevel.thresholdSeconds,
      slTarget: qs.serviceLevel.target,
    })
  }
  for (const r of needed.rows) {
    const { center, queue } = r.group
    if (!center || !queue) continue
    push(center, queue, r.kpis.find((k) => k.key === 'agents_needed') ?? null, val(r.kpis, 'offered'), val(r.kpis, 'aht'))
  }
  // Queues with staffed agents but no contacts in the last 15 minutes (needed = 0).
  for (const k of staffedByQueue.keys()) {
    const [centerId, queueId] = k.split('\u0000') as [string, string]
    if (filters.queues?.length && !filters.queues.includes(queueId)) continue
    const channel = queueSettings(cfg.center(centerId), queueId).channel
    if (filters.channels?.length && (!channel || !(filters.channels as string[]).includes(channel))) continue
    push(centerId, queueId, kpiValue(kpiDefinition('agents_needed'), 0, null, null, cfg.center(centerId).warnBand), 0, null)
  }
  rows.sort((a, b) => a.centerId.localeCompare(b.centerId) || a.queueName.localeCompare(b.queueName))
  return { rows, unattributed: [...unattributed].map(([centerId, staffed]) => ({ centerId, staffed })) }
}
