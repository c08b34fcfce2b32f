import fs from 'node:fs'
import path from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { checkProducer, createApiKey, revokeApiKey } from '@/lib/auth/api-keys'
import { resetBuckets } from '@/lib/auth/rate-limit'
import { useTestAuth, type TestAuth } from '../helpers/auth'

const post = (headers: Record<string, string>, body: BodyInit = '[]', extra: RequestInit = {}) =>
  new Request('http://plateau.test/api/events', { method: 'POST', headers, body, ...extra, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit)

describe('producer checks for POST /api/events', () => {
  let auth: TestAuth
  beforeEach(async () => {
    auth = await useTestAuth()
    resetBuckets()
    delete process.env.PLATEAU_API_KEYS
    delete process.env.PLATEAU_EVENTS_MAX_BYTES
    delete process.env.PLATEAU_EVENTS_RATE_PER_SEC
    delete process.env.PLATEAU_EVENTS_BURST
  })

  it('401 without a key, with a clear message and WWW-Authenticate', async () => {
    const r = await checkProducer(post({}))
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.response.status).toBe(401)
    expect(r.response.headers.get('www-authenticate')).toMatch(/Bearer/)
    expect((await r.response.json()).message).toMatch(/API key required/)
  })

  it('Bearer and X-API-Key both work; keys are stored hashed; revoked → 401', async () => {
    const { id, secret } = await auth.apiKey('acd')
    expect(fs.readFileSync(path.join(auth.dir, 'api-keys.json'), 'utf8')).not.toContain(secret)
    const a = await checkProducer(post({ authorization: `Bearer ${secret}` }, '[1]'))
    expect(a.ok && a.body).toBe('[1]')
    expect((await checkProducer(post({ 'x-api-key': secret }))).ok).toBe(true)
    const wrong = await checkProducer(post({ 'x-api-key': secret + 'x' }))
    expect(!wrong.ok && wrong.response.status).toBe(401)
    await revokeApiKey(id)
    const revoked = await checkProducer(post({ authorization: `Bearer ${secret}` }))
    expect(!revoked.ok && revoked.response.status).toBe(401)
    if (!revoked.ok) expect((await revoked.response.json()).message).toMatch(/revoked/)
  })

  it('fixed keys from PLATEAU_API_KEYS (name:key or key)', async () => {
    process.env.PLATEAU_API_KEYS = 'acd-paris:0123456789abcdef-paris, fedcba9876543210-anon'
    expect((await checkProducer(post({ 'x-api-key': '0123456789abcdef-paris' })))).toMatchObject({ ok: true, key: { name: 'acd-paris' } })
    expect((await checkProducer(post({ 'x-api-key': 'fedcba9876543210-anon' })))).toMatchObject({ ok: true })
    expect((await checkProducer(post({ 'x-api-key': 'acd-paris' }))).ok).toBe(false)
  })

  it('429 past the per-key burst, with Retry-After; other keys unaffected', async () => {
    process.env.PLATEAU_EVENTS_RATE_PER_SEC = '0.001'
    process.env.PLATEAU_EVENTS_BURST = '3'
    const k1 = await auth.apiKey('one')
    const k2 = await auth.apiKey('two')
    for (let i = 0; i < 3; i++) expect((await checkProducer(post({ 'x-api-key': k1.secret }))).ok).toBe(true)
    const r = await checkProducer(post({ 'x-api-key': k1.secret }))
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.response.status).toBe(429)
    expect(Number(r.response.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await r.response.json()).message).toMatch(/too many requests/)
    expect((await checkProducer(post({ 'x-api-key': k2.secret }))).ok).toBe(true)
  })

  it('per-key limit overrides the default', async () => {
    process.env.PLATEAU_EVENTS_RATE_PER_SEC = '0.001'
    process.env.PLATEAU_EVENTS_BURST = '1'
    const { secret } = await createApiKey({ name: 'big', ratePerSec: 1000, burst: 50 })
    for (let i = 0; i < 20; i++) expect((await checkProducer(post({ 'x-api-key': secret }))).ok).toBe(true)
  })

  it('413 from Content-Length and from a streamed body over the limit', async () => {
    process.env.PLATEAU_EVENTS_MAX_BYTES = '1000'
    const { secret } = await auth.apiKey()
    const declared = await checkProducer(post({ 'x-api-key': secret, 'content-length': '5000' }, 'x'.repeat(10)))
    expect(!declared.ok && declared.response.status).toBe(413)
    const chunk = new TextEncoder().encode('x'.repeat(400))
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent++ < 10) c.enqueue(chunk)
        else c.close()
      },
    })
    const streamed = await checkProducer(post({ 'x-api-key': secret }, stream))
    expect(!streamed.ok && streamed.response.status).toBe(413)
    if (!streamed.ok) expect((await streamed.response.json()).message).toMatch(/larger than 1000 bytes/)
    expect(sent).toBeLessThan(10) // stopped reading early
    const fits = await checkProducer(post({ 'x-api-key': secret }, 'y'.repeat(1000)))
    expect(fits.ok && fits.body.length).toBe(1000)
  })

  it('PLATEAU_AUTH=off accepts producers without a key (demo) but still limits size', async () => {
    process.env.PLATEAU_AUTH = 'off'
    process.env.PLATEAU_EVENTS_MAX_BYTES = '10'
    try {
      expect((await checkProducer(post({}, '[]'))).ok).toBe(true)
      const big = await checkProducer(post({}, 'x'.repeat(11)))
      expect(!big.ok && big.response.status).toBe(413)
    } finally {
      delete process.env.PLATEAU_AUTH
    }
  })
})
