/**
 * Where simulated events go: an NDJSON file (or stdout), HTTP POSTs of NDJSON batches to
 * /api/events, a Kafka topic (kafkajs, key = eventKey, acks -1), or memory (tests). Every sink
 * takes batches and applies back-pressure by returning a promise the driver awaits.
 */
import fs from 'node:fs'
import type { Producer } from 'kafkajs'
import { kafkaBrokers, kafkaTopic, makeKafka } from '../ingest/kafka'
import { keyOf, serialize, type Emitted } from './faults'

export interface Sink {
  readonly name: string
  /** Accept a batch; the returned promise resolves when the sink can take more. */
  write(batch: Emitted[]): Promise<void>
  /** Connect ahead of time (so a load test's clock does not include the connection). */
  open?(): Promise<void>
  /** Flush and release resources. */
  close(): Promise<void>
  /** Messages delivered (and, for HTTP, rejected by the server as invalid). */
  readonly delivered: number
  readonly rejected: number
}

export class MemorySink implements Sink {
  readonly name = 'memory'
  readonly items: Emitted[] = []
  rejected = 0
  get delivered(): number {
    return this.items.length
  }
  async write(batch: Emitted[]): Promise<void> {
    for (const x of batch) this.items.push(x)
  }
  async close(): Promise<void> {}
}

/** Counts and serialises (the cost of an output) but keeps nothing: for benchmarks. */
export class NullSink implements Sink {
  readonly name = 'null'
  delivered = 0
  bytes = 0
  rejected = 0
  async write(batch: Emitted[]): Promise<void> {
    for (const x of batch) this.bytes += serialize(x).length + 1
    this.delivered += batch.length
  }
  async close(): Promise<void> {}
}

export class FileSink implements Sink {
  readonly name: string
  delivered = 0
  rejected = 0
  private readonly stream: NodeJS.WritableStream

  constructor(file: string) {
    this.name = file === '-' ? 'stdout' : `file ${file}`
    this.stream = file === '-' ? process.stdout : fs.createWriteStream(file, { flags: 'w', highWaterMark: 1 << 20 })
  }

  write(batch: Emitted[]): Promise<void> {
    if (!batch.length) return Promise.resolve()
    let s = ''
    for (const x of batch) s += serialize(x) + '\n'
    this.delivered += batch.length
    if (this.stream.write(s)) return Promise.resolve()
    return new Promise((resolve) => this.stream.once('drain', resolve))
  }

  close(): Promise<void> {
    if (this.stream === process.stdout) return Promise.resolve()
    return new Promise((resolve, reject) => {
      this.stream.once('error', reject)
      this.stream.end(() => resolve())
    })
  }
}

/**
 * Shared by the network sinks: writes queue up and a pump keeps up to `concurrency` requests in
 * flight, each carrying everything queued so far (up to `batchSize`). Slow round trips therefore
 * mean bigger requests, not a stalled producer; `write` only waits when the queue is full.
 */
abstract class PumpSink implements Sink {
  abstract readonly name: string
  delivered = 0
  rejected = 0
  protected failure: Error | null = null
  private pending: Emitted[] = []
  private inflight = 0
  private waiters: (() => void)[] = []

  constructor(
    protected readonly batchSize: number,
    private readonly concurrency: number,
    private readonly highWater: number = Math.max(4 * batchSize, 20_000),
  ) {}

  /** Deliver one request's worth of messages; resolve when acknowledged. */
  protected abstract send(part: Emitted[]): Promise<void>

  async write(batch: Emitted[]): Promise<void> {
    if (this.failure) throw this.failure
    for (const x of batch) this.pending.push(x)
    this.pump()
    while (this.pending.length >= this.highWater && !this.failure) await new Promise<void>((r) => this.waiters.push(r))
    if (this.failure) throw this.failure
  }

  private pump(): void {
    while (!this.failure && this.inflight < this.concurrency && this.pending.length) {
      const part = this.pending.splice(0, this.batchSize)
      this.inflight++
      this.send(part)
        .catch((e: Error) => void (this.failure ??= e))
        .finally(() => {
          this.inflight--
          this.pump()
          const w = this.waiters
          this.waiters = []
          w.forEach((f) => f())
        })
    }
  }

  async close(): Promise<void> {
    while ((this.pending.length || this.inflight) && !this.failure) await new Promise<void>((r) => this.waiters.push(r))
    await this.disconnect()
    if (this.failure) throw this.failure
  }

  protected async disconnect(): Promise<void> {}
}

export type HttpSinkOptions = { url: string; apiKey?: string; batchSize?: number; concurrency?: number; log?: (m: string) => void }

/**
 * Batched NDJSON POSTs. 2xx = stored; 400 = some lines rejected (the malformed ones, counted), the
 * rest stored; 429 → wait Retry-After; 413 → split the batch; network errors and 5xx → retry with
 * backoff (give up after ~1 min if the server was never reached); 401/403/404 → stop.
 */
