/** Request bodies of /api/admin/* (zod): bad input → 400 with a clear message. */
import 'server-only'
import { z } from 'zod'
import { ROLES, type Role } from './roles'
import { PASSWORD_MIN } from './users'

export const CenterId = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'center ids: letters, digits, _ . - (max 64)')
export const Centers = z.union([z.literal('*'), z.array(CenterId).max(500)])
const RoleList = z.array(z.enum(ROLES as [Role, ...Role[]])).max(4)

export const CreateUserBody = z.object({
  username: z.string().trim().min(1).max(100).regex(/^[^\s<>"']+$/, 'username: no spaces or quotes'),
  name: z.string().trim().max(200).optional(),
  password: z.string().min(PASSWORD_MIN, `password: at least ${PASSWORD_MIN} characters`).max(200),
  roles: RoleList,
  centers: Centers.default([]),
  locale: z.enum(['fr', 'en']).optional(),
})

export const PatchUserBody = z
  .object({
    name: z.string().trim().max(200).optional(),
    password: z.string().min(PASSWORD_MIN, `password: at least ${PASSWORD_MIN} characters`).max(200).optional(),
    roles: RoleList.optional(),
    centers: Centers.optional(),
    locale: z.enum(['fr', 'en']).optional(),
    disabled: z.boolean().optional(),
    signOutEverywhere: z.boolean().optional(),
  })
  .strict()

export const CreateApiKeyBody = z.object({
  name: z.string().trim().min(1).max(100),
  ratePerSec: z.number().nonnegative().max(100_000).optional(),
  burst: z.number().positive().max(1_000_000).optional(),
})

export const CreateDisplayLinkBody = z.object({
  boardId: z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'board id: letters, digits, _ . -'),
  name: z.string().trim().max(200).optional(),
  centers: Centers.optional(),
})

/** Parse a JSON body with a schema → data, or a 400 Response. */
export async function parseBody<T extends z.ZodType>(req: Request, schema: T): Promise<{ ok: true; data: z.infer<T> } | { ok: false; response: Response }> {
  let raw: unknown
  try {
    const text = await req.text()
    if (text.length > 100_000) return { ok: false, response: bad('body too large') }
    raw = text ? JSON.parse(text) : {}
  } catch {
    return { ok: false, response: bad('body must be JSON') }
  }
  const r = schema.safeParse(raw)
  if (!r.success) return { ok: false, response: bad(r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')) }
  return { ok: true, data: r.data }
}

export function bad(message: string, status = 400): Response {
  return new Response(JSON.stringify({ error: status === 404 ? 'not_found' : status === 409 ? 'conflict' : 'bad_request', message }), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  })
}

export function ok(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } })
}
