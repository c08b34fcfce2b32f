/**
 * Staffing ahead: agents needed per upcoming interval for the queue's service-level target
 * from the forecast, against the agents staffed now — Erlang A (lib/kpi/erlang-a) when the
 * callers' patience is known (estimated from the history's abandons), Erlang C otherwise.
 */
import 'server-only'
import { STAFFING_MODELS, type StaffingModel } from '../config/schema'
import { agentsNeeded } from '../kpi/erlang'
import { agentsNeededA } from '../kpi/erlang-a'
import { zonedToUtc } from '../kpi/time'
import type { ForecastInterval, SlotForecast } from './model'

export { STAFFING_MODELS, type StaffingModel }

export type StaffingTarget = { thresholdSeconds: number; target: number; maxOccupancy?: number | null }

/** Abandons needed in the history before the patience estimate is trusted (Erlang A). */
export const MIN_PATIENCE_ABANDONS = 30

export type Patience = { patienceS: number | null; abandons: number }

/**
 * Mean patience (s) of a queue's callers from its history, the maximum-likelihood estimate for
 * exponential patience with callers answered before giving up as censored observations:
 * 1/θ = Σ queue waits (answered and abandoned) ÷ number abandoned. null below MIN_PATIENCE_ABANDONS.
 */
export function estimatePatience(cells: readonly { abandoned?: number; waitS?: number }[]): Patience {
  let ab = 0
  let wait = 0
  for (const c of cells) {
    ab += c.abandoned ?? 0
    wait += c.waitS ?? 0
  }
  return { patienceS: ab >= MIN_PATIENCE_ABANDONS && wait > 0 ? wait / ab : null, abandons: ab }
}

/** Erlang A when asked for or on `auto`, and only when the patience is known. */
export function chooseModel(model: StaffingModel, patienceS: number | null): 'erlang_a' | 'erlang_c' {
  return model !== 'erlang_c' && patienceS !== null ? 'erlang_a' : 'erlang_c'
}

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
  model: 'erlang_a' | 'erlang_c'
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
  patienceS: number | null = null,
  model: StaffingModel = 'auto',
): StaffingRow[] {
  const seconds = intervalMin * 60
  const used = chooseModel(model, patienceS)
  return slots.map((s) => {
    const input =
      s.ahtS === null
        ? null
        : {
            arrivalRate: s.offered / seconds,
            handleS: s.ahtS,
            thresholdS: target.thresholdSeconds,
            target: Math.min(target.target, 0.999),
            maxOccupancy: target.maxOccupancy ?? undefined,
          }
    const needed =
      s.offered === 0 ? 0 : input === null ? null : used === 'erlang_a' ? agentsNeededA({ ...input, patienceS: patienceS! }) : agentsNeeded(input)
    return {
      slot: s.slot,
      start: slotStart(date, s.slot, intervalMin, tz),
      offered: s.offered,
      ahtS: s.ahtS,
      needed,
      staffedNow,
      gap: needed === null || staffedNow === null ? null : staffedNow - needed,
      model: used,
    }
  })
}
