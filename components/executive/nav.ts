import type { NavKey } from '@/components/AppHeader'
import { can, type Principal } from '@/lib/auth/principal'
import type { Capability } from '@/lib/auth/roles'

const NAV_CAP: Record<NavKey, Capability> = { live: 'live', wallboards: 'boards', reports: 'reports', executive: 'executive', admin: 'admin' }

/** The header entries this principal may open. */
export function navItemsFor(who: Principal): NavKey[] {
  return (Object.keys(NAV_CAP) as NavKey[]).filter((k) => can(who, NAV_CAP[k]))
}
