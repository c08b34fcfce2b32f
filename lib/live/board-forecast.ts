/**
 * Board parts that plan ahead and check outbound rules: the next hours' staffing per center
 * (lib/forecast) and today's compliance figures (lib/compliance) of the centers a board shows.
 * Both are minutes-scale figures: boards refresh them once a minute, not every tick.
 */
import { getConfig } from '../config'
import { attemptCapFigure } from '../compliance/check'
import { centerCompliance } from '../compliance/query'
import type { AheadCenter } from '../forecast/ahead-view'
import { centerAhead, localDate } from '../forecast/service'
import { zonedToUtc } from '../kpi/time'

/** Most centers a board's forecast / compliance panels compute (a '*' board of a large group shows the first ones). */
export const MAX_PANEL_CENTERS = 12
export const FORECAST_PART_TICK_MS = 60_000

function panelCenters(allowed: string[] | null, outboundOnly = false): string[] {
  const cfg = getConfig()
  const ids = allowed ?? cfg.configuredCenters().map((c) => c.id)
  return ids.filter((id) => !outboundOnly || cfg.center(id).compliance != null).sort().slice(0, MAX_PANEL_CENTERS)
}

export async function boardAhead(allowed: string[] | null, queues: readonly string[], now: number): Promise<AheadCenter[]> {
  const out = await Promise.all(
    panelCenters(allowed).map((id) => centerAhead({ centerId: id, intervalMin: 30, hours: 4, now }, allowed)),
  )
  return out.map((c) => ({ ...c, queues: queues.length ? c.queues.filter((q) => queues.includes(q.queueId)) : c.queues }))
}

export type ComplianceTiles = {
  /** Centers with compliance rules among the board's (none → the panel says "not configured"). */
  centers: string[]
  outsideHours: number
  /**
   * Distinct consumers over the attempt cap (windows touching today); null (not checked) when
   * none found but some canvassing calls had no customer id.
   */
  overCapConsumers: number | null
  /** Canvassing calls today without a customer id, which the attempt cap cannot count. */
  withoutCustomerId: number
  /** The worst campaign today: abandoned ÷ live calls, against its cap; null without live calls or cap. */
  abandon: { campaignId: string | null; centerId: string; rate: number; cap: number; over: boolean } | null
  /** Whether any center has an attempt cap / abandoned cap rule (a figure without a rule shows "—"). */
  hasAttemptCap: boolean
  hasAbandonedCap: boolean
}

export async function boardCompliance(allowed: string[] | null, now: number): Promise<ComplianceTiles> {
  const ids = panelCenters(allowed, true)
  const res = await Promise.all(
    ids.map(async (id) => {
      const tz = getConfig().center(id).timezone
      const [y, m, d] = localDate(now, tz).split('-').map(Number)
      return centerCompliance(id, zonedToUtc(y!, m!, d!, 0, 0, tz), now + 1)
    }),
  )
  let abandon: ComplianceTiles['abandon'] = null
  for (const r of res) {
    for (const a of r.abandoned) {
      if (a.rate === null) continue
      if (!abandon || a.rate - a.cap > abandon.rate - abandon.cap) abandon = { campaignId: a.campaignId, centerId: r.centerId, rate: a.rate, cap: a.cap, over: a.over }
    }
  }
  const withoutCustomerId = res.reduce((n, r) => n + r.withoutCustomerId.length, 0)
  return {
    centers: ids,
    outsideHours: res.reduce((n, r) => n + r.outsideHours.length, 0),
    overCapConsumers: attemptCapFigure(res.reduce((n, r) => n + new Set(r.overCap.map((v) => v.customerId)).size, 0), withoutCustomerId),
    withoutCustomerId,
    abandon,
    hasAttemptCap: res.some((r) => r.rules.attemptCap !== null),
    hasAbandonedCap: res.some((r) => r.rules.abandonedCap !== null),
  }
}
