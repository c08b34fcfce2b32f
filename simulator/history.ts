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
 * - Contacts still open at the day's end are carried over (SimOptions.closeAt): no new contact
 *   starts after midnight, but the day's run goes on until each of its contacts has an outcome —
 *   an e-mail queued in the evening is answered when the next shift logs in, a Friday evening one
 *   on Monday (at most CARRY_MAX_DAYS later). A day whose carried contacts reach the present
 *   (yesterday's e-mails, answered this morning) goes on following the clock in the background
 *   while the fill moves on to older days; it is recorded complete once they are all finished.
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
  /**
   * The KPI facts of a day's contacts (ids `c-<ns>-…`): held from the live refresh while the day is
   * written, then derived in one pass over [from, to) — before the day is recorded complete, and
   * when its carried-over contacts reach the present (simulator/demo.ts: lib/queries/refreshContactFacts).
   */
  facts?: { hold(prefix: string): void; release(prefix: string, from: number, to: number): Promise<void> }
}

/** A sink whose close() resolves once everything written is stored, and that says whether all of it was. */
export type HistorySinkTarget = Sink & { readonly failed: number }

/** Runs (ns) of days whose carried-over contacts are finishing live in this process: a later fill skips them. */
const following = new Set<string>()

/** A history day's open contacts are carried over at most this many days after it (then left open). */
export const CARRY_MAX_DAYS = 7

export type DayStatus = 'complete' | 'other' | 'partial' | 'empty'

export type HistoryReport = {
  days: number
  filled: number
  skipped: number
  /** Days whose open contacts reached the present and finish live (recorded complete once they have). */
  carried: number
  events: number
  wallMs: number
  aborted: boolean
  /** Resolves once the carried days' contacts have all finished (or the fill was stopped). */
  carriedDone?: Promise<void>
}

/** The local days (day numbers, first center's zone) of the history, newest first. */
export function historyDays(sc: Scenario, now: number, days: number): number[] {
  const tz = TzClock.get(sc.centers[0]!.timezone)
  const today = tz.day(now)
  return Array.from({ length: Math.max(0, Math.floor(days)) }, (_, i) => today - 1 - i)
}

/** The simulation that makes history day `day`: [from, to) in ms, and its id namespace. */
export function historyRun(sc: Scenario, seed: number, day: number): { from: number; to: number; carryUntil: number; ns: string } {
  const tz = TzClock.get(sc.centers[0]!.timezone)
  const from = tz.dayStart(day)
  const ns = simNamespace(seed, from, 0, sc.name)
  return { from, to: tz.dayStart(day + 1), carryUntil: tz.dayStart(day + 1 + CARRY_MAX_DAYS), ns }
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
  const report: HistoryReport = { days: days.length, filled: 0, skipped: 0, carried: 0, events: 0, wallMs: 0, aborted: false }
  /** Days whose open contacts go on live (see the module comment); fillHistory does not wait for them. */
  const carried: Promise<void>[] = []
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
    if (status === 'complete' || status === 'other' || following.has(historyRun(o.scenario, o.seed, day).ns)) {
      report.skipped++
      continue
    }
    const r = historyRun(o.scenario, o.seed, day)
    const dayT0 = Date.now()
    const sink = o.sink()
    const contacts = `c-${r.ns}-`
    o.facts?.hold(contacts)
    // Released once derived (a failed derivation is tried again when the day ends).
    let factsDerived = !o.facts
    const releaseFacts = async () => {
      if (factsDerived) return
      await o.facts!.release(contacts, r.from, r.carryUntil)
      factsDerived = true
    }
    let reachedNow!: () => void
    const atPresent = new Promise<'present'>((resolve) => (reachedNow = () => resolve('present')))
    const running = run({
      scenario: o.scenario,
      seed: o.seed,
      from: r.from,
      to: r.carryUntil,
      closeAt: r.to,
      speed: 'max',
      clockOffset: 0,
      sink,
      batchSize: o.batchSize ?? 1000,
      clock,
      signal: o.signal,
      onCaughtUp: reachedNow,
    })
    // Every contact of the day finished, written and stored: record the day complete.
    const finish = async (): Promise<boolean> => {
      await sink.close()
      const derived = await releaseFacts().then(
        () => true,
        (e: Error) => (o.log?.(`history ${date}: deriving its KPI facts failed (${e.message})`), false),
      )
      let complete = !o.signal?.aborted && sink.failed === 0 && derived
      if (complete) complete = await markComplete(r.ns, date).then(() => true, () => false)
      if (!complete && !o.signal?.aborted) o.log?.(`history ${date}: not completely stored (insert errors); it will be filled again at the next start`)
      return complete
    }
    const first = await Promise.race([running, atPresent]).catch(async (e: Error) => {
      await releaseFacts().catch(() => undefined)
      throw e
    })
    if (first === 'present') {
      // What is stored so far gets its facts now; the contacts' later events are the live refresh's.
      await releaseFacts().catch((e: Error) => o.log?.(`history ${date}: deriving its KPI facts failed (${e.message})`))
      // This day's open contacts (e-mails) reach the present: they finish live, in the background.
      report.carried++
      following.add(r.ns)
      // what is stored so far counts now; the rest once they have finished
      const soFar = sink.delivered
      report.events += soFar
      o.log?.(`history ${date}: its contacts still open are carried over live (answered as the floor gets to them); filling older days meanwhile (${progress}, ${soFar.toLocaleString('en')} events so far)`)
      carried.push(
        running
          .then(async (res) => {
            report.events += res.events - soFar
            if (await finish()) o.log?.(`history ${date}: carried-over contacts finished`)
          })
          .finally(() => following.delete(r.ns)),
      )
      continue
    }
    const res = first
    const complete = await finish()
    const ms = Date.now() - dayT0
    if (o.signal?.aborted) break
    report.events += res.events
    if (!complete) continue
    report.filled++
    o.log?.(`history ${date} … (${progress}, ${res.events.toLocaleString('en')} events in ${(ms / 1000).toFixed(1)} s)`)
    await sleep(Math.max(o.pauseMinMs ?? 200, ms * (o.pauseShare ?? 0.5)), o.signal)
  }
  report.aborted = o.signal?.aborted ?? false
  report.wallMs = Date.now() - t0
  report.carriedDone = Promise.all(carried).then(() => undefined)
  setHistoryProgress({ state: report.aborted ? 'stopped' : 'done', daysDone: report.filled + report.skipped + report.carried, events: report.events, current: null, finishedAt: new Date().toISOString() })
  return report
}
