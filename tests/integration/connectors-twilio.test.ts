/**
 * POST /api/connectors/twilio/{center} on a real embedded store: TaskRouter callbacks signed as
 * Twilio signs them (HMAC-SHA1 of URL + sorted params, computed here by hand with node:crypto),
 * missing and forged signatures (403, nothing stored), a retried delivery counted once.
 */
import { createHmac } from 'node:crypto'
import { NextRequest } from 'next/server'
import { beforeAll, describe, expect, it } from 'vitest'
import { freshStore } from '../helpers/store'

const TOKEN = 'twilio-test-token'
const URL_ = 'http://plateau.test/api/connectors/twilio/tw1'
let POST: (req: NextRequest, ctx: { params: Promise<{ center: string }> }) => Promise<Response>
let queryRows: typeof import('@/lib/clickhouse').queryRows

const sign = (params: Record<string, string>, token = TOKEN) =>
  createHmac('sha1', token).update(URL_ + Object.keys(params).sort().map((k) => k + params[k]).join('')).digest('base64')

const call = (params: Record<string, string>, signature?: string) => {
  const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded' })
  if (signature !== undefined) headers.set('x-twilio-signature', signature)
  return POST(new NextRequest(URL_, { method: 'POST', headers, body: new URLSearchParams(params).toString() }), { params: Promise.resolve({ center: 'tw1' }) })
}
const stored = async () => {
  const [r] = await queryRows<{ n: string }>(`SELECT count() AS n FROM events FINAL WHERE center_id = 'tw1'`)
  return Number(r!.n)
}
const queued = { Sid: 'EV0001', EventType: 'task.queue.entered', Timestamp: String(Math.floor(Date.now() / 1000) - 60), TaskSid: 'WT1', TaskQueueName: 'sales', TaskChannelUniqueName: 'voice', TaskAttributes: '{"direction":"inbound"}' }

beforeAll(async () => {
  await freshStore('plateau-twilio-')
  process.env.TWILIO_AUTH_TOKEN = TOKEN
  process.env.PLATEAU_FLUSH_MS = '10'
  ;({ POST } = await import('@/app/api/connectors/twilio/[center]/route'))
  ;({ queryRows } = await import('@/lib/clickhouse'))
})

describe('Twilio TaskRouter callbacks', () => {
  it('missing or forged signatures get 403 and store nothing', async () => {
    expect((await call(queued)).status).toBe(403)
    expect((await call(queued, sign(queued, 'another-token'))).status).toBe(403)
    expect((await call({ ...queued, TaskQueueName: 'other' }, sign(queued))).status).toBe(403) // a parameter changed after signing
    expect((await call(queued, 'not-base64')).status).toBe(403)
    expect(await stored()).toBe(0)
  })

  it('a signed callback is stored; its retried delivery is counted once', async () => {
    const r = await call(queued, sign(queued))
    expect(r.status).toBe(200)
    expect(await r.json()).toMatchObject({ accepted: 1, rejected: 0 })
    const again = await call(queued, sign(queued))
    expect(again.status).toBe(200)
    expect(await stored()).toBe(1)
    const [c] = await queryRows<{ n: string }>(`SELECT count() AS n FROM contacts_v WHERE center_id = 'tw1'`)
    expect(Number(c!.n)).toBe(1)
  })

  it('a signed but unusable callback is kept in dead_letters (200: a retry would not fix it)', async () => {
    const bad = { Sid: 'EV0002', EventType: 'task.canceled', Timestamp: 'yesterday', TaskSid: 'WT2' }
    const r = await call(bad, sign(bad))
    expect(r.status).toBe(200)
    expect(await r.json()).toMatchObject({ accepted: 0, rejected: 1 })
    const [d] = await queryRows<{ n: string }>(`SELECT count() AS n FROM dead_letters WHERE source = 'twilio'`)
    expect(Number(d!.n)).toBe(1)
  })
})
