'use client'
import Link from 'next/link'
import { usePathname } from 'next/navigation'
import { signOut } from 'next-auth/react'
import { useTranslations } from 'next-intl'
import type { ReactNode } from 'react'
import { LocaleSwitcher } from './LocaleSwitcher'

export const NAV_ITEMS = [
  { key: 'live', href: '/live' },
  { key: 'wallboards', href: '/wallboard' },
  { key: 'reports', href: '/reports' },
  { key: 'executive', href: '/executive' },
  { key: 'admin', href: '/admin' },
] as const
export type NavKey = (typeof NAV_ITEMS)[number]['key']

/**
 * The app shell header: brand, translated navigation, FR | EN switcher, sign-out.
 * Put it at the top of a page: `<AppHeader />`, or `<AppHeader items={['live', 'reports']} />`
 * to show only what the user's role may open (issue 8), `userName` to show who is signed in.
 */
export function AppHeader({
  items,
  userName,
  showSignOut = true,
  children,
}: {
  /** Which nav entries to show (default: all). */
  items?: readonly NavKey[]
  userName?: string
  /** Sign-out button (next-auth, back to /login). Hide it on wall screens / when auth is off. */
  showSignOut?: boolean
  /** Extra controls rendered before the language switcher (e.g. a center picker). */
  children?: ReactNode
}) {
  const t = useTranslations('nav')
  const pathname = usePathname() ?? ''
  const visible = NAV_ITEMS.filter((i) => !items || items.includes(i.key))

  return (
    <header className="flex flex-wrap items-center gap-x-6 gap-y-2 border-b border-slate-200 bg-white px-6 py-3">
      <Link href="/live" className="text-lg font-bold tracking-tight text-ink" aria-label={t('home')}>
        Plateau
      </Link>
      <nav aria-label={t('mainNavigation')} className="flex flex-wrap items-center gap-1 text-sm">
        {visible.map((item) => {
          const active = pathname === item.href || pathname.startsWith(`${item.href}/`)
          return (
            <Link
              key={item.key}
              href={item.href}
              aria-current={active ? 'page' : undefined}
              className={
                active
                  ? 'rounded-md bg-slate-900 px-3 py-1.5 font-medium text-white'
                  : 'rounded-md px-3 py-1.5 text-slate-700 hover:bg-slate-100'
              }
            >
              {t(item.key)}
            </Link>
          )
        })}
      </nav>
      <div className="ml-auto flex items-center gap-4 text-sm">
        {children}
        {userName ? <span className="text-slate-600">{t('signedInAs', { name: userName })}</span> : null}
        <LocaleSwitcher />
        {showSignOut ? (
          <button
            type="button"
            onClick={() => void signOut({ callbackUrl: '/login' })}
            className="text-slate-700 underline-offset-2 hover:underline"
          >
            {t('signOut')}
          </button>
        ) : null}
      </div>
    </header>
  )
}
