import { getTranslations } from 'next-intl/server'
import { requirePage } from '@/lib/auth/guard'
import { ROLES } from '@/lib/auth/roles'
import { readUsers, toPublic } from '@/lib/auth/users'
import { UsersAdmin } from './UsersAdmin'

export const dynamic = 'force-dynamic'

export async function generateMetadata() {
  const t = await getTranslations('admin.usersPage')
  return { title: t('title') }
}

export default async function UsersPage() {
  const who = await requirePage('admin')
  const t = await getTranslations('admin.usersPage')
  return (
    <main className="mx-auto max-w-5xl p-8" id="main">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="mt-1 text-sm text-slate-600">{t('subtitle')}</p>
      <UsersAdmin initial={readUsers().users.map(toPublic)} roles={[...ROLES]} selfId={who.kind === 'user' ? who.id : ''} />
    </main>
  )
}
