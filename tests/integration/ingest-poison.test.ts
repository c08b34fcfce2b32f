/**
 * Poison input through the in-process pipeline (HTTP body splitting of POST /api/events, then
 * ingestLines → write buffer → sink) on a real embedded chdb store: values ClickHouse cannot
 * store are rejected per line, a batch the store refuses for its data is bisected (good rows
 * stored, refused rows dead-lettered), and the next good event is always stored.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { freshStore } from '../helpers/store'

delete process.env.KAFKA_BROKERS
let ingestLines: typeof import('@/ingest/pipeline').ingestLines
let splitBody: typeof import('@/app/api/events/route').splitBody
let queryRows: typeof import('@/lib/clickhouse').queryRows

beforeAll(async () => {
  await freshStore('plateau-poison-')
  ;({ ingestLines } = await import('@/ingest/pipeline'))
  ;({ splitBody } = await import('@/app/api/events/route'))
  ;({ queryRows } = await import('@/lib/clickhouse'))
})

const TS = '2026-11-22T10:00:00.000Z'
const queued = (id: string, extra: Record<string, unknown> = {}) => ({
  v: 1, type: 'contact.queued', event_id: id, ts: TS, center_id: 'c1', contact_id: `k-${id}`, queue_id: 'q1', channel: 'voice', direction: 'inbound', ...extra,
})
/** Never waits forever: a stalled pipeline fails the test instead of hanging it. */
const within = <T>(p: Promise<T>, ms = 20_000) =>
  Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`pipeline stalled (> ${ms} ms)`)), ms))])
const post = (body: string) => within(ingestLines(splitBody(body), 'http'))
const stored = async (id: string) => Number((await queryRows<{ n: string }>('SELECT count() AS n FROM events WHERE event_id = {id:String}', { id }))[0]!.n)
const dead = async (like: string) =>
  queryRows<{ raw: string; reason: string; offset: string }>('SELECT raw, reason, offset FROM dead_letters WHERE raw LIKE {like:String} ORDER BY offset', { like })

describe('poison input never stalls the in-process pipeline', () => {
  it('rejects a lone surrogate in a field with a reason, stores the good line of the same request and the next event', async () => {
    const body = `{"v":1,"type":"contact.queued","event_id":"sur-1","ts":"${TS}","center_id":"c1","contact_id":"k1","queue_id":"q-\\ud800-lone","channel":"voice","direction":"inbound"}\n${JSON.stringify(queued('sur-ok'))}`
    const r = await post(body)
    expect(r.accepted).toBe(1)
    expect(r.errors).toEqual([{ line: 1, reason: expect.stringMatching(/queue_id: contains a lone UTF-16 surrogate/) }])
    expect(await stored('sur-ok')).toBe(1)
    const dl = await dead('%sur-1%')
    expect(dl).toHaveLength(1)
    expect(dl[0]!.raw).toContain('q-\\ud800-lone') // the raw line as sent (JSON text: an escape)
    expect((await post(JSON.stringify(queued('sur-next')))).accepted).toBe(1)
    expect(await stored('sur-next')).toBe(1)
  })

  it('dead-letters a malformed item holding a lone surrogate (escaped), then ingests the next event', async () => {
    const r = await post('["\\ud800 not an event"]')
    expect(r.rejected).toBe(1)
    const dl = await dead('%not an event%')
    expect(dl).toHaveLength(1)
    expect(dl[0]!.raw).toBe('\\uD800 not an event') // lone surrogate stored as the six characters \uD800
    expect((await post(JSON.stringify(queued('mal-next')))).accepted).toBe(1)
    expect(await stored('mal-next')).toBe(1)
  })

  it('rejects lines nested 5,000 deep (array item, extra field) with a per-line reason; good lines stored', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000)
    const body = `[${deep}, ${JSON.stringify(queued('deep-ok'))}, ${JSON.stringify(queued('deep-x')).slice(0, -1)}, "nested": ${deep}}]`
    const r = await post(body)
    expect(r.accepted).toBe(1)
    expect(r.errors.map((e) => e.line)).toEqual([1, 3])
    for (const e of r.errors) expect(e.reason).toMatch(/nested deeper than 16 levels/)
    expect(await stored('deep-ok')).toBe(1)
  })

  it('rejects an event whose extra fields are too large', async () => {
    const r = await post(JSON.stringify([queued('big-x', { note: 'x'.repeat(70_000) }), queued('big-ok')]))
    expect(r.errors).toEqual([{ line: 1, reason: expect.stringMatching(/larger than 65536/) }])
    expect(await stored('big-ok')).toBe(1)
  })

  it('accepts one pretty-printed JSON object', async () => {
    const r = await post(JSON.stringify(queued('pretty-1'), null, 2))
    expect(r).toEqual({ accepted: 1, rejected: 0, errors: [] })
    expect(await stored('pretty-1')).toBe(1)
  })

  it('counts 33 identical rejected lines as 33 dead letters', async () => {
    const { DEAD_LETTER_COUNT } = await import('@/lib/queries/queryDataQuality')
    const count = async () => Number((await queryRows<{ n: string }>(`SELECT ${DEAD_LETTER_COUNT} AS n FROM dead_letters`))[0]!.n)
    const before = await count()
    const r = await post(Array.from({ length: 33 }, () => '{"same": "bad line"}').join('\n'))
    expect(r.rejected).toBe(33)
    expect((await count()) - before).toBe(33)
  })

  it('bisects a batch the store refuses for its data: refused rows dead-lettered (base64), all others stored', async () => {
    const { writeBatch } = await import('@/ingest/sink')
    const { eventLine, deadLetter } = await import('@/ingest/rows')
    const { validateEvent } = await import('@/lib/contract/events')
    type Event = Parameters<typeof eventLine>[0]
    const events = Array.from({ length: 40 }, (_, i) => {
      const v = validateEvent(queued(`bis-${i}`))
      if (!v.ok) throw new Error(v.reason)
      return v.event
    })
    // Events that bypassed validation (as a future validator gap would): the store refuses them.
    events[7] = { ...events[7]!, queue_id: 'q-\ud800' } as Event
    events[31] = { ...events[31]!, customer_id: 'c-\udbff' } as Event
    const rows = events.map((e) => eventLine(e, Date.now()))
    const dl = { ...deadLetter('bis-dl-good', 'r', { source: 'test' }) }
    const badDl = { ...deadLetter('bis-dl-bad', 'r', { source: 'test' }), raw: 'bis-dl-bad \ud800' }
    const logs: string[] = []
    await within(writeBatch({ events: rows, deadLetters: [dl, badDl] }, { log: (m) => logs.push(m) }))
    const ids = (await queryRows<{ id: string }>("SELECT event_id AS id FROM events WHERE event_id LIKE 'bis-%'")).map((r) => r.id)
    expect(new Set(ids).size).toBe(38)
    expect(ids).not.toContain('bis-7')
    expect(ids).not.toContain('bis-31')
    const refused = await queryRows<{ raw: string; reason: string }>("SELECT raw, reason FROM dead_letters WHERE reason LIKE 'store refused%'")
    const decoded = refused.map((r) => Buffer.from(r.raw.replace(/^base64:/, ''), 'base64').toString('utf8'))
    expect(decoded.filter((d) => d.includes('"bis-7"') || d.includes('"bis-31"'))).toHaveLength(2)
    expect(decoded.some((d) => d.startsWith('bis-dl-bad'))).toBe(true)
    expect(await dead('bis-dl-good')).toHaveLength(1)
    expect(logs.some((l) => /isolating/.test(l))).toBe(true)
  })
})
