/**
 * Crashes and faults of the standalone ingest worker against a real broker and its embedded
 * store: kill -9 mid-stream then restart, injected insert failures (30%, half of them after
 * the insert = lost acknowledgement), SIGTERM mid-stream, ClickHouse "down" for a while.
 * In every case each produced event must be counted exactly once by the KPI tables.
 *
 * To check "offsets are committed only after ClickHouse acknowledged" precisely, the topic is
 * read back with partition/offset of every event and compared with the committed offsets at
 * the moment the worker died or stopped.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitForGroupCaughtUp } from '../helpers/kafka'
import { expectedTotals, generateEvents, toMessage, toTotals, TOTALS_SQL, type Totals } from '../helpers/contact-events'
import { groupMembers, groupProgress, openProducer, pipelineSuite, produce, produceStream, readTopic, until, type GroupProgress } from '../helpers/pipeline'
import { queryStore, type WorkerProcess } from '../helpers/worker'

// A short session timeout for every worker, so a restarted worker doesn't wait 30 s for its dead predecessor.
const pipe = pipelineSuite({ adminClientId: 'pipeline-faults-admin', dirPrefix: 'plateau-faults', workerEnv: { KAFKA_SESSION_TIMEOUT_MS: '6000' } })
beforeAll(pipe.start)
afterAll(pipe.stop)
const { setup, worker } = pipe

async function storeTotals(dir: string): Promise<{ totals: Totals; finalRows: number; rawRows: number }> {
  const r = await queryStore(dir, {
    queries: { totals: TOTALS_SQL, final: 'SELECT count() AS n FROM events FINAL', raw: 'SELECT count() AS n FROM events' },
  })
  return { totals: toTotals(r.totals![0]!), finalRows: Number(r.final![0]!.n), rawRows: Number(r.raw![0]!.n) }
}

async function storedIds(dir: string): Promise<Set<string>> {
  const r = await queryStore<{ id: string }>(dir, { queries: { ids: 'SELECT DISTINCT event_id AS id FROM events' } })
  return new Set(r.ids!.map((x) => x.id))
}

/** event_ids of the messages below the committed offset of their partition. */
async function committedIds(topic: string, committed: Map<number, bigint>): Promise<{ below: Set<string>; all: number }> {
  const located = await readTopic(pipe.brokers, topic)
  const below = new Set<string>()
  for (const m of located) if (m.offset < committed.get(m.partition)!) below.add((JSON.parse(m.value!) as { event_id: string }).event_id)
  return { below, all: located.length }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('ingest worker under crashes and faults', () => {
  it('kill -9 mid-stream, and again right after an insert before its commit; restart → every event counted exactly once', async () => {
    const s = await setup('kill9')
    const N = 30_000
    const events = generateEvents({ events: N, seed: 21, prefix: 'k9' })
    const w1 = await worker(s)
    const producer = await openProducer(pipe.brokers)
    let killed: Promise<unknown> | undefined
    const someCommitted = async () => (await groupProgress(pipe.admin, s.group, s.topic)).committedTotal > 0n
    try {
      // 10k events/s; once some offsets are committed (and while events keep coming), kill -9.
      await produceStream(producer, s.topic, events.map(toMessage), {
        perTick: 500,
        tickMs: 50,
        onTick: async (sent) => {
          if (!killed && sent >= N * 0.3 && (await someCommitted())) killed = w1.kill9()
        },
      })
    } finally {
      await producer.disconnect()
    }
    // (On a very slow machine the first commit may come after the last event: kill it then,
    // still before it has committed everything — checked below.)
    if (!killed) await until('a first commit', 60_000, someCommitted, 20).then(() => (killed = w1.kill9()))
    expect(await w1.exited).toEqual({ code: null, signal: 'SIGKILL' })
    const atKill: GroupProgress = await groupProgress(pipe.admin, s.group, s.topic) // final: nobody else consumes
    expect(atKill.committedTotal).toBeGreaterThan(0n)
    expect(atKill.committedTotal).toBeLessThan(BigInt(N))

    // Commit only after the store acknowledged: everything below the committed offsets is stored.
    const stored = await storedIds(s.dir)
    const { below } = await committedIds(s.topic, atKill.committed)
    expect([...below].filter((id) => !stored.has(id))).toEqual([])
    const uncommittedButStored = [...stored].filter((id) => !below.has(id)).length
    console.log(`kill -9: committed ${atKill.committedTotal}/${N}, stored ${stored.size} (${uncommittedButStored} stored but not committed → redelivered)`)

    // Second crash, at the worst moment: right after an insert was acknowledged, before its
    // offsets are committed (test hook in ingest/sink.ts). Those events are stored and will be
    // delivered again.
    const w2 = await worker(s, { PLATEAU_FAULT_KILL_AFTER_INSERTS: '1' })
    expect(await w2.exited).toEqual({ code: null, signal: 'SIGKILL' })
    const at2 = await groupProgress(pipe.admin, s.group, s.topic)
    const stored2 = await storedIds(s.dir)
    const committed2 = (await committedIds(s.topic, at2.committed)).below
    expect([...committed2].filter((id) => !stored2.has(id))).toEqual([])
    expect(stored2.size).toBeGreaterThan(committed2.size) // stored, not committed → redelivered below
    expect(at2.committedTotal).toBeLessThan(BigInt(N))

    const w3 = await worker(s)
    await waitForGroupCaughtUp(pipe.brokers, s.group, s.topic, 90_000)
    expect(await w3.stop()).toEqual({ code: 0, signal: null })
    const got = await storeTotals(s.dir)
    console.log(`kill -9 after an acknowledged insert: ${stored2.size - committed2.size} events stored but not committed, delivered again; raw rows ${got.rawRows}`)
    expect(got.totals).toEqual(expectedTotals(events))
    expect(got.finalRows).toBe(N)
  })

  it('injected insert failures (30%, half after the insert) → retried, nothing lost, nothing doubled', async () => {
    const s = await setup('fault30')
    const N = 20_000
    const EXTRA = 1_000
    const all = generateEvents({ events: N + 10 * EXTRA, seed: 22, prefix: 'f30' })
    let produced = N
    const w = await worker(s, { PLATEAU_FAULT_INSERT: '0.3' })
    const count = (re: RegExp) => w.output().match(re)?.length ?? 0
    const failedBefore = () => count(/injected insert failure \(before insert\)/g)
    const failedAfter = () => count(/injected insert failure \(after insert, acknowledgement lost\)/g)
    const producer = await openProducer(pipe.brokers)
    try {
      // Small, frequent requests → many batches → many insert attempts (~50 for 20k events).
      await produceStream(producer, s.topic, all.slice(0, N).map(toMessage), { perTick: 200, tickMs: 20 })
      await waitForGroupCaughtUp(pipe.brokers, s.group, s.topic, 90_000)
      // Both failure kinds must have happened; with ~50 attempts at 15% each that is all but
      // certain, but Math.random decides: if one kind is missing, feed more until it shows up.
      while ((failedBefore() === 0 || failedAfter() === 0) && produced < all.length) {
        await produceStream(producer, s.topic, all.slice(produced, produced + EXTRA).map(toMessage), { perTick: 100, tickMs: 20 })
        produced += EXTRA
        await waitForGroupCaughtUp(pipe.brokers, s.group, s.topic, 90_000)
      }
    } finally {
      await producer.disconnect()
    }
    expect(await w.stop()).toEqual({ code: 0, signal: null })
    expect(failedBefore()).toBeGreaterThan(0)
    expect(failedAfter()).toBeGreaterThan(0) // stored, not acknowledged, written again
    const got = await storeTotals(s.dir)
    console.log(
      `faults: ${failedBefore()} failed before insert, ${failedAfter()} after insert; ${produced} events; ` +
        `raw rows ${got.rawRows} (duplicates not yet merged away), distinct ${got.totals.events}`,
    )
    const events = all.slice(0, produced)
    expect(got.totals).toEqual(expectedTotals(events))
    expect(got.finalRows).toBe(produced)
  })

  it('SIGTERM mid-stream → finishes the batch in flight, commits exactly what it stored, exits 0', async () => {
    const s = await setup('sigterm')
    const N = 30_000
    const events = generateEvents({ events: N, seed: 23, prefix: 'st' })
    const w1 = await worker(s)
    const producer = await openProducer(pipe.brokers)
    let stopped: Promise<unknown> | undefined
    const someCommitted = async () => (await groupProgress(pipe.admin, s.group, s.topic)).committedTotal > 0n
    try {
      await produceStream(producer, s.topic, events.map(toMessage), {
        perTick: 500,
        tickMs: 50,
        onTick: async (sent) => {
          if (!stopped && sent >= N * 0.4 && (await someCommitted())) stopped = w1.stop()
        },
      })
    } finally {
      await producer.disconnect()
    }
    if (!stopped) await until('a first commit', 60_000, someCommitted, 20).then(() => (stopped = w1.stop()))
    expect(await stopped).toEqual({ code: 0, signal: null })
    const atStop = await groupProgress(pipe.admin, s.group, s.topic)
    expect(atStop.committedTotal).toBeGreaterThan(0n)
    expect(atStop.committedTotal).toBeLessThan(BigInt(N))
    // Flushed and committed: the store holds exactly the events below the committed offsets —
    // nothing stored without its commit, nothing committed without being stored.
    const stored = await storedIds(s.dir)
    const { below } = await committedIds(s.topic, atStop.committed)
    expect(stored.size).toBe(below.size)
    expect([...below].filter((id) => !stored.has(id))).toEqual([])

    // The next worker resumes from there; once caught up, SIGTERM leaves committed == high watermark.
    const w2 = await worker(s)
    await waitForGroupCaughtUp(pipe.brokers, s.group, s.topic, 60_000)
    expect(await w2.stop()).toEqual({ code: 0, signal: null })
    const end = await groupProgress(pipe.admin, s.group, s.topic)
    expect(end.committed).toEqual(end.high)
    const got = await storeTotals(s.dir)
    expect(got.totals).toEqual(expectedTotals(events))
    expect(got.rawRows).toBe(N) // no redelivery at all: the hand-over was exact
  })

  it('ClickHouse unavailable for a while → retries with backoff, stays in the group, no crash, loses nothing', async () => {
    const s = await setup('outage')
    const N = 10_000
    const events = generateEvents({ events: N, seed: 24, prefix: 'out' })
    const down = path.join(os.tmpdir(), `plateau-outage-${process.pid}-${Date.now()}`)
    pipe.removeAtStop(down)
    fs.writeFileSync(down, 'while this file exists every insert fails\n')
    const w: WorkerProcess = await worker(s, { PLATEAU_FAULT_INSERT_FILE: down })
    let exited = false
    void w.exited.then(() => (exited = true))
    await produce(pipe.brokers, s.topic, events.map(toMessage))
    await sleep(6_000)

    expect(exited).toBe(false) // no crash (loop)
    const during = await groupProgress(pipe.admin, s.group, s.topic)
    expect(during.committedTotal).toBe(0n) // nothing acknowledged → nothing committed
    const g = await groupMembers(pipe.admin, s.group, s.topic)
    expect(g.state).toBe('Stable') // still heartbeating while it retries
    expect(g.members.map((m) => m.partitions)).toEqual([[0, 1, 2, 3, 4, 5]])
    const delays = [...w.output().matchAll(/insert failed \(attempt \d+, retry in (\d+) ms\): injected outage/g)].map((m) => Number(m[1]))
    expect(delays.length).toBeGreaterThanOrEqual(4)
    expect(Math.max(...delays)).toBeGreaterThanOrEqual(1600) // backing off, not hammering

    fs.rmSync(down)
    const t0 = Date.now()
    await waitForGroupCaughtUp(pipe.brokers, s.group, s.topic, 30_000)
    console.log(`outage: ${delays.length} failed attempts in 6 s (max backoff ${Math.max(...delays)} ms); caught up ${Date.now() - t0} ms after recovery`)
    expect(await w.stop()).toEqual({ code: 0, signal: null })
    const got = await storeTotals(s.dir)
    expect(got.totals).toEqual(expectedTotals(events))
    expect(got.finalRows).toBe(N)
  })
})
