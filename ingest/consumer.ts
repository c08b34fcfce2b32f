/**
 * Kafka → ClickHouse consumer. One member of the `plateau-ingest` consumer group; scale out by
 * running more (up to the partition count).
 *
 * kafkajs hands over the batches of each fetch (one per partition). Each batch is validated
 * and queued on one writer, and fetching goes on while the writer inserts: the writer inserts
 * everything queued since its previous insert in one go (events and dead letters, retrying
 * until ClickHouse acknowledges), and only then commits the offsets of the batches it held.
 * So offsets are committed only after ClickHouse acknowledged (a crash means redelivery, never
 * loss; the tables are idempotent, so redelivery never means double counting), parsing
 * overlaps inserting, and inserts are few and large (cheap for ClickHouse: one part each),
 * whatever the number of partitions. SIGTERM → stop fetching, write and commit what is queued,
 * leave the group.
 */
import type { Consumer, EachBatchPayload } from 'kafkajs'
import { parseEvent } from '../lib/contract/events'
import { makeKafka, kafkaGroup, kafkaTopic } from './kafka'
import { deadLetter, eventLine, type DeadLetterRow } from './rows'
import { StopRequested, writeBatch } from './sink'
import { ingestStats, type Waiting } from './stats'

export type ConsumerOptions = { brokers?: string[]; topic?: string; groupId?: string; log?: (m: string) => void }

/** Rows queued beyond this make the next batch wait (bounded memory while ClickHouse is slow or down). */
const MAX_QUEUED_ROWS = 100_000

export async function startConsumer(opts: ConsumerOptions = {}): Promise<{ stop(): Promise<void>; consumer: Consumer }> {
  const topic = opts.topic ?? kafkaTopic()
  const log = opts.log ?? ((m: string) => console.log(`[ingest] ${m}`))
  const kafka = makeKafka(`plateau-ingest-${process.pid}`, opts.brokers)
  // How long the group waits for a crashed (kill -9) member before handing its partitions to
  // the others. Default 30 s; the broker accepts 6 s and up (group.min.session.timeout.ms).
  const sessionTimeout = Number(process.env.KAFKA_SESSION_TIMEOUT_MS || 30_000)
  const consumer = kafka.consumer({
    groupId: opts.groupId ?? kafkaGroup(),
    maxBytesPerPartition: 8 * 1024 * 1024,
    maxBytes: 32 * 1024 * 1024,
    maxWaitTimeInMs: 100,
    sessionTimeout,
    heartbeatInterval: Math.min(3_000, Math.floor(sessionTimeout / 3)),
  })
  const writer = new Writer(log)
  const unregister = ingestStats.register(() => writer.waiting)
  // Offsets queued under an earlier assignment are not committed: after a rebalance the
  // partition may belong to another member, which re-reads from the last commit.
  consumer.on(consumer.events.GROUP_JOIN, () => writer.epoch++)
  await consumer.connect()
  await consumer.subscribe({ topics: [topic], fromBeginning: true })
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    // All batches of a fetch are handed over together, so they land in the same insert.
    partitionsConsumedConcurrently: 16,
    eachBatch: async (p) => handleBatch(p, writer),
  })
  log(`consuming ${topic} as group ${opts.groupId ?? kafkaGroup()}`)
  return {
    consumer,
    async stop() {
      consumer.pause([{ topic }]) // no new batches
      await writer.drain() // write and commit what is queued (one attempt: not while ClickHouse is down)
      await consumer.disconnect() // then leave the group
      unregister()
    },
  }
}

async function handleBatch(p: EachBatchPayload, writer: Writer): Promise<void> {
  const { batch } = p
  if (!batch.messages.length) return
  const epoch = writer.epoch
  const now = Date.now()
  const events: string[] = []
  const deadLetters: DeadLetterRow[] = []
  for (const m of batch.messages) {
    const raw = m.value ? m.value.toString('utf8') : ''
    const r = parseEvent(raw, now)
    if (r.ok) events.push(eventLine(r.event, now))
    else deadLetters.push(deadLetter(raw, r.reason, { source: 'kafka', topic: batch.topic, partition: batch.partition, offset: m.offset }))
  }
  const next = (BigInt(batch.lastOffset()) + 1n).toString()
  if (!(await writer.add(events, deadLetters, { topic: batch.topic, partition: batch.partition, offset: next, epoch }, p, now))) return
  // Fetch on from here (with eachBatchAutoResolve off, kafkajs fetches from the last *resolved*
  // offset): the commit follows once the writer's insert is acknowledged.
  p.resolveOffset(batch.lastOffset())
}

