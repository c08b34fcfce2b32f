/**
 * Sign-in hardening (issue 14, medium): the real Credentials authorize of lib/auth/options.ts
 * against the fixture users file, and the proxy's CSRF decision.
 */
import bcrypt from 'bcryptjs'
import { beforeEach, describe, expect, it } from 'vitest'
import { ROLE_FIXTURES, TEST_PASSWORD, useTestAuth } from '../helpers/auth'

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>

async function authorize(): Promise<Authorize> {
  const { authOptions } = await import('@/lib/auth/options')
  const p = authOptions().providers.find((x) => x.id === 'credentials') as unknown as { options: { authorize: Authorize } }
  return p.options.authorize
}

/** 'ok' (signed in), 'wrong' (compared, refused), 'throttled' (refused before comparing). */
async function attempt(f: Authorize, username: string, password: string, headers: Record<string, string> = {}): Promise<'ok' | 'wrong' | 'throttled'> {
  try {
    return (await f({ username, password }, { headers })) ? 'ok' : 'wrong'
  } catch (e) {
    expect((e as Error).message).toMatch(/too many sign-in attempts/)
    return 'throttled'
  }
}

const count = (xs: string[], v: string) => xs.filter((x) => x === v).length

beforeEach(async () => {
  await useTestAuth()
  process.env.PLATEAU_BCRYPT_COST = '4'
  delete process.env.PLATEAU_TRUSTED_PROXIES
  const { resetBuckets } = await import('@/lib/auth/rate-limit')
  resetBuckets()
})

describe('throttle charged before the password compare', () => {
  it('40 parallel wrong attempts on one user: only the limit (10) reach the compare', async () => {
    const f = await authorize()
    const user = ROLE_FIXTURES.supervisor.username
    const results = await Promise.all(Array.from({ length: 40 }, () => attempt(f, user, 'wrong-password-x')))
    expect(count(results, 'wrong')).toBe(10)
    expect(count(results, 'throttled')).toBe(30)
    // and the right password is refused as well now: the account's budget is spent
    expect(await attempt(f, user, TEST_PASSWORD)).toBe('throttled')
  })

  it('successful sign-ins do not use up the budget', async () => {
    const f = await authorize()
    const user = ROLE_FIXTURES.supervisor.username
    for (let i = 0; i < 15; i++) expect(await attempt(f, user, TEST_PASSWORD)).toBe('ok')
  })
})

describe('forwarded headers only from configured proxies', () => {
  it('without PLATEAU_TRUSTED_PROXIES, rotating X-Forwarded-For does not escape the per-address limit (30)', async () => {
    const f = await authorize()
    const results: string[] = []
    // 31 different usernames (the per-user limit stays out of it), a new forwarded address each time
    for (let i = 0; i < 31; i++) results.push(await attempt(f, `nobody-${i}`, 'wrong-password-x', { 'x-forwarded-for': `203.0.113.${i}` }))
    expect(count(results, 'wrong')).toBe(30)
    expect(results[30]).toBe('throttled')
  })

  it('behind a configured proxy, the address it appended is the client (distinct clients, distinct budgets)', async () => {
    process.env.PLATEAU_TRUSTED_PROXIES = '10.0.0.1'
    const f = await authorize()
    const results: string[] = []
    for (let i = 0; i < 31; i++) results.push(await attempt(f, `nobody-${i}`, 'wrong-password-x', { 'x-forwarded-for': `6.6.6.6, 203.0.113.${i}, 10.0.0.1` }))
    expect(count(results, 'wrong')).toBe(31)
    const { clientAddress } = await import('@/lib/auth/client-address')
    expect(clientAddress(new Headers({ 'x-forwarded-for': '6.6.6.6, 203.0.113.7, 10.0.0.1' }))).toBe('203.0.113.7')
  })

  it('the CSRF check believes X-Forwarded-Host only from a configured proxy', async () => {
    const { proxyDecision } = await import('@/lib/auth/proxy-logic')
    const h = () => new Headers({ host: 'plateau.test', origin: 'http://evil.test', 'x-forwarded-host': 'evil.test' })
    expect('refuse' in proxyDecision('POST', '/api/admin/users', '', h())).toBe(true)
    process.env.PLATEAU_TRUSTED_PROXIES = '10.0.0.1'
    expect('refuse' in proxyDecision('POST', '/api/admin/users', '', h())).toBe(false)
  })
})

describe('no user enumeration by timing', () => {
  it('unknown users are compared against a hash of the same cost as real users', async () => {
    process.env.PLATEAU_BCRYPT_COST = '12'
    const { dummyHash, hashPassword } = await import('@/lib/auth/users')
    expect(bcrypt.getRounds(await dummyHash())).toBe(bcrypt.getRounds(await hashPassword('a-real-users-password')))
    expect(bcrypt.getRounds(await dummyHash())).toBe(12)
  })
})
