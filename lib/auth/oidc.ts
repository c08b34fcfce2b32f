/** OIDC claims → Plateau roles and centers (OIDC_ROLES_CLAIM, OIDC_ROLE_MAP, OIDC_CENTERS_CLAIM, defaults). */
import 'server-only'
import type { OidcConfig } from './config'
import { isRole, type Role } from './roles'

/** Claim by dotted path ("realm_access.roles", "groups"). */
export function claimAt(profile: Record<string, unknown>, path: string): unknown {
  if (path in profile) return profile[path]
  let v: unknown = profile
  for (const k of path.split('.')) {
    if (v && typeof v === 'object' && k in (v as Record<string, unknown>)) v = (v as Record<string, unknown>)[k]
    else return undefined
  }
  return v
}

function asList(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string').map((s) => s.trim()).filter(Boolean)
  if (typeof v === 'string') return v.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean)
  return []
}

export function mapOidcProfile(profile: Record<string, unknown>, cfg: Pick<OidcConfig, 'rolesClaim' | 'centersClaim' | 'roleMap' | 'defaultRoles' | 'defaultCenters'>): {
  roles: Role[]
  centers: string[] | '*'
} {
  const roles = new Set<Role>()
  for (const v of asList(claimAt(profile, cfg.rolesClaim))) {
    for (const r of cfg.roleMap[v] ?? []) if (isRole(r)) roles.add(r)
    if (isRole(v)) roles.add(v)
  }
  if (!roles.size) for (const r of cfg.defaultRoles) if (isRole(r)) roles.add(r)
  let centersList = asList(claimAt(profile, cfg.centersClaim))
  if (!centersList.length) centersList = cfg.defaultCenters
  const centers: string[] | '*' = centersList.includes('*') ? '*' : [...new Set(centersList)]
  return { roles: [...roles], centers }
}
