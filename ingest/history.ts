/**
 * Demo history: the days before today, filled by the simulator in the background once the live
 * demo has caught up with the clock (ingest/demo.ts), so a newcomer's /reports for last month and
 * /executive have data.
 *
 * - One simulation per local day (first center's zone), on the real clock, from local midnight to
 *   the next: its ids depend only on the seed and the day (`e-<ns>-<n>`, ns = simNamespace(seed,
 *   midnight, 0)), so filling a day again gives the same events, which the store deduplicates.
 *   It is also the run the live demo used on that day when it ran on the real clock from
 *   midnight, so a day the demo partly covered then is completed without double counting.
 * - A day is skipped when it is complete (its first event, held back until everything else of
 *   the day was stored, is the last one stored) or when other contacts are stored on it (another
 *   demo run, another seed, real producers): filling it as well would count that time twice.
 * - Newest day first (yesterday, then back), one day at a time, at most two batches in flight, and
 *   a pause after each day: live traffic and the KPI facts refresher keep the machine first.
 */
import { queryRows } from '../lib/clickhouse'
import { simNamespace } from './simulator/engine'
import type { Emitted } from './simulator/faults'
import { run } from './simulator/runner'
import type { Scenario } from './simulator/scenario'
import type { Sink } from './simulator/sinks'
import { dayToDate, TzClock } from './simulator/time'

export type HistoryOptions = {
  scenario: Scenario
  seed: number
  /** How many days before today (0: none). */
  days: number
  clock?: () => number
  signal?: AbortSignal
  log?: (m: string) => void
  /** Pause after each filled day: this share of the time the day took (default 0.5), at least pauseMinMs (default 200). */
  pauseShare?: number
  pauseMinMs?: number
  /** Events per write (default 5000). */
  batchSize?: number
  /** A new sink for each day (ingest/demo.ts: the in-process pipeline, one batch at a time). */
  sink: () => HistorySinkTarget
}

/** A sink whose close() resolves once everything written is stored, and that says whether all of it was. */
export type HistorySinkTarget = Sink & { readonly failed: number }

export type DayStatus = 'complete' | 'other' | 'partial' | 'empty'

export type HistoryReport = {
  days: number
  filled: number
  skipped: number
  events: number
  wallMs: number
  aborted: boolean
}

/** The local days (day numbers, first center's zone) of the history, newest first. */
export function historyDays(sc: Scenario, now: number, days: number): number[] {
  const tz = TzClock.get(sc.centers[0]!.timezone)
  const today = tz.day(now)
  return Array.from({ length: Math.max(0, Math.floor(days)) }, (_, i) => today - 1 - i)
}

/** The simulation that makes history day `day`: [from, to) in ms, and its id namespace. */
export function historyRun(sc: Scenario, seed: number, day: number): { from: number; to: number; ns: string; marker: string } {
  const tz = TzClock.get(sc.centers[0]!.timezone)
  const from = tz.dayStart(day)
  const ns = simNamespace(seed, from, 0, sc.name)
  return { from, to: tz.dayStart(day + 1), ns, marker: `e-${ns}-0` }
}

/** What the store holds for history day `day` (one query over that day's events of the scenario's centers). */
export async function historyDayStatus(sc: Scenario, seed: number, day: number): Promise<DayStatus> {
  const r = historyRun(sc, seed, day)
  const [row] = await queryRows<{ ours: string; other: string; marker: string; marker_at: string; last_at: string }>(
    `SELECT countIf(startsWith(event_id, {prefix:String})) AS ours,
            countIf(type = 'contact.queued' AND NOT startsWith(event_id, {prefix:String})) AS other,
            countIf(event_id = {marker:String}) AS marker,
            toUnixTimestamp64Milli(maxIf(received_at, event_id = {marker:String})) AS marker_at,
            toUnixTimestamp64Milli(maxIf(received_at, startsWith(event_id, {prefix:String}))) AS last_at
     FROM events
     WHERE center_id IN {centers:Array(String)}
       AND ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC')`,
    { prefix: `e-${r.ns}-`, marker: r.marker, centers: sc.centers.map((c) => c.id), from: r.from, to: r.to },
  )
  if (!row) return 'empty'
  if (Number(row.other) > 0) return 'other'
  if (Number(row.ours) === 0) return 'empty'
  return Number(row.marker) > 0 && Number(row.marker_at) >= Number(row.last_at) ? 'complete' : 'partial'
}

