/**
 * Sessions for tests, for every role.
 *
 * In-process (vitest calling route handlers / pages directly):
 *   const auth = await useTestAuth()                 // temp users file + secret, sets process.env
 *   const res = await GET(await auth.request('manager', '/api/kpis?centers=paris-sales'), ctx)
 *   const cookie = await auth.cookie('supervisor')   // "next-auth.session-token=…"
 *
 * Over HTTP (a running server, e.g. Playwright's webServer with PLATEAU_ADMIN_PASSWORD set):
 *   const { cookie, cookies } = await sessionForRole(baseURL, 'supervisor', { adminPassword })
 *   await loginAs(context, baseURL, 'manager')       // Playwright BrowserContext: adds the cookie
 *
 * Fixture users (password TEST_PASSWORD): see ROLE_FIXTURES — supervisor/manager scoped to
 * paris-sales, supervisorB to lyon-leads, executive/admin see all, norole has no role.
 */
import bcrypt from 'bcryptjs'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Role } from '@/lib/auth/roles'

export const TEST_SECRET = 'plateau-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz'
export const TEST_PASSWORD = 'test-password-123'
export const CENTER_A = 'paris-sales'
export const CENTER_B = 'lyon-leads'

export type TestRole = 'admin' | 'executive' | 'manager' | 'supervisor' | 'supervisorB' | 'managerB' | 'norole'
export type Fixture = { id: string; username: string; name: string; roles: Role[]; centers: string[] | '*' }

export const ROLE_FIXTURES: Record<TestRole, Fixture> = {
  admin: { id: 'u-admin', username: 'test-admin', name: 'Test Admin', roles: ['admin'], centers: '*' },
  executive: { id: 'u-exec', username: 'test-exec', name: 'Test Executive', roles: ['executive'], centers: [] },
  manager: { id: 'u-manager', username: 'test-manager', name: 'Test Manager A', roles: ['manager'], centers: [CENTER_A] },
  managerB: { id: 'u-manager-b', username: 'test-manager-b', name: 'Test Manager B', roles: ['manager'], centers: [CENTER_B] },
  supervisor: { id: 'u-sup', username: 'test-sup', name: 'Test Supervisor A', roles: ['supervisor'], centers: [CENTER_A] },
  supervisorB: { id: 'u-sup-b', username: 'test-sup-b', name: 'Test Supervisor B', roles: ['supervisor'], centers: [CENTER_B] },
  norole: { id: 'u-norole', username: 'test-norole', name: 'Test No Role', roles: [], centers: [CENTER_A] },
}
export const TEST_ROLES = Object.keys(ROLE_FIXTURES) as TestRole[]

/** users.json content for the fixtures (bcrypt cost 4: fast). */
export function fixtureUsersFile(fixtures: Fixture[] = Object.values(ROLE_FIXTURES), password = TEST_PASSWORD) {
  const hash = bcrypt.hashSync(password, 4)
  return {
    version: 1,
    users: fixtures.map((f) => ({ ...f, passwordHash: hash, sessionVersion: 0, createdAt: new Date().toISOString() })),
    firstRun: null,
  }
}

export type TestAuth = {
  /** Directory holding users.json, api-keys.json, display-links.json for this test file. */
  dir: string
  /** Cookie header value carrying a valid session for that role. */
  cookie(role: TestRole): Promise<string>
  /** Headers for a same-origin browser request as that role (Cookie + Origin + Host). */
  headers(role: TestRole | null, extra?: Record<string, string>): Promise<Headers>
  /** A Request (NextRequest-compatible) as that role; null = no sign-in. */
  request(role: TestRole | null, url: string, init?: RequestInit): Promise<Request>
  /** Create a display link and return its token. */
  displayToken(boardId: string): Promise<{ id: string; token: string }>
  /** Create a producer API key and return its secret. */
  apiKey(name?: string, limits?: { ratePerSec?: number; burst?: number }): Promise<{ id: string; secret: string }>
}

