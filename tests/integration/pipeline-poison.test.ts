/**
 * Poison messages on Kafka partitions, through the real broker and the standalone worker: they
 * never stall their partition (the group catches up to the high watermark), offsets are
 * committed only once the good rows before them are stored and the bad ones dead-lettered (also
 * across a kill -9 right after an insert, before its commit), and after restarts nothing is
 * counted twice (events FINAL / distinct ids; dead letters by the data-quality count).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitForGroupCaughtUp } from '../helpers/kafka'
import { generateEvents, toMessage } from '../helpers/contact-events'
import { groupProgress, pipelineSuite, produce, readTopic, type Located, type Msg } from '../helpers/pipeline'
import { queryStore } from '../helpers/worker'
import { DEAD_LETTER_COUNT } from '@/lib/queries/queryDataQuality'

const pipe = pipelineSuite({ adminClientId: 'pipeline-poison-admin', dirPrefix: 'plateau-poison' })
beforeAll(pipe.start)
afterAll(pipe.stop)

const TS = '2026-11-22T10:00:00.000Z'
/** Values that used to stop a partition, or that a producer could send by mistake. */
function poisons(tag: string): Array<{ what: string; value: Buffer | null }> {
  const queued = (extra: string) =>
    `{"v":1,"type":"contact.queued","event_id":"${tag}","ts":"${TS}","center_id":"c1","contact_id":"k-${tag}","channel":"voice","direction":"inbound",${extra}}`
  return [
    { what: 'lone surrogate in a field', value: Buffer.from(queued('"queue_id":"q-\\ud800-lone"')) },
    { what: 'lone surrogate in a malformed item', value: Buffer.from(`["\\ud800 not an event ${tag}"]`) },
    { what: 'invalid UTF-8', value: Buffer.concat([Buffer.from(`{"event_id":"${tag}",`), Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28, 0xed, 0xa0, 0x80])]) },
    { what: 'nested 5,000 deep', value: Buffer.from(queued(`"queue_id":"q1","nested":${'['.repeat(5000)}${']'.repeat(5000)}`)) },
    { what: 'over 64 KiB of extra fields', value: Buffer.from(queued(`"queue_id":"q1","note":"${'x'.repeat(70_000)}"`)) },
    { what: 'control characters in a field name', value: Buffer.from(queued('"queue_id":"q1","\\u0000\\u001b":1,"ts":"not a time"')) },
    { what: 'tombstone (no value)', value: null },
  ]
}

type StoreView = { ids: Set<string>; dead: Set<string>; finalRows: number; distinctIds: number; deadCount: number; deadRows: number }
async function storeView(dir: string): Promise<StoreView> {
  const r = await queryStore<Record<string, string>>(dir, {
    queries: {
      ids: 'SELECT DISTINCT event_id AS id FROM events',
      dead: "SELECT DISTINCT toString(partition) || '/' || toString(offset) AS at FROM dead_letters WHERE source = 'kafka'",
      n: `SELECT (SELECT count() FROM events FINAL) AS final, (SELECT uniqExact(event_id) FROM events) AS ids,
                 (SELECT ${DEAD_LETTER_COUNT} FROM dead_letters) AS dl, (SELECT count() FROM dead_letters) AS dlRows`,
    },
  })
  const n = r.n![0]!
  return {
    ids: new Set(r.ids!.map((x) => x.id!)),
    dead: new Set(r.dead!.map((x) => x.at!)),
    finalRows: Number(n.final),
    distinctIds: Number(n.ids),
    deadCount: Number(n.dl),
    deadRows: Number(n.dlRows),
  }
}

/** Every message below the committed offset of its partition is in the store: good → events, poison → dead_letters at its coordinates. */
function missingBelowCommit(located: Located[], committed: Map<number, bigint>, poisonAt: Set<string>, v: StoreView): string[] {
  const missing: string[] = []
  for (const m of located) {
    if (m.offset >= committed.get(m.partition)!) continue
    const at = `${m.partition}/${m.offset}`
    if (poisonAt.has(at)) {
      if (!v.dead.has(at)) missing.push(`poison ${at}`)
    } else {
      const id = (JSON.parse(m.value!) as { event_id: string }).event_id
      if (!v.ids.has(id)) missing.push(`event ${id} (${at})`)
    }
  }
  return missing
}

