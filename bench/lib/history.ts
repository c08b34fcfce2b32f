/**
 * Simulator history straight into an embedded store, for the report benchmark: runs the
 * simulator (fast-forward, default scenario, all centers) and inserts its events with
 * received_at = ts + 1 s (as if they had been ingested live), in batches.
 * The store is reused when it already holds this history (marker file).
 */
import fs from 'node:fs'
import path from 'node:path'

export type HistoryInfo = { days: number; from: string; to: string; events: number; loadSeconds: number; reused: boolean }

export async function ensureHistory(dataDir: string, days: number, fromMs: number, endMs: number, log: (m: string) => void): Promise<HistoryInfo> {
  const marker = path.join(dataDir, `.bench-history-${days}d.json`)
  process.env.PLATEAU_DATA_DIR = dataDir
  delete process.env.CLICKHOUSE_URL
  const { migrate } = await import('../../lib/migrate')
  await migrate()
  if (fs.existsSync(marker)) return { ...(JSON.parse(fs.readFileSync(marker, 'utf8')) as HistoryInfo), reused: true }

  const { loadScenario, DEFAULT_SCENARIO_PATH } = await import('../../simulator/scenario')
  const { run } = await import('../../simulator/runner')
  const { eventLine } = await import('../../ingest/rows')
  const { insertBatch } = await import('../../ingest/sink')
  const { validateEvent } = await import('../../lib/contract/events')
  const scenario = loadScenario(process.env.PLATEAU_SCENARIO ?? DEFAULT_SCENARIO_PATH)
  const from = fromMs
  const t0 = Date.now()
  let events = 0
  let lastLog = 0
  const sink = {
    name: 'clickhouse-direct',
    delivered: 0,
    rejected: 0,
    async write(batch: unknown[]) {
      const rows = []
      for (const x of batch) {
        const v = validateEvent(typeof x === 'string' ? JSON.parse(x) : x, endMs + 60_000)
        if (!v.ok) {
          this.rejected++
          continue
        }
        rows.push(eventLine(v.event, Date.parse(v.event.ts) + 1000))
      }
      await insertBatch({ events: rows, deadLetters: [] })
      this.delivered += rows.length
      events += rows.length
      if (Date.now() - lastLog > 10_000) {
        lastLog = Date.now()
        log(`history: ${events.toLocaleString('en')} events loaded (${Math.round((Date.now() - t0) / 1000)} s)`)
      }
    },
    async close() {},
  }
  await run({ scenario, seed: scenario.seed ?? 1, from, to: endMs, speed: 'max', sink: sink as never, batchSize: 100_000, clock: () => endMs + 3_600_000 })
  const { refreshContactFacts } = await import('../../lib/queries/refreshContactFacts')
  await refreshContactFacts()
  const info: HistoryInfo = {
    days,
    from: new Date(from).toISOString(),
    to: new Date(endMs).toISOString(),
    events,
    loadSeconds: Math.round((Date.now() - t0) / 100) / 10,
    reused: false,
  }
  fs.writeFileSync(marker, JSON.stringify(info))
  return info
}
