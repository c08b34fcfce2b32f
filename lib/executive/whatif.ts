/**
 * What-if per queue: "with one more (or one fewer) agent in this queue" → expected service
 * level, ASA and abandonment from Erlang C, the added cost and the revenue at risk.
 * Pure and client-safe: every queueing figure comes from lib/kpi/erlang (the one Erlang C);
 * the observed inputs (offered, AHT, ASA, abandonment, value of an abandoned contact) are KPI
 * engine results, passed in.
 *
 * Model (stated on screen and in the exports):
 * - Load: the period's offered contacts spread over the hours in which the queue received
 *   contacts (`openSeconds`): λ = offered ÷ openSeconds, traffic A = λ·AHT (Erlangs).
 * - Baseline agents N₀: agents are shared between a center's queues, so the number "in this
 *   queue" is not observed. N₀ is the Erlang C staffing that reproduces the observed ASA
 *   (smallest N > A whose Erlang C ASA ≤ observed ASA); without an observed ASA, A ÷ the
 *   center's occupancy; without both, the Erlang C agents needed for the queue's SL target.
 * - SL(t) = 1 − C(N, A)·e^(−(N−A)·t/h), ASA = C(N, A)·h/(N − A) (lib/kpi/erlang).
 * - Abandonment: Erlang C has no abandonment. A delayed contact waits an exponential time of
 *   rate (N − A)/h; with an exponential patience of mean θ it abandons with probability
 *   1/(1 + (N − A)·θ/h), so abandonment ≈ C(N, A) / (1 + (N − A)·θ/h). θ is calibrated so the
 *   baseline reproduces the observed abandonment rate. When N ≤ A (no steady state in
 *   Erlang C) at least the excess 1 − N/A is lost, and never less than at the baseline.
 * - Added cost: one agent during the queue's open hours at the center's hourly agent cost
 *   (in-house loaded cost, or the outsourcer's price per agent hour); with a per-contact
 *   contract, the extra (or fewer) contacts answered × the price per handled contact.
 * - Revenue at risk: change in abandoned contacts × value of an abandoned contact (the engine's
 *   cost of abandonment ÷ abandoned contacts). Positive = revenue lost, negative = recovered.
 */
import 'server-only'
import { averageSpeedOfAnswer, erlangC, serviceLevel, agentsNeeded } from '../kpi/erlang'

export type WhatIfInput = {
  /** Contacts offered to the queue in the period (engine: offered). */
  offered: number
  /** Seconds of the period in which the queue received contacts (hours with traffic × 3600). */
  openSeconds: number
  /** Engine: aht (seconds). */
  ahtS: number | null
  /** Engine: asa (seconds), observed. */
  asaS: number | null
  /** Engine: abandonment_rate (fraction), observed. */
  abandonmentRate: number | null
  /** Engine: occupancy of the queue's center (fraction), used when ASA is unknown. */
  occupancy?: number | null
  /** Queue settings: service-level threshold (s) and target (fraction). */
  thresholdS: number
  slTarget: number
  /** Engine: cost_of_abandonment ÷ abandoned (currency per abandoned contact); null = unknown. */
  valuePerAbandon: number | null
  /** Cost of one agent hour for this center (in-house loaded cost or outsourcer's hourly price). */
  agentHourCost: number | null
  /** Outsourced per-contact contract: price per handled contact (then agentHourCost is null). */
  pricePerHandledContact?: number | null
}

export type WhatIfScenario = {
  agents: number
  /** false: N ≤ A, the queue cannot keep up (Erlang C has no steady state). */
  stable: boolean
  serviceLevel: number
  /** Seconds; null when not stable. */
  asaS: number | null
  probabilityOfWaiting: number
  abandonmentRate: number
  /** Expected abandoned contacts over the period. */
  abandoned: number
  /** Change against the baseline (0 for the baseline itself). */
  addedCost: number | null
  /** Change in revenue lost to abandonment against the baseline (> 0 lost, < 0 recovered). */
  revenueAtRisk: number | null
}

export type BaselineSource = 'asa' | 'occupancy' | 'target'

export type WhatIfResult = {
  arrivalsPerHour: number
  trafficErlangs: number
  openHours: number
  baselineAgents: number
  baselineSource: BaselineSource
  /** Calibrated mean patience (s); null = infinite (no abandonment observed). */
  patienceS: number | null
  minus: WhatIfScenario
  base: WhatIfScenario
  plus: WhatIfScenario
}

/** Upper bound for the baseline search (a queue with more agents is not a what-if of ±1). */
const MAX_AGENTS = 5000

function isNum(x: number | null | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x)
}

