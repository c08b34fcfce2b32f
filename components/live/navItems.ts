import type { NavKey } from '@/components/AppHeader'
import { can, type Principal } from '@/lib/auth/principal'

const NAV_CAP: Record<NavKey, 'live' | 'boards' | 'reports' | 'executive' | 'admin'> = {
  live: 'live',
  wallboards: 'boards',
  reports: 'reports',
  executive: 'executive',
  admin: 'admin',
}

/** The header entries this principal may open (no link that ends on "forbidden"). */
export function navItemsFor(who: Principal): NavKey[] {
  return (Object.keys(NAV_CAP) as NavKey[]).filter((k) => can(who, NAV_CAP[k]))
}
