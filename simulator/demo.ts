/**
 * Demo traffic behind `npm start`: the simulator (simulator) in live mode, feeding the
 * in-process pipeline. It backfills today since local midnight at full speed (so "today so
 * far" is meaningful and every center shows data within seconds), then follows the clock.
 * When the centers are closed right now (night, Sunday) the simulated floor runs on a shifted
 * business clock so the demo is always busy; timestamps stay real (PLATEAU_DEMO_CLOCK=real
 * turns that off). A small share of duplicates, late events and malformed messages exercises
 * the pipeline's defences; malformed ones are dead-lettered with the reason the validator gives.
 *
 * Restarts never count the same time twice: before starting, the demo asks the store which of
 * today's runs already stored events (planLive in simulator/runner.ts) and either
 * continues that run (same events, same ids: deduplicated) or starts a new one after them.
 *
 * History: once today's backfill has caught up with the clock, the days before today
 * (PLATEAU_DEMO_HISTORY_DAYS, default 62: always the whole previous calendar month) are filled
 * in the background, newest first, a day at a time, skipping days already stored
 * (simulator/history.ts) — so /reports for last month and /executive have data after a few minutes.
 *
 * Environment: PLATEAU_SCENARIO (scenario file, default scenarios/default.yaml),
 * PLATEAU_DEMO_SEED, PLATEAU_DEMO_CLOCK (auto | real), PLATEAU_DEMO_BACKFILL (today | none),
 * PLATEAU_DEMO_HISTORY_DAYS (0 = no history).
 */
import { queryRows } from '../lib/clickhouse'
import { parseEvent, type PlateauEvent } from '../lib/contract/events'
import { fillHistory, type HistoryReport } from './history'
import { ingestEvents } from '../ingest/pipeline'
import { deadLetter, type DeadLetterRow } from '../ingest/rows'
import { Malformed, type Emitted, type FaultRates } from './faults'
import { planLive, startLive, type LiveHandle } from './runner'
import { loadScenario, type Scenario } from './scenario'
import type { Sink } from './sinks'
import { TzClock } from './time'
import path from 'node:path'
import { centerConfig } from '../lib/config'
import type { CHANNELS } from '../lib/contract/vocabulary'
import { addProgrammaticSource } from '../lib/connector-status'
import { sourcesRunning } from '../ingest/connectors/sources'
import { QueueLogFileSink } from './queue-log'
import { yieldToLive } from '../lib/live/priority'
import { contactFactsIdle, holdContactFacts, releaseContactFacts } from '../lib/queries/refreshContactFacts'
import { setHistoryProgress } from './history-progress'

/** Hands simulator batches to ingestEvents, a few chunks in flight at a time; never throws (counts failures). */
export class PipelineSink implements Sink {
  readonly name = 'in-process pipeline'
  delivered = 0
  rejected = 0
  /** Events whose ingestion failed (not stored). */
  failed = 0
  private inflight = new Set<Promise<void>>()
  private lastError = 0
  private readonly maxInflight: number

  private readonly receivedAt?: (e: PlateauEvent) => number
  private readonly queueLog?: QueueLogFileSink
  private readonly before?: () => Promise<void>

  /**
   * `receivedAt`: see ingestEvents (the history's events count as received when they happened).
   * `queueLog`: its center's events are written to its queue_log file instead (the connector follows it).
   * `before`: awaited before each chunk is handed over (the history fill: yieldToLive).
   */
  constructor(o: { maxInflight?: number; receivedAt?: (e: PlateauEvent) => number; queueLog?: QueueLogFileSink; before?: () => Promise<void> } = {}) {
    this.maxInflight = Math.max(1, o.maxInflight ?? 4)
    this.receivedAt = o.receivedAt
    this.queueLog = o.queueLog
    this.before = o.before
  }

  async write(batch: Emitted[]): Promise<void> {
    for (let i = 0; i < batch.length; i += 5000) {
      const good: PlateauEvent[] = []
      const dead: DeadLetterRow[] = []
      for (const x of batch.slice(i, i + 5000)) {
        if (x instanceof Malformed) {
          const r = parseEvent(x.raw)
          if (r.ok) good.push(r.event)
          else dead.push(deadLetter(x.raw, r.reason, { source: 'demo' }))
        } else good.push(x)
      }
      while (this.inflight.size >= this.maxInflight) await Promise.race(this.inflight)
      if (this.before) await this.before()
      if (this.queueLog) {
        // (rest is a new array: emptying `good` first would empty it too)
        const rest = this.queueLog.take(good)
        this.delivered += good.length - rest.length
        good.splice(0, good.length, ...rest)
      }
      const p = ingestEvents(good, dead, this.receivedAt)
        .then(() => {
          this.delivered += good.length
          this.rejected += dead.length
        })
        .catch((e: Error) => {
          this.failed += good.length + dead.length
          if (Date.now() - this.lastError > 30_000) console.warn(`[plateau] demo: ingest failed: ${e.message}`)
          this.lastError = Date.now()
        })
        .finally(() => this.inflight.delete(p))
      this.inflight.add(p)
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.inflight)
  }
}

