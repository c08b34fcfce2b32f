/**
 * In-process write buffer (embedded mode without Kafka): rows accumulate and are flushed on
 * size or time, one flush at a time. `add` resolves once its rows are acknowledged by
 * ClickHouse, so an HTTP 2xx always means stored. A large enough addition (`eagerRows`, a log
 * import's request) is written at once when no write is under way instead of waiting for the
 * timer: a sender that waits for each answer would otherwise idle `maxDelayMs` per request.
 * Small additions still wait, so a trickle of events is not one insert (one part) each.
 */
import type { DeadLetterRow } from './rows'
import { writeBatch } from './sink'
import { ingestStats, type Waiting } from './stats'

type Waiter = { resolve: () => void; reject: (e: Error) => void }

export class WriteBuffer {
  /** Lines of the events insert (`eventLine`). */
  private events: string[] = []
  private deadLetters: DeadLetterRow[] = []
  private waiters: Waiter[] = []
  private timer: NodeJS.Timeout | null = null
  private flushing: Promise<void> | null = null
  /** When the oldest buffered row was added (null: none buffered). */
  private bufferedSince: number | null = null
  /** The batch being written: rows, and when its oldest row was added. */
  private inFlight: { rows: number; since: number } | null = null

  constructor(private readonly opts: { maxRows: number; maxDelayMs: number; eagerRows?: number; log?: (m: string) => void }) {
    ingestStats.register(() => this.waiting)
  }

  /** Rows received but not yet stored (buffered or being written), and the oldest one's reception time. */
  get waiting(): Waiting {
    return {
      rows: this.pending + (this.inFlight?.rows ?? 0),
      oldestReceivedAt: this.inFlight?.since ?? this.bufferedSince,
    }
  }

  get pending(): number {
    return this.events.length + this.deadLetters.length
  }

  add(events: string[], deadLetters: DeadLetterRow[] = []): Promise<void> {
    if (!events.length && !deadLetters.length) return Promise.resolve()
    this.bufferedSince ??= Date.now()
    for (const e of events) this.events.push(e)
    for (const d of deadLetters) this.deadLetters.push(d)
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }))
    if (this.pending >= this.opts.maxRows || (!this.flushing && this.eager)) void this.flush()
    else if (!this.timer) this.timer = setTimeout(() => void this.flush(), this.opts.maxDelayMs)
    return done
  }

  private get eager(): boolean {
    return this.opts.eagerRows !== undefined && this.pending >= this.opts.eagerRows
  }

  /** Writes everything buffered so far; resolves when it is stored. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    while (this.flushing) await this.flushing
    if (!this.pending) return
    const batch = { events: this.events, deadLetters: this.deadLetters }
    const waiters = this.waiters
    this.events = []
    this.deadLetters = []
    this.waiters = []
    this.inFlight = { rows: batch.events.length + batch.deadLetters.length, since: this.bufferedSince ?? Date.now() }
    this.bufferedSince = null
    this.flushing = writeBatch(batch, { log: this.opts.log })
      .then(() => {
        ingestStats.recordWrite()
        waiters.forEach((w) => w.resolve())
      })
      .catch((e: Error) => waiters.forEach((w) => w.reject(e)))
      .finally(() => {
        this.inFlight = null
        this.flushing = null
        if (this.pending && (this.pending >= this.opts.maxRows || this.eager)) void this.flush()
        else if (this.pending && !this.timer) this.timer = setTimeout(() => void this.flush(), this.opts.maxDelayMs)
      })
    await this.flushing
  }
}