export const TEST_ORIGIN = 'http://plateau.test'

/**
 * In-process auth for this test file: a temp auth dir with the fixture users, a fixed secret,
 * auth on. Call before importing route modules is not required (env is read per request).
 */
export async function useTestAuth(opts: { dir?: string } = {}): Promise<TestAuth> {
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-auth-'))
  fs.mkdirSync(dir, { recursive: true })
  const usersFile = path.join(dir, 'users.json')
  fs.writeFileSync(usersFile, JSON.stringify(fixtureUsersFile(), null, 2))
  process.env.PLATEAU_AUTH_DIR = dir
  process.env.PLATEAU_USERS_FILE = usersFile
  process.env.NEXTAUTH_SECRET = TEST_SECRET
  delete process.env.PLATEAU_AUTH
  const cookie = async (role: TestRole) => `next-auth.session-token=${await mintSessionToken(ROLE_FIXTURES[role])}`
  const headers = async (role: TestRole | null, extra: Record<string, string> = {}) => {
    const h = new Headers({ host: new URL(TEST_ORIGIN).host, ...extra })
    if (role) h.set('cookie', [await cookie(role), h.get('cookie')].filter(Boolean).join('; '))
    return h
  }
  return {
    dir,
    cookie,
    headers,
    async request(role, url, init = {}) {
      const h = await headers(role)
      new Headers(init.headers).forEach((v, k) => h.set(k, v))
      const method = (init.method ?? 'GET').toUpperCase()
      if (method !== 'GET' && method !== 'HEAD' && !h.has('origin')) h.set('origin', TEST_ORIGIN)
      const { NextRequest } = await import('next/server')
      return new NextRequest(new URL(url, TEST_ORIGIN), { ...init, method, headers: h } as ConstructorParameters<typeof NextRequest>[1])
    },
    async displayToken(boardId) {
      const { createDisplayLink } = await import('@/lib/auth/display-links')
      const { link, token } = await createDisplayLink({ boardId, name: 'test' })
      return { id: link.id, token }
    },
    async apiKey(name = 'test', limits = {}) {
      const { createApiKey } = await import('@/lib/auth/api-keys')
      const { key, secret } = await createApiKey({ name, ...limits })
      return { id: key.id, secret }
    },
  }
}

/**
 * A session token for a local user (must exist in the users file; sv = its sessionVersion)
 * or, with `oidc`, a token carrying roles/centers itself (no users-file lookup).
 * Secret: NEXTAUTH_SECRET (set by useTestAuth) unless given.
 */
export async function mintSessionToken(
  user: { id: string; name?: string; sv?: number } & ({ oidc?: false } | { oidc: true; roles: Role[]; centers: string[] | '*' }),
  opts: { secret?: string; maxAgeS?: number } = {},
): Promise<string> {
  const { encode } = await import('next-auth/jwt')
  const now = Math.floor(Date.now() / 1000)
  const maxAge = opts.maxAgeS ?? 3600
  const claims: Record<string, unknown> = { sub: user.id, name: user.name ?? user.id, iat: now, exp: now + maxAge, jti: crypto.randomUUID() }
  if ('oidc' in user && user.oidc) Object.assign(claims, { src: 'oidc', roles: user.roles, centers: user.centers })
  else Object.assign(claims, { src: 'local', sv: user.sv ?? 0 })
  return encode({ token: claims, secret: opts.secret ?? process.env.NEXTAUTH_SECRET ?? TEST_SECRET, maxAge })
}

// ---------------------------------------------------------------- over HTTP (running server)

function setCookies(res: Response): string[] {
  const h = res.headers as Headers & { getSetCookie?: () => string[] }
  return h.getSetCookie ? h.getSetCookie() : (res.headers.get('set-cookie') ?? '').split(/,(?=\s*[\w.-]+=)/)
}

