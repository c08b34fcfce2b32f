/**
 * Drivers: how fast simulated time moves and where the events go.
 * - `run`: from `from` to `to` at `speed` ('max' or N× real time), never emitting an event dated
 *   in the future: once simulated time reaches the clock it follows the clock (live). No `to`
 *   = run until stopped. This one loop is fast-forward history, paced replay and the live demo.
 * - `startLive`: the live demo/simulation — backfills today (or warms up silently), then follows
 *   the clock; shifts the business clock when the centers are closed right now. `planLive`
 *   decides which run that is, so that restarts never cover the same hours twice.
 * - `runLoad`: a target rate of events per second, paced on scheduled send times.
 */
import { Simulation, simNamespace, type SimStats } from './engine'
import { FaultInjector, NO_FAULTS, type Emitted, type FaultCounts, type FaultRates } from './faults'
import { hash32 } from './rng'
import type { Scenario } from './scenario'
import type { Sink } from './sinks'
import { DAY, HOUR, MINUTE, TzClock, weekdayOfDay, dayToDate } from './time'

export type RunOptions = {
  scenario: Scenario
  seed: number
  /** Simulated start (ms). */
  from: number
  /** Simulated end (ms, exclusive of nothing: events at `to` are included). Undefined = until stopped. */
  to?: number
  /** 'max' = as fast as possible; a number = that many times real time. Capped by the clock either way. */
  speed: 'max' | number
  /** See SimOptions.emitFrom (silent warm-up). */
  emitFrom?: number
  /** See SimOptions.warmStart (what the warm-up hands over at emitFrom). */
  warmStart?: 'emit' | 'drop'
  /**
   * See SimOptions.closeAt: no contact starts from then on; the run ends as soon as every open
   * contact has finished after it (or at `to`, whichever comes first).
   */
  closeAt?: number
  /** Simulated time = wall clock + clockOffset (the emitted ts are wall-clock times). */
  clockOffset?: number
  sink: Sink
  faults?: FaultRates
  /** Emit a batch once this many events are ready (and at least every tick). Default 10,000. */
  batchSize?: number
  tickMs?: number
  clock?: () => number
  signal?: AbortSignal
  log?: (m: string) => void
  /** Called after each written batch. */
  onProgress?: (p: Progress) => void
  /** Called once, when simulated time first catches up with the clock (everything up to now written). */
  onCaughtUp?: () => void
}

export type Progress = { simT: number; events: number; wallMs: number; live: boolean }

export type RunReport = {
  events: number
  delivered: number
  rejected: number
  from: number
  until: number
  wallMs: number
  eventsPerSec: number
  faults: FaultCounts
  stats: SimStats
  ns: string
}

/** Wait `ms`, or less if `signal` aborts. */
export const sleep = (ms: number, signal?: AbortSignal) =>
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

export async function run(o: RunOptions): Promise<RunReport> {
  const clock = o.clock ?? Date.now
  const offset = o.clockOffset ?? 0
  const tick = o.tickMs ?? 200
  const batchSize = o.batchSize ?? 10_000
  const rates = o.faults ?? NO_FAULTS
  const faults = new FaultInjector(rates, o.seed)
  let out: Emitted[] = []
  let produced = 0
  const onEvent = faults.active
    ? (e: Emitted & object, t: number) => {
        produced++
        faults.push(e as never, t, out)
      }
    : (e: Emitted & object) => {
        produced++
        out.push(e)
      }
  const sim = new Simulation({
    scenario: o.scenario,
    seed: o.seed,
    start: o.from,
    emitFrom: o.emitFrom,
    clockOffset: offset,
    warmStart: o.warmStart,
    closeAt: o.closeAt,
    onEvent: onEvent as never,
  })
  const wallStart = clock()
  const to = o.to ?? Infinity
  let cursor = o.from
  let written = 0
  let caughtUpOnce = false
  const flush = async (live: boolean) => {
    if (!out.length) return
    const batch = out
    out = []
    written += batch.length
    await o.sink.write(batch)
    o.onProgress?.({ simT: cursor, events: written, wallMs: clock() - wallStart, live })
  }
  const closeAt = o.closeAt ?? Infinity
  const drained = () => cursor >= closeAt && sim.openContacts() === 0
  while (!o.signal?.aborted && cursor < to && !drained()) {
    const simNow = clock() + offset
    const paced = o.speed === 'max' ? Infinity : o.from + (clock() - wallStart) * o.speed
    const step = o.speed === 'max' ? HOUR : Math.max(tick * o.speed, 1000)
    // stop at closeAt once: a run with nothing open there ends without going further
    const target = Math.min(cursor + step, paced, simNow, to, cursor < closeAt ? closeAt : Infinity)
    if (target > cursor) {
      sim.runUntil(target)
      faults.release(target, out)
      cursor = target
    }
    const caughtUp = cursor >= simNow || cursor >= paced
    if (out.length >= batchSize || (caughtUp && out.length)) await flush(cursor >= simNow)
    if (!caughtUpOnce && cursor >= simNow) {
      caughtUpOnce = true
      o.onCaughtUp?.()
    }
    if (caughtUp && cursor < to && !drained()) await sleep(tick, o.signal)
    else await new Promise<void>((r) => setImmediate(r)) // let the host process breathe (in-process demo)
  }
  faults.flush(out)
  await flush(false)
  const wallMs = clock() - wallStart
  return {
    events: written,
    delivered: o.sink.delivered,
    rejected: o.sink.rejected,
    from: o.from,
    until: cursor,
    wallMs,
    eventsPerSec: written / Math.max(wallMs / 1000, 1e-3),
    faults: faults.counts,
    stats: sim.stats,
    ns: sim.ns,
  }
}

