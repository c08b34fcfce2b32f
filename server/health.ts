import { queryRows, storeMode } from '../lib/clickhouse'
import { DEAD_LETTER_COUNT } from '../lib/queries/queryDataQuality'
import { kafkaBrokers, kafkaGroup, kafkaTopic, makeKafka } from '../ingest/kafka'
import { ingestStats } from '../ingest/stats'
import { writeBuffer } from '../ingest/pipeline'

export type Health = {
  store: { mode: 'embedded' | 'server'; ok: boolean; error?: string }
  ingest: {
    source: 'kafka' | 'in-process'
    lastEventTs: string | null
    lagSeconds: number | null
    kafkaLag: number | null
    buffered: number
    lastWriteAt: string | null
    deadLetters: number | null
  }
}

export async function getHealth(): Promise<Health> {
  const h: Health = {
    store: { mode: storeMode(), ok: true },
    ingest: {
      source: kafkaBrokers().length ? 'kafka' : 'in-process',
      lastEventTs: null,
      lagSeconds: null,
      kafkaLag: null,
      buffered: writeBuffer().pending,
      lastWriteAt: null,
      deadLetters: null,
    },
  }
  try {
    const [row] = await queryRows<{ last: string | null; dead: string }>(
      `SELECT (SELECT max(ts) FROM events WHERE ts <= now64(3) + INTERVAL 5 MINUTE) AS last,
              (SELECT ${DEAD_LETTER_COUNT} FROM dead_letters) AS dead`,
    )
    h.ingest.lastEventTs = row.last && !row.last.startsWith('1970') ? row.last.replace(' ', 'T') + 'Z' : null
    h.ingest.deadLetters = Number(row.dead)
    if (h.ingest.lastEventTs) h.ingest.lagSeconds = Math.max(0, (Date.now() - Date.parse(h.ingest.lastEventTs)) / 1000)
  } catch (e) {
    h.store.ok = false
    h.store.error = (e as Error).message
  }
  if (kafkaBrokers().length) h.ingest.kafkaLag = await kafkaLag().catch(() => null)
  const w = ingestStats.lastWriteAt()
  h.ingest.lastWriteAt = w ? new Date(w).toISOString() : null
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
