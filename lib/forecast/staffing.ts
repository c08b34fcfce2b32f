/**
 * Staffing ahead: agents needed per upcoming interval for the queue's service-level target
 * (Erlang C, lib/kpi/erlang) from the forecast, against the agents staffed now.
 */
import { agentsNeeded } from '../kpi/erlang'
import { zonedToUtc } from '../kpi/time'
import type { ForecastInterval, SlotForecast } from './model'

export type StaffingTarget = { thresholdSeconds: number; target: number; maxOccupancy?: number | null }

export type StaffingRow = {
  slot: number
  /** Interval start (epoch ms). */
  start: number
  offered: number
  ahtS: number | null
  /** null when the AHT is unknown (no handled contacts in the reference weeks). */
  needed: number | null
  staffedNow: number | null
  /** staffedNow − needed (negative: short of agents); null when either is unknown. */
  gap: number | null
}

/** Local start of a slot of `date` in `tz` (a slot inside a DST gap starts after the gap). */
export function slotStart(date: string, slot: number, intervalMin: ForecastInterval, tz: string): number {
  const [y, m, d] = date.split('-').map(Number)
  const minutes = slot * intervalMin
  return zonedToUtc(y, m, d, Math.floor(minutes / 60), minutes % 60, tz)
}

export function staffingAhead(
  date: string,
  slots: readonly SlotForecast[],
  intervalMin: ForecastInterval,
  tz: string,
  target: StaffingTarget,
  staffedNow: number | null,
): StaffingRow[] {
  const seconds = intervalMin * 60
  return slots.map((s) => {
    const needed =
      s.offered === 0
        ? 0
        : s.ahtS === null
          ? null
          : agentsNeeded({
              arrivalRate: s.offered / seconds,
              handleS: s.ahtS,
              thresholdS: target.thresholdSeconds,
              target: Math.min(target.target, 0.999),
              maxOccupancy: target.maxOccupancy ?? undefined,
            })
    return {
      slot: s.slot,
      start: slotStart(date, s.slot, intervalMin, tz),
      offered: s.offered,
      ahtS: s.ahtS,
      needed,
      staffedNow,
      gap: needed === null || staffedNow === null ? null : staffedNow - needed,
    }
  })
}