// ---------------------------------------------------------------- live

/** Does every center have an inbound voice or chat queue open at instant t? */
export function allCentersOpen(sc: Scenario, t: number): boolean {
  return sc.centers.every((c) => {
    const clock = TzClock.get(c.timezone)
    const local = clock.local(t)
    const day = Math.floor(local / DAY)
    const min = (local - day * DAY) / MINUTE
    const di = c.holidays.has(dayToDate(day)) ? 7 : weekdayOfDay(day)
    return c.queues.some((qi) => {
      const q = sc.queues[qi]!
      return q.direction === 'inbound' && q.channel !== 'email' && q.hours[di]!.some(([a, b]) => min >= a && min < b - 30)
    })
  })
}

/**
 * The demo's business-clock shift: 0 when every center is open now, else blockClockOffset.
 * Emitted timestamps stay real wall-clock times.
 */
export function demoClockOffset(sc: Scenario, now: number): number {
  return allCentersOpen(sc, now) ? 0 : blockClockOffset(sc, now)
}

/**
 * The business-clock shift of the 8-hour block containing `now`: real time is cut into 8-hour
 * blocks (00–08, 08–16, 16–24 local) and the start of the block maps to 09:00 of the most
 * recent day on which every center is open all that time. Constant within a block.
 */
export function blockClockOffset(sc: Scenario, now: number): number {
  const tz = TzClock.get(sc.centers[0]!.timezone)
  const local = tz.local(now)
  const day = Math.floor(local / DAY)
  const blockStart = tz.toUtc(day * DAY + Math.floor((local - day * DAY) / (8 * HOUR)) * 8 * HOUR)
  for (let d = day; d > day - 21; d--) {
    let ok = true
    for (let m = 9 * 60 + 1; m < 17 * 60 && ok; m += 30) ok = allCentersOpen(sc, tz.toUtc(d * DAY + m * MINUTE))
    if (ok) return tz.toUtc(d * DAY + 9 * HOUR) - blockStart
  }
  return 0
}

/** A live run: where its simulation starts (simulated ms), its clock shift, and its id namespace. */
export type LiveIdentity = { from: number; clockOffset: number; ns: string }

const identity = (sc: Scenario, seed: number, from: number, clockOffset: number): LiveIdentity => ({
  from,
  clockOffset,
  ns: simNamespace(seed, from, clockOffset, sc.name),
})

/**
 * Every run the live demo may use on the local day (first center's zone) of `now`: the real
 * clock from local midnight, and the shifted clock of each 8-hour block (simulation starting at
 * midnight of the simulated day). A run is identified by these alone, so the same run on the
 * same seed always gives the same events, with the same ids and timestamps.
 */
export function liveIdentities(sc: Scenario, seed: number, now: number, businessClock: 'auto' | 'real' = 'auto'): LiveIdentity[] {
  const tz = TzClock.get(sc.centers[0]!.timezone)
  const day = tz.day(now)
  const out = [identity(sc, seed, tz.dayStart(day), 0)]
  if (businessClock === 'real') return out
  for (let b = 0; b < 3; b++) {
    const blockStart = tz.toUtc(day * DAY + b * 8 * HOUR)
    const off = blockClockOffset(sc, blockStart)
    if (off !== 0 && !out.some((x) => x.clockOffset === off)) out.push(identity(sc, seed, tz.dayStart(tz.day(blockStart + off)), off))
  }
  return out
}

