/**
 * Per-center and per-queue settings inside SQL (service-level threshold, short-abandon
 * threshold, state cap), passed as parameter arrays and looked up with transform().
 */
import 'server-only'
import { getConfig, queueSettings, type CenterSettings } from '../config'
import { Params } from './sql'

function centersOf(centers: string[] | null): CenterSettings[] {
  const cfg = getConfig()
  return centers ? centers.map((id) => cfg.center(id)) : cfg.configuredCenters()
}

/** Milliseconds, by (center, queue) with center-level and global fallbacks. */
function perQueueMs(
  centers: string[] | null,
  p: Params,
  queueValue: (c: CenterSettings, q: ReturnType<typeof queueSettings>) => number,
  centerValue: (c: CenterSettings) => number,
): string {
  const cs = centersOf(centers)
  const qk: string[] = []
  const qv: number[] = []
  for (const c of cs) for (const q of c.queues) qk.push(`${c.id}|${q.id}`), qv.push(Math.round(queueValue(c, q) * 1000))
  const ck = cs.map((c) => c.id)
  const cv = cs.map((c) => Math.round(centerValue(c) * 1000))
  const d = Math.round(centerValue(getConfig().center('\u0000unconfigured')) * 1000)
  return `transform(concat(center_id, '|', queue_id), ${p.strs(qk)}, ${p.ints(qv)}, transform(toString(center_id), ${p.strs(ck)}, ${p.ints(cv)}, ${p.int(d)}))`
}

export function slThresholdMsSql(centers: string[] | null, p: Params): string {
  return perQueueMs(centers, p, (_c, q) => q.serviceLevel.thresholdSeconds, (c) => c.targets.serviceLevel.thresholdSeconds)
}

export function shortAbandonMsSql(centers: string[] | null, p: Params): string {
  return perQueueMs(centers, p, (_c, q) => q.shortAbandonSeconds, (c) => c.targets.shortAbandonSeconds)
}

/** agentStateMaxHours in ms, by center. */
export function stateCapMsSql(centers: string[] | null, p: Params): string {
  const cs = centersOf(centers)
  const d = getConfig().center('\u0000unconfigured').agentStateMaxHours * 3_600_000
  return `transform(toString(center_id), ${p.strs(cs.map((c) => c.id))}, ${p.ints(cs.map((c) => c.agentStateMaxHours * 3_600_000))}, ${p.int(d)})`
}

/** The largest state cap among the centers (how far back to read agent states). */
export function maxStateCapMs(centers: string[] | null): number {
  const cs = centersOf(centers)
  return Math.max(getConfig().center('\u0000unconfigured').agentStateMaxHours, ...cs.map((c) => c.agentStateMaxHours)) * 3_600_000
}

/** The state caps stateCapMsSql(null, …) applies, as a comparable key (what agent_slots was built with). */
export function stateCapsKey(): string {
  const cs = centersOf(null)
  return JSON.stringify([getConfig().center('\u0000unconfigured').agentStateMaxHours, cs.map((c) => [c.id, c.agentStateMaxHours])])
}
