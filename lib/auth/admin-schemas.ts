/** Request bodies of /api/admin/* (zod): bad input → 400 with a clear message. */
import 'server-only'
import { z } from 'zod'
import { LOCALE_COOKIE, resolveLocale } from '@/lib/i18n/config'
import { checkPassword, PASSWORD_MAX } from './password-policy'
import type { Principal } from './principal'
import { ROLES, type Role } from './roles'
import { parseCookies } from './session'

export const CenterId = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'center ids: letters, digits, _ . - (max 64)')
export const Centers = z.union([z.literal('*'), z.array(CenterId).max(500)])
const RoleList = z.array(z.enum(ROLES as [Role, ...Role[]])).max(4)

export const CreateUserBody = z.object({
  username: z.string().trim().min(1).max(100).regex(/^[^\s<>"']+$/, 'username: no spaces or quotes'),
  name: z.string().trim().max(200).optional(),
  password: z.string().max(PASSWORD_MAX * 4),
  roles: RoleList,
  centers: Centers.default([]),
  locale: z.enum(['fr', 'en']).optional(),
})

export const PatchUserBody = z
  .object({
    name: z.string().trim().max(200).optional(),
    password: z.string().max(PASSWORD_MAX * 4).optional(),
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

/**
 * The password policy (lib/auth/password-policy.ts) for a password set through the admin API →
 * null, or a 400 whose message is in the caller's language (account, then cookie, then
 * Accept-Language), with both languages under `messages`.
 */
export function passwordRefusal(req: Request, who: Principal, password: string, userInputs: string[] = []): Response | null {
  const r = checkPassword(password, userInputs)
  if (r.ok) return null
  const locale =
    (who.kind === 'user' && who.locale) ||
    resolveLocale({ cookie: parseCookies(req.headers.get('cookie')).get(LOCALE_COOKIE), acceptLanguage: req.headers.get('accept-language') })
  return new Response(JSON.stringify({ error: 'weak_password', problem: r.problem, message: r.message[locale], messages: r.message }), {
    status: 400,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  })
}

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
