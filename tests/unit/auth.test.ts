import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { ROLE_CAPABILITIES, capabilitiesOf, type Capability, type Role } from '@/lib/auth/roles'
import { can, canSeeBoard, scopeCenters, type Principal } from '@/lib/auth/principal'
import { csrfProblem } from '@/lib/auth/csrf'
import { mapOidcProfile } from '@/lib/auth/oidc'
import { proxyDecision } from '@/lib/auth/proxy-logic'
import { resetBuckets, take } from '@/lib/auth/rate-limit'
import { safeCallbackPath, withAuth } from '@/lib/auth/guard'
import { resolveFromHeaders } from '@/lib/auth/session'
import { parseLiveParams } from '@/lib/live/params'
import { CENTER_A, CENTER_B, ROLE_FIXTURES, TEST_ORIGIN, mintSessionToken, useTestAuth, type TestAuth } from '../helpers/auth'

const user = (roles: Role[], centers: string[] | '*' = ['a']): Principal => ({ kind: 'user', id: 'x', name: 'x', roles, centers })
const display = (boardId = 'b1'): Principal => ({ kind: 'display', linkId: 'l', boardId, centers: '*' })

describe('capability matrix (issue 8, written out by hand)', () => {
  const expected: Record<Role, Capability[]> = {
    supervisor: ['live', 'boards'],
    manager: ['live', 'reports', 'export', 'alerts'],
    executive: ['live', 'reports', 'export', 'executive'],
    admin: ['live', 'boards', 'reports', 'export', 'executive', 'admin', 'alerts'],
  }
  const all: Capability[] = ['live', 'boards', 'reports', 'export', 'executive', 'admin', 'alerts']
  for (const role of Object.keys(expected) as Role[]) {
    for (const cap of all) {
      it(`${role} ${expected[role].includes(cap) ? 'may' : 'may not'} ${cap}`, () => {
        expect(can(user([role]), cap)).toBe(expected[role].includes(cap))
      })
    }
  }
  it('no role → nothing; union of roles', () => {
    for (const cap of all) expect(can(user([]), cap)).toBe(false)
    expect([...capabilitiesOf(['supervisor', 'manager'])].sort()).toEqual(['alerts', 'boards', 'export', 'live', 'reports'])
    expect(Object.keys(ROLE_CAPABILITIES).sort()).toEqual(['admin', 'executive', 'manager', 'supervisor'])
  })
  it('display links: boards only, and only their board', () => {
    for (const cap of all) expect(can(display(), cap)).toBe(cap === 'boards')
    expect(canSeeBoard(display('b1'), 'b1')).toBe(true)
    expect(canSeeBoard(display('b1'), 'b2')).toBe(false)
    expect(canSeeBoard(user(['supervisor']), 'b2')).toBe(true)
    expect(canSeeBoard(user(['manager']), 'b2')).toBe(false)
    expect(canSeeBoard(null, 'b1')).toBe(false)
  })
})

describe('scopeCenters', () => {
  it('scoped user: own centers, intersection, never widened', () => {
    const sup = user(['supervisor'], ['a', 'b'])
    expect(scopeCenters(sup)).toEqual(['a', 'b'])
    expect(scopeCenters(sup, null)).toEqual(['a', 'b'])
    expect(scopeCenters(sup, [])).toEqual(['a', 'b'])
    expect(scopeCenters(sup, ['b', 'c'])).toEqual(['b'])
    expect(scopeCenters(sup, ['c'])).toEqual([]) // nothing, NOT "all"
    expect(scopeCenters(sup, [" a ", 'a'])).toEqual(['a'])
    expect(scopeCenters(user(['supervisor'], []), null)).toEqual([])
  })
  it('executives and admins see all centers whatever their account lists', () => {
    expect(scopeCenters(user(['executive'], []))).toBeNull()
    expect(scopeCenters(user(['admin'], ['a']), ['z'])).toEqual(['z'])
    expect(scopeCenters(user(['manager', 'executive'], ['a']))).toBeNull()
  })
  it("'*' centers → null (all) unless a subset is asked", () => {
    expect(scopeCenters(user(['supervisor'], '*'))).toBeNull()
    expect(scopeCenters(display(), ['q'])).toEqual(['q'])
    expect(scopeCenters({ kind: 'display', linkId: 'l', boardId: 'b', centers: ['a'] }, ['a', 'b'])).toEqual(['a'])
  })
  it('hostile values are only ever dropped', () => {
    const sup = user(['supervisor'], ['a'])
    for (const v of ["a' OR 1=1 --", 'a\u0000', '*', '%', 'A', 'x'.repeat(100_000)]) expect(scopeCenters(sup, [v])).toEqual([])
  })
})

