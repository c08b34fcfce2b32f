/**
 * The standalone ingest worker's health port (PLATEAU_WORKER_HEALTH_PORT, ingest/health-server.ts):
 * a real worker process (`node --import tsx ingest/worker.ts`, its own embedded chdb) consuming a
 * real Kafka broker. While every insert fails (the fault seam of tests/helpers/faults.ts: "ClickHouse
 * is down" while a file exists), a fetched event waits and no write succeeds: after
 * PLATEAU_STALL_AFTER_S the port says `stalled` with HTTP 503 — the same rule as /api/health —
 * and `ok` (200) again once the event is stored; nothing lost (read back after the worker exits).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Producer } from 'kafkajs'
import { openProducer, pipelineSuite, until } from '../helpers/pipeline'
import { queryStore, spawnWorker, type WorkerProcess } from '../helpers/worker'

const pipe = pipelineSuite({ adminClientId: 'worker-health-admin', dirPrefix: 'plateau-worker-health' })
let producer: Producer | undefined
beforeAll(async () => {
  await pipe.start()
  producer = await openProducer(pipe.brokers)
}, 180_000)
afterAll(async () => {
  await producer?.disconnect()
  await pipe.stop()
})

const event = (id: string) => ({
  v: 1, type: 'contact.queued', event_id: id, ts: '1999-06-03T10:00:00.000Z', center_id: 'c1', contact_id: `k-${id}`, queue_id: 'q1', channel: 'voice', direction: 'inbound',
})

describe('standalone worker health port', () => {
  it('ok → stalled (503) while its fetched event waits and no write succeeds → ok once stored; nothing lost', async () => {
    const s = await pipe.setup('health', 1)
    const down = path.join(os.tmpdir(), `plateau-worker-health-down-${process.pid}-${Date.now()}`)
    pipe.removeAtStop(down)
    const w: WorkerProcess = spawnWorker({
      brokers: pipe.brokers, dataDir: s.dir, topic: s.topic, group: s.group, name: 'health-worker',
      env: { PLATEAU_WORKER_HEALTH_PORT: '0', PLATEAU_STALL_AFTER_S: '1', PLATEAU_FAULT_INSERT_FILE: down },
    })
    await w.waitFor(/health on port \d+/, 120_000)
    const port = Number(/health on port (\d+)/.exec(w.output())![1])
    const get = async (p = '/health') => {
      const r = await fetch(`http://127.0.0.1:${port}${p}`)
      return { code: r.status, body: await r.json() }
    }
    const send = (id: string) => producer!.send({ topic: s.topic, acks: -1, messages: [{ key: id, value: JSON.stringify(event(id)) }] })

    const first = await get()
    expect(first.code).toBe(200)
    expect(first.body).toMatchObject({ status: 'ok', role: 'ingest-worker', store: { mode: 'embedded', ok: true }, ingest: { buffered: 0, lagSeconds: 0, stallAfterSeconds: 1 } })
    expect((await get('/nope')).code).toBe(404)

    await send('w-before')
    await until('w-before written', 60_000, async () => (await get()).body.ingest.lastWriteAt !== null)
    const lastWrite = (await get()).body.ingest.lastWriteAt as string

    fs.writeFileSync(down, 'while this file exists every insert fails\n')
    const sentAt = Date.now()
    await send('w-stall')
    await until('stalled', 60_000, async () => (await get()).body.status === 'stalled')
    const h = await get()
    expect(h.code).toBe(503)
    expect(h.body.status).toBe('stalled')
    expect(h.body.ingest.buffered).toBe(1)
    expect(h.body.ingest.lastWriteAt).toBe(lastWrite) // no write since
    // Lag = time since this worker received it (bounded by the wall clock this test measured), not since 1999.
    expect(h.body.ingest.lagSeconds).toBeGreaterThan(1)
    expect(h.body.ingest.lagSeconds).toBeLessThanOrEqual((Date.now() - sentAt) / 1000)
    expect(h.body.store.ok).toBe(true) // reads work: stalled, not degraded

    fs.rmSync(down)
    await until('ok again', 60_000, async () => (await get()).code === 200)
    const after = await get()
    expect(after.body).toMatchObject({ status: 'ok', ingest: { buffered: 0, lagSeconds: 0 } })
    expect(Date.parse(after.body.ingest.lastWriteAt)).toBeGreaterThan(sentAt)

    expect(await w.stop()).toEqual({ code: 0, signal: null })
    const r = await queryStore<{ id: string }>(s.dir, { queries: { ids: 'SELECT event_id AS id FROM events ORDER BY id' } })
    expect(r.ids!.map((x) => x.id)).toEqual(['w-before', 'w-stall'])
  }, 300_000)

  it('a bad PLATEAU_WORKER_HEALTH_PORT stops the worker with a clear message (exit 2)', async () => {
    const s = await pipe.setup('health-bad', 1)
    const w = spawnWorker({ brokers: pipe.brokers, dataDir: s.dir, topic: s.topic, group: s.group, name: 'bad-port', env: { PLATEAU_WORKER_HEALTH_PORT: 'http' } })
    expect((await w.exited).code).toBe(2)
    expect(w.output()).toContain('PLATEAU_WORKER_HEALTH_PORT must be a port number 0–65535 (got "http")')
  }, 120_000)
})