export class HttpSink extends PumpSink {
  readonly name: string
  private everDelivered = false

  constructor(private readonly o: HttpSinkOptions) {
    super(o.batchSize ?? 2000, o.concurrency ?? 4)
    this.name = `http ${o.url}`
  }

  protected async send(part: Emitted[]): Promise<void> {
    let body = ''
    for (const x of part) body += serialize(x) + '\n'
    const headers: Record<string, string> = { 'content-type': 'application/x-ndjson' }
    if (this.o.apiKey) headers.authorization = `Bearer ${this.o.apiKey}`
    for (let attempt = 1, delay = 250; ; attempt++, delay = Math.min(delay * 2, 10_000)) {
      let status = 0
      let text = ''
      let retryAfter = 0
      try {
        const res = await fetch(this.o.url, { method: 'POST', headers, body })
        status = res.status
        retryAfter = Number(res.headers.get('retry-after') ?? 0)
        text = await res.text()
      } catch (e) {
        text = (e as Error).cause ? `${(e as Error).message}: ${((e as Error).cause as Error).message}` : (e as Error).message
      }
      if (status >= 200 && status < 300) {
        this.delivered += part.length
        this.everDelivered = true
        return
      }
      if (status === 400) {
        // some lines were invalid (deliberately malformed ones); the good ones were stored
        let rejected = 0
        try {
          rejected = Number((JSON.parse(text) as { rejected?: number }).rejected ?? 0)
        } catch {
          throw new Error(`HTTP 400 from ${this.o.url}: ${text.slice(0, 300)}`)
        }
        this.rejected += rejected
        this.delivered += part.length - rejected
        this.everDelivered = true
        return
      }
      if (status === 413 && part.length > 1) {
        // body over the server's limit (PLATEAU_EVENTS_MAX_BYTES): send it in halves
        const mid = Math.ceil(part.length / 2)
        await this.send(part.slice(0, mid))
        return this.send(part.slice(mid))
      }
      if (status === 401 || status === 403 || status === 404 || status === 413)
        throw new Error(`HTTP ${status} from ${this.o.url}: ${text.slice(0, 300)}${status === 401 ? ' (use --api-key or PLATEAU_API_KEY)' : ''}`)
      if (!this.everDelivered && attempt >= 12) throw new Error(`cannot reach ${this.o.url} (${status || text}); is the server running (npm start)?`)
      if (status !== 429 && (attempt === 1 || attempt % 10 === 0)) this.o.log?.(`POST failed (${status || 'network'}: ${text.slice(0, 120)}), retrying`)
      await new Promise((r) => setTimeout(r, status === 429 && retryAfter > 0 ? retryAfter * 1000 : delay))
    }
  }
}

export type KafkaSinkOptions = { brokers?: string[]; topic?: string; batchSize?: number; concurrency?: number; maxBytes?: number }

/** kafkajs producer; messages keyed by contact_id / agent_id; acks -1 (all in-sync replicas). */
export class KafkaSink extends PumpSink {
  readonly name: string
  private producer: Producer | null = null
  private connecting: Promise<Producer> | null = null
  private readonly topic: string
  private readonly brokers: string[]
  private readonly maxBytes: number

  constructor(o: KafkaSinkOptions = {}) {
    const brokers = o.brokers?.length ? o.brokers : kafkaBrokers()
    if (!brokers.length) throw new Error('--out kafka needs KAFKA_BROKERS (host:port[,host:port])')
    super(o.batchSize ?? 5000, o.concurrency ?? 3)
    this.brokers = brokers
    this.topic = o.topic ?? kafkaTopic()
    this.maxBytes = o.maxBytes ?? 512 * 1024
    this.name = `kafka ${this.brokers.join(',')} topic ${this.topic}`
  }

  async open(): Promise<void> {
    await this.connect()
  }

  private connect(): Promise<Producer> {
    return (this.connecting ??= (async () => {
      const p = makeKafka('plateau-simulator', this.brokers).producer({ allowAutoTopicCreation: true })
      await p.connect()
      this.producer = p
      return p
    })())
  }

  protected async send(part: Emitted[]): Promise<void> {
    const producer = await this.connect()
    // a partition's messages travel as one record batch, and the broker refuses batches above
    // max.message.bytes (1 MB by default): split by bytes too
    let messages: { key: string; value: string }[] = []
    let bytes = 0
    for (const x of part) {
      const m = { key: keyOf(x), value: serialize(x) }
      if (messages.length && bytes + m.value.length > this.maxBytes) {
        await producer.send({ topic: this.topic, acks: -1, messages })
        this.delivered += messages.length
        messages = []
        bytes = 0
      }
      messages.push(m)
      bytes += m.value.length + m.key.length + 32
    }
    if (messages.length) {
      await producer.send({ topic: this.topic, acks: -1, messages })
      this.delivered += messages.length
    }
  }

  protected async disconnect(): Promise<void> {
    if (this.producer) await this.producer.disconnect()
  }
}
