/**
 * Erlang C (M/M/N queue): probability of waiting, service level, ASA, and agents needed for a
 * service-level target. Traffic A = λ·h in Erlangs (λ arrivals per second, h mean handle time
 * in seconds). Uses the Erlang B recursion B(n) = A·B(n−1) / (n + A·B(n−1)), which never
 * forms A^N or N! and stays accurate for thousands of agents, then
 * C(N, A) = N·B(N) / (N − A·(1 − B(N))).
 */
import 'server-only'


export function erlangB(agents: number, traffic: number): number {
  if (!Number.isInteger(agents) || agents < 0) throw new RangeError('agents must be a non-negative integer')
  if (!(traffic >= 0)) throw new RangeError('traffic must be ≥ 0')
  let b = 1
  for (let n = 1; n <= agents; n++) b = (traffic * b) / (n + traffic * b)
  return b
}

function cFromB(agents: number, traffic: number, b: number): number {
  if (traffic === 0) return 0
  if (agents <= traffic) return 1
  return (agents * b) / (agents - traffic * (1 - b))
}

/** Probability that a contact has to wait (1 when the queue is unstable, N ≤ A). */
export function erlangC(agents: number, traffic: number): number {
  return cFromB(agents, traffic, erlangB(agents, traffic))
}

/** Share of contacts answered within `thresholdS` seconds: 1 − C·e^(−(N−A)·t/h). */
export function serviceLevel(agents: number, traffic: number, handleS: number, thresholdS: number): number {
  if (traffic === 0) return 1
  if (agents <= traffic) return 0
  return slFromC(erlangC(agents, traffic), agents, traffic, handleS, thresholdS)
}

function slFromC(c: number, agents: number, traffic: number, handleS: number, thresholdS: number): number {
  return Math.max(0, 1 - c * Math.exp((-(agents - traffic) * thresholdS) / handleS))
}

/** Average speed of answer in seconds: C·h / (N − A) (Infinity when N ≤ A). */
export function averageSpeedOfAnswer(agents: number, traffic: number, handleS: number): number {
  if (traffic === 0) return 0
  if (agents <= traffic) return Infinity
  return (erlangC(agents, traffic) * handleS) / (agents - traffic)
}

export type StaffingInput = {
  /** Arrivals per second. */
  arrivalRate: number
  /** Mean handle time, seconds. */
  handleS: number
  /** Service-level threshold, seconds ("20" in 80/20). */
  thresholdS: number
  /** Service-level target, 0…1 ("0.8" in 80/20). */
  target: number
  /** Optional cap on agent occupancy A/N (e.g. 0.85). */
  maxOccupancy?: number
}

/**
 * Smallest number of agents meeting the service-level target (and the occupancy cap when
 * given). 0 when there is no traffic. The recursion is advanced one agent at a time, so the
 * search costs O(N).
 */
export function agentsNeeded(input: StaffingInput, maxAgents = 100_000): number {
  const { arrivalRate, handleS, thresholdS, target, maxOccupancy } = input
  if (!(arrivalRate >= 0) || !(handleS >= 0) || !(thresholdS >= 0) || !(target >= 0 && target <= 1)) {
    throw new RangeError('invalid staffing input')
  }
  const traffic = arrivalRate * handleS
  if (traffic === 0) return 0
  if (target >= 1) throw new RangeError('a 100 % service level needs infinitely many agents')
  let b = 1
  for (let n = 1; n <= maxAgents; n++) {
    b = (traffic * b) / (n + traffic * b)
    if (n <= traffic) continue
    if (maxOccupancy !== undefined && traffic / n > maxOccupancy) continue
    if (slFromC(cFromB(n, traffic, b), n, traffic, handleS, thresholdS) >= target) return n
  }
  throw new RangeError(`more than ${maxAgents} agents needed`)
}
