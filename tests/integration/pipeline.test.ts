/**
 * Kafka → ClickHouse pipeline against a real broker (tests/helpers/kafka.ts) and the real
 * standalone worker (`node --import tsx ingest/worker.ts`, its own embedded chdb store):
 * all N counted, duplicates counted once, malformed messages dead-lettered with their reason
 * and Kafka coordinates. Crash / fault tests are in pipeline-faults.test.ts.
 *
 * Every test has its own topic, consumer group and data dir. A store is read only once its
 * worker has exited (chdb binds a data dir to one process), in a short-lived child process.
 * "Counted once" is judged on what the KPIs read: contacts_v (per-contact idempotent
 * aggregates) and count(DISTINCT event_id); the expected figures are computed in JS from the
 * generated events (tests/helpers/contact-events.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitForGroupCaughtUp } from '../helpers/kafka'
import { expectedTotals, generateEvents, toMessage, toTotals, TOTALS_SQL, type Totals } from '../helpers/contact-events'
import { groupProgress, pipelineSuite, produce, readTopic, type Msg } from '../helpers/pipeline'
import { queryStore } from '../helpers/worker'

const pipe = pipelineSuite({ adminClientId: 'pipeline-test-admin', dirPrefix: 'plateau-pipe' })
beforeAll(pipe.start)
afterAll(pipe.stop)
const { setup, worker } = pipe

async function storeTotals(dir: string): Promise<{ totals: Totals; finalRows: number; rawRows: number; deadLetters: number }> {
  const r = await queryStore(dir, {
    queries: {
      totals: TOTALS_SQL,
      raw: 'SELECT count() AS n FROM events',
      final: 'SELECT count() AS n FROM events FINAL',
      dl: 'SELECT count() AS n FROM dead_letters',
    },
  })
  return { totals: toTotals(r.totals![0]!), finalRows: Number(r.final![0]!.n), rawRows: Number(r.raw![0]!.n), deadLetters: Number(r.dl![0]!.n) }
}

describe('Kafka → ClickHouse pipeline (standalone worker, real broker)', () => {
  it('counts all N events: produced before and while the worker runs', async () => {
    const s = await setup('all')
    const N = 20_000
    const events = generateEvents({ events: N, seed: 11, prefix: 'all' })
    await produce(pipe.brokers, s.topic, events.slice(0, N / 2).map(toMessage))
    const w = await worker(s)
    await produce(pipe.brokers, s.topic, events.slice(N / 2).map(toMessage))
    await waitForGroupCaughtUp(pipe.brokers, s.group, s.topic, 60_000)
    expect(await w.stop()).toEqual({ code: 0, signal: null })

    const got = await storeTotals(s.dir)
    const want = expectedTotals(events)
    expect(want.events).toBe(N)
    expect(got.totals).toEqual(want)
    expect(got.finalRows).toBe(N)
    // No fault, no rebalance: every message inserted exactly once, not re-fetched and re-inserted.
    expect(got.rawRows).toBe(N)
    expect(got.deadLetters).toBe(0)
  })

  it('counts duplicates once: 10% of events sent twice, then a whole batch re-produced', async () => {
    const s = await setup('dups')
    const N = 10_000
    const events = generateEvents({ events: N, seed: 12, prefix: 'dup' })
    // Every 10th event is sent a second time, 500 events later (same key → same partition).
    const msgs: Msg[] = []
    const again: Msg[] = []
    events.forEach((e, i) => {
      msgs.push(toMessage(e))
      if (i % 10 === 3) again.push(toMessage(e))
      if (i % 500 === 499) msgs.push(...again.splice(0))
    })
    msgs.push(...again.splice(0))
    expect(msgs.length).toBe(N + N / 10)
    const w = await worker(s)
    await produce(pipe.brokers, s.topic, msgs, 1000)
    await waitForGroupCaughtUp(pipe.brokers, s.group, s.topic, 60_000)
    // A producer retrying a whole batch after it was already consumed and committed.
    const batch = events.slice(2000, 4000).map(toMessage)
    await produce(pipe.brokers, s.topic, batch)
    await waitForGroupCaughtUp(pipe.brokers, s.group, s.topic, 60_000)
    expect(await w.stop()).toEqual({ code: 0, signal: null })

    const p = await groupProgress(pipe.admin, s.group, s.topic)
    expect(p.highTotal).toBe(BigInt(N + N / 10 + 2000)) // the duplicates really went through Kafka
    expect(p.committedTotal).toBe(p.highTotal)
    const got = await storeTotals(s.dir)
    expect(got.totals).toEqual(expectedTotals(events))
    expect(got.totals.events).toBe(N)
    expect(got.finalRows).toBe(N)
  })

  it('dead-letters exactly the 1% malformed messages with reason and topic/partition/offset; ingests the rest', async () => {
    const s = await setup('malformed')
    const N = 20_000
    const good = generateEvents({ events: N - 200, seed: 13, prefix: 'mal' })
    const valid = good[0]! as Record<string, unknown>
    const future = () => new Date(Date.now() + 3_600_000).toISOString()
    // [value, expected reason] — three families: invalid JSON, schema violations, future timestamps.
    const bad: Array<[string | null, RegExp]> = []
    for (let i = 0; bad.length < 199; i++) {
      const id = `bad-${i}`
      const kinds: Array<[string | null, RegExp]> = [
        [`{"event_id":"${id}","type":"contact.queued"`, /^invalid JSON/],
        [`not json ${id}`, /^invalid JSON/],
        [JSON.stringify({ ...valid, event_id: id, channel: 'fax', type: 'contact.queued', contact_id: id, queue_id: 'q', direction: 'inbound' }), /^channel: /],
        [JSON.stringify({ ...valid, event_id: id, v: 2 }), /^v: /],
        [JSON.stringify({ event_id: id, type: 'contact.ended', ts: '2026-06-01T10:00:00Z', center_id: 'c', v: 1, contact_id: id, agent_id: 'a', talk_s: -5, hold_s: 0 }), /^talk_s: /],
        [JSON.stringify({ ...valid, event_id: id, ts: '2026-06-01T10:00:00' }), /^ts: Invalid ISO datetime/],
        [JSON.stringify({ ...valid, event_id: id, type: 'contact.teleported' }), /^type: /],
        [JSON.stringify({ event_id: id, type: 'agent.state', ts: '2026-06-01T10:00:00Z', center_id: 'c', v: 1, state: 'dancing', agent_id: 'a' }), /^state: /],
        [JSON.stringify([id]), /expected object/],
        [JSON.stringify({ ...valid, event_id: id, ts: future() }), /^ts: more than 5 minutes in the future/],
        [JSON.stringify({ event_id: id, type: 'agent.state', ts: future(), center_id: 'c', v: 1, state: 'break', agent_id: 'a' }), /^ts: more than 5 minutes in the future/],
      ]
      bad.push(kinds[i % kinds.length]!)
    }
    bad.push([null, /^invalid JSON/]) // and a tombstone (no value)
    // Spread the bad ones evenly through the good ones.
    const msgs: Msg[] = []
    const step = Math.floor(good.length / bad.length)
    good.forEach((e, i) => {
      msgs.push(toMessage(e))
      if (i % step === step - 1 && i / step < bad.length) {
        const [value] = bad[Math.floor(i / step)]!
        msgs.push({ key: `k-${i}`, value })
      }
    })
    expect(msgs.length).toBe(N)
    await produce(pipe.brokers, s.topic, msgs)
    const w = await worker(s)
    await waitForGroupCaughtUp(pipe.brokers, s.group, s.topic, 60_000)
    expect(await w.stop()).toEqual({ code: 0, signal: null })

    // Where each bad message really landed, read back from Kafka.
    const located = await readTopic(pipe.brokers, s.topic)
    expect(located.length).toBe(N)
    const goodValues = new Set(good.map((e) => JSON.stringify(e)))
    const expectedDead = located.filter((m) => m.value === null || !goodValues.has(m.value))
    expect(expectedDead.length).toBe(200)
    const reasonFor = new Map(bad.map(([v, re]) => [v ?? '', re]))

    const r = await queryStore(s.dir, {
      queries: { dl: 'SELECT source, topic, partition, toString(offset) AS offset, raw, reason FROM dead_letters' },
    })
    const dl = r.dl as Array<{ source: string; topic: string; partition: number; offset: string; raw: string; reason: string }>
    expect(dl.length).toBe(200)
    expect(dl.map((d) => `${d.partition}/${d.offset}`).sort()).toEqual(expectedDead.map((m) => `${m.partition}/${m.offset}`).sort())
    const byCoord = new Map(expectedDead.map((m) => [`${m.partition}/${m.offset}`, m]))
    for (const d of dl) {
      const m = byCoord.get(`${d.partition}/${d.offset}`)!
      expect(d.source).toBe('kafka')
      expect(d.topic).toBe(s.topic)
      expect(d.raw).toBe(m.value ?? '')
      expect(d.reason).toMatch(reasonFor.get(d.raw)!)
    }
    const got = await storeTotals(s.dir)
    expect(got.totals).toEqual(expectedTotals(good))
    expect(got.finalRows).toBe(N - 200)
  })
})