describe('CSRF origin check', () => {
  const h = (o: Record<string, string>) => new Headers({ host: 'plateau.example:3000', ...o })
  it('safe methods pass', () => expect(csrfProblem('GET', h({ origin: 'https://evil.example' }))).toBeNull())
  it('same origin passes, other origin refused', () => {
    expect(csrfProblem('POST', h({ origin: 'http://plateau.example:3000' }))).toBeNull()
    expect(csrfProblem('DELETE', h({ origin: 'http://evil.example' }))).toMatch(/cross-site/)
    expect(csrfProblem('POST', h({ origin: 'http://plateau.example:3001' }))).toMatch(/cross-site/)
    expect(csrfProblem('PATCH', h({ origin: 'null' }))).toMatch(/cross-site/)
  })
  it('without Origin: Sec-Fetch-Site decides; non-browser clients pass', () => {
    expect(csrfProblem('POST', h({ 'sec-fetch-site': 'cross-site' }))).toMatch(/cross-site/)
    expect(csrfProblem('POST', h({ 'sec-fetch-site': 'same-origin' }))).toBeNull()
    expect(csrfProblem('POST', h({}))).toBeNull()
  })
  it('proxy exempts producer ingest and Auth.js callbacks only', () => {
    const evil = h({ origin: 'http://evil.example' })
    expect('refuse' in proxyDecision('POST', '/api/events', '', evil)).toBe(false)
    expect('refuse' in proxyDecision('POST', '/api/auth/callback/oidc', '', evil)).toBe(false)
    expect('refuse' in proxyDecision('POST', '/api/admin/users', '', evil)).toBe(true)
    expect('refuse' in proxyDecision('POST', '/api/auth/signout', '', evil)).toBe(true)
    expect('refuse' in proxyDecision('POST', '/live', '', evil)).toBe(true)
    const ok = proxyDecision('GET', '/live', '?centers=a', evil)
    expect('setHeaders' in ok && ok.setHeaders['x-plateau-path']).toBe('/live?centers=a')
  })
})

describe('callback URL sanitising (no open redirect)', () => {
  it.each([
    ['/live', '/live'],
    ['/reports?x=1', '/reports?x=1'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    ['/login?callbackUrl=/x', '/'],
    ['/api/admin/users', '/'],
  ])('%s → %s', (i, o) => expect(safeCallbackPath(i)).toBe(o))
})

describe('OIDC claim mapping', () => {
  const cfg = { rolesClaim: 'realm_access.roles', centersClaim: 'centers', roleMap: { 'cc-sup': ['supervisor'], 'cc-boss': ['executive'] }, defaultRoles: [], defaultCenters: [] }
  it('maps IdP groups and plateau role names, keeps centers', () => {
    expect(mapOidcProfile({ realm_access: { roles: ['cc-sup', 'manager', 'unrelated'] }, centers: ['paris-sales'] }, cfg)).toEqual({
      roles: ['supervisor', 'manager'],
      centers: ['paris-sales'],
    })
    expect(mapOidcProfile({ realm_access: { roles: 'cc-boss' }, centers: 'a, b' }, cfg)).toEqual({ roles: ['executive'], centers: ['a', 'b'] })
    expect(mapOidcProfile({ centers: ['*'] }, cfg)).toEqual({ roles: [], centers: '*' })
    expect(mapOidcProfile({}, { ...cfg, defaultRoles: ['supervisor', 'bogus'], defaultCenters: ['x'] })).toEqual({ roles: ['supervisor'], centers: ['x'] })
  })
})

describe('token bucket', () => {
  it('allows the burst, then refuses until refilled', () => {
    resetBuckets('t')
    const t0 = 1_000_000
    for (let i = 0; i < 3; i++) expect(take('t', 'k', 1, 3, 1, t0).ok).toBe(true)
    const r = take('t', 'k', 1, 3, 1, t0)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.retryAfterS).toBe(1)
    expect(take('t', 'other', 1, 3, 1, t0).ok).toBe(true) // per key
    expect(take('t', 'k', 1, 3, 1, t0 + 1000).ok).toBe(true)
  })
})

