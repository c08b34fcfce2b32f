import { queryRows, storeMode } from '../lib/clickhouse'
import { DEAD_LETTER_COUNT } from '../lib/queries/queryDataQuality'
import { kafkaBrokers, kafkaGroup, kafkaTopic, makeKafka } from '../ingest/kafka'
import { ingestHealth } from '../ingest/health'
import { writeBuffer } from '../ingest/pipeline'
import { sourcesHealth, type SourceHealth } from '../lib/connector-status'
import { historyProgress, type HistoryProgress } from '../simulator/history-progress'

export type HealthStatus = 'ok' | 'stalled' | 'degraded'

export type Health = {
  /** ok; stalled: events wait and no write succeeded for stallAfterSeconds; degraded: store unreachable. */
  status: HealthStatus
  store: { mode: 'embedded' | 'server'; ok: boolean; error?: string }
  ingest: {
    source: 'kafka' | 'in-process'
    /** Newest event time stored (the events' own clock: informative only, not a lag). */
    lastEventTs: string | null
    /** How long the oldest event received by this process and not yet stored has waited (0: none waits). */
    lagSeconds: number
    kafkaLag: number | null
    /** Events (and dead letters) received by this process and not yet stored: buffered, queued or being written. */
    buffered: number
    lastWriteAt: string | null
    stallAfterSeconds: number
    deadLetters: number | null
  }
  /** Connector sources of the configuration (docs/connectors.md): ok false when one is broken or not running. */
  connectors: { ok: boolean; sources: SourceHealth[]; error?: string }
  /** The demo's history fill in this process (absent when none runs): where the admin looks, not the floor's screens. */
  demoHistory?: HistoryProgress
}

export async function getHealth(): Promise<Health> {
  writeBuffer() // this process's write buffer reports what it holds from its creation on
  const now = Date.now()
  const { stalled, ...ingest } = ingestHealth(now)
  const h: Health = {
    status: 'ok',
    store: { mode: storeMode(), ok: true },
    ingest: {
      source: kafkaBrokers().length ? 'kafka' : 'in-process',
      lastEventTs: null,
      lagSeconds: ingest.lagSeconds,
      kafkaLag: null,
      buffered: ingest.buffered,
      lastWriteAt: ingest.lastWriteAt,
      stallAfterSeconds: ingest.stallAfterSeconds,
      deadLetters: null,
    },
    connectors: { ok: true, sources: [] },
  }
  try {
    const [row] = await queryRows<{ last: string | null; dead: string }>(
      `SELECT (SELECT max(ts) FROM events WHERE ts <= now64(3) + INTERVAL 5 MINUTE) AS last,
              (SELECT ${DEAD_LETTER_COUNT} FROM dead_letters) AS dead`,
    )
    h.ingest.lastEventTs = row.last && !row.last.startsWith('1970') ? row.last.replace(' ', 'T') + 'Z' : null
    h.ingest.deadLetters = Number(row.dead)
  } catch (e) {
    h.store.ok = false
    h.store.error = (e as Error).message
  }
  if (h.store.ok) {
    try {
      h.connectors = await sourcesHealth(now)
    } catch (e) {
      h.connectors = { ok: false, sources: [], error: (e as Error).message }
    }
  }
  if (kafkaBrokers().length) h.ingest.kafkaLag = await kafkaLag().catch(() => null)
  const fill = historyProgress()
  if (fill) h.demoHistory = fill
  h.status = !h.store.ok ? 'degraded' : stalled ? 'stalled' : 'ok'
  return h
}

async function kafkaLag(): Promise<number> {
  const admin = makeKafka('plateau-health').admin()
  await admin.connect()
  try {
    const topic = kafkaTopic()
    const [ends, [committed]] = await Promise.all([
      admin.fetchTopicOffsets(topic),
      admin.fetchOffsets({ groupId: kafkaGroup(), topics: [topic] }),
    ])
    let lag = 0
    for (const p of ends) {
      const c = committed.partitions.find((x) => x.partition === p.partition)
      const done = c && Number(c.offset) >= 0 ? Number(c.offset) : Number(p.low)
      lag += Math.max(0, Number(p.high) - done)
    }
    return lag
  } finally {
    await admin.disconnect()
  }
}
