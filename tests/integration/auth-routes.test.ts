/**
 * Every route under app/ × every principal → exactly allowed / 401 / 403 (see the table in
 * auth-routes.table.ts). Route handlers and pages run in-process (real chdb on a temp store);
 * next/headers is fed the request's headers so requirePage sees the same cookies.
 */
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { can, canSeeBoard, scopeCenters, type Principal as Who } from '@/lib/auth/principal'
import { freshStore } from '../helpers/store'
import { ROLE_FIXTURES, TEST_ROLES, useTestAuth, type TestAuth, type TestRole } from '../helpers/auth'
import { ROUTES, TEST_BOARD, type Access, type Principal, type RouteEntry } from './auth-routes.table'

// ---- next/headers for pages: the headers of the "current request"
const current = vi.hoisted(() => ({ headers: new Headers(), guardPassed: false }))
// Record when a page's guard let the caller through: a page may still fail later for reasons
// that have nothing to do with access (e.g. next-intl's request config outside Next.js).
vi.mock('@/lib/auth/guard', async (importOriginal) => {
  const m = await importOriginal<typeof import('@/lib/auth/guard')>()
  const pass = <A extends unknown[], R>(f: (...a: A) => Promise<R>) => async (...a: A) => {
    const r = await f(...a)
    current.guardPassed = true
    return r
  }
  return { ...m, requirePage: pass(m.requirePage), requireBoardPage: pass(m.requireBoardPage) }
})
vi.mock('next/headers', () => ({
  headers: async () => current.headers,
  cookies: async () => {
    const jar = new Map<string, string>()
    for (const part of (current.headers.get('cookie') ?? '').split(';')) {
      const i = part.indexOf('=')
      if (i > 0) jar.set(part.slice(0, i).trim(), part.slice(i + 1).trim())
    }
    return {
      get: (n: string) => (jar.has(n) ? { name: n, value: jar.get(n)! } : undefined),
      getAll: () => [...jar].map(([name, value]) => ({ name, value })),
      has: (n: string) => jar.has(n),
    }
  },
}))

const APP = path.resolve(__dirname, '../../app')
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const

type Found = { pattern: string; file: string; kind: 'api' | 'page' }

/** app/ → route patterns as the file system spells them (route groups and private folders handled). */
function discover(dir = APP, segs: string[] = []): Found[] {
  const out: Found[] = []
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      if (e.name.startsWith('_') || e.name.startsWith('@')) continue
      const seg = /^\(.*\)$/.test(e.name) ? [] : [e.name]
      out.push(...discover(path.join(dir, e.name), [...segs, ...seg]))
    } else if (/^route\.(ts|tsx|js)$/.test(e.name) || /^page\.(tsx|ts|jsx|js)$/.test(e.name)) {
      out.push({ pattern: '/' + segs.join('/'), file: path.join(dir, e.name), kind: e.name.startsWith('route') ? 'api' : 'page' })
    }
  }
  return out
}

function fillPath(pattern: string, params: RouteEntry['params'] = {}): string {
  return pattern.replace(/\[\[?(?:\.\.\.)?([^\]]+)\]?\]/g, (_, name: string) => {
    const v = params[name]
    if (v === undefined) throw new Error(`table entry for ${pattern} needs params.${name}`)
    return Array.isArray(v) ? v.map(encodeURIComponent).join('/') : encodeURIComponent(v)
  })
}

const PRINCIPALS: Principal[] = ['anon', ...TEST_ROLES, 'display', 'displayOther', 'displayRevoked']

let auth: TestAuth
const displayTokens: Record<'display' | 'displayOther' | 'displayRevoked', string> = { display: '', displayOther: '', displayRevoked: '' }

async function headersFor(p: Principal, extra: Record<string, string> = {}): Promise<Headers> {
  if (p === 'display' || p === 'displayOther' || p === 'displayRevoked') return auth.headers(null, { cookie: `plateau_display=${displayTokens[p]}`, ...extra })
  return auth.headers(p === 'anon' ? null : p, extra)
}

function whoOf(p: Principal): Who | null {
  if (p === 'anon' || p === 'displayRevoked') return null
  if (p === 'display') return { kind: 'display', linkId: 'x', boardId: TEST_BOARD, centers: '*' }
  if (p === 'displayOther') return { kind: 'display', linkId: 'y', boardId: 'board-2', centers: '*' }
  const f = ROLE_FIXTURES[p as TestRole]
  return { kind: 'user', id: f.id, name: f.name, roles: f.roles, centers: f.centers }
}

type Expect = 'allowed' | 401 | 403
/** What the capability matrix says this principal must get. */
function expected(a: Access, p: Principal): Expect {
  if ('public' in a) return 'allowed'
  if ('apiKey' in a) return 401 // sessions and display links are not API keys; keys tested below
  if ('signature' in a) return 403 // unsigned: sessions and keys are not the platform's signature (tests/integration/connectors-twilio.test.ts)
  const who = whoOf(p)
  if (!who) return 401
  if ('board' in a) return canSeeBoard(who, TEST_BOARD) ? 'allowed' : 403
  const caps = Array.isArray(a.cap) ? a.cap : [a.cap]
  return caps.some((c) => can(who, c)) ? 'allowed' : 403
}

