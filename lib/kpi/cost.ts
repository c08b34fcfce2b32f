/**
 * Cost of a slice of a center's activity over [from, to), from its cost model:
 *   in-house   agent hours × loaded hourly cost + voice minutes × telecom rate + fixed share
 *   outsourced handled × price per contact (or agent hours × price per hour) + telecom + fixed share
 * Fixed monthly costs are pro-rated by time over the center's local calendar months.
 */
import 'server-only'
import type { CenterSettings } from '../config'
import { addLocalMonths, startOfLocalMonth } from './time'

export type SliceActivity = {
  /** Logged-in agent seconds attributed to the slice. */
  agentSeconds: number
  handled: number
  /** Voice seconds billed by the carrier (queue wait of answered/abandoned contacts + talk + hold). */
  voiceSeconds: number
  /** Share (0…1) of the center's fixed costs attributed to the slice. */
  fixedShare: number
}

// Local months already computed, per time zone: a report prorates thousands of slices that
// fall in the same few months, and each boundary costs several Intl calls.
const monthCache = new Map<string, Array<[number, number]>>()
function localMonthAt(t: number, tz: string): [number, number] {
  let list = monthCache.get(tz)
  if (!list) monthCache.set(tz, (list = []))
  const hit = list.find(([a, b]) => t >= a && t < b)
  if (hit) return hit
  const start = startOfLocalMonth(t, tz)
  const m: [number, number] = [start, addLocalMonths(start, 1, tz)]
  if (list.length > 240) list.length = 0
  list.push(m)
  return m
}

/** Fixed monthly cost pro-rated over [from, to): Σ months fixed × overlap ÷ month length. */
export function proratedFixed(monthly: number, from: number, to: number, tz: string): number {
  if (!(monthly > 0) || !(to > from)) return 0
  let total = 0
  for (let t = from; t < to; ) {
    const [m, next] = localMonthAt(t, tz)
    total += (monthly * (Math.min(to, next) - t)) / (next - m)
    t = next
  }
  return total
}

/** null when the center has no cost model. */
export function sliceCost(center: CenterSettings, from: number, to: number, a: SliceActivity): number | null {
  const m = center.cost
  if (!m) return null
  const telecom = (a.voiceSeconds / 60) * m.telecomMinuteCost
  const fixed = proratedFixed(m.fixedMonthlyCost, from, to, center.timezone) * a.fixedShare
  if (m.model === 'in_house') return (a.agentSeconds / 3600) * m.agentHourCost + telecom + fixed
  if (m.pricePerHandledContact !== undefined) return a.handled * m.pricePerHandledContact + telecom + fixed
  return (a.agentSeconds / 3600) * (m.pricePerAgentHour ?? 0) + telecom + fixed
}
