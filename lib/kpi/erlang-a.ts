/**
 * Erlang A (M/M/N+M, Palm 1943; Garnett, Mandelbaum & Reiman 2002): Erlang C plus callers who
 * abandon after an exponential patience of mean 1/θ. Computed from the birth–death chain of the
 * number of contacts in the system (arrivals λ; departures min(n, N)·μ + max(n − N, 0)·θ),
 * which is stable for every N when θ > 0. See docs/forecast.md ("Erlang A").
 *
 *   P(wait)    = Σ_{n ≥ N} πₙ                          (an arrival finds every agent busy — PASTA)
 *   P(abandon) = θ · E[(n − N)⁺] / λ                    (abandons per second ÷ arrivals per second)
 *   SL(t)      = P(answered within t) over ALL arrivals (an abandon counts as not answered in time)
 *
 * SL(t): an arrival finding k contacts ahead in the queue (n = N + k) moves up one place at rate
 * N·μ + j·θ while j are ahead, and abandons at rate θ. Leaving a stage is Exp(N·μ + (j+1)·θ)
 * whichever happens, and it is a move up with probability (N·μ + j·θ)/(N·μ + (j+1)·θ): so
 * P(answered | k) = N·μ/(N·μ + (k+1)·θ) and, given answered, the wait is a sum of the stages'
 * exponentials. The answered-within-t mass of all k is evolved at once by uniformisation.
 */
import 'server-only'
import { agentsNeeded, type StaffingInput } from './erlang'

export type ErlangAInput = {
  agents: number
  /** Arrivals per second. */
  arrivalRate: number
  /** Mean handle time, seconds (1/μ). */
  handleS: number
  /** Mean patience, seconds (1/θ). */
  patienceS: number
}

export type ErlangAResult = { pWait: number; pAbandon: number; meanQueue: number }

/** πₙ for n = 0…K (K large enough that the tail is below 1e-13), normalised in log space. */
function stationary(agents: number, lambda: number, mu: number, theta: number): number[] {
  const logs: number[] = [0]
  let n = 0
  let peak = 0
  // Past the peak (departures > arrivals) terms only shrink; stop when 30 nats below the peak.
  for (;;) {
    n++
    const death = Math.min(n, agents) * mu + Math.max(n - agents, 0) * theta
    const l = logs[n - 1]! + Math.log(lambda) - Math.log(death)
    logs.push(l)
    if (l > peak) peak = l
    if (death > lambda && l < peak - 30) break
    if (n > 5_000_000) throw new RangeError('Erlang A: state space too large')
  }
  let sum = 0
  const p = logs.map((l) => {
    const v = Math.exp(l - peak)
    sum += v
    return v
  })
  return p.map((v) => v / sum)
}

function check(i: ErlangAInput) {
  if (!Number.isInteger(i.agents) || i.agents < 0) throw new RangeError('agents must be a non-negative integer')
  if (!(i.arrivalRate >= 0) || !(i.handleS > 0) || !(i.patienceS > 0) || !Number.isFinite(i.patienceS)) throw new RangeError('invalid Erlang A input')
}

export function erlangA(i: ErlangAInput): ErlangAResult {
  check(i)
  if (i.arrivalRate === 0) return { pWait: 0, pAbandon: 0, meanQueue: 0 }
  const mu = 1 / i.handleS
  const theta = 1 / i.patienceS
  const pi = stationary(i.agents, i.arrivalRate, mu, theta)
  let pWait = 0
  let q = 0
  for (let n = i.agents; n < pi.length; n++) {
    pWait += pi[n]!
    q += (n - i.agents) * pi[n]!
  }
  return { pWait, pAbandon: (theta * q) / i.arrivalRate, meanQueue: q }
}

/** Share of all arrivals answered within `thresholdS` seconds. */
export function serviceLevelA(i: ErlangAInput, thresholdS: number): number {
  check(i)
  if (i.arrivalRate === 0) return 1
  const N = i.agents
  const mu = 1 / i.handleS
  const theta = 1 / i.patienceS
  const pi = stationary(N, i.arrivalRate, mu, theta)
  let sl = 0
  for (let n = 0; n < Math.min(N, pi.length); n++) sl += pi[n]!
  if (N === 0) return 0
  // x[j]: mass of arrivals still queued with j contacts ahead (j = 0…K). Moves: j → j−1 at
  // N·μ + j·θ (j = 0 → answered), abandon at θ. Uniformised at Λ ≥ every total exit rate.
  const K = pi.length - 1 - N
  if (K < 0) return sl
  let x = new Float64Array(K + 1)
  for (let k = 0; k <= K; k++) x[k] = pi[N + k]!
  const Lambda = N * mu + (K + 1) * theta
  const lt = Lambda * thresholdS
  // Poisson(Λt) weights, summed until the remaining mass is negligible.
  let weight = Math.exp(-lt)
  let logWeight = -lt
  let answered = 0
  // answeredBy[m]: mass answered within m uniformised steps; SL = Σ_m P(M = m)·answeredBy[m].
  let cumPoisson = 0
  const maxSteps = Math.ceil(lt + 12 * Math.sqrt(lt + 1) + 20)
  for (let m = 0; m <= maxSteps; m++) {
    weight = Math.exp(logWeight)
    cumPoisson += weight
    sl += weight * answered
    // one step of the uniformised chain
    const next = new Float64Array(K + 1)
    answered += (x[0]! * (N * mu)) / Lambda
    for (let j = 0; j <= K; j++) {
      const v = x[j]!
      if (v === 0) continue
      const up = N * mu + j * theta
      const stay = 1 - (up + theta) / Lambda
      next[j] += v * stay
      if (j > 0) next[j - 1] += (v * up) / Lambda
    }
    x = next
    logWeight += Math.log(lt) - Math.log(m + 1)
  }
  // Steps beyond maxSteps (mass 1 − cumPoisson, negligible) counted with the last answered mass.
  sl += (1 - cumPoisson) * answered
  return Math.min(1, Math.max(0, sl))
}

/**
 * Smallest number of agents meeting the service-level target under Erlang A (and the occupancy
 * cap on the carried load λ·(1 − P(abandon))·h). Never more than Erlang C's answer: the search
 * walks down from it.
 */
export function agentsNeededA(input: StaffingInput & { patienceS: number }): number {
  const { arrivalRate, handleS, thresholdS, target, maxOccupancy, patienceS } = input
  const upper = agentsNeeded({ arrivalRate, handleS, thresholdS, target, maxOccupancy })
  if (upper === 0) return 0
  const meets = (n: number) => {
    const i = { agents: n, arrivalRate, handleS, patienceS }
    if (serviceLevelA(i, thresholdS) < target) return false
    if (maxOccupancy === undefined) return true
    const carried = arrivalRate * (1 - erlangA(i).pAbandon) * handleS
    return carried / n <= maxOccupancy
  }
  let n = upper
  while (n > 1 && meets(n - 1)) n--
  return n
}
