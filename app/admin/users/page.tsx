import { requirePage } from '@/lib/auth/guard'
import { ROLES } from '@/lib/auth/roles'
import { readUsers, toPublic } from '@/lib/auth/users'
import { UsersAdmin } from './UsersAdmin'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Users' }

export default async function UsersPage() {
  const who = await requirePage('admin')
  return (
    <main className="mx-auto max-w-5xl p-8">
      <h1 className="text-2xl font-semibold">Users</h1>
      <p className="mt-1 text-sm text-slate-600">
        Local accounts (bcrypt). Roles: supervisor (live + boards of their centers), manager (reports + exports of their centers),
        executive (all centers), admin (everything). SSO users are managed in the identity provider.
      </p>
      <UsersAdmin initial={readUsers().users.map(toPublic)} roles={[...ROLES]} selfId={who.kind === 'user' ? who.id : ''} />
    </main>
  )
}
