import { withAuth } from '@/lib/auth/guard'
import { CreateUserBody, bad, ok, parseBody, passwordRefusal } from '@/lib/auth/admin-schemas'
import { UserError, createUser, readUsers, toPublic } from '@/lib/auth/users'

export const dynamic = 'force-dynamic'

/** GET /api/admin/users — local users (no password hashes). Admin only. */
export const GET = withAuth('admin', async () => ok({ users: readUsers().users.map(toPublic) }))

/** POST /api/admin/users {username, name?, password, roles, centers, locale?} — admin only. */
export const POST = withAuth('admin', async (req, _ctx, who) => {
  const b = await parseBody(req, CreateUserBody)
  if (!b.ok) return b.response
  const weak = passwordRefusal(req, who, b.data.password, [b.data.username, b.data.name ?? ''])
  if (weak) return weak
  try {
    return ok({ user: await createUser(b.data) }, 201)
  } catch (e) {
    if (e instanceof UserError) return bad(e.message, e.status)
    throw e
  }
})
