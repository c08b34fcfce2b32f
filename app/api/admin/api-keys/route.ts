import { withAuth } from '@/lib/auth/guard'
import { CreateApiKeyBody, ok, parseBody } from '@/lib/auth/admin-schemas'
import { createApiKey, eventsLimits, publicApiKey, readApiKeys } from '@/lib/auth/api-keys'

export const dynamic = 'force-dynamic'

/** GET /api/admin/api-keys — producer keys (hashes never leave the server) + env key count + limits. */
export const GET = withAuth('admin', async () => {
  const envCount = (process.env.PLATEAU_API_KEYS || '').split(',').filter((s) => s.trim()).length
  return ok({ keys: readApiKeys().map(publicApiKey), envKeys: envCount, limits: eventsLimits() })
})

/** POST /api/admin/api-keys {name, ratePerSec?, burst?} → the key secret, shown ONCE. */
export const POST = withAuth('admin', async (req, _ctx, who) => {
  const b = await parseBody(req, CreateApiKeyBody)
  if (!b.ok) return b.response
  const { key, secret } = await createApiKey({ ...b.data, createdBy: who.kind === 'user' ? who.name : '' })
  return ok({ key: publicApiKey(key), secret }, 201)
})