describe('sessions, users, display links, API keys (temp auth dir)', () => {
  let auth: TestAuth
  beforeEach(async () => {
    auth = await useTestAuth()
    resetBuckets()
  })
  afterAll(() => {
    delete process.env.PLATEAU_AUTH_DIR
    delete process.env.PLATEAU_USERS_FILE
  })

  it('a session cookie resolves to the CURRENT user record', async () => {
    const r = await resolveFromHeaders(await auth.headers('supervisor'))
    expect(r.who).toEqual({ kind: 'user', id: 'u-sup', name: 'Test Supervisor A', roles: ['supervisor'], centers: [CENTER_A], locale: undefined })
    const { updateUser } = await import('@/lib/auth/users')
    await updateUser('u-sup', { centers: [CENTER_B] })
    expect((await resolveFromHeaders(await auth.headers('supervisor'))).who).toMatchObject({ centers: [CENTER_B] })
  })

  it('disabled users, password changes and "sign out everywhere" end sessions', async () => {
    const { updateUser } = await import('@/lib/auth/users')
    const h = await auth.headers('manager')
    expect((await resolveFromHeaders(h)).who).not.toBeNull()
    await updateUser('u-manager', { disabled: true })
    expect((await resolveFromHeaders(h)).who).toBeNull()
    await updateUser('u-manager', { disabled: false })
    expect((await resolveFromHeaders(h)).who).not.toBeNull()
    await updateUser('u-manager', { signOutEverywhere: true })
    expect((await resolveFromHeaders(h)).who).toBeNull()
  })

  it('forged, tampered, expired or foreign-secret tokens are nobody', async () => {
    const good = await mintSessionToken(ROLE_FIXTURES.admin)
    const bad = [
      good.slice(0, -4) + 'AAAA',
      await mintSessionToken(ROLE_FIXTURES.admin, { secret: 'another-secret-another-secret-another' }),
      await mintSessionToken(ROLE_FIXTURES.admin, { maxAgeS: -10 }),
      await mintSessionToken({ id: 'no-such-user' }),
      'not-a-jwt',
    ]
    for (const t of bad) {
      expect((await resolveFromHeaders(new Headers({ cookie: `next-auth.session-token=${t}` }))).who).toBeNull()
    }
    expect((await resolveFromHeaders(new Headers({ cookie: `next-auth.session-token=${good}` }))).who).not.toBeNull()
  })

  it('OIDC sessions carry their roles and centers', async () => {
    const t = await mintSessionToken({ id: 'sso|42', name: 'Sso User', oidc: true, roles: ['manager'], centers: [CENTER_B] })
    expect((await resolveFromHeaders(new Headers({ cookie: `__Secure-next-auth.session-token=${t}` }))).who).toEqual({
      kind: 'user',
      id: 'sso|42',
      name: 'Sso User',
      roles: ['manager'],
      centers: [CENTER_B],
      locale: undefined,
    })
  })

  it('display links: token (≥128 bits) stored hashed, resolves to its board, revocation is immediate', async () => {
    const { createDisplayLink, revokeDisplayLink, resolveDisplayToken } = await import('@/lib/auth/display-links')
    const { link, token } = await createDisplayLink({ boardId: 'floor-1' })
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16)
    const stored = fs.readFileSync(path.join(auth.dir, 'display-links.json'), 'utf8')
    expect(stored).not.toContain(token)
    expect(resolveDisplayToken(token)).toEqual({ kind: 'display', linkId: link.id, boardId: 'floor-1', centers: '*' })
    const viaHeader = await resolveFromHeaders(new Headers({ 'x-display-token': token }))
    const viaCookie = await resolveFromHeaders(new Headers({ cookie: `plateau_display=${token}` }))
    expect(viaHeader.who).toMatchObject({ kind: 'display', boardId: 'floor-1' })
    expect(viaCookie.who).toMatchObject({ kind: 'display', boardId: 'floor-1' })
    await revokeDisplayLink(link.id)
    expect(resolveDisplayToken(token)).toBeNull()
    expect(await resolveFromHeaders(new Headers({ cookie: `plateau_display=${token}` }))).toEqual({ who: null, displayRevoked: true })
    expect(resolveDisplayToken(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))).toBeNull()
    expect(resolveDisplayToken("' OR 1=1")).toBeNull()
  })

  it('display links are read-only even on a route their capability allows', async () => {
    const { token } = await auth.displayToken('floor-3')
    const route = withAuth('boards', async () => Response.json({ ok: true }))
    const get = await route(await auth.request(null, '/api/boards/floor-3', { headers: { 'x-display-token': token } }), {})
    expect(get.status).toBe(200)
    const post = await route(await auth.request(null, '/api/boards/floor-3', { method: 'POST', headers: { 'x-display-token': token } }), {})
    expect(post.status).toBe(403)
    expect((await post.json()).message).toMatch(/read-only/)
  })

  it('a signed-in user wins over a display cookie in the same browser', async () => {
    const { token } = await auth.displayToken('floor-2')
    const h = await auth.headers('manager', { cookie: `plateau_display=${token}` })
    expect((await resolveFromHeaders(h)).who).toMatchObject({ kind: 'user', id: 'u-manager' })
  })

  it('withAuth: 401 anonymous, 403 wrong role, 403 cross-site, handler gets the principal', async () => {
    const handler = vi.fn(async (_req: Request, _ctx: unknown, who: Principal) => Response.json({ who: who.kind === 'user' ? who.id : who.linkId }))
    const route = withAuth('reports', handler)
    expect((await route(await auth.request(null, '/x'), {})).status).toBe(401)
    const denied = await route(await auth.request('supervisor', '/x'), {})
    expect(denied.status).toBe(403)
    expect(await denied.json()).toMatchObject({ error: 'forbidden' })
    const okRes = await route(await auth.request('manager', '/x'), {})
    expect(okRes.status).toBe(200)
    expect(await okRes.json()).toEqual({ who: 'u-manager' })
    expect(okRes.headers.get('cache-control')).toBe('private, no-store')
    const cross = await route(await auth.request('manager', '/x', { method: 'POST', headers: { origin: 'http://evil.example' } }), {})
    expect(cross.status).toBe(403)
    expect(await cross.json()).toMatchObject({ error: 'csrf' })
    expect(handler).toHaveBeenCalledTimes(1)
    expect((await withAuth(['reports', 'boards'], handler)(await auth.request('supervisor', '/x'), {})).status).toBe(200)
  })

  it('withAuth: a bad parameter (ParamError from a route family parser) is a 400 naming it, other errors still throw', async () => {
    const route = withAuth('live', async (req) => Response.json(parseLiveParams(new URL(req.url).searchParams)))
    const bad = await route(await auth.request('supervisor', '/api/live?channels=fax'), {})
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ error: 'bad_request', message: expect.stringMatching(/^channels\.0: /) })
    expect((await route(await auth.request('supervisor', '/api/live?channels=voice'), {})).status).toBe(200)
    const crashing = withAuth('live', async () => {
      throw new TypeError('boom')
    })
    await expect(crashing(await auth.request('supervisor', '/x'), {})).rejects.toThrow('boom')
  })

  it('users: bcrypt hashes, unknown user / wrong password / disabled → null', async () => {
    process.env.PLATEAU_BCRYPT_COST = '4' // the unknown user's dummy hash has the configured cost (12 by default: seconds on a busy machine)
    const { createUser, verifyPassword, readUsers } = await import('@/lib/auth/users')
    await createUser({ username: 'Alice', password: 'correct horse battery', roles: ['manager'], centers: [CENTER_A] }, { rounds: 4 })
    const raw = fs.readFileSync(process.env.PLATEAU_USERS_FILE!, 'utf8')
    expect(raw).not.toContain('correct horse battery')
    expect(readUsers().users.find((u) => u.username === 'Alice')!.passwordHash).toMatch(/^\$2[aby]\$/)
    expect(await verifyPassword('alice', 'correct horse battery')).toMatchObject({ username: 'Alice' })
    expect(await verifyPassword('alice', 'wrong')).toBeNull()
    expect(await verifyPassword('nobody', 'correct horse battery')).toBeNull()
    await expect(createUser({ username: 'ALICE', password: 'another password', roles: [], centers: [] }, { rounds: 4 })).rejects.toThrow(/exists/)
  })

  it('the last enabled admin cannot be removed or disabled', async () => {
    const { updateUser, deleteUser } = await import('@/lib/auth/users')
    await expect(updateUser('u-admin', { disabled: true })).rejects.toThrow(/admin must remain/)
    await expect(deleteUser('u-admin')).rejects.toThrow(/admin must remain/)
  })
})

