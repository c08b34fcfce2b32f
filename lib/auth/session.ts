/**
 * Who is calling: next-auth JWT session cookie (users), or a display-link token (wall screens),
 * or everybody-is-admin when PLATEAU_AUTH=off. Works from a plain Request (route handlers,
 * tests) and from next/headers (server components) — anything with Headers.
 */
import 'server-only'
import { decode, encode, type JWT } from 'next-auth/jwt'
import { authMode, authSecret } from './config'
import { resolveDisplayToken } from './display-links'
import type { Principal } from './principal'
import { isSessionRevoked } from './revoked-sessions'
import { isRole, type Role } from './roles'
import { findUserById } from './users'

export const SESSION_COOKIES = ['__Secure-next-auth.session-token', 'next-auth.session-token'] as const
export const DISPLAY_COOKIES = ['__Host-plateau_display', 'plateau_display'] as const
export const DISPLAY_HEADER = 'x-display-token'

export const AUTH_OFF_PRINCIPAL: Principal = Object.freeze({
  kind: 'user',
  id: 'auth-off',
  name: 'Demo admin (PLATEAU_AUTH=off)',
  roles: ['admin'] as Role[],
  centers: '*',
}) as Principal

/** Session JWT payload (what our next-auth callbacks write). */
export type SessionClaims = JWT & {
  src?: 'local' | 'oidc'
  /** session id, set at sign-in and kept across refreshes; listed by sign-out (lib/auth/revoked-sessions.ts) */
  sid?: string
  /** local users: session version at sign-in (bumped on password change / sign out everywhere) */
  sv?: number
  /** oidc users: mapped roles/centers at sign-in */
  roles?: string[]
  centers?: string[] | '*'
  locale?: 'fr' | 'en'
}

export function sessionMaxAgeS(): number {
  const n = Number(process.env.PLATEAU_SESSION_MAX_AGE_S)
  return Number.isFinite(n) && n > 0 ? n : 12 * 3600
}

export function parseCookies(header: string | null | undefined): Map<string, string> {
  const m = new Map<string, string>()
  if (!header) return m
  for (const part of header.split(';')) {
    const i = part.indexOf('=')
    if (i <= 0) continue
    const k = part.slice(0, i).trim()
    let v = part.slice(i + 1).trim()
    if (v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1)
    try {
      v = decodeURIComponent(v)
    } catch {
      /* keep raw */
    }
    if (!m.has(k)) m.set(k, v)
  }
  return m
}

/** next-auth splits big tokens into name.0, name.1, … */
function sessionToken(cookies: Map<string, string>): string | null {
  for (const name of SESSION_COOKIES) {
    if (cookies.has(name)) return cookies.get(name)!
    const chunks = [...cookies.keys()]
      .filter((k) => k.startsWith(name + '.') && /^\d+$/.test(k.slice(name.length + 1)))
      .sort((a, b) => Number(a.slice(name.length + 1)) - Number(b.slice(name.length + 1)))
    if (chunks.length) return chunks.map((k) => cookies.get(k)).join('')
  }
  return null
}

export async function decodeSession(token: string): Promise<SessionClaims | null> {
  try {
    const c = (await decode({ token, secret: authSecret() })) as SessionClaims | null
    if (!c) return null
    if (typeof c.exp === 'number' && c.exp * 1000 < Date.now()) return null
    return c
  } catch {
    return null
  }
}

export async function encodeSession(claims: SessionClaims, maxAge = sessionMaxAgeS()): Promise<string> {
  return encode({ token: claims, secret: authSecret(), maxAge })
}

/** Session claims → the current user principal (local users are re-read from the users file). */
export function principalFromClaims(c: SessionClaims): Principal | null {
  if (!c.sub) return null
  if (isSessionRevoked(c)) return null
  if (c.src === 'oidc') {
    const roles = (c.roles ?? []).filter(isRole)
    const centers = c.centers === '*' ? '*' : Array.isArray(c.centers) ? c.centers.filter((x): x is string => typeof x === 'string') : []
    return { kind: 'user', id: c.sub, name: String(c.name ?? c.email ?? c.sub), roles, centers, locale: c.locale }
  }
  const u = findUserById(c.sub)
  if (!u || u.disabled) return null
  if ((c.sv ?? 0) !== u.sessionVersion) return null
  return { kind: 'user', id: u.id, name: u.name || u.username, roles: [...u.roles], centers: u.centers === '*' ? '*' : [...u.centers], locale: u.locale }
}

export type Resolution = { who: Principal | null; /** a display token was presented but is unknown/revoked */ displayRevoked?: boolean }

/** Resolve the caller from request headers (Cookie, X-Display-Token). Never throws. */
export async function resolveFromHeaders(headers: Pick<Headers, 'get'>): Promise<Resolution> {
  if (authMode() === 'off') return { who: AUTH_OFF_PRINCIPAL }
  const explicit = headers.get(DISPLAY_HEADER)
  if (explicit) {
    const d = resolveDisplayToken(explicit.trim())
    return d ? { who: d } : { who: null, displayRevoked: true }
  }
  const cookies = parseCookies(headers.get('cookie'))
  const tok = sessionToken(cookies)
  if (tok) {
    const claims = await decodeSession(tok)
    const who = claims ? safe(() => principalFromClaims(claims)) : null
    if (who) return { who }
  }
  for (const name of DISPLAY_COOKIES) {
    const v = cookies.get(name)
    if (v) {
      const d = safe(() => resolveDisplayToken(v))
      return d ? { who: d } : { who: null, displayRevoked: true }
    }
  }
  return { who: null }
}

function safe<T>(f: () => T): T | null {
  try {
    return f()
  } catch (e) {
    console.error('[plateau] auth: ', (e as Error).message)
    return null
  }
}

export async function principalFromRequest(req: Request): Promise<Principal | null> {
  return (await resolveFromHeaders(req.headers)).who
}
