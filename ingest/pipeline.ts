/**
 * Entry point for events arriving in this process (HTTP ingest, the demo simulator): validated
 * events go to Kafka when KAFKA_BROKERS is set, otherwise straight into the write buffer.
 * Rejected lines always land in dead_letters with their reason.
 */
import { eventKey, MAX_EVENT_SIZE, parseEvent, validateEvent, type PlateauEvent } from '../lib/contract/events'
import { kafkaBrokers, kafkaTopic, sharedProducer } from './kafka'
import { deadLetter, eventLine, rawText, type DeadLetterRow } from './rows'
import { WriteBuffer } from './buffer'

const g = globalThis as unknown as { __plateauBuffer?: WriteBuffer }

export function writeBuffer(): WriteBuffer {
  return (g.__plateauBuffer ??= new WriteBuffer({
    maxRows: Number(process.env.PLATEAU_FLUSH_ROWS || 10_000),
    maxDelayMs: Number(process.env.PLATEAU_FLUSH_MS || 200),
    eagerRows: Number(process.env.PLATEAU_FLUSH_EAGER_ROWS || 2_000),
    log: (m) => console.warn(`[ingest] ${m}`),
  }))
}

export type LineError = { line: number; reason: string }
export type IngestResult = { accepted: number; rejected: number; errors: LineError[] }

/** Validate raw lines (NDJSON lines or JSON array items, already re-serialised) and ingest the good ones. */
export async function ingestLines(items: unknown[], source: string): Promise<IngestResult> {
  const now = Date.now()
  const good: PlateauEvent[] = []
  // Each good event's JSON text: the line itself when it came as one (sent to Kafka as received,
  // not re-serialised), unless padded beyond an event's size (then re-serialised, compact).
  const texts: Array<string | undefined> = []
  const dead: DeadLetterRow[] = []
  const errors: LineError[] = []
  items.forEach((item, i) => {
    const r = typeof item === 'string' ? parseEvent(item, now) : validateEvent(item, now)
    if (r.ok) {
      good.push(r.event)
      texts.push(typeof item === 'string' && item.length <= MAX_EVENT_SIZE ? item : undefined)
    } else {
      errors.push({ line: i + 1, reason: r.reason })
      // offset = the line's number in its request: identical lines stay distinct dead letters.
      dead.push(deadLetter(rawText(item), r.reason, { source, offset: String(i + 1) }))
    }
  })
  await ingestEvents(good, dead, undefined, texts)
  return { accepted: good.length, rejected: errors.length, errors }
}

/**
 * Ingest already-validated events (and dead letters to record). Resolves once durable.
 * `receivedAt`: when each event counts as received (default: now). Only the demo's history sets
 * it, to just after the event's own time (simulator/history.ts); through Kafka the consumer stamps
 * reception itself. `texts[i]`: event i as JSON text when the caller has it (a received line),
 * sent to Kafka as it is; the consumer validates it again.
 */
export async function ingestEvents(
  events: PlateauEvent[],
  deadLetters: DeadLetterRow[] = [],
  receivedAt?: (e: PlateauEvent) => number,
  texts?: ReadonlyArray<string | undefined>,
): Promise<void> {
  const now = Date.now()
  if (kafkaBrokers().length) {
    const tasks: Promise<unknown>[] = []
    if (events.length) {
      const producer = await sharedProducer()
      tasks.push(
        producer.send({
          topic: kafkaTopic(),
          acks: -1,
          messages: events.map((e, i) => ({ key: eventKey(e), value: texts?.[i] ?? JSON.stringify(e) })),
        }),
      )
    }
    // Dead letters are written directly: they never went through Kafka.
    if (deadLetters.length) tasks.push(writeBuffer().add([], deadLetters))
    await Promise.all(tasks)
    return
  }
  await writeBuffer().add(
    events.map((e) => eventLine(e, receivedAt ? receivedAt(e) : now)),
    deadLetters,
  )
}
