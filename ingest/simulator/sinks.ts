/**
 * Where simulated events go: an NDJSON file (or stdout), HTTP POSTs of NDJSON batches to
 * /api/events, a Kafka topic (kafkajs, key = eventKey, acks -1), or memory (tests). Every sink
 * takes batches and applies back-pressure by returning a promise the driver awaits.
 */
import fs from 'node:fs'
import type { Producer } from 'kafkajs'
import { kafkaBrokers, kafkaTopic, makeKafka } from '../kafka'
import { keyOf, serialize, type Emitted } from './faults'

export interface Sink {
  readonly name: string
  /** Accept a batch; the returned promise resolves when the sink can take more. */
  write(batch: Emitted[]): Promise<void>
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

export type HttpSinkOptions = { url: string; apiKey?: string; batchSize?: number; concurrency?: number; log?: (m: string) => void }

/**
 * Batched NDJSON POSTs. 2xx = stored; 400 = some lines rejected (the malformed ones, counted), the
 * rest stored; 429 → wait Retry-After; 413 → split the batch; network errors and 5xx → retry with
 * backoff (give up after ~1 min if the server was never reached); 401/403/404 → stop.
 */
export class HttpSink implements Sink {
  readonly name: string
  delivered = 0
  rejected = 0
  private inflight = new Set<Promise<void>>()
  private failure: Error | null = null
  private everDelivered = false
  private readonly batchSize: number
  private readonly concurrency: number

  constructor(private readonly o: HttpSinkOptions) {
    this.name = `http ${o.url}`
    this.batchSize = o.batchSize ?? 2000
    this.concurrency = o.concurrency ?? 2
  }

  async write(batch: Emitted[]): Promise<void> {
    for (let i = 0; i < batch.length; i += this.batchSize) {
      if (this.failure) throw this.failure
      while (this.inflight.size >= this.concurrency) await Promise.race(this.inflight)
      const part = batch.slice(i, i + this.batchSize)
      const p = this.post(part)
        .catch((e: Error) => void (this.failure = e))
        .finally(() => this.inflight.delete(p))
      this.inflight.add(p)
    }
    if (this.failure) throw this.failure
  }

  private async post(part: Emitted[]): Promise<void> {
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
        await this.post(part.slice(0, mid))
        return this.post(part.slice(mid))
      }
      if (status === 401 || status === 403 || status === 404 || status === 413)
        throw new Error(`HTTP ${status} from ${this.o.url}: ${text.slice(0, 300)}${status === 401 ? ' (use --api-key or PLATEAU_API_KEY)' : ''}`)
      if (!this.everDelivered && attempt >= 12)
        throw new Error(`cannot reach ${this.o.url} (${status || text}); is the server running (npm start)?`)
      if (status !== 429 && (attempt === 1 || attempt % 10 === 0)) this.o.log?.(`POST failed (${status || 'network'}: ${text.slice(0, 120)}), retrying`)
      await new Promise((r) => setTimeout(r, status === 429 && retryAfter > 0 ? retryAfter * 1000 : delay))
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.inflight)
    if (this.failure) throw this.failure
  }
}

export type KafkaSinkOptions = { brokers?: string[]; topic?: string; batchSize?: number; concurrency?: number; maxBytes?: number }

/** kafkajs producer; messages keyed by contact_id / agent_id; acks -1 (all in-sync replicas). */
export class KafkaSink implements Sink {
  readonly name: string
  delivered = 0
  rejected = 0
  private producer: Producer | null = null
  private connecting: Promise<Producer> | null = null
  private inflight = new Set<Promise<void>>()
  private failure: Error | null = null
  private readonly topic: string
  private readonly brokers: string[]
  private readonly batchSize: number
  private readonly concurrency: number
  private readonly maxBytes: number

  constructor(o: KafkaSinkOptions = {}) {
    this.brokers = o.brokers ?? kafkaBrokers()
    if (!this.brokers.length) throw new Error('--out kafka needs KAFKA_BROKERS (host:port[,host:port])')
    this.topic = o.topic ?? kafkaTopic()
    this.batchSize = o.batchSize ?? 5000
    this.concurrency = o.concurrency ?? 3
    this.maxBytes = o.maxBytes ?? 512 * 1024
    this.name = `kafka ${this.brokers.join(',')} topic ${this.topic}`
  }

  private connect(): Promise<Producer> {
    return (this.connecting ??= (async () => {
      const p = makeKafka('plateau-simulator', this.brokers).producer({ allowAutoTopicCreation: true })
      await p.connect()
      this.producer = p
      return p
    })())
  }

  async write(batch: Emitted[]): Promise<void> {
    const producer = await this.connect()
    // chunk by count and by bytes: a partition's messages travel as one record batch, and the
    // broker refuses batches above max.message.bytes (1 MB by default)
    let messages: { key: string; value: string }[] = []
    let bytes = 0
    const chunks: { key: string; value: string }[][] = []
    for (const x of batch) {
      const m = { key: keyOf(x), value: serialize(x) }
      if (messages.length && (messages.length >= this.batchSize || bytes + m.value.length > this.maxBytes)) {
        chunks.push(messages)
        messages = []
        bytes = 0
      }
      messages.push(m)
      bytes += m.value.length + m.key.length + 32
    }
    if (messages.length) chunks.push(messages)
    for (const part of chunks) {
      if (this.failure) throw this.failure
      while (this.inflight.size >= this.concurrency) await Promise.race(this.inflight)
      const p = producer
        .send({ topic: this.topic, acks: -1, messages: part })
        .then(() => void (this.delivered += part.length))
        .catch((e: Error) => void (this.failure = e))
        .finally(() => this.inflight.delete(p))
      this.inflight.add(p)
    }
    if (this.failure) throw this.failure
  }

  async close(): Promise<void> {
    await Promise.all(this.inflight)
    if (this.producer) await this.producer.disconnect()
    if (this.failure) throw this.failure
  }
}