/** Holds the day's first event back until everything else is stored, then stores it: "this day is complete". */
class MarkerLastSink implements Sink {
  readonly name: string
  private held: Emitted[] = []

  constructor(
    private readonly inner: HistorySinkTarget,
    private readonly marker: string,
    private readonly signal?: AbortSignal,
  ) {
    this.name = inner.name
  }
  get delivered() {
    return this.inner.delivered
  }
  get rejected() {
    return this.inner.rejected
  }

  write(batch: Emitted[]): Promise<void> {
    const rest = batch.filter((x) => {
      if ((x as { event_id?: string }).event_id !== this.marker) return true
      this.held.push(x)
      return false
    })
    return this.inner.write(rest)
  }

  /** True when the day was stored completely (marker last), or had no events at all. */
  async finish(events: number): Promise<boolean> {
    await this.inner.close()
    if (this.signal?.aborted || this.inner.failed > 0) return false
    if (!this.held.length) return events === 0
    await this.inner.write(this.held.slice(0, 1))
    await this.inner.close()
    return this.inner.failed === 0
  }

  close(): Promise<void> {
    return this.inner.close()
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve()
    const t = setTimeout(done, ms)
    function done() {
      clearTimeout(t)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })

/** Fill the history days that are not stored yet, newest first. Never throws for a failed day (logs it). */
export async function fillHistory(o: HistoryOptions): Promise<HistoryReport> {
  const clock = o.clock ?? Date.now
  const t0 = Date.now()
  const days = historyDays(o.scenario, clock(), o.days)
  const report: HistoryReport = { days: days.length, filled: 0, skipped: 0, events: 0, wallMs: 0, aborted: false }
  for (const [i, day] of days.entries()) {
    if (o.signal?.aborted) break
    const date = dayToDate(day)
    const progress = `${i + 1}/${days.length} days`
    let status: DayStatus
    try {
      status = await historyDayStatus(o.scenario, o.seed, day)
    } catch (e) {
      o.log?.(`history ${date}: cannot check the store (${(e as Error).message}); stopping`)
      break
    }
    if (status === 'complete' || status === 'other') {
      report.skipped++
      continue
    }
    const r = historyRun(o.scenario, o.seed, day)
    const dayT0 = Date.now()
    const sink = new MarkerLastSink(o.sink(), r.marker, o.signal)
    const res = await run({
      scenario: o.scenario,
      seed: o.seed,
      from: r.from,
      to: r.to - 1, // events at the next midnight belong to the next day
      speed: 'max',
      clockOffset: 0,
      sink,
      batchSize: o.batchSize ?? 5000,
      clock,
      signal: o.signal,
    })
    const complete = await sink.finish(res.events)
    const ms = Date.now() - dayT0
    if (o.signal?.aborted) break
    report.events += res.events
    if (!complete) {
      o.log?.(`history ${date}: not completely stored (insert errors); it will be filled again at the next start (${progress})`)
      continue
    }
    report.filled++
    o.log?.(`history ${date} … (${progress}, ${res.events.toLocaleString('en')} events in ${(ms / 1000).toFixed(1)} s)`)
    await sleep(Math.max(o.pauseMinMs ?? 200, ms * (o.pauseShare ?? 0.5)), o.signal)
  }
  report.aborted = o.signal?.aborted ?? false
  report.wallMs = Date.now() - t0
  return report
}
