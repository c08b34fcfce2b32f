import 'server-only'
import type { Capability, Role } from './roles'
import { capabilitiesOf, rolesSeeAllCenters } from './roles'

export type Principal =
  | { kind: 'user'; id: string; name: string; roles: Role[]; centers: string[] | '*'; locale?: 'fr' | 'en' }
  | { kind: 'display'; linkId: string; boardId: string; centers: string[] | '*' }

/** May this principal use this capability at all (before center scoping)? */
export function can(who: Principal | null | undefined, cap: Capability): boolean {
  if (!who) return false
  if (who.kind === 'display') return cap === 'boards'
  return capabilitiesOf(who.roles).has(cap)
}

/** The centers a principal may see: '*' for executives/admins and display links for all centers. */
export function effectiveCenters(who: Principal): string[] | '*' {
  if (who.kind === 'user' && rolesSeeAllCenters(who.roles)) return '*'
  return who.centers
}

/**
 * The centers the caller may see, intersected with what they asked for.
 * - null → no restriction (all centers): only for principals that see every center and asked for none.
 * - [] → nothing: the query must return no rows (ClickHouse `IN []` already does). NEVER treat [] as "no filter".
 * Requested ids are trimmed; unknown/forbidden ids are dropped silently (no information leak).
 */
export function scopeCenters(who: Principal, requested?: string[] | null): string[] | null {
  const allowed = effectiveCenters(who)
  const req = requested == null ? null : [...new Set(requested.map((c) => String(c).trim()).filter((c) => c !== ''))]
  if (allowed === '*') return req && req.length ? req : null
  if (!req || !req.length) return [...allowed]
  const set = new Set(allowed)
  return req.filter((c) => set.has(c))
}

/** Board access: display links see only their own board; users need the `boards` capability. */
export function canSeeBoard(who: Principal | null | undefined, boardId: string): boolean {
  if (!who) return false
  if (who.kind === 'display') return who.boardId === boardId
  return can(who, 'boards')
}

/** Convenience for pages/route handlers that show one center. */
export function canSeeCenter(who: Principal, centerId: string): boolean {
  const c = effectiveCenters(who)
  return c === '*' || c.includes(centerId)
}
