import { withAuth } from '@/lib/auth/guard'
import { bad, ok } from '@/lib/auth/admin-schemas'
import { revokeApiKey } from '@/lib/auth/api-keys'

export const dynamic = 'force-dynamic'

/** DELETE /api/admin/api-keys/<id> — revoke (effective on the producer's next request). */
export const DELETE = withAuth('admin', async (_req, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params
  return (await revokeApiKey(id)) ? ok({ revoked: id }) : bad('no such key', 404)
})