export type LivePlan = LiveIdentity & {
  /** Simulated instant from which events are emitted (earlier ones: silent warm-up). */
  emitFrom: number
  warmStart: 'emit' | 'drop'
  /** The run already stored events today and is continued (a restart). */
  resumed: boolean
  /** Latest event time stored today by other runs: this run emits nothing dated before it. */
  after: number | null
}

export type PlanOptions = {
  scenario: Scenario
  seed: number
  now: number
  businessClock?: 'auto' | 'real'
  backfill?: 'today' | 'none'
  /**
   * What earlier runs stored today (local day of `now`): id namespace → time (ms) of its latest
   * event. Events of runs that are not today's identities (another seed, a run started
   * yesterday that went on past midnight) count too.
   */
  stored?: ReadonlyMap<string, number>
}

/**
 * Which run the live demo uses now, so that restarting it any number of times never covers the
 * same time twice (double counting):
 * - events are dated from local midnight of today on (earlier days are history's);
 * - if a run of today already stored events and its floor is still open now (or it is the run
 *   the clock calls for anyway), it is continued: the same run replays the same events (same
 *   ids and timestamps, which the store deduplicates) and goes on;
 * - otherwise the run the clock calls for now (demoClockOffset) starts where the others
 *   stopped: nothing dated before their latest event, and contacts it had in progress at that
 *   instant are left out (warmStart 'drop').
 * backfill 'none': a silent 3-hour warm-up, then the current floor from now.
 */
export function planLive(o: PlanOptions): LivePlan {
  const sc = o.scenario
  const tz = TzClock.get(sc.centers[0]!.timezone)
  const clockOffset = o.businessClock === 'real' ? 0 : demoClockOffset(sc, o.now)
  const simNow = o.now + clockOffset
  if (o.backfill === 'none') {
    const from = simNow - 3 * HOUR
    return { ...identity(sc, o.seed, from, clockOffset), emitFrom: simNow, warmStart: 'emit', resumed: false, after: null }
  }
  const stored = o.stored ?? new Map<string, number>()
  const preferred = identity(sc, o.seed, tz.dayStart(tz.day(simNow)), clockOffset)
  let latest: LiveIdentity | null = null
  let latestT = -Infinity
  for (const c of liveIdentities(sc, o.seed, o.now, o.businessClock)) {
    const t = stored.get(c.ns)
    if (t !== undefined && t > latestT) {
      latest = c
      latestT = t
    }
  }
  const resumed = latest !== null && (latest.ns === preferred.ns || allCentersOpen(sc, o.now + latest.clockOffset))
  const id = resumed ? latest! : preferred
  let after = -Infinity
  for (const [ns, t] of stored) if (ns !== id.ns && t > after) after = t
  const midnight = tz.dayStart(tz.day(o.now))
  const emitFrom = Math.max(id.from, midnight + id.clockOffset, after + 1 + id.clockOffset)
  return { ...id, emitFrom, warmStart: emitFrom > id.from ? 'drop' : 'emit', resumed, after: after > -Infinity ? after : null }
}

export type LiveOptions = {
  scenario: Scenario
  seed: number
  sink: Sink
  faults?: FaultRates
  /** 'today' = backfill since local midnight at full speed, then live; 'none' = silent warm-up of 3 h, emit from now. */
  backfill?: 'today' | 'none'
  /** 'auto' = shift the business clock when centers are closed now; 'real' = never. */
  businessClock?: 'auto' | 'real'
  /** The run to use (planLive with what the store holds); default: planLive without stored runs. */
  plan?: LivePlan
  clock?: () => number
  tickMs?: number
  batchSize?: number
  log?: (m: string) => void
  onProgress?: (p: Progress) => void
  /** Called once the backfill has caught up with the clock. */
  onCaughtUp?: () => void
}

export type LiveHandle = {
  clockOffset: number
  from: number
  emitFrom: number
  plan: LivePlan
  /** Resolves with the report once stopped (or rejects if the sink failed for good). */
  done: Promise<RunReport>
  stop(): Promise<RunReport>
}

