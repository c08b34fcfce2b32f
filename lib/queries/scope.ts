/**
 * Which centers a query covers: the caller's scope (allowedCenters, always applied
 * server-side) ∩ the requested centers ∩ the centers of the requested reporting lines and
 * sourcing (from the configuration). Also groups the centers by time zone, since day and
 * month boundaries are local to each center.
 */
import 'server-only'
import { getConfig, type ReportingLine, type Sourcing } from '../config'
import { CHANNELS, DIRECTIONS } from '../contract/vocabulary'

export type Channel = (typeof CHANNELS)[number]
export type Direction = (typeof DIRECTIONS)[number]

export type KpiFilters = {
  centers?: string[]
  reportingLines?: ReportingLine[]
  sourcing?: Sourcing[]
  queues?: string[]
  channels?: Channel[]
  directions?: Direction[]
  agents?: string[]
}

/** Centers to query: a list, or null for every center (configured or not). */
export function resolveCenters(filters: KpiFilters, allowedCenters: string[] | null): string[] | null {
  let set: Set<string> | null = allowedCenters ? new Set(allowedCenters) : null
  const restrict = (ids: Iterable<string>) => {
    const next = new Set(ids)
    set = set ? new Set([...set].filter((x) => next.has(x))) : next
  }
  if (filters.centers?.length) restrict(filters.centers)
  const cfg = getConfig()
  if (filters.reportingLines?.length) {
    const lines = new Set<string>(filters.reportingLines)
    restrict(cfg.configuredCenters().filter((c) => c.reportingLine && lines.has(c.reportingLine)).map((c) => c.id))
  }
  if (filters.sourcing?.length) {
    const s = new Set<string>(filters.sourcing)
    restrict(cfg.configuredCenters().filter((c) => c.sourcing && s.has(c.sourcing)).map((c) => c.id))
  }
  return set ? [...(set as Set<string>)].sort() : null
}

/** Centers sharing a time zone. `centers: null` = every center not listed in another group. */
export type TzGroup = { tz: string; centers: string[] | null }

export function timezoneGroups(centers: string[] | null): TzGroup[] {
  const cfg = getConfig()
  const by = new Map<string, string[]>()
  const ids = centers ?? cfg.configuredCenters().map((c) => c.id)
  for (const id of ids) {
    const tz = cfg.center(id).timezone
    by.set(tz, [...(by.get(tz) ?? []), id])
  }
  const groups: TzGroup[] = [...by.entries()].map(([tz, cs]) => ({ tz, centers: cs.sort() }))
  if (centers === null) groups.push({ tz: cfg.raw.defaults.timezone, centers: null })
  return groups
}