type PageOutcome = { kind: 'render' } | { kind: 'redirect'; to: string } | { kind: 'notFound' } | { kind: 'error'; message: string; afterGuard: boolean }
async function runPage(file: string, url: string, params: RouteEntry['params'], h: Headers): Promise<PageOutcome> {
  const mod = (await import(/* @vite-ignore */ file)) as { default: (p: unknown) => unknown }
  const u = new URL(url, 'http://plateau.test')
  h.set('x-plateau-path', u.pathname + u.search)
  current.headers = h
  current.guardPassed = false
  try {
    await mod.default({ params: Promise.resolve(params ?? {}), searchParams: Promise.resolve(Object.fromEntries(u.searchParams)) })
    return { kind: 'render' }
  } catch (e) {
    const d = (e as { digest?: string }).digest ?? ''
    if (d.startsWith('NEXT_REDIRECT;')) return { kind: 'redirect', to: d.split(';').slice(2, -2).join(';') }
    if (d.startsWith('NEXT_HTTP_ERROR_FALLBACK;404')) return { kind: 'notFound' }
    return { kind: 'error', message: (e as Error).message, afterGuard: current.guardPassed }
  }
}

function pageMatches(o: PageOutcome, exp: Expect, a: Access, p: Principal): string | null {
  const login = o.kind === 'redirect' && /^\/login(\?|$)/.test(o.to) && !/error=forbidden/.test(o.to)
  const forbidden = o.kind === 'redirect' && /^\/login\?.*error=forbidden/.test(o.to)
  if (exp === 401) {
    if (!login) return `expected sign-in redirect, got ${JSON.stringify(o)}`
    if (p === 'displayRevoked' && !/error=display_revoked/.test((o as { to: string }).to)) return `expected display_revoked, got ${JSON.stringify(o)}`
    return null
  }
  if (exp === 403) {
    if (p === 'display' || p === 'displayOther') {
      // a wall screen on a page it may not see is sent back to its own board (or gets 404)
      return (o.kind === 'redirect' && o.to.startsWith('/wallboard/')) || o.kind === 'notFound' || forbidden ? null : `expected redirect to its board, got ${JSON.stringify(o)}`
    }
    return forbidden || o.kind === 'notFound' ? null : `expected forbidden redirect, got ${JSON.stringify(o)}`
  }
  // allowed: anything but an auth refusal; an error counts as allowed only after the guard let the caller in
  if (login || forbidden) return `expected allowed, got ${JSON.stringify(o)}`
  if (o.kind === 'error' && !o.afterGuard && !('public' in a)) return `page threw before its guard: ${o.message}`
  return null
}

const found = discover()

describe('route table is complete', () => {
  it('every route and page under app/ has a table entry', () => {
    const missing = found.filter((f) => !ROUTES[f.pattern]).map((f) => `${f.pattern} (${path.relative(APP, f.file)})`)
    expect(missing, 'add these to tests/integration/auth-routes.table.ts').toEqual([])
  })
  it('no stale table entries', () => {
    const patterns = new Set(found.map((f) => f.pattern))
    expect(Object.keys(ROUTES).filter((k) => !patterns.has(k))).toEqual([])
  })
  it.each(found.filter((f) => f.kind === 'api').map((f) => [f.pattern, f.file]))('%s: every exported method is in the table', async (pattern, file) => {
    const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>
    const exported = METHODS.filter((m) => typeof mod[m] === 'function')
    expect(exported.filter((m) => !ROUTES[pattern]?.methods?.[m]), `methods of ${pattern} missing in the table`).toEqual([])
  })
})

