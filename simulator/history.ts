/**
 * Demo history: the days before today, filled by the simulator in the background once the live
 * demo has caught up with the clock (simulator/demo.ts), so a newcomer's /reports for last month and
 * /executive have data.
 *
 * - One simulation per local day (first center's zone), on the real clock, from local midnight to
 *   the next: its ids depend only on the seed and the day (`e-<ns>-<n>`, ns = simNamespace(seed,
 *   midnight, 0)), so filling a day again gives the same events, which the store deduplicates.
 *   It is also the run the live demo used on that day when it ran on the real clock from
 *   midnight, so a day the demo partly covered then is completed without double counting.
 * - A day is skipped when it is complete (recorded in demo_history_days once every event of the
 *   day was stored) or when other contacts are stored on it (another demo run, another seed, real
 *   producers): filling it as well would count that time twice. A day interrupted by a stop is
 *   filled again at the next start (the store deduplicates what it already had).
 * - Its events count as received a second after they happened, as the floor would have sent them
 *   (simulator/demo.ts): the reports' late-event footnotes then describe the pipeline, not the demo
 *   catching up on two months.
 * - Newest day first (yesterday, then back), one day at a time, in slices of 1,000 events, one in
 *   flight, each waiting while a live snapshot is computed (lib/live/priority, through the sink),
 *   and a pause after each day: live screens keep priority (bench/backfill-live.ts measures it).
 * - Progress (days done, events, the day being filled) is on /api/health and in the log.
 */
import { getClickHouse, queryRows } from '../lib/clickhouse'
import { simNamespace } from './engine'
import { run, sleep } from './runner'
import type { Scenario } from './scenario'
import type { Sink } from './sinks'
import { setHistoryProgress } from './history-progress'
import { dayToDate, TzClock } from './time'

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
  /** Events per write (default 1000: short slices, so a live snapshot never waits long behind one). */
  batchSize?: number
  /** A new sink for each day (simulator/demo.ts: the in-process pipeline, one batch at a time). */
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
export function historyRun(sc: Scenario, seed: number, day: number): { from: number; to: number; ns: string } {
  const tz = TzClock.get(sc.centers[0]!.timezone)
  const from = tz.dayStart(day)
  const ns = simNamespace(seed, from, 0, sc.name)
  return { from, to: tz.dayStart(day + 1), ns }
}

/** What the store holds for history day `day` (its completion record, else that day's events of the scenario's centers). */
export async function historyDayStatus(sc: Scenario, seed: number, day: number): Promise<DayStatus> {
  const r = historyRun(sc, seed, day)
  const [done] = await queryRows<{ n: string }>(`SELECT count() AS n FROM demo_history_days WHERE run = {run:String}`, { run: r.ns })
  if (Number(done?.n ?? 0) > 0) return 'complete'
  const [row] = await queryRows<{ ours: string; other: string }>(
    `SELECT countIf(startsWith(event_id, {prefix:String})) AS ours,
            countIf(type = 'contact.queued' AND NOT startsWith(event_id, {prefix:String})) AS other
     FROM events
     WHERE center_id IN {centers:Array(String)}
       AND ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC')`,
    { prefix: `e-${r.ns}-`, centers: sc.centers.map((c) => c.id), from: r.from, to: r.to },
  )
  if (!row) return 'empty'
  if (Number(row.other) > 0) return 'other'
  return Number(row.ours) === 0 ? 'empty' : 'partial'
}

/** Record that the history day of run `ns` (local date `date`, YYYY-MM-DD) is stored completely. */
async function markComplete(ns: string, date: string): Promise<void> {
  await getClickHouse().insert({
    table: 'demo_history_days',
    values: [{ run: ns, day: date, completed_at: new Date().toISOString().replace('T', ' ').replace('Z', '') }],
    format: 'JSONEachRow',
  })
}

/** Fill the history days that are not stored yet, newest first. Never throws for a failed day (logs it). */
export async function fillHistory(o: HistoryOptions): Promise<HistoryReport> {
  const clock = o.clock ?? Date.now
  const t0 = Date.now()
  const days = historyDays(o.scenario, clock(), o.days)
  const report: HistoryReport = { days: days.length, filled: 0, skipped: 0, events: 0, wallMs: 0, aborted: false }
  setHistoryProgress({ state: 'filling', days: days.length, daysDone: 0, events: 0, current: null, startedAt: new Date(t0).toISOString(), finishedAt: null })
  for (const [i, day] of days.entries()) {
    if (o.signal?.aborted) break
    const date = dayToDate(day)
    const progress = `${i + 1}/${days.length} days`
    setHistoryProgress({ state: 'filling', daysDone: i, events: report.events, current: date })
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
    const sink = o.sink()
    const res = await run({
      scenario: o.scenario,
      seed: o.seed,
      from: r.from,
      to: r.to - 1, // events at the next midnight belong to the next day
      speed: 'max',
      clockOffset: 0,
      sink,
      batchSize: o.batchSize ?? 1000,
      clock,
      signal: o.signal,
    })
    await sink.close()
    let complete = !o.signal?.aborted && sink.failed === 0
    if (complete) complete = await markComplete(r.ns, date).then(() => true, () => false)
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
  setHistoryProgress({ state: report.aborted ? 'stopped' : 'done', daysDone: report.filled + report.skipped, events: report.events, current: null, finishedAt: new Date().toISOString() })
  return report
}