/**
 * The demo center fed through Asterisk's queue_log (PLATEAU_DEMO_QUEUE_LOG: a center id, default
 * charleroi-care — the outsourcer on its own platform; 0 turns it off): its live traffic is
 * written to <data dir>/demo/queue_log and the connector runner follows that file like a PBX's.
 * Only where the runner runs in this process (embedded server); its history stays v1 events.
 */
function demoQueueLog(log: (m: string) => void): QueueLogFileSink | undefined {
  const center = process.env.PLATEAU_DEMO_QUEUE_LOG ?? 'charleroi-care'
  if (!center || center === '0' || !sourcesRunning()) return undefined
  const file = path.join(path.resolve(/*turbopackIgnore: true*/ process.env.PLATEAU_DATA_DIR || './data'), 'demo', 'queue_log')
  let queues: Record<string, { channel?: (typeof CHANNELS)[number] }> = {}
  try {
    queues = Object.fromEntries(centerConfig(center).queues.filter((q) => q.channel).map((q) => [q.id, { channel: q.channel as (typeof CHANNELS)[number] }]))
  } catch {
    /* no configuration: every queue counts as voice */
  }
  addProgrammaticSource(center, { connector: 'queue_log', path: file, queues })
  log(`${center} is fed through queue_log: ${file} (PLATEAU_DEMO_QUEUE_LOG=0 to send it as v1 events)`)
  return new QueueLogFileSink(center, file)
}

/**
 * The demo's history fill: slices of 1,000 events, one in flight, each after any live snapshot
 * being computed (lib/live/priority) and any facts refresh under way; each day's KPI facts derived by the fill, not by the refresh
 * live snapshots wait for. `legacy`: the settings before issue 17 (5,000-event
 * batches, two in flight, no yield), kept for bench/backfill-live.ts's comparison only.
 */
export function fillDemoHistory(o: { scenario: Scenario; seed: number; days: number; clock?: () => number; signal?: AbortSignal; log?: (m: string) => void; legacy?: boolean }): Promise<HistoryReport> {
  return fillHistory({
    scenario: o.scenario,
    seed: o.seed,
    days: o.days,
    clock: o.clock,
    signal: o.signal,
    log: o.log,
    batchSize: o.legacy ? 5000 : 1000,
    // Received a second after it happened, as the floor would have sent it: the reports'
    // late-event footnotes then describe the pipeline, not the demo catching up on history.
    sink: () => new PipelineSink(o.legacy ? { maxInflight: 2, receivedAt: HISTORY_RECEIVED_AT } : { maxInflight: 1, receivedAt: HISTORY_RECEIVED_AT, before: yieldToSnapshotsAndRefresh }),
    // The live refresh leaves a day's contacts to the fill, which derives them in one pass per day.
    facts: o.legacy
      ? undefined
      : {
          hold: holdContactFacts,
          release: async (prefix, from, to) => void (await releaseContactFacts(prefix, { from, to, between: yieldToSnapshotsAndRefresh })),
        },
  })
}

/**
 * Before each slice of the fill: no live snapshot being computed, and no facts refresh under way
 * (the next snapshot waits for it; the embedded engine runs one write at a time).
 */
async function yieldToSnapshotsAndRefresh(): Promise<void> {
  await yieldToLive()
  await contactFactsIdle()
}

/** History events count as received one second after they happened. */
export const HISTORY_RECEIVED_AT = (e: PlateauEvent) => Date.parse(e.ts) + 1000

const DEFAULT_HISTORY_DAYS = 62
const MAX_HISTORY_DAYS = 400

/** PLATEAU_DEMO_HISTORY_DAYS: days of history before today (default 62, 0 = none). */
export function demoHistoryDays(v = process.env.PLATEAU_DEMO_HISTORY_DAYS): number {
  if (v === undefined || v.trim() === '') return DEFAULT_HISTORY_DAYS
  const n = Number(v)
  if (!Number.isInteger(n) || n < 0) {
    console.warn(`[plateau] demo: PLATEAU_DEMO_HISTORY_DAYS=${v} is not a whole number of days ≥ 0; using ${DEFAULT_HISTORY_DAYS}`)
    return DEFAULT_HISTORY_DAYS
  }
  return Math.min(n, MAX_HISTORY_DAYS)
}

/**
 * The simulator runs that stored events today (local day of `now`, first center's zone), by id
 * namespace (`e-<ns>-…`), with the time of each one's latest event: what planLive needs.
 * A run counts when it started contacts or stated agents today: the history's carried-over
 * e-mails answered this morning belong to yesterday's run (simulator/history.ts).
 */
