import { withAuth } from '@/lib/auth/guard'
import { bad, ok } from '@/lib/auth/admin-schemas'
import { revokeDisplayLink } from '@/lib/auth/display-links'

export const dynamic = 'force-dynamic'

/** DELETE /api/admin/display-links/<id> — revoke: the screen's next data refresh answers 401. */
export const DELETE = withAuth('admin', async (_req, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params
  return (await revokeDisplayLink(id)) ? ok({ revoked: id }) : bad('no such display link', 404)
})