describe('poison messages on Kafka partitions (standalone worker)', () => {
  it('never stall a partition; offsets committed only after storing and dead-lettering; restarts count nothing twice', async () => {
    const s = await pipe.setup('poison', 3)
    const N = 3_000
    const events = generateEvents({ events: N, seed: 31, prefix: 'pz' })
    const good = events.map(toMessage)
    // Each poison is keyed like a good event, so it sits in that event's partition, with good events after it.
    const bad = [...poisons('pz-bad-a'), ...poisons('pz-bad-b')]
    const messages: Array<{ key: string; value: Buffer | string | null }> = []
    const step = Math.floor(N / (bad.length + 1))
    good.forEach((m, i) => {
      messages.push(m)
      const b = bad[i / step - 1]
      if (i % step === 0 && b) messages.push({ key: m.key, value: b.value })
    })
    expect(messages.length).toBe(N + bad.length)
    await produce(pipe.brokers, s.topic, messages as unknown as Msg[])
    const located = await readTopic(pipe.brokers, s.topic)
    const poisonAt = new Set(located.filter((m) => m.value === null || !good.some((g) => g.value === m.value)).map((m) => `${m.partition}/${m.offset}`))
    expect(poisonAt.size).toBe(bad.length)
    expect(new Set([...poisonAt].map((a) => a.split('/')[0])).size).toBeGreaterThan(1) // poison on several partitions

    // Crash right after the first acknowledged insert, before its offsets are committed.
    const w1 = await pipe.worker(s, { PLATEAU_FAULT_KILL_AFTER_INSERTS: '1' })
    expect(await w1.exited).toEqual({ code: null, signal: 'SIGKILL' })
    const p1 = await groupProgress(pipe.admin, s.group, s.topic)
    const v1 = await storeView(s.dir)
    expect(missingBelowCommit(located, p1.committed, poisonAt, v1)).toEqual([])
    expect(p1.committedTotal).toBeLessThan(p1.highTotal) // the insert was stored, its commit never happened
    expect(v1.ids.size + v1.dead.size).toBeGreaterThan(0)

    // Restart: the poison does not hold any partition back; everything is committed.
    const w2 = await pipe.worker(s)
    await waitForGroupCaughtUp(pipe.brokers, s.group, s.topic, 90_000)
    expect(await w2.stop()).toEqual({ code: 0, signal: null })
    const p2 = await groupProgress(pipe.admin, s.group, s.topic)
    expect(p2.committedTotal).toBe(p2.highTotal)
    const v2 = await storeView(s.dir)
    expect(missingBelowCommit(located, p2.committed, poisonAt, v2)).toEqual([])

    // Restart again, then one more poison and a good event behind it on the same partition.
    const w3 = await pipe.worker(s)
    const last = generateEvents({ events: 1, seed: 32, prefix: 'pz-last' }).map(toMessage)[0]!
    await produce(pipe.brokers, s.topic, [{ key: last.key, value: poisons('pz-bad-c')[0]!.value!.toString() }, last])
    await waitForGroupCaughtUp(pipe.brokers, s.group, s.topic, 90_000)
    expect(await w3.stop()).toEqual({ code: 0, signal: null })

    const v3 = await storeView(s.dir)
    expect(v3.ids.has(JSON.parse(last.value).event_id)).toBe(true)
    // Counted once: N + 1 events, bad.length + 1 dead letters — though the crash made the worker
    // read some messages twice (raw rows show the redelivery).
    expect(v3.finalRows).toBe(N + 1)
    expect(v3.distinctIds).toBe(N + 1)
    expect(v3.dead.size).toBe(bad.length + 1)
    expect(v3.deadCount).toBe(bad.length + 1)
    console.log(`poison: ${bad.length + 1} dead letters (${v3.deadRows} raw rows), ${N + 1} events; committed ${p1.committedTotal}/${p1.highTotal} at the crash`)
  }, 300_000)
})