function mergeCookies(jar: Map<string, string>, res: Response) {
  for (const c of setCookies(res)) {
    const [pair] = c.split(';')
    const i = pair!.indexOf('=')
    if (i > 0) {
      const name = pair!.slice(0, i).trim()
      const value = pair!.slice(i + 1).trim()
      if (/max-age=0/i.test(c) || value === '') jar.delete(name)
      else jar.set(name, value)
    }
  }
}
const jarHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')

/** Real credentials sign-in (CSRF token + callback), like the browser does. Returns the session cookies. */
export async function signIn(baseURL: string, username: string, password: string): Promise<{ cookie: string; cookies: { name: string; value: string }[] }> {
  const jar = new Map<string, string>()
  const csrfRes = await fetch(new URL('/api/auth/csrf', baseURL))
  mergeCookies(jar, csrfRes)
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string }
  const res = await fetch(new URL('/api/auth/callback/credentials', baseURL), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jarHeader(jar), origin: new URL(baseURL).origin },
    body: new URLSearchParams({ csrfToken, username, password, json: 'true', callbackUrl: '/' }),
  })
  mergeCookies(jar, res)
  const session = [...jar.keys()].find((k) => k.includes('session-token'))
  if (!session) throw new Error(`sign-in as ${username} failed (HTTP ${res.status}): ${await res.text().catch(() => '')}`)
  const cookies = [...jar].filter(([k]) => k.includes('session-token')).map(([name, value]) => ({ name, value }))
  return { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; '), cookies }
}

/**
 * A session for `role` on a running server: signs in as the first-run admin
 * (adminPassword = the server's PLATEAU_ADMIN_PASSWORD), creates the fixture user through
 * /api/admin/users if missing, then signs in as that user.
 */
export async function sessionForRole(
  baseURL: string,
  role: TestRole,
  opts: { adminUsername?: string; adminPassword?: string } = {},
): Promise<{ cookie: string; cookies: { name: string; value: string }[] }> {
  const adminPassword = opts.adminPassword ?? process.env.PLATEAU_ADMIN_PASSWORD ?? 'e2e-admin-password'
  const admin = await signIn(baseURL, opts.adminUsername ?? 'admin', adminPassword)
  const f = ROLE_FIXTURES[role]
  const res = await fetch(new URL('/api/admin/users', baseURL), {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: admin.cookie, origin: new URL(baseURL).origin },
    body: JSON.stringify({ username: f.username, name: f.name, password: TEST_PASSWORD, roles: f.roles, centers: f.centers }),
  })
  if (res.status !== 201 && res.status !== 409) throw new Error(`creating ${f.username}: HTTP ${res.status} ${await res.text()}`)
  return signIn(baseURL, f.username, TEST_PASSWORD)
}

/** Playwright: sign the browser context in as `role`. */
export async function loginAs(
  context: { addCookies(c: { name: string; value: string; url: string; httpOnly?: boolean; sameSite?: 'Lax' }[]): Promise<void> },
  baseURL: string,
  role: TestRole,
  opts: { adminPassword?: string } = {},
): Promise<void> {
  const s = await sessionForRole(baseURL, role, opts)
  await context.addCookies(s.cookies.map((c) => ({ ...c, url: baseURL, httpOnly: true, sameSite: 'Lax' as const })))
}

/** Over HTTP, as admin: create a display link for a board → { id, token, path }. */
export async function createDisplayLinkHttp(baseURL: string, adminCookie: string, boardId: string): Promise<{ id: string; token: string; path: string }> {
  const res = await fetch(new URL('/api/admin/display-links', baseURL), {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: adminCookie, origin: new URL(baseURL).origin },
    body: JSON.stringify({ boardId, name: 'e2e' }),
  })
  if (res.status !== 201) throw new Error(`display link: HTTP ${res.status} ${await res.text()}`)
  const j = (await res.json()) as { link: { id: string }; token: string; path: string }
  return { id: j.link.id, token: j.token, path: j.path }
}