type Offset = { topic: string; partition: number; offset: string; epoch: number }
/** `since`: when the oldest queued batch was fetched (its events' reception time). */
type Queued = { events: string[]; deadLetters: DeadLetterRow[]; offsets: Map<string, Offset>; since: number | null }
const empty = (): Queued => ({ events: [], deadLetters: [], offsets: new Map(), since: null })

/** One insert at a time; what is queued meanwhile goes into the next one. */
class Writer {
  epoch = 0
  private queued = empty()
  private writing: Promise<void> | null = null
  /** The rows being inserted now, and when the oldest of them was fetched. */
  private inFlight: { rows: number; since: number | null } | null = null
  private stopping = false
  private roomWaiters: Array<() => void> = []
  /** The latest payload: its heartbeat / commit functions belong to the current consumer group session. */
  private payload: EachBatchPayload | null = null

  constructor(private readonly log: (m: string) => void) {}

  private get queuedRows(): number {
    return this.queued.events.length + this.queued.deadLetters.length
  }

  /** Rows fetched but not yet stored (queued or being inserted), and the oldest one's reception time. */
  get waiting(): Waiting {
    return { rows: this.queuedRows + (this.inFlight?.rows ?? 0), oldestReceivedAt: this.inFlight?.since ?? this.queued.since }
  }

  /** Queue a batch. Resolves false (batch not taken, not to be resolved) once stopping. */
  async add(events: string[], deadLetters: DeadLetterRow[], offset: Offset, p: EachBatchPayload, receivedAt: number): Promise<boolean> {
    while (this.queuedRows >= MAX_QUEUED_ROWS && !this.stopping) await new Promise<void>((r) => this.roomWaiters.push(r))
    if (this.stopping) return false
    this.payload = p
    this.queued.since ??= receivedAt
    for (const e of events) this.queued.events.push(e)
    for (const d of deadLetters) this.queued.deadLetters.push(d)
    this.queued.offsets.set(`${offset.topic}\u0000${offset.partition}`, offset) // later batches of a partition supersede
    // On the next turn of the event loop: by then every batch of this fetch has been queued.
    if (!this.writing) this.writing = new Promise<void>((r) => setImmediate(r)).then(() => this.writeLoop())
    return true
  }

  /** Stop taking batches; write and commit what is queued. A failed attempt is not retried. */
  async drain(): Promise<void> {
    this.stopping = true
    this.roomWaiters.splice(0).forEach((r) => r())
    if (!this.writing && this.queuedRows) this.writing = this.writeLoop()
    await this.writing
  }

  private async writeLoop(): Promise<void> {
    try {
      while (this.queuedRows) {
        const q = this.queued
        this.queued = empty()
        this.inFlight = { rows: q.events.length + q.deadLetters.length, since: q.since }
        this.roomWaiters.splice(0).forEach((r) => r())
        try {
          await writeBatch(
            { events: q.events, deadLetters: q.deadLetters },
            {
              // Keep the group session alive while retrying (fetching may be blocked on us).
              onWait: () => this.payload?.heartbeat().catch(() => {}),
              shouldContinue: () => !this.stopping,
              log: this.log,
            },
          )
        } catch (e) {
          if (!(e instanceof StopRequested)) throw e
          // Stopping with ClickHouse failing: nothing more is written or committed; whatever was
          // queued is re-read from the last commit by the next owner of these partitions.
          this.queued = empty()
          return
        } finally {
          this.inFlight = null
        }
        ingestStats.recordWrite()
        await this.commit(q.offsets)
      }
    } finally {
      this.writing = null
    }
  }

  private async commit(offsets: Map<string, Offset>): Promise<void> {
    const current = [...offsets.values()].filter((o) => o.epoch === this.epoch)
    if (!current.length || !this.payload) return
    const topics = new Map<string, Array<{ partition: number; offset: string }>>()
    for (const o of current) topics.set(o.topic, [...(topics.get(o.topic) ?? []), { partition: o.partition, offset: o.offset }])
    try {
      // Straight to the group coordinator (`consumer.commitOffsets` would skip it while stopping).
      await this.payload.commitOffsetsIfNecessary({ topics: [...topics].map(([topic, partitions]) => ({ topic, partitions })) })
    } catch (e) {
      // The next commit of these partitions supersedes this one; until then a crash only means redelivery.
      this.log(`offset commit failed (the next one supersedes it): ${(e as Error).message}`)
    }
  }
}