export function startLive(o: LiveOptions): LiveHandle {
  const clock = o.clock ?? Date.now
  const plan = o.plan ?? planLive({ scenario: o.scenario, seed: o.seed, now: clock(), businessClock: o.businessClock, backfill: o.backfill })
  const { from, emitFrom, clockOffset } = plan
  if (clockOffset !== 0)
    o.log?.(
      `centers are closed at this hour: the simulated floor runs on a business clock ${fmtOffset(clockOffset)} (simulating ${new Date(clock() + clockOffset).toISOString().slice(0, 16)}Z; timestamps stay real)`,
    )
  if (plan.resumed) o.log?.(`continuing today's run ${plan.ns} (same events as before the restart: the store deduplicates them)`)
  else if (plan.after !== null) o.log?.(`earlier runs stored events up to ${new Date(plan.after).toISOString().slice(0, 19)}Z today: this run starts after them`)
  const ac = new AbortController()
  const done = run({
    scenario: o.scenario,
    seed: o.seed,
    from,
    speed: 'max',
    emitFrom,
    warmStart: plan.warmStart,
    clockOffset,
    sink: o.sink,
    faults: o.faults,
    clock,
    tickMs: o.tickMs,
    batchSize: o.batchSize,
    signal: ac.signal,
    log: o.log,
    onProgress: o.onProgress,
    onCaughtUp: o.onCaughtUp,
  })
  return {
    clockOffset,
    from,
    emitFrom,
    plan,
    done,
    async stop() {
      ac.abort()
      return done
    },
  }
}

function fmtOffset(ms: number): string {
  const h = Math.round((Math.abs(ms) / HOUR) * 10) / 10
  return `${ms < 0 ? '-' : '+'}${h} h`
}

// ---------------------------------------------------------------- load

export type LoadOptions = {
  scenario: Scenario
  seed: number
  /** Target events per second. */
  rate: number
  durationMs: number
  /** 'now': each event is stamped with its send time (fresh data for live KPIs, timings compressed);
   *  'sim': keeps simulated timestamps (realistic history, starting `from`). */
  ts: 'now' | 'sim'
  from: number
  sink: Sink
  faults?: FaultRates
  clock?: () => number
  signal?: AbortSignal
  log?: (m: string) => void
  /** Send granularity (ms). Default 20. */
  sliceMs?: number
}

export type LoadReport = {
  target: number
  sent: number
  wallMs: number
  achieved: number
  /** Achieved rate per whole second of the run. */
  perSecond: number[]
  /** Largest delay behind the schedule (ms). */
  maxLagMs: number
}

export async function runLoad(o: LoadOptions): Promise<LoadReport> {
  const clock = o.clock ?? Date.now
  const slice = o.sliceMs ?? 20
  const faults = new FaultInjector(o.faults ?? NO_FAULTS, o.seed)
  let buf: Emitted[] = []
  let head = 0
  let gen = 0
  let sim: Simulation
  let cursor = o.from
  const newSim = () => {
    sim = new Simulation({
      scenario: o.scenario,
      seed: (o.seed + hash32('load', gen++)) >>> 0,
      start: cursor,
      onEvent: (e, t) => (faults.active ? faults.push(e, t, buf) : buf.push(e)),
    })
  }
  newSim()
  const fill = (n: number) => {
    while (buf.length - head < n) {
      // 'sim' timestamps must stay in the past: wrap around to `from` with a fresh id space
      if (o.ts === 'sim' && cursor + 10 * MINUTE > clock()) {
        cursor = o.from
        newSim()
      }
      cursor += 10 * MINUTE
      sim.runUntil(cursor)
      faults.release(cursor, buf)
    }
  }
  const start = clock()
  const perSecond: number[] = []
  let sent = 0
  let maxLag = 0
  let lastSec = -1
  while (!o.signal?.aborted) {
    const now = clock()
    const elapsed = now - start
    if (elapsed >= o.durationMs) break
    const due = Math.floor((elapsed * o.rate) / 1000) - sent
    if (due > 0) {
      fill(due)
      let batch = buf.slice(head, head + due)
      head += due
      if (head > 100_000) {
        buf = buf.slice(head)
        head = 0
      }
      if (o.ts === 'now') {
        const ts = new Date(now).toISOString()
        batch = batch.map((e) => ('raw' in e ? e : ({ ...e, ts } as Emitted)))
      }
      // how far behind schedule the first event of this batch is
      const scheduled = start + ((sent + 1) * 1000) / o.rate
      maxLag = Math.max(maxLag, now - scheduled)
      await o.sink.write(batch)
      sent += due
      const sec = Math.floor(elapsed / 1000)
      if (sec > lastSec) {
        if (lastSec >= 0 && sec % 5 === 0) o.log?.(`${sec} s: ${perSecond[sec - 1] ?? 0} events in the last second, ${sent} in all`)
        lastSec = sec
      }
      perSecond[sec] = (perSecond[sec] ?? 0) + due
    }
    // wake at the next slice boundary: each send carries rate × slice events
    await sleep(Math.max(1, slice - ((clock() - start) % slice)), o.signal)
  }
  const wallMs = clock() - start
  return {
    target: o.rate,
    sent,
    wallMs,
    achieved: sent / (wallMs / 1000),
    perSecond: Array.from(perSecond, (x) => x ?? 0),
    maxLagMs: Math.max(0, Math.round(maxLag)),
  }
}