export async function storedDemoRuns(sc: Scenario, now: number): Promise<Map<string, number>> {
  const tz = TzClock.get(sc.centers[0]!.timezone)
  const day = tz.day(now)
  const rows = await queryRows<{ ns: string; last: string }>(
    `SELECT substring(event_id, 3, 7) AS ns, toUnixTimestamp64Milli(max(ts)) AS last
     FROM events
     WHERE center_id IN {centers:Array(String)}
       AND ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
       AND match(event_id, {pattern:String})
     GROUP BY ns
     -- a history day's contacts carried over into today (answers, wrap-ups) are not a run of today
     HAVING countIf(type IN ('contact.queued', 'agent.state')) > 0`,
    { centers: sc.centers.map((c) => c.id), from: tz.dayStart(day), to: tz.dayStart(day + 1), pattern: '^e-[0-9a-z]{7}-' },
  )
  return new Map(rows.map((r) => [r.ns, Number(r.last)]))
}

export type DemoOptions = {
  scenario?: Scenario
  seed?: number
  backfill?: 'today' | 'none'
  businessClock?: 'auto' | 'real'
  historyDays?: number
  faults?: FaultRates
  clock?: () => number
  tickMs?: number
  log?: (m: string) => void
}

export type DemoHandle = {
  /** The live run, once planned and started (null if it could not start). */
  live: Promise<LiveHandle | null>
  /** Resolves once the live run has caught up with the clock. */
  caughtUp: Promise<void>
  /** The history fill's report (null: none, or it failed). */
  history: Promise<HistoryReport | null>
  stop(): Promise<void>
}

/** Start the demo: the live run (planned against what the store holds), then the history. Defaults from the environment. */
export function startDemo(o: DemoOptions = {}): DemoHandle {
  const log = o.log ?? ((m: string) => console.log(`[plateau] demo: ${m}`))
  const clock = o.clock ?? Date.now
  const ac = new AbortController()
  let scenario: Scenario
  try {
    scenario = o.scenario ?? loadScenario()
  } catch (e) {
    console.error(`[plateau] demo traffic not started: ${(e as Error).message}`)
    const none = Promise.resolve(null)
    return { live: none, caughtUp: new Promise<void>(() => {}), history: none, stop: async () => {} }
  }
  const seed = o.seed ?? Number(process.env.PLATEAU_DEMO_SEED || 2026)
  const backfill = o.backfill ?? (process.env.PLATEAU_DEMO_BACKFILL === 'none' ? 'none' : 'today')
  const businessClock = o.businessClock ?? (process.env.PLATEAU_DEMO_CLOCK === 'real' ? 'real' : 'auto')
  const days = o.historyDays ?? demoHistoryDays()
  let markCaughtUp!: () => void
  /** Days whose open contacts still finish live (simulator/history.ts): stop() waits for them to end. */
  let carried: Promise<void> | undefined
  const caughtUp = new Promise<void>((r) => (markCaughtUp = r))

  const liveSink = new PipelineSink({ queueLog: demoQueueLog(log) })
  const live = (async (): Promise<LiveHandle | null> => {
    let stored: Map<string, number> | undefined
    try {
      stored = await storedDemoRuns(scenario, clock())
    } catch (e) {
      console.warn(`[plateau] demo: cannot read today's earlier runs (${(e as Error).message}); starting as if the store were empty`)
    }
    if (ac.signal.aborted) return null
    const handle = startLive({
      scenario,
      seed,
      sink: liveSink,
      faults: o.faults ?? { duplicates: 0.002, late: 0.002, malformed: 0.001 },
      plan: planLive({ scenario, seed, now: clock(), businessClock, backfill, stored }),
      clock,
      tickMs: o.tickMs,
      log,
      onCaughtUp: markCaughtUp,
    })
    handle.done.catch((e: Error) => console.error(`[plateau] demo traffic stopped: ${e.message}`))
    return handle
  })().catch((e: Error) => {
    console.error(`[plateau] demo traffic not started: ${e.message}`)
    return null
  })

  const history = (async (): Promise<HistoryReport | null> => {
    if (!(days > 0) || !(await live)) return null
    setHistoryProgress({ state: 'waiting', days })
    const aborted = new Promise<void>((r) => ac.signal.addEventListener('abort', () => r(), { once: true }))
    await Promise.race([caughtUp, aborted])
    if (ac.signal.aborted) return null
    log(`filling ${days} days of history in the background, newest first (PLATEAU_DEMO_HISTORY_DAYS; days already stored are skipped; progress on /api/health)`)
    const r = await fillDemoHistory({ scenario, seed, days, clock, signal: ac.signal, log })
    carried = r.carriedDone
    if (!r.aborted)
      log(
        `history done: ${r.days} days (${r.filled} filled, ${r.skipped} already stored), ${r.events.toLocaleString('en')} events in ${(r.wallMs / 1000).toFixed(0)} s`,
      )
    return r
  })().catch((e: Error) => {
    console.error(`[plateau] demo: history stopped: ${e.message}`)
    return null
  })

  return {
    live,
    caughtUp,
    history,
    async stop() {
      ac.abort()
      const h = await live
      await h?.stop().catch(() => undefined)
      await liveSink.close()
      await history
      await carried
    },
  }
}