describe('first-run admin', () => {
  const reset = () => {
    ;(globalThis as { __plateauAuthBootstrap?: unknown }).__plateauAuthBootstrap = undefined
  }
  beforeEach(() => {
    reset()
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-first-'))
    process.env.PLATEAU_AUTH_DIR = dir
    process.env.PLATEAU_USERS_FILE = path.join(dir, 'users.json')
    process.env.PLATEAU_BCRYPT_COST = '4'
    delete process.env.PLATEAU_ADMIN_PASSWORD
    delete process.env.PLATEAU_AUTH
  })
  afterAll(() => {
    delete process.env.PLATEAU_BCRYPT_COST
    reset()
  })

  it('generates a password, prints it once, and it works', async () => {
    const { ensureFirstAdmin, verifyPassword, readUsers } = await import('@/lib/auth/users')
    const lines: string[] = []
    await ensureFirstAdmin((m) => lines.push(m))
    await ensureFirstAdmin((m) => lines.push(m))
    reset()
    await ensureFirstAdmin((m) => lines.push(m)) // a restart: users exist → silent
    expect(lines).toHaveLength(1)
    const pw = /sign in as:\s+admin\s+\/\s+(\S+)/.exec(lines[0]!)![1]!
    expect(pw.length).toBeGreaterThanOrEqual(20)
    expect(await verifyPassword('admin', pw)).toMatchObject({ roles: ['admin'], centers: '*' })
    expect(readUsers().firstRun).toMatchObject({ username: 'admin', source: 'generated' })
    expect(fs.readFileSync(process.env.PLATEAU_USERS_FILE!, 'utf8')).not.toContain(pw)
  })

  it('uses PLATEAU_ADMIN_PASSWORD without printing it; changing the password clears the hint', async () => {
    process.env.PLATEAU_ADMIN_PASSWORD = 'from-the-environment'
    const { ensureFirstAdmin, verifyPassword, readUsers, updateUser } = await import('@/lib/auth/users')
    const lines: string[] = []
    await ensureFirstAdmin((m) => lines.push(m))
    expect(lines.join('\n')).not.toContain('from-the-environment')
    const admin = await verifyPassword('admin', 'from-the-environment')
    expect(admin).not.toBeNull()
    expect(readUsers().firstRun?.source).toBe('env')
    await updateUser(admin!.id, { password: 'a brand new password' })
    expect(readUsers().firstRun).toBeNull()
    delete process.env.PLATEAU_ADMIN_PASSWORD
  })

  it('PLATEAU_AUTH=off: warns loudly, creates nobody, everyone is admin', async () => {
    process.env.PLATEAU_AUTH = 'off'
    const { ensureFirstAdmin, readUsers } = await import('@/lib/auth/users')
    const lines: string[] = []
    await ensureFirstAdmin((m) => lines.push(m))
    expect(lines.join('\n')).toMatch(/WARNING: PLATEAU_AUTH=off/)
    expect(readUsers().users).toHaveLength(0)
    expect((await resolveFromHeaders(new Headers())).who).toMatchObject({ kind: 'user', roles: ['admin'], centers: '*' })
    delete process.env.PLATEAU_AUTH
  })
})

