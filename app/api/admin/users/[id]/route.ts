import { withAuth } from '@/lib/auth/guard'
import { PatchUserBody, bad, ok, parseBody, passwordRefusal } from '@/lib/auth/admin-schemas'
import { UserError, deleteUser, findUserById, updateUser } from '@/lib/auth/users'

export const dynamic = 'force-dynamic'
type Ctx = { params: Promise<{ id: string }> }

/** PATCH /api/admin/users/<id> {name?, password?, roles?, centers?, locale?, disabled?, signOutEverywhere?} */
export const PATCH = withAuth('admin', async (req, ctx: Ctx, who) => {
  const { id } = await ctx.params
  const b = await parseBody(req, PatchUserBody)
  if (!b.ok) return b.response
  if (b.data.password !== undefined) {
    const u = findUserById(id)
    const weak = passwordRefusal(req, who, b.data.password, [u?.username ?? '', u?.name ?? ''])
    if (weak) return weak
  }
  try {
    return ok({ user: await updateUser(id, b.data) })
  } catch (e) {
    if (e instanceof UserError) return bad(e.message, e.status)
    throw e
  }
})

/** DELETE /api/admin/users/<id> (an enabled admin must remain; you cannot delete yourself). */
export const DELETE = withAuth('admin', async (_req, ctx: Ctx, who) => {
  const { id } = await ctx.params
  if (who.kind === 'user' && who.id === id) return bad('you cannot delete your own account', 409)
  try {
    await deleteUser(id)
    return ok({ deleted: id })
  } catch (e) {
    if (e instanceof UserError) return bad(e.message, e.status)
    throw e
  }
})
