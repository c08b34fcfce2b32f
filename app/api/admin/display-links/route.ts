import { withAuth } from '@/lib/auth/guard'
import { CreateDisplayLinkBody, ok, parseBody } from '@/lib/auth/admin-schemas'
import { createDisplayLink, publicDisplayLink, readDisplayLinks } from '@/lib/auth/display-links'

export const dynamic = 'force-dynamic'

/** GET /api/admin/display-links — links (token hashes never leave the server). */
export const GET = withAuth('admin', async () => ok({ links: readDisplayLinks().map(publicDisplayLink) }))

/** POST /api/admin/display-links {boardId, name?, centers?} → {link, token, path}; the token is shown ONCE. */
export const POST = withAuth('admin', async (req, _ctx, who) => {
  const b = await parseBody(req, CreateDisplayLinkBody)
  if (!b.ok) return b.response
  const { link, token } = await createDisplayLink({ ...b.data, createdBy: who.kind === 'user' ? who.name : '' })
  return ok({ link: publicDisplayLink(link), token, path: `/display/${token}` }, 201)
})