describe('security headers', () => {
  it('CSP forbids framing, plugins, foreign scripts; nosniff; referrer policy', async () => {
    const mod = (await import('@/lib/auth/security-headers.cjs')) as unknown as typeof import('@/lib/auth/security-headers.cjs')
    const prod = Object.fromEntries(mod.securityHeaders({ dev: false, https: true }).map((h) => [h.key, h.value]))
    expect(prod['Content-Security-Policy']).toContain("frame-ancestors 'none'")
    expect(prod['Content-Security-Policy']).toContain("object-src 'none'")
    expect(prod['Content-Security-Policy']).toContain("default-src 'self'")
    expect(prod['Content-Security-Policy']).not.toContain('unsafe-eval')
    expect(prod['X-Content-Type-Options']).toBe('nosniff')
    expect(prod['X-Frame-Options']).toBe('DENY')
    expect(prod['Referrer-Policy']).toBe('strict-origin-when-cross-origin')
    expect(prod['Strict-Transport-Security']).toMatch(/max-age=\d+/)
    const http = Object.fromEntries(mod.securityHeaders({ dev: false, https: false }).map((h) => [h.key, h.value]))
    expect(http['Strict-Transport-Security']).toBeUndefined()
  })
})

void TEST_ORIGIN

describe('next-auth options', () => {
  beforeEach(async () => {
    await useTestAuth()
    resetBuckets()
    for (const k of ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_ROLES_CLAIM', 'OIDC_ROLE_MAP', 'OIDC_CENTERS_CLAIM', 'PLATEAU_LOCAL_LOGIN']) delete process.env[k]
  })

  it('local accounts only by default; OIDC added from env with PKCE + state', async () => {
    const { authOptions } = await import('@/lib/auth/options')
    expect(authOptions().providers.map((p) => p.id)).toEqual(['credentials'])
    Object.assign(process.env, { OIDC_ISSUER: 'https://idp.example/realms/cc/', OIDC_CLIENT_ID: 'plateau', OIDC_CLIENT_SECRET: 's3cret' })
    const o = authOptions()
    const oidc = o.providers.find((p) => p.id === 'oidc') as unknown as { wellKnown: string; checks: string[]; idToken: boolean }
    expect(oidc.wellKnown).toBe('https://idp.example/realms/cc/.well-known/openid-configuration')
    expect(oidc.checks).toEqual(['pkce', 'state'])
    expect(oidc.idToken).toBe(true)
    expect(o.session?.strategy).toBe('jwt')
    process.env.PLATEAU_LOCAL_LOGIN = 'off'
    expect(authOptions().providers.map((p) => p.id)).toEqual(['oidc'])
  })

  it('the jwt callback maps OIDC claims to roles/centers, and local sign-ins to a session version', async () => {
    Object.assign(process.env, {
      OIDC_ISSUER: 'https://idp.example',
      OIDC_CLIENT_ID: 'plateau',
      OIDC_CLIENT_SECRET: 's3cret',
      OIDC_ROLES_CLAIM: 'groups',
      OIDC_ROLE_MAP: 'cc-supervisors=supervisor',
    })
    const { authOptions } = await import('@/lib/auth/options')
    const jwt = authOptions().callbacks!.jwt!
    const t = await jwt({
      token: { sub: 'sso|1', name: 'Sso' },
      user: { id: 'sso|1' },
      account: { provider: 'oidc', type: 'oauth', providerAccountId: 'sso|1' },
      profile: { sub: 'sso|1', groups: ['cc-supervisors'], centers: ['lyon-leads'], locale: 'fr-BE' } as never,
    } as never)
    expect(t).toMatchObject({ src: 'oidc', roles: ['supervisor'], centers: ['lyon-leads'], locale: 'fr' })
    const l = await jwt({ token: { sub: 'u-sup' }, user: { id: 'u-sup', src: 'local', sv: 3 } as never, account: { provider: 'credentials', type: 'credentials', providerAccountId: 'u-sup' } } as never)
    expect(l).toMatchObject({ src: 'local', sv: 3 })
  })

  it('credentials: right password signs in, wrong does not, and FAILED attempts are rate limited per username', async () => {
    const { authOptions } = await import('@/lib/auth/options')
    const cred = authOptions().providers.find((p) => p.id === 'credentials') as unknown as {
      options: { authorize: (c: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown> }
    }
    const authorize = (username: string, password: string) => cred.options.authorize({ username, password }, { headers: { 'x-forwarded-for': '10.0.0.1' } })
    expect(await authorize('test-sup', 'test-password-123')).toMatchObject({ id: 'u-sup', src: 'local', sv: 0 })
    expect(await authorize('test-sup', 'nope')).toBeNull()
    for (let i = 0; i < 15; i++) expect(await authorize('test-exec', 'test-password-123')).not.toBeNull() // successes don't count
    for (let i = 0; i < 10; i++) await authorize('test-manager', 'nope') // burst: 10 attempts
    await expect(authorize('test-manager', 'test-password-123')).rejects.toThrow(/too many/)
    expect(await authorize('test-sup', 'test-password-123')).not.toBeNull() // other usernames unaffected
  })
})
