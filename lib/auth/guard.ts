/**
 * THE authorization API. Every route handler and page goes through one of these.
 *
 *   export const GET = withAuth('live', async (req, ctx, who) => {
 *     const centers = scopeCenters(who, requestedCenters)   // null = all, [] = none
 *     ...
 *   })
 *
 *   export default async function Page() {
 *     const who = await requirePage('reports')
 *     ...
 *   }
 *
 * Board routes additionally check canSeeBoard(who, boardId) (display links see one board). A
 * handler that throws a ParamError (lib/params: a bad parameter) answers 400 with its message.
 */
import 'server-only'
import { headers } from 'next/headers'
import { redirect } from 'next/navigation'
import { csrfProblem, isUnsafeMethod } from './csrf'
import { PATH_HEADER } from './proxy-logic'
import { boardPath } from './display-links'
import { can, canSeeBoard, canSeeCenter, effectiveCenters, scopeCenters, type Principal } from './principal'
import type { Capability, Role } from './roles'
import { resolveFromHeaders } from './session'
import { boundsErrorResponse } from '../responseLimits'
import { ParamError } from '../params'

export type { Capability, Principal, Role }
export { can, canSeeBoard, canSeeCenter, effectiveCenters, scopeCenters }
export { principalFromRequest } from './session'
export { resolveDisplayToken } from './display-links'
export { PATH_HEADER }

export function jsonError(status: 401 | 403 | 400 | 404 | 413 | 429, error: string, message: string): Response {
  return new Response(JSON.stringify({ error, message }), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  })
}

function capList(cap: Capability | readonly Capability[]): readonly Capability[] {
  return typeof cap === 'string' ? [cap] : cap
}

/**
 * For route handlers: resolves the caller or answers 401 (not signed in / revoked display link)
 * or 403 (signed in but the role lacks `cap`; cross-site state-changing request; a display
 * link attempting anything but GET/HEAD — display links are read-only whatever the route).
 * `cap` may be a list: any one of them suffices.
 */
export function withAuth<Ctx>(
  cap: Capability | readonly Capability[],
  handler: (req: Request, ctx: Ctx, who: Principal) => Promise<Response>,
): (req: Request, ctx: Ctx) => Promise<Response> {
  const caps = capList(cap)
  return async (req: Request, ctx: Ctx) => {
    const bad = csrfProblem(req.method, req.headers)
    if (bad) return jsonError(403, 'csrf', bad)
    const { who, displayRevoked } = await resolveFromHeaders(req.headers)
    if (!who) return jsonError(401, 'unauthorized', displayRevoked ? 'display link revoked or invalid' : 'sign-in required')
    if (who.kind === 'display' && isUnsafeMethod(req.method)) return jsonError(403, 'forbidden', 'display links are read-only')
    if (!caps.some((c) => can(who, c))) {
      return jsonError(403, 'forbidden', `not allowed: needs ${caps.join(' or ')} (${who.kind === 'display' ? 'display link' : `roles: ${who.roles.join(', ') || 'none'}`})`)
    }
    let res: Response
    try {
      res = await handler(req, ctx, who)
    } catch (e) {
      // A bad parameter (lib/params): 400 with the parameter's problem.
      if (e instanceof ParamError) return jsonError(400, 'bad_request', e.message)
      // Over a response limit or the engine's time limit: 422/503 with a reason, never a 500.
      const bounded = boundsErrorResponse(e)
      if (!bounded) throw e
      res = bounded
    }
    try {
      if (!res.headers.has('cache-control')) res.headers.set('cache-control', 'private, no-store')
    } catch {
      /* immutable headers (e.g. Response.redirect): leave as is */
    }
    return res
  }
}

/** Sanitise a post-sign-in destination: same-site absolute path only. */
export function safeCallbackPath(p: string | null | undefined, fallback = '/'): string {
  if (!p || typeof p !== 'string') return fallback
  if (!p.startsWith('/') || p.startsWith('//') || p.startsWith('/\\') || /[\u0000-\u001f]/.test(p)) return fallback
  if (p.startsWith('/login') || p.startsWith('/api/')) return fallback
  return p
}

export function loginPath(params: { callbackUrl?: string | null; error?: string; need?: string } = {}): string {
  const q = new URLSearchParams()
  const cb = safeCallbackPath(params.callbackUrl, '')
  if (cb) q.set('callbackUrl', cb)
  if (params.error) q.set('error', params.error)
  if (params.need) q.set('need', params.need)
  const s = q.toString()
  return s ? `/login?${s}` : '/login'
}

/**
 * For server components / pages: the principal, or a redirect:
 *  - not signed in → /login?callbackUrl=<this page>
 *  - revoked display link → /login?error=display_revoked
 *  - display link on a non-board page → its board
 *  - signed in without `cap` → /login?error=forbidden&need=<cap> (explains and offers another account)
 */
export async function requirePage(cap: Capability | readonly Capability[]): Promise<Principal> {
  const caps = capList(cap)
  const h = await headers()
  const here = h.get(PATH_HEADER)
  const { who, displayRevoked } = await resolveFromHeaders(h)
  if (!who) redirect(loginPath({ callbackUrl: displayRevoked ? null : here, error: displayRevoked ? 'display_revoked' : undefined }))
  if (!caps.some((c) => can(who, c))) {
    if (who.kind === 'display') redirect(boardPath(who.boardId))
    redirect(loginPath({ callbackUrl: here, error: 'forbidden', need: caps.join(',') }))
  }
  return who
}

/**
 * For a board page (app/wallboard/[boardId]): `boards` + this board. A display link for
 * another board is sent to its own board; users without `boards` get the forbidden redirect.
 */
export async function requireBoardPage(boardId: string): Promise<Principal> {
  const who = await requirePage('boards')
  if (!canSeeBoard(who, boardId)) {
    if (who.kind === 'display') redirect(boardPath(who.boardId))
    redirect(loginPath({ error: 'forbidden', need: 'boards' }))
  }
  return who
}

/** For board data routes: 403 JSON unless this principal may see this board (call inside withAuth('boards', …)). */
export function boardDenied(who: Principal, boardId: string): Response | null {
  return canSeeBoard(who, boardId) ? null : jsonError(403, 'forbidden', 'this display link is for another board')
}

/** For pages that need only "someone signed in" (e.g. the account page). */
export async function currentPrincipal(): Promise<Principal | null> {
  return (await resolveFromHeaders(await headers())).who
}
