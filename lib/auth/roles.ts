/**
 * Roles → capabilities. Pure data + functions (no I/O): shared by the guard, the admin UI and
 * the tests. The matrix is the specification of issue 8; change it here only.
 */
export type Role = 'supervisor' | 'manager' | 'executive' | 'admin'
export type Capability = 'live' | 'boards' | 'reports' | 'export' | 'executive' | 'admin' | 'alerts'

export const ROLES: readonly Role[] = ['supervisor', 'manager', 'executive', 'admin'] as const
export const CAPABILITIES: readonly Capability[] = ['live', 'boards', 'reports', 'export', 'executive', 'admin', 'alerts'] as const

/** What each role may do. Center scoping is separate (see ALL_CENTER_ROLES and scopeCenters). */
export const ROLE_CAPABILITIES: Readonly<Record<Role, readonly Capability[]>> = {
  supervisor: ['live', 'boards'],
  /** alerts: alert rules, report schedules and the delivery log (issue 19), within their centers. */
  manager: ['live', 'reports', 'export', 'alerts'],
  executive: ['live', 'reports', 'export', 'executive'],
  admin: ['live', 'boards', 'reports', 'export', 'executive', 'admin', 'alerts'],
}

/** Roles that see every center whatever centers their account lists. */
export const ALL_CENTER_ROLES: readonly Role[] = ['executive', 'admin']

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v)
}

export function isCapability(v: unknown): v is Capability {
  return typeof v === 'string' && (CAPABILITIES as readonly string[]).includes(v)
}

export function capabilitiesOf(roles: readonly Role[]): Set<Capability> {
  const s = new Set<Capability>()
  for (const r of roles) for (const c of ROLE_CAPABILITIES[r] ?? []) s.add(c)
  return s
}

export function rolesSeeAllCenters(roles: readonly Role[]): boolean {
  return roles.some((r) => ALL_CENTER_ROLES.includes(r))
}
