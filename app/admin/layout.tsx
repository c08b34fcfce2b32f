import type { ReactNode } from 'react'
import { AppHeader } from '@/components/AppHeader'
import { navItemsFor } from '@/components/live/navItems'
import { requirePage } from '@/lib/auth/guard'

/** Every /admin page: the app header (navigation, language switch, sign-out). Each page checks its own capability (alerts pages: `alerts`). */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const who = await requirePage(['admin', 'alerts'])
  return (
    <>
      <AppHeader items={navItemsFor(who)} userName={who.kind === 'user' ? who.name : undefined} />
      {children}
    </>
  )
}