/** Smallest N > A whose Erlang C ASA is at most `asaS`. */
export function agentsForAsa(traffic: number, handleS: number, asaS: number): number {
  let n = Math.floor(traffic) + 1
  while (n < MAX_AGENTS && averageSpeedOfAnswer(n, traffic, handleS) > asaS) n++
  return n
}

/**
 * Probability that a contact abandons: C(N, A) / (1 + (N − A)·θ/h) with patience θ
 * (null = infinite patience → 0). For N ≤ A: the excess share 1 − N/A at least.
 */
export function abandonmentEstimate(agents: number, traffic: number, handleS: number, patienceS: number | null, floor = 0): number {
  if (traffic <= 0) return 0
  if (agents <= traffic) return Math.min(1, Math.max(1 - agents / traffic, floor))
  if (patienceS === null) return 0
  const c = erlangC(agents, traffic)
  return c / (1 + ((agents - traffic) * patienceS) / handleS)
}

/** θ such that abandonmentEstimate(N₀) = observed; null = infinite patience (no abandons). */
export function calibratePatience(agents: number, traffic: number, handleS: number, observed: number): number | null {
  if (!(observed > 0)) return null
  if (agents <= traffic) return 0
  const c = erlangC(agents, traffic)
  if (observed >= c) return 0
  return (handleS * (c / observed - 1)) / (agents - traffic)
}

/** null when the queue has no usable load (no offered contacts, no AHT or no open hours). */
export function whatIf(input: WhatIfInput): WhatIfResult | null {
  const { offered, openSeconds, ahtS, thresholdS } = input
  if (!(offered > 0) || !(openSeconds > 0) || !isNum(ahtS) || !(ahtS > 0)) return null
  const lambda = offered / openSeconds
  const traffic = lambda * ahtS

  let baselineAgents: number
  let baselineSource: BaselineSource
  if (isNum(input.asaS) && input.asaS >= 0) {
    baselineAgents = agentsForAsa(traffic, ahtS, input.asaS)
    baselineSource = 'asa'
  } else if (isNum(input.occupancy) && input.occupancy > 0 && input.occupancy < 1) {
    baselineAgents = Math.max(Math.floor(traffic) + 1, Math.round(traffic / input.occupancy))
    baselineSource = 'occupancy'
  } else {
    baselineAgents = agentsNeeded({ arrivalRate: lambda, handleS: ahtS, thresholdS, target: Math.min(input.slTarget, 0.999) }, MAX_AGENTS)
    baselineSource = 'target'
  }
  baselineAgents = Math.max(1, baselineAgents)

  const observedAb = isNum(input.abandonmentRate) ? Math.max(0, Math.min(1, input.abandonmentRate)) : 0
  const patienceS = calibratePatience(baselineAgents, traffic, ahtS, observedAb)
  const baseAb = abandonmentEstimate(baselineAgents, traffic, ahtS, patienceS)

  const scenario = (agents: number): Omit<WhatIfScenario, 'addedCost' | 'revenueAtRisk'> => {
    const stable = agents > traffic
    const ab = abandonmentEstimate(agents, traffic, ahtS, patienceS, baseAb)
    const asa = stable ? averageSpeedOfAnswer(agents, traffic, ahtS) : null
    return {
      agents,
      stable,
      serviceLevel: agents > 0 ? serviceLevel(agents, traffic, ahtS, thresholdS) : 0,
      asaS: asa,
      probabilityOfWaiting: agents > 0 ? erlangC(agents, traffic) : 1,
      abandonmentRate: ab,
      abandoned: offered * ab,
    }
  }
  const base0 = scenario(baselineAgents)
  const withDelta = (s: ReturnType<typeof scenario>, deltaAgents: number): WhatIfScenario => {
    const moreAbandoned = s.abandoned - base0.abandoned
    let addedCost: number | null = null
    if (deltaAgents === 0) addedCost = 0
    else if (isNum(input.agentHourCost)) addedCost = deltaAgents * (openSeconds / 3600) * input.agentHourCost
    else if (isNum(input.pricePerHandledContact)) addedCost = -moreAbandoned * input.pricePerHandledContact
    const revenueAtRisk = deltaAgents === 0 ? 0 : isNum(input.valuePerAbandon) ? moreAbandoned * input.valuePerAbandon : null
    return { ...s, addedCost, revenueAtRisk }
  }
  return {
    arrivalsPerHour: lambda * 3600,
    trafficErlangs: traffic,
    openHours: openSeconds / 3600,
    baselineAgents,
    baselineSource,
    patienceS,
    minus: withDelta(scenario(baselineAgents - 1), -1),
    base: withDelta(base0, 0),
    plus: withDelta(scenario(baselineAgents + 1), +1),
  }
}