describe('every route × every principal', () => {
  beforeAll(async () => {
    process.env.PLATEAU_DEMO = '0'
    await freshStore('plateau-auth-routes-')
    auth = await useTestAuth()
    const { createDisplayLink, revokeDisplayLink } = await import('@/lib/auth/display-links')
    displayTokens.display = (await createDisplayLink({ boardId: TEST_BOARD })).token
    displayTokens.displayOther = (await createDisplayLink({ boardId: 'board-2' })).token
    const r = await createDisplayLink({ boardId: TEST_BOARD })
    await revokeDisplayLink(r.link.id)
    displayTokens.displayRevoked = r.token
  })

  for (const f of found) {
    const entry = ROUTES[f.pattern]
    if (!entry) continue
    if (f.kind === 'api') {
      for (const m of METHODS) {
        const access = entry.methods?.[m]
        if (!access) continue
        const run = access.skipInProcess ? it.skip : it
        run.each(PRINCIPALS)(`${m} ${f.pattern} as %s`, async (p) => {
          const mod = (await import(/* @vite-ignore */ f.file)) as Record<string, (req: Request, ctx: unknown) => Promise<Response>>
          const url = fillPath(f.pattern, entry.params) + (entry.query ? `?${entry.query}` : '')
          const h = await headersFor(p)
          const init: RequestInit = { method: m, headers: h }
          if (m !== 'GET' && m !== 'DELETE') {
            init.body = JSON.stringify(access.body ?? {})
            h.set('content-type', 'application/json')
          }
          const req = await auth.request(null, url, init)
          const res = await mod[m]!(req, { params: Promise.resolve(entry.params ?? {}) })
          const exp = expected(access, p)
          if (exp === 'allowed') {
            expect([401, 403], `${m} ${url} as ${p}: ${res.status}`).not.toContain(res.status)
            expect(res.status, `${m} ${url} as ${p}`).toBeLessThan(500)
            if (entry.scope && res.status === 200) {
              const who = whoOf(p)
              entry.scope({ role: p, status: res.status, json: await res.clone().json(), allowed: who ? scopeCenters(who, null) : [] })
            }
          } else {
            expect(res.status, `${m} ${url} as ${p}`).toBe(exp)
            const body = (await res.json()) as { error?: string; message?: string }
            expect(typeof body.message).toBe('string')
          }
        })
      }
    } else {
      const access = entry.page
      if (!access) {
        it(`${f.pattern}: page entry`, () => expect.fail(`${f.pattern} is a page: give it a \`page\` access in the table`))
        continue
      }
      it.each(PRINCIPALS)(`page ${f.pattern} as %s`, async (p) => {
        const url = fillPath(f.pattern, entry.params) + (entry.query ? `?${entry.query}` : '')
        const o = await runPage(f.file, url, entry.params, await headersFor(p))
        const problem = pageMatches(o, expected(access, p), access, p)
        expect(problem, `${f.pattern} as ${p}`).toBeNull()
      })
    }
  }
})

describe('producers and display links end to end (in-process)', () => {
  it('POST /api/events: 401 without key, 202 with a key, 401 once revoked', async () => {
    const { POST } = await import('@/app/api/events/route')
    const { revokeApiKey } = await import('@/lib/auth/api-keys')
    const { id, secret } = await auth.apiKey('it')
    const call = async (headers: Record<string, string>) =>
      POST((await auth.request(null, '/api/events', { method: 'POST', headers, body: '[]' })) as never)
    expect((await call({})).status).toBe(401)
    const ok = await call({ authorization: `Bearer ${secret}` })
    expect(ok.status).toBe(400) // authorised; the body is an empty array → "empty body"
    expect((await ok.json()).error).toMatch(/empty body/)
    await revokeApiKey(id)
    expect((await call({ authorization: `Bearer ${secret}` })).status).toBe(401)
    // a signed-in admin's cookie is not a producer key
    const admin = await auth.request('admin', '/api/events', { method: 'POST', body: '[]' })
    expect((await POST(admin as never)).status).toBe(401)
  })

  it('/display/<token>: valid → cookie + redirect to its board; revoked → 404 and the board data API answers 401', async () => {
    const { GET } = await import('@/app/display/[token]/route')
    const { createDisplayLink, revokeDisplayLink } = await import('@/lib/auth/display-links')
    const { withAuth } = await import('@/lib/auth/guard')
    const { link, token } = await createDisplayLink({ boardId: 'floor-7' })
    const open = await GET(await auth.request(null, `/display/${token}`), { params: Promise.resolve({ token }) })
    expect(open.status).toBe(303)
    expect(open.headers.get('location')).toBe('/wallboard/floor-7')
    const setCookie = open.headers.getSetCookie().find((c) => c.startsWith('plateau_display='))!
    expect(setCookie).toMatch(/HttpOnly/)
    expect(setCookie).toMatch(/SameSite=Lax/)
    const cookie = setCookie.split(';')[0]!

    // a board data route as the board engineer writes it
    const boardData = withAuth('boards', async (_req, ctx: { params: Promise<{ boardId: string }> }, who) => {
      const { boardId } = await ctx.params
      if (!canSeeBoard(who, boardId)) return Response.json({ error: 'forbidden', message: 'other board' }, { status: 403 })
      return Response.json({ boardId })
    })
    const fetchBoard = async (boardId: string) =>
      boardData(await auth.request(null, `/api/boards/${boardId}/data`, { headers: { cookie } }), { params: Promise.resolve({ boardId }) })
    expect((await fetchBoard('floor-7')).status).toBe(200)
    expect((await fetchBoard('floor-8')).status).toBe(403)

    await revokeDisplayLink(link.id)
    const after = await fetchBoard('floor-7')
    expect(after.status).toBe(401)
    expect((await after.json()).message).toMatch(/revoked/)
    const reopen = await GET(await auth.request(null, `/display/${token}`), { params: Promise.resolve({ token }) })
    expect(reopen.status).toBe(404)
    expect(reopen.headers.getSetCookie().some((c) => /^plateau_display=;/.test(c))).toBe(true)
  })

  it('/api/health: figures only for signed-in callers', async () => {
    const { GET } = await import('@/app/api/health/route')
    const anon = await (await GET(await auth.request(null, '/api/health'))).json()
    expect(anon).toEqual({ status: 'ok', store: { mode: 'embedded', ok: true } })
    const sup = await (await GET(await auth.request('supervisor', '/api/health'))).json()
    expect(sup.ingest).toBeDefined()
  })
})
