/**
 * The demo's queue_log center: one simulated day of a voice queue, sent once as v1 events and
 * once as the queue_log the PBX would have written (simulator/queue-log.ts), followed by the
 * queue_log connector into a real embedded store. Every KPI queue_log carries must be equal;
 * the ones it lacks show "no data" (hold, ACW, AHT) and talk is talk + hold (the calltime).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { kpiStore, insert, values } from './kpi-fixtures'
import { until } from '../helpers/pipeline'
import { collect, oneQueueScenario } from '@/simulator/testkit'
import { QueueLogFileSink } from '@/simulator/queue-log'
import type { PlateauEvent } from '@/lib/contract/events'

const DAY_FROM = Date.parse('2026-11-10T00:00:00+01:00')
const DAY_TO = Date.parse('2026-11-11T00:00:00+01:00')
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-demo-ql-'))
const file = path.join(dir, 'queue_log')
let getKpis: typeof import('@/lib/queries/getKpis').getKpis
let v1: PlateauEvent[] = []

const kpisOf = async (center: string) => {
  const r = await getKpis({ window: { kind: 'custom', from: DAY_FROM, to: DAY_TO }, filters: { centers: [center] }, now: DAY_TO + 3_600_000, maxLagMs: 0 }, null)
  return values(r.rows[0]!)
}

beforeAll(async () => {
  await kpiStore(`
version: 1
defaults: { timezone: Europe/Paris }
centers:
  - { id: v1, name: Same traffic as v1, reportingLine: customer_service, sourcing: in_house }
  - { id: test-center, name: Same traffic as queue_log, reportingLine: customer_service, sourcing: in_house }
`)
  ;({ getKpis } = await import('@/lib/queries/getKpis'))
  // 08:00–20:00 Paris, every contact done well before midnight: both paths see the same day.
  const { events } = collect(oneQueueScenario({ volume: 400, agents: 6, talk: { mean: 200, cv: 0.5 }, acw: { mean: 20, cv: 0.5 } }), DAY_FROM, DAY_TO, 7)
  expect(events.length).toBeGreaterThan(1000)
  const sink = new QueueLogFileSink('test-center', file)
  expect(sink.take(events)).toEqual([]) // every event of the center went to the file
  v1 = events.map((e) => ({ ...e, center_id: 'v1', event_id: `v1-${e.event_id}` }))
  for (let i = 0; i < v1.length; i += 5000) await insert(v1.slice(i, i + 5000))
  const { QueueLogFollower } = await import('@/ingest/connectors/queue-log/follow')
  const f = new QueueLogFollower({ center: 'test-center', file, checkpoint: path.join(dir, 'cp.json') })
  const run = f.run()
  await until('queue_log read to the end', 120_000, () => {
    try {
      return JSON.parse(fs.readFileSync(path.join(dir, 'cp.json'), 'utf8')).offset === fs.statSync(file).size
    } catch {
      return false
    }
  })
  f.stop()
  await run
  expect(f.status.totals.rejected).toBe(0)
}, 300_000)

describe('demo center through queue_log = the same traffic as v1 events', () => {
  it('volumes, speed, service level, handled, transfers are equal', async () => {
    const [a, b] = [await kpisOf('v1'), await kpisOf('test-center')]
    expect(a.offered).toBeGreaterThan(100)
    for (const k of ['offered', 'answered', 'abandoned', 'short_abandons', 'handled'] as const) expect(b[k], k).toBe(a[k])
    for (const k of ['asa', 'service_level', 'max_wait', 'answer_rate', 'abandonment_rate', 'transfer_rate'] as const) expect(b[k], k).toBeCloseTo(a[k] as number, 6)
  })
  it('talk from the calltime = talk + hold; hold, ACW and AHT are "no data"', async () => {
    const [a, b] = [await kpisOf('v1'), await kpisOf('test-center')]
    expect(b.avg_talk).toBeCloseTo((a.avg_talk as number) + (a.avg_hold as number), 3)
    expect(a.avg_acw).toBeGreaterThan(0)
    expect(b.avg_hold).toBeNull()
    expect(b.avg_acw).toBeNull()
    expect(b.aht).toBeNull()
  })
})
