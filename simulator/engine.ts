/**
 * The contact-center engine: a discrete-event simulation over a priority queue of timed
 * events. Nothing here knows about outputs or wall-clock time: it turns a compiled scenario, a
 * seed and a start instant into a stream of contract-v1 events handed to `onEvent`, in
 * simulated-time order. Drivers (runner.ts) decide how fast simulated time moves.
 *
 * What is modelled (see docs/simulator.md):
 * - arrivals: non-homogeneous Poisson per queue (thinning), from an hourly intraday curve,
 *   day-of-week factors, holidays, opening hours and a small day-to-day noise;
 * - agents: daily rotas from team shifts, absence, breaks, meetings and training; states
 *   available / on_contact / wrap_up / break / training / meeting / offline;
 * - routing: skills, queue priority (voice before chat before email), longest-idle agent
 *   first, oldest contact first; chat concurrency; email as deferred work (no abandonment);
 * - handling: lognormal talk, holds, after-call work, one transfer leg on a share of contacts;
 * - callers' patience → abandonment (and retries) emerges from load against staffing;
 * - outbound: a progressive dialer per campaign queue inside calling hours;
 * - outcomes, resolution, surveys (CSAT/NPS driven by wait and resolution) and repeat
 *   contacts by the same customer when not resolved.
 */
import type { PlateauEvent } from '../lib/contract/events'
import { EventHeap } from './heap'
import { drawLN, hash32, Rng, type LogNormal } from './rng'
import type { AgentM, CenterM, QueueM, Scenario, TeamM, WeekHours } from './scenario'
import { DAY, dayToDate, MINUTE, TzClock, weekdayOfDay } from './time'

export type SimEventHandler = (e: PlateauEvent, simT: number) => void

export type SimOptions = {
  scenario: Scenario
  seed: number
  /** Simulated start instant (ms since epoch). */
  start: number
  /**
   * Events dated before this instant are not emitted as they happen: the simulation warms up
   * silently, and at `emitFrom` it emits the latest state of every agent and the events so far
   * of contacts still in progress (with their original timestamps). Default: `start`.
   */
  emitFrom?: number
  /** Emitted `ts` = simulated time − clockOffset (the demo's business clock shift). Default 0. */
  clockOffset?: number
  /**
   * What a warm start (emitFrom later than start) emits at `emitFrom`:
   * - 'emit' (default): the latest state of every agent and the events so far of contacts in
   *   progress, with their original timestamps (the current floor, with its recent history);
   * - 'drop': nothing dated before `emitFrom`: contacts that began before it are never emitted
   *   (not even their later events), and every agent's current state is stated at `emitFrom`.
   *   For continuing a time range someone else covered up to `emitFrom` without overlapping it.
   */
  warmStart?: 'emit' | 'drop'
  /**
   * The end of the run's own time (a history day's next midnight). From then on no contact
   * starts (arrivals, repeats, dial attempts) and agent states are no longer emitted (the next
   * day's run states them), but the contacts already open go on — an e-mail queued in the evening
   * is answered when the next shift logs in — until `openContacts()` is 0. Default: none.
   */
  closeAt?: number
  onEvent: SimEventHandler
}

/** The id namespace of a run: every event_id is `e-<ns>-<n>`, every contact_id `c-<ns>-<n>`. */
export function simNamespace(seed: number, start: number, clockOffset: number, scenarioName: string): string {
  return hash32(seed >>> 0, Math.round(start), Math.round(clockOffset), scenarioName).toString(36).padStart(7, '0')
}

type AgentStateName = 'available' | 'on_contact' | 'wrap_up' | 'break' | 'training' | 'meeting' | 'offline'

const WAITING = 0
const ALERT = 1
const TALK = 2
const WRAP = 3
const DONE = 4
const ABANDONED = 5

type Contact = {
  id: string
  q0: QueueM
  center: CenterM
  customer: string
  campaign: string | undefined
  queuedAt: number
  answeredAt: number // first answer, -1 before
  transferWaitMs: number
  legs: number
  patience: number // ms, Infinity = none
}

type Leg = {
  c: Contact
  q: QueueM // the queue serving this leg
  state: number
  agent: Agent | null
  enqAt: number
  talk: number
  hold: number
  acw: number
  transfer: boolean // this leg ends in a transfer
}

type Activity = { kind: 'break' | 'training' | 'meeting'; reason: string; token: number }

type PlanItem =
  | { k: 'login'; t: number }
  | { k: 'logout'; t: number }
  | { k: 'act'; t: number; kind: Activity['kind']; reason: string; dur: number; fixedEnd: number | null }

type Agent = {
  m: AgentM
  center: CenterM
  team: TeamM
  queues: QueueM[]
  loggedIn: boolean
  activity: Activity | null
  pending: PlanItem[]
  legs: Leg[]
  reserved: boolean
  idleSince: number
  lastAssign: number
  state: AgentStateName
  reason: string | undefined
  stateSince: number
}

const K_ARRIVAL = 0
const K_REPEAT = 1
const K_ABANDON = 2
const K_ANSWER = 3
const K_END = 4
const K_WRAP = 5
const K_SURVEY = 6
const K_DAYPLAN = 7
const K_AGENT = 8
const K_DIAL = 9
const K_DIAL_RESULT = 10
const K_DIALER_WAKE = 11
const K_ACT_END = 12

type Ev = {
  t: number
  seq: number
  k: number
  leg?: Leg
  a?: Agent
  q?: QueueM
  c?: Contact
  item?: PlanItem
  n?: number
  s?: string
  x?: { csat?: number; nps?: number; resolved?: boolean }
}

export type QueueStats = {
  offered: number
  answered: number
  abandoned: number
  handled: number
  waitAnsweredMs: number
  waitAbandonedMs: number
  answeredIn20s: number
  talkMs: number
  holdMs: number
  acwMs: number
  transfers: number
  sales: number
  leads: number
  saves: number
  revenue: number
  resolved: number
  surveys: number
  csatSum: number
  repeats: number
  dialNoAnswer: number
}

export type SimStats = {
  events: number
  byType: Record<string, number>
  queues: Record<string, QueueStats>
  /** Agent time per center and state (ms). */
  agentTime: Record<string, Record<AgentStateName, number>>
}

type DayRates = { day: number; start: number; end: number; lmax: number; rate: Float64Array; open: [number, number][]; clock: TzClock }

const newQueueStats = (): QueueStats => ({
  offered: 0,
  answered: 0,
  abandoned: 0,
  handled: 0,
  waitAnsweredMs: 0,
  waitAbandonedMs: 0,
  answeredIn20s: 0,
  talkMs: 0,
  holdMs: 0,
  acwMs: 0,
  transfers: 0,
  sales: 0,
  leads: 0,
  saves: 0,
  revenue: 0,
  resolved: 0,
  surveys: 0,
  csatSum: 0,
  repeats: 0,
  dialNoAnswer: 0,
})

const DISPOSITIONS = ['no_answer', 'no_answer', 'no_answer', 'busy', 'voicemail'] as const

export class Simulation {
  readonly scenario: Scenario
  readonly seed: number
  readonly start: number
  readonly emitFrom: number
  readonly clockOffset: number
  readonly warmStart: 'emit' | 'drop'
  readonly closeAt: number
  /** Prefix of every event_id and contact_id of this run (from seed, start and clock offset: simNamespace). */
  readonly ns: string
  now: number
  readonly stats: SimStats

  private readonly onEvent: SimEventHandler
  private readonly heap = new EventHeap<Ev>()
  private seq = 0
  private evN = 0
  private contactN = 0
  private readonly clocks: TzClock[]
  private readonly agents: Agent[]
  private readonly waiting: Leg[][]
  private readonly waitHead: number[]
  private readonly arrRng: Rng[]
  private readonly svcRng: Rng[]
  private readonly miscRng: Rng[]
  private readonly arrT: number[]
  private readonly dayRates: (DayRates | null)[]
  private readonly qStats: QueueStats[]
  private actToken = 0
  /** Contacts started and not yet finished (answered and wrapped, or abandoned). */
  private open = 0
  // warm-up (events before emitFrom)
  private stashing: boolean
  private readonly agentStash = new Map<number, { t: number; seq: number; e: PlateauEvent }>()
  private readonly contactStash = new Map<string, { t: number; seq: number; e: PlateauEvent }[]>()
  private readonly suppressed = new Set<string>()
  /** warmStart 'drop': contacts in progress at emitFrom, never emitted. */
  private readonly dropped = new Set<string>()

  constructor(o: SimOptions) {
    const sc = (this.scenario = o.scenario)
    this.seed = o.seed >>> 0
    this.start = Math.round(o.start)
    this.emitFrom = Math.round(o.emitFrom ?? o.start)
    this.clockOffset = Math.round(o.clockOffset ?? 0)
    this.warmStart = o.warmStart ?? 'emit'
    this.closeAt = Math.round(o.closeAt ?? Infinity)
    this.onEvent = o.onEvent
    this.now = this.start
    this.stashing = this.emitFrom > this.start
    this.ns = simNamespace(this.seed, this.start, this.clockOffset, sc.name)
    this.clocks = sc.centers.map((c) => TzClock.get(c.timezone))
    this.agents = sc.agents.map((m) => ({
      m,
      center: sc.centers[m.center]!,
      team: sc.teams[m.team]!,
      queues: m.queues.map((qi) => sc.queues[qi]!),
      loggedIn: false,
      activity: null,
      pending: [],
      legs: [],
      reserved: false,
      idleSince: this.start,
      lastAssign: this.start,
      state: 'offline',
      reason: undefined,
      stateSince: this.start,
    }))
    this.waiting = sc.queues.map(() => [])
    this.waitHead = sc.queues.map(() => 0)
    this.arrRng = sc.queues.map((q) => new Rng(hash32(this.seed, 'arrivals', q.id)))
    this.svcRng = sc.queues.map((q) => new Rng(hash32(this.seed, 'service', q.id)))
    this.miscRng = sc.queues.map((q) => new Rng(hash32(this.seed, 'misc', q.id)))
    this.arrT = sc.queues.map(() => this.start)
    this.dayRates = sc.queues.map(() => null)
    this.qStats = sc.queues.map(() => newQueueStats())
    const agentTime: SimStats['agentTime'] = {}
    for (const c of sc.centers)
      agentTime[c.id] = { available: 0, on_contact: 0, wrap_up: 0, break: 0, training: 0, meeting: 0, offline: 0 }
    const queues: Record<string, QueueStats> = {}
    sc.queues.forEach((q, i) => (queues[q.id] = this.qStats[i]!))
    this.stats = { events: 0, byType: {}, queues, agentTime }

    for (const c of sc.centers) {
      const clock = this.clocks[c.idx]!
      const day = clock.day(this.start)
      this.planDay(c, day, this.start)
      this.push({ t: clock.dayStart(day + 1), k: K_DAYPLAN, n: c.idx })
    }
    for (const q of sc.queues) if (q.direction === 'inbound') this.scheduleArrival(q)
  }

  /** Process every simulated event up to and including `t`. */
  runUntil(t: number): void {
    const h = this.heap
    for (;;) {
      const top = h.peek()
      if (!top || top.t > t) break
      h.pop()
      if (this.stashing && top.t >= this.emitFrom) this.flushStash()
      this.now = top.t
      this.dispatch(top)
    }
    if (t > this.now) this.now = t
    if (this.stashing && t >= this.emitFrom) this.flushStash()
  }

  /** Time of the next scheduled simulated event (Infinity when none). */
  nextEventTime(): number {
    return this.heap.peek()?.t ?? Infinity
  }

  /** Contacts started and not finished yet (waiting, ringing, talking or in after-call work). */
  openContacts(): number {
    return this.open
  }

  /** Contacts waiting now per queue id (for live summaries). */
  waitingNow(): Record<string, number> {
    const out: Record<string, number> = {}
    this.scenario.queues.forEach((q, i) => {
      const w = this.waiting[i]!
      let n = 0
      for (let j = this.waitHead[i]!; j < w.length; j++) if (w[j]!.state === WAITING && w[j]!.q === q) n++
      out[q.id] = n
    })
    return out
  }

  // ------------------------------------------------------------ scheduling

  private push(e: Omit<Ev, 'seq'>): void {
    ;(e as Ev).seq = this.seq++
    this.heap.push(e as Ev)
  }

  private dispatch(e: Ev): void {
    switch (e.k) {
      case K_ARRIVAL:
        return this.onArrival(e.q!)
      case K_REPEAT:
        return this.onRepeat(e.q!, e.s!, e.n!)
      case K_ABANDON:
        return this.onAbandon(e.leg!)
      case K_ANSWER:
        return this.onAnswer(e.leg!)
      case K_END:
        return this.onEnd(e.leg!)
      case K_WRAP:
        return this.onWrap(e.leg!)
      case K_SURVEY:
        return this.onSurvey(e.c!, e.x!)
      case K_DAYPLAN: {
        const c = this.scenario.centers[e.n!]!
        const clock = this.clocks[c.idx]!
        const day = clock.day(e.t + 1)
        this.planDay(c, day, e.t)
        this.push({ t: clock.dayStart(day + 1), k: K_DAYPLAN, n: c.idx })
        return
      }
      case K_AGENT:
        return this.onPlanItem(e.a!, e.item!)
      case K_ACT_END:
        return this.onActivityEnd(e.a!, e.n!)
      case K_DIAL:
        return this.onDial(e.a!, e.q!)
      case K_DIAL_RESULT:
        return this.onDialResult(e.leg!)
      case K_DIALER_WAKE:
        for (const ai of e.q!.agents) this.pickWork(this.agents[ai]!)
        return
    }
  }

  // ------------------------------------------------------------ emission

  private emit(e: PlateauEvent, contactId: string | null, agentIdx: number): void {
    const t = this.now
    if (contactId !== null && this.dropped.size && this.dropped.has(contactId)) return
    if (this.stashing && t < this.emitFrom) {
      const item = { t, seq: this.evN, e }
      if (contactId === null) this.agentStash.set(agentIdx, item)
      else {
        let l = this.contactStash.get(contactId)
        if (!l) this.contactStash.set(contactId, (l = []))
        l.push(item)
      }
      return
    }
    this.deliver(e, t)
  }

  private deliver(e: PlateauEvent, t: number): void {
    this.stats.events++
    this.stats.byType[e.type] = (this.stats.byType[e.type] ?? 0) + 1
    this.onEvent(e, t)
  }

  private flushStash(): void {
    this.stashing = false
    if (this.warmStart === 'drop') return this.dropStash()
    const all: { t: number; seq: number; e: PlateauEvent }[] = []
    for (const x of this.agentStash.values()) all.push(x)
    for (const l of this.contactStash.values()) for (const x of l) all.push(x)
    all.sort((a, b) => a.t - b.t || a.seq - b.seq)
    this.agentStash.clear()
    this.contactStash.clear()
    for (const x of all) this.deliver(x.e, x.t)
  }

  /**
   * warmStart 'drop': forget the contacts in progress for good, and state every agent's current
   * state at emitFrom (ids `e-<ns>-w<emitFrom>-<agent>`: outside the run's numbered sequence, so
   * the run's other ids do not depend on emitFrom).
   */
  private dropStash(): void {
    for (const id of this.contactStash.keys()) this.dropped.add(id)
    this.agentStash.clear()
    this.contactStash.clear()
    const tag = this.emitFrom.toString(36)
    for (const a of this.agents) {
      const e: Record<string, unknown> = {
        event_id: `e-${this.ns}-w${tag}-${a.m.idx.toString(36)}`,
        type: 'agent.state',
        ts: this.clocks[a.center.idx]!.iso(this.emitFrom - this.clockOffset),
        center_id: a.center.id,
        v: 1,
        agent_id: a.m.id,
        state: a.state,
      }
      if (a.reason !== undefined) e.reason = a.reason
      this.deliver(e as PlateauEvent, this.emitFrom)
    }
  }

  /** A contact finished during warm-up: forget its stashed events (it is history before emitFrom). */
  private finishedInWarmup(c: Contact, keepForSurvey: boolean): void {
    if (this.stashing && this.now < this.emitFrom) {
      this.contactStash.delete(c.id)
      if (keepForSurvey) this.suppressed.add(c.id)
    }
  }

  private eid(): string {
    return `e-${this.ns}-${(this.evN++).toString(36)}`
  }

  private ts(center: CenterM): string {
    return this.clocks[center.idx]!.iso(this.now - this.clockOffset)
  }

  // ------------------------------------------------------------ calendar

  private dayIndex(center: CenterM, day: number): number {
    return center.holidays.size && center.holidays.has(dayToDate(day)) ? 7 : weekdayOfDay(day)
  }

  /** Local minute of day → UTC instant for a center's local day. */
  private at(center: CenterM, day: number, minute: number): number {
    return Math.round(this.clocks[center.idx]!.toUtc(day * DAY + minute * MINUTE))
  }

  private isOpen(center: CenterM, hours: WeekHours, t: number): boolean {
    const clock = this.clocks[center.idx]!
    const local = clock.local(t)
    const day = Math.floor(local / DAY)
    const min = (local - day * DAY) / MINUTE
    for (const [a, b] of hours[this.dayIndex(center, day)]!) if (min >= a && min < b) return true
    return false
  }

  /**
   * When a repeat contact or a retry falls while the queue is closed, the customer tries again
   * on the next day the queue is open, at a time of day drawn from the queue's intraday curve.
   */
  private nextOpen(q: QueueM, t: number, rng: Rng): number {
    const center = this.scenario.centers[q.center]!
    if (this.isOpen(center, q.hours, t)) return t
    const clock = this.clocks[center.idx]!
    const local = clock.local(t)
    const day0 = Math.floor(local / DAY)
    const min0 = (local - day0 * DAY) / MINUTE
    for (let day = day0; day < day0 + 15; day++) {
      const open = q.hours[this.dayIndex(center, day)]!
      if (!open.length) continue
      // weight of each open minute-range: curve weight of its hour, later than `t` on day0
      const parts: [number, number, number][] = []
      let total = 0
      for (const [a, b] of open)
        for (let h = Math.floor(a / 60); h * 60 < b; h++) {
          const lo = Math.max(a, h * 60, day === day0 ? min0 : 0)
          const hi = Math.min(b, (h + 1) * 60)
          if (hi <= lo) continue
          const w = (q.curve[h] ?? 0) * (hi - lo) || 1e-9
          parts.push([lo, hi, w])
          total += w
        }
      if (total <= 0) continue
      let x = rng.next() * total
      for (const [lo, hi, w] of parts) {
        if ((x -= w) < 0) return this.at(center, day, lo + rng.next() * (hi - lo))
      }
      const last = parts[parts.length - 1]!
      return this.at(center, day, last[0])
    }
    return Infinity
  }

  // ------------------------------------------------------------ arrivals (thinning)

  private rates(q: QueueM, t: number): DayRates {
    const center = this.scenario.centers[q.center]!
    const clock = this.clocks[center.idx]!
    const day = clock.day(t)
    let r = this.dayRates[q.idx]
    if (r && r.day === day) return r
    const di = this.dayIndex(center, day)
    const open = q.hours[di]!
    // share of each local hour that is open
    const frac = new Float64Array(24)
    for (const [a, b] of open) for (let h = 0; h < 24; h++) frac[h]! += Math.max(0, Math.min(b, (h + 1) * 60) - Math.max(a, h * 60)) / 60
    let w = 0
    for (let h = 0; h < 24; h++) w += q.curve[h]! * frac[h]!
    const noiseRng = new Rng(hash32(this.seed, 'noise', q.id, day))
    const noise = q.noise > 0 ? noiseRng.lognormal(-Math.log(1 + q.noise * q.noise) / 2, Math.sqrt(Math.log(1 + q.noise * q.noise))) : 1
    const volume = q.volume * q.dayFactors[di]! * noise
    const rate = new Float64Array(24)
    let lmax = 0
    if (w > 0 && volume > 0)
      for (let h = 0; h < 24; h++) {
        rate[h] = frac[h]! > 0 ? (volume * q.curve[h]!) / w / 3_600_000 : 0
        if (rate[h]! > lmax) lmax = rate[h]!
      }
    r = { day, start: clock.dayStart(day), end: clock.dayStart(day + 1), lmax, rate, open, clock }
    this.dayRates[q.idx] = r
    return r
  }

  private rateAt(r: DayRates, t: number): number {
    const min = (r.clock.local(t) - r.day * DAY) / MINUTE
    for (const [a, b] of r.open) if (min >= a && min < b) return r.rate[Math.min(23, Math.floor(min / 60))]!
    return 0
  }

  private scheduleArrival(q: QueueM): void {
    const rng = this.arrRng[q.idx]!
    let t = this.arrT[q.idx]!
    for (let emptyDays = 0; emptyDays < 60; ) {
      const r = this.rates(q, t)
      if (r.lmax <= 0) {
        t = r.end
        emptyDays++
        continue
      }
      t += rng.exp(r.lmax)
      if (t >= r.end) {
        t = r.end
        continue
      }
      if (rng.next() * r.lmax < this.rateAt(r, t)) {
        this.arrT[q.idx] = t
        this.push({ t: Math.ceil(t), k: K_ARRIVAL, q })
        return
      }
    }
    // no volume for 60 days in a row: this queue has no more arrivals
  }

  private onArrival(q: QueueM): void {
    if (this.now >= this.closeAt) return
    const center = this.scenario.centers[q.center]!
    const rng = this.miscRng[q.idx]!
    this.newContact(q, `cust-${center.id}-${1 + rng.int(center.customers)}`, undefined)
    this.scheduleArrival(q)
  }

  /** Repeat contact (unresolved earlier) or retry after abandoning. n: 1 = repeat, 2 = retry. */
  private onRepeat(q: QueueM, customer: string, n: number): void {
    if (this.now >= this.closeAt) return
    if (!this.isOpen(this.scenario.centers[q.center]!, q.hours, this.now)) return
    this.qStats[q.idx]!.repeats += n === 1 ? 1 : 0
    this.newContact(q, customer, undefined)
  }

  private newContact(q: QueueM, customer: string, campaign: string | undefined): Leg {
    const center = this.scenario.centers[q.center]!
    const svc = this.svcRng[q.idx]!
    const c: Contact = {
      id: `c-${this.ns}-${(this.contactN++).toString(36)}`,
      q0: q,
      center,
      customer,
      campaign,
      queuedAt: this.now,
      answeredAt: -1,
      transferWaitMs: 0,
      legs: 1,
      patience: q.patience ? Math.round(drawLN(svc, q.patience)) : Infinity,
    }
    const leg = this.newLeg(c, q)
    this.open++
    this.qStats[q.idx]!.offered++
    const e = {
      event_id: this.eid(),
      type: 'contact.queued',
      ts: this.ts(center),
      center_id: center.id,
      v: 1,
      contact_id: c.id,
      queue_id: q.id,
      channel: q.channel,
      direction: q.direction,
      ...(campaign ? { campaign_id: campaign } : {}),
      customer_id: customer,
    } as PlateauEvent
    this.emit(e, c.id, -1)
    if (q.direction === 'inbound') this.offer(leg)
    return leg
  }

  private newLeg(c: Contact, q: QueueM): Leg {
    const svc = this.svcRng[q.idx]!
    const talk = Math.max(1000, Math.round(drawLN(svc, q.talk)))
    const hold = svc.chance(q.holdP) ? Math.max(1000, Math.round(drawLN(svc, q.hold))) : 0
    const acw = Math.max(1000, Math.round(drawLN(svc, q.acw)))
    const transfer = c.legs === 1 && q.transferP > 0 && svc.chance(q.transferP)
    return { c, q, state: WAITING, agent: null, enqAt: this.now, talk, hold, acw, transfer }
  }

  // ------------------------------------------------------------ routing

  private eligible(a: Agent): boolean {
    return a.loggedIn && a.activity === null && a.pending.length === 0 && !a.reserved
  }

  /** A contact enters its queue: route to the longest-idle eligible agent, else wait. */
  private offer(leg: Leg): void {
    const q = leg.q
    let best: Agent | null = null
    let bestBusy = 0
    let bestKey = 0
    for (const ai of q.agents) {
      const a = this.agents[ai]!
      if (!this.eligible(a)) continue
      let busy = a.legs.length
      let key = a.idleSince
      if (busy > 0) {
        if (q.channel !== 'chat' || busy >= a.team.chatCap) continue
        let ok = true
        for (const l of a.legs) if (l.q.channel !== 'chat') ok = false
        if (!ok) continue
        key = a.lastAssign
      }
      if (!best || busy < bestBusy || (busy === bestBusy && key < bestKey)) {
        best = a
        bestBusy = busy
        bestKey = key
      }
    }
    if (best) return this.assign(leg, best)
    leg.state = WAITING
    leg.enqAt = this.now
    this.waiting[q.idx]!.push(leg)
    if (leg.c.legs === 1 && leg.c.patience !== Infinity) this.push({ t: this.now + leg.c.patience, k: K_ABANDON, leg })
  }

  private peekWaiting(q: QueueM): Leg | null {
    const w = this.waiting[q.idx]!
    let h = this.waitHead[q.idx]!
    while (h < w.length && (w[h]!.state !== WAITING || w[h]!.q !== q)) h++
    if (h > 4096 && h * 2 > w.length) {
      w.splice(0, h)
      h = 0
    }
    this.waitHead[q.idx] = h
    return h < w.length ? w[h]! : null
  }

  /** Give an eligible agent the best waiting work (or a dial), repeatedly while chat capacity lasts. */
  private pickWork(a: Agent): void {
    while (this.eligible(a)) {
      let chats = 0
      for (const l of a.legs) {
        if (l.q.channel !== 'chat') return
        chats++
      }
      if (chats >= a.team.chatCap) return
      let best: Leg | null = null
      let dial: QueueM | null = null
      for (const q of a.queues) {
        if (best && q.priority > best.q.priority) break
        if (chats > 0 && q.channel !== 'chat') continue
        if (q.direction === 'outbound') {
          if (!best && !dial && chats === 0 && this.dialerOpen(q)) dial = q
          continue
        }
        const head = this.peekWaiting(q)
        if (head && (!best || head.enqAt < best.enqAt) && (q.keepIdle === 0 || this.reserveKept(a, q))) best = head
      }
      if (best) {
        this.assign(best, a)
        continue
      }
      if (dial) this.startDial(a, dial)
      return
    }
  }

  /**
   * Deferred work (email) is taken only if, on each of the agent's higher-priority queues, at
   * least `keepIdle` other agents stay idle — so a blended floor does not bury itself in the
   * overnight mailbox while calls queue.
   */
  private reserveKept(a: Agent, q: QueueM): boolean {
    for (const hq of a.queues) {
      if (hq.priority >= q.priority) break
      if (hq.direction === 'outbound') continue
      let idle = 0
      for (const ai of hq.agents) {
        const o = this.agents[ai]!
        if (o !== a && o.legs.length === 0 && this.eligible(o) && ++idle >= q.keepIdle) break
      }
      if (idle < q.keepIdle) return false
    }
    return true
  }

  private assign(leg: Leg, a: Agent): void {
    leg.state = ALERT
    leg.agent = a
    a.legs.push(leg)
    a.lastAssign = this.now
    const d = leg.q.direction === 'outbound' ? 0 : Math.round(drawLN(this.miscRng[leg.q.idx]!, leg.q.answerDelay))
    this.push({ t: this.now + d, k: K_ANSWER, leg })
  }

  // ------------------------------------------------------------ contact lifecycle

  private onAbandon(leg: Leg): void {
    if (leg.state !== WAITING) return
    leg.state = ABANDONED
    const c = leg.c
    const q = leg.q
    const st = this.qStats[q.idx]!
    st.abandoned++
    st.waitAbandonedMs += this.now - c.queuedAt
    this.open--
    this.emit(
      {
        event_id: this.eid(),
        type: 'contact.abandoned',
        ts: this.ts(c.center),
        center_id: c.center.id,
        v: 1,
        contact_id: c.id,
        queue_id: q.id,
      },
      c.id,
      -1,
    )
    this.finishedInWarmup(c, false)
    const rng = this.miscRng[q.idx]!
    if (q.retryP > 0 && rng.chance(q.retryP)) {
      const t = this.nextOpen(q, this.now + Math.round(drawLN(rng, q.retryDelay)), rng)
      if (t !== Infinity) this.push({ t: Math.round(t), k: K_REPEAT, q, s: c.customer, n: 2 })
    }
  }

  private onAnswer(leg: Leg): void {
    const c = leg.c
    const a = leg.agent!
    leg.state = TALK
    const first = c.answeredAt < 0
    if (first) {
      c.answeredAt = this.now
      const st = this.qStats[c.q0.idx]!
      st.answered++
      const w = this.now - c.queuedAt
      st.waitAnsweredMs += w
      if (w <= 20_000) st.answeredIn20s++
    } else c.transferWaitMs += this.now - leg.enqAt
    const e: Record<string, unknown> = {
      event_id: this.eid(),
      type: 'contact.answered',
      ts: this.ts(c.center),
      center_id: c.center.id,
      v: 1,
      contact_id: c.id,
      // a contact keeps the queue it was offered to; a transfer leg says where it went
      queue_id: c.q0.id,
      agent_id: a.m.id,
    }
    if (leg.q !== c.q0) e.leg_queue_id = leg.q.id
    this.emit(e as PlateauEvent, c.id, -1)
    this.refreshState(a)
    this.push({ t: this.now + leg.talk + leg.hold, k: K_END, leg })
  }

  private onEnd(leg: Leg): void {
    const c = leg.c
    const a = leg.agent!
    leg.state = WRAP
    const st = this.qStats[c.q0.idx]!
    st.talkMs += leg.talk
    st.holdMs += leg.hold
    const e: Record<string, unknown> = {
      event_id: this.eid(),
      type: 'contact.ended',
      ts: this.ts(c.center),
      center_id: c.center.id,
      v: 1,
      contact_id: c.id,
      agent_id: a.m.id,
      talk_s: leg.talk / 1000,
      hold_s: leg.hold / 1000,
    }
    if (leg.transfer) e.transferred = true
    this.emit(e as PlateauEvent, c.id, -1)
    this.refreshState(a)
    this.push({ t: this.now + leg.acw, k: K_WRAP, leg })
    if (leg.transfer) {
      st.transfers++
      const rng = this.miscRng[leg.q.idx]!
      const target = this.scenario.queues[leg.q.transferTo[rng.pickCum(leg.q.transferCum)]!]!
      c.legs++
      this.offer(this.newLeg(c, target))
    }
  }

  private onWrap(leg: Leg): void {
    const c = leg.c
    const a = leg.agent!
    const q = leg.q
    leg.state = DONE
    const st = this.qStats[c.q0.idx]!
    st.acwMs += leg.acw
    const e: Record<string, unknown> = {
      event_id: this.eid(),
      type: 'contact.wrapped',
      ts: this.ts(c.center),
      center_id: c.center.id,
      v: 1,
      contact_id: c.id,
      agent_id: a.m.id,
      wrap_s: leg.acw / 1000,
    }
    let resolved = false
    let survey: Ev['x'] | null = null
    if (leg.transfer) e.outcome = 'none'
    else {
      this.open--
      st.handled++
      const rng = this.miscRng[q.idx]!
      resolved = rng.chance(q.resolved)
      const outcome = q.outcomes[rng.pickCum(q.outcomeCum)]!
      e.resolved = resolved
      e.outcome = outcome
      if (outcome === 'sale') {
        st.sales++
        const rev = q.revenue ? Math.round(drawLN(rng, q.revenue) * 100) / 100 : 0
        e.revenue = rev
        st.revenue += rev
      } else if (outcome === 'lead') st.leads++
      else if (outcome === 'retention_saved') st.saves++
      if (resolved) st.resolved++
      const sv = c.q0.survey
      if (sv && c.q0.direction === 'inbound' && rng.chance(sv.rate)) survey = this.surveyScores(c, leg, resolved, rng)
      const p = resolved ? c.q0.repeatResolved : c.q0.repeatUnresolved
      if (p > 0 && c.q0.direction === 'inbound' && rng.chance(p)) {
        const t = this.nextOpen(c.q0, this.now + Math.round(drawLN(rng, c.q0.repeatDelay)), rng)
        if (t !== Infinity) this.push({ t: Math.round(t), k: K_REPEAT, q: c.q0, s: c.customer, n: 1 })
      }
    }
    this.emit(e as PlateauEvent, c.id, -1)
    if (!leg.transfer) {
      if (survey) {
        const sv = c.q0.survey!
        this.push({ t: this.now + Math.max(1000, Math.round(drawLN(this.miscRng[q.idx]!, sv.delay))), k: K_SURVEY, c, x: survey })
      }
      this.finishedInWarmup(c, survey !== null)
    }
    // free the agent
    const i = a.legs.indexOf(leg)
    if (i >= 0) a.legs.splice(i, 1)
    this.afterWork(a)
  }

  /** CSAT 1–5 / NPS 0–10 from a latent satisfaction: resolution, wait (vs the channel's reference), transfer, noise. */
  private surveyScores(c: Contact, leg: Leg, resolved: boolean, rng: Rng): NonNullable<Ev['x']> {
    const sv = c.q0.survey!
    const waitS = (c.answeredAt - c.queuedAt + c.transferWaitMs) / 1000
    const z = sv.bias + (resolved ? 0.9 : -0.9) - 0.55 * Math.min(waitS / sv.waitRefS, 4) - (c.legs > 1 ? 0.25 : 0) + 0.85 * rng.normal()
    const x: NonNullable<Ev['x']> = {}
    if (sv.csat) x.csat = z < -1.3 ? 1 : z < -0.55 ? 2 : z < 0.15 ? 3 : z < 0.95 ? 4 : 5
    if (sv.nps) x.nps = Math.max(0, Math.min(10, Math.round(7 + 1.9 * z + 0.7 * rng.normal())))
    // the customer's own view of resolution mostly agrees with the agent's
    x.resolved = rng.chance(0.9) ? resolved : !resolved
    void leg
    return x
  }

  private onSurvey(c: Contact, x: NonNullable<Ev['x']>): void {
    if (this.suppressed.delete(c.id)) {
      this.evN++ // the id it would have had: later ids do not depend on emitFrom
      return
    }
    const st = this.qStats[c.q0.idx]!
    st.surveys++
    if (x.csat) st.csatSum += x.csat
    this.emit(
      {
        event_id: this.eid(),
        type: 'survey.completed',
        ts: this.ts(c.center),
        center_id: c.center.id,
        v: 1,
        contact_id: c.id,
        ...x,
      } as PlateauEvent,
      c.id,
      -1,
    )
  }

  // ------------------------------------------------------------ outbound dialer

  private dialerOpen(q: QueueM): boolean {
    const d = q.dialer!
    const center = this.scenario.centers[q.center]!
    if (!this.isOpen(center, d.callingHours, this.now)) return false
    return this.campaign(q) !== null
  }

  private campaign(q: QueueM): string | null {
    const d = q.dialer!
    const day = this.clocks[q.center]!.day(this.now)
    let total = 0
    for (const k of d.campaigns) if (day >= k.from && day <= k.to) total += k.weight
    if (total <= 0) return null
    let x = this.miscRng[q.idx]!.next() * total
    for (const k of d.campaigns)
      if (day >= k.from && day <= k.to) {
        x -= k.weight
        if (x < 0) return k.id
      }
    return null
  }

  private startDial(a: Agent, q: QueueM): void {
    a.reserved = true
    this.push({ t: this.now + Math.round(drawLN(this.miscRng[q.idx]!, q.dialer!.preview)), k: K_DIAL, a, q })
  }

  private onDial(a: Agent, q: QueueM): void {
    const campaign = a.loggedIn && a.pending.length === 0 && this.now < this.closeAt && this.dialerOpen(q) ? this.campaign(q) : null
    if (!campaign) {
      a.reserved = false
      return this.afterWork(a)
    }
    const center = this.scenario.centers[q.center]!
    const leg = this.newContact(q, `cust-${center.id}-${1 + this.miscRng[q.idx]!.int(center.customers)}`, campaign)
    leg.agent = a
    leg.state = ALERT
    this.push({ t: this.now + Math.max(1000, Math.round(drawLN(this.miscRng[q.idx]!, q.dialer!.ring))), k: K_DIAL_RESULT, leg })
  }

  private onDialResult(leg: Leg): void {
    const a = leg.agent!
    const q = leg.q
    const c = leg.c
    a.reserved = false
    const rng = this.miscRng[q.idx]!
    if (rng.chance(q.dialer!.connect)) {
      a.legs.push(leg)
      a.lastAssign = this.now
      return this.onAnswer(leg)
    }
    leg.state = ABANDONED
    this.open--
    this.qStats[q.idx]!.dialNoAnswer++
    this.emit(
      {
        event_id: this.eid(),
        type: 'contact.abandoned',
        ts: this.ts(c.center),
        center_id: c.center.id,
        v: 1,
        contact_id: c.id,
        queue_id: q.id,
        // outbound: the attempt did not connect (not a caller hanging up)
        disposition: DISPOSITIONS[rng.int(DISPOSITIONS.length)],
      } as PlateauEvent,
      c.id,
      -1,
    )
    this.finishedInWarmup(c, false)
    this.afterWork(a)
  }

  // ------------------------------------------------------------ agents

  /** After a contact or dial attempt: once fully free, start pending plan items or take new work. */
  private afterWork(a: Agent): void {
    if (a.legs.length === 0 && !a.reserved) {
      a.idleSince = this.now
      if (a.pending.length) return this.startPending(a)
    }
    this.refreshState(a)
    this.pickWork(a)
  }

  private refreshState(a: Agent): void {
    let s: AgentStateName
    let reason: string | undefined
    if (!a.loggedIn) {
      s = 'offline'
      reason = 'end of shift'
    } else {
      let talk = false
      let wrap = false
      for (const l of a.legs) {
        if (l.state === TALK) talk = true
        else if (l.state === WRAP) wrap = true
      }
      if (talk) s = 'on_contact'
      else if (wrap) s = 'wrap_up'
      else if (a.activity) {
        s = a.activity.kind
        reason = a.activity.reason
      } else s = 'available'
    }
    if (s === a.state && reason === a.reason) return
    this.stats.agentTime[a.center.id]![a.state] += this.now - a.stateSince
    a.state = s
    a.reason = reason
    a.stateSince = this.now
    const e: Record<string, unknown> = {
      event_id: this.eid(),
      type: 'agent.state',
      ts: this.ts(a.center),
      center_id: a.center.id,
      v: 1,
      agent_id: a.m.id,
      state: s,
    }
    if (reason !== undefined) e.reason = reason
    // after closeAt the next day's run states the agents; this run only finishes its contacts
    if (this.now >= this.closeAt) return
    this.emit(e as PlateauEvent, null, a.m.idx)
  }

  private onPlanItem(a: Agent, item: PlanItem): void {
    if (item.k === 'login') {
      if (a.loggedIn) return
      a.loggedIn = true
      a.pending = []
      a.idleSince = this.now
      this.refreshState(a)
      return this.pickWork(a)
    }
    if (!a.loggedIn) return
    const busy = a.legs.length > 0 || a.reserved
    if (item.k === 'logout') {
      if (busy) {
        a.pending = [item]
        return
      }
      return this.logout(a)
    }
    if (busy || a.activity || a.pending.length) {
      a.pending.push(item)
      return
    }
    this.startActivity(a, item)
  }

  private startPending(a: Agent): void {
    while (a.pending.length) {
      const item = a.pending.shift()!
      if (item.k === 'logout') return this.logout(a)
      if (item.k === 'act' && this.startActivity(a, item)) return
    }
    this.refreshState(a)
    this.pickWork(a)
  }

  /** Start a break/meeting/training now; false when its fixed window is already over. */
  private startActivity(a: Agent, item: PlanItem & { k: 'act' }): boolean {
    const end = item.fixedEnd ?? this.now + item.dur
    if (end <= this.now + MINUTE) return false
    const token = ++this.actToken
    a.activity = { kind: item.kind, reason: item.reason, token }
    this.refreshState(a)
    this.push({ t: end, k: K_ACT_END, a, n: token })
    return true
  }

  private onActivityEnd(a: Agent, token: number): void {
    if (!a.activity || a.activity.token !== token) return
    a.activity = null
    a.idleSince = this.now
    if (a.pending.length) return this.startPending(a)
    this.refreshState(a)
    this.pickWork(a)
  }

  private logout(a: Agent): void {
    a.loggedIn = false
    a.activity = null
    a.pending = []
    this.refreshState(a)
  }

  /**
   * The rota of one local day of a center: who works which shift (rotating through the team,
   * minus absences), with jittered log-in/out, breaks, meetings and training. Items before
   * `fromT` are skipped, except that an agent whose shift (or activity) is under way at `fromT`
   * starts it at `fromT`.
   */
  private planDay(center: CenterM, day: number, fromT: number): void {
    const di = this.dayIndex(center, day)
    const rng = new Rng(hash32(this.seed, 'rota', center.id, day))
    for (const ti of center.teams) {
      const team = this.scenario.teams[ti]!
      const shifts = team.shifts.filter((s) => s.days.includes(di))
      if (!shifts.length) continue
      const order = team.agents.slice()
      for (let i = order.length - 1; i > 0; i--) {
        const j = rng.int(i + 1)
        ;[order[i], order[j]] = [order[j]!, order[i]!]
      }
      let k = 0
      for (const s of shifts) {
        for (let n = 0; n < s.count; n++) {
          const a = this.agents[order[k++]!]!
          if (rng.chance(team.absence)) continue
          const items: PlanItem[] = []
          const startMin = s.start - 4 + rng.uniform(0, 7)
          const endMin = Math.min(24 * 60 - 1, s.end + rng.uniform(0, 6))
          const acts: { start: number; end: number; kind: Activity['kind']; reason: string; fixed: boolean }[] = []
          // breaks are staggered across the shift's agents (rota planning), with a little noise
          const spread = s.count > 1 ? n / (s.count - 1) : 0.5
          for (const b of team.breaks) {
            if (s.end - s.start < b.afterMin + b.minutes + 30) continue
            const st = s.start + b.afterMin + b.jitter * (2 * spread - 1) + rng.uniform(-4, 4)
            acts.push({ start: st, end: st + b.minutes * rng.uniform(0.9, 1.15), kind: 'break', reason: b.reason, fixed: false })
          }
          for (const m of team.meetings)
            if (m.days.includes(di) && m.at >= s.start && m.at + m.minutes <= s.end && rng.chance(m.share))
              acts.push({ start: m.at, end: m.at + m.minutes, kind: 'meeting', reason: m.reason, fixed: true })
          if (team.training && rng.chance(team.training.rate) && s.end - s.start >= team.training.minutes + 120) {
            const st = rng.uniform(s.start + 60, s.end - team.training.minutes - 60)
            acts.push({ start: st, end: st + team.training.minutes, kind: 'training', reason: team.training.reason, fixed: true })
          }
          acts.sort((x, y) => x.start - y.start)
          let lastEnd = -Infinity
          items.push({ k: 'login', t: this.at(center, day, startMin) })
          for (const x of acts) {
            if (x.start < lastEnd + 10 || x.start < startMin || x.end > endMin) continue
            lastEnd = x.end
            const t = this.at(center, day, x.start)
            const tEnd = this.at(center, day, x.end)
            items.push({ k: 'act', t, kind: x.kind, reason: x.reason, dur: tEnd - t, fixedEnd: x.fixed ? tEnd : null })
          }
          const logoutT = this.at(center, day, endMin)
          items.push({ k: 'logout', t: logoutT })
          if (logoutT <= fromT) continue
          for (const it of items) {
            if (it.t >= fromT) this.push({ t: it.t, k: K_AGENT, a, item: it })
            else if (it.k === 'login') this.push({ t: fromT, k: K_AGENT, a, item: { k: 'login', t: fromT } })
            else if (it.k === 'act') {
              const end = it.fixedEnd ?? it.t + it.dur
              if (end > fromT + MINUTE) this.push({ t: fromT, k: K_AGENT, a, item: { ...it, t: fromT, dur: end - fromT, fixedEnd: end } })
            }
          }
        }
      }
    }
    // wake the dialers at the start of each calling window
    for (const qi of center.queues) {
      const q = this.scenario.queues[qi]!
      if (!q.dialer) continue
      for (const [a] of q.dialer.callingHours[di]!) {
        const t = this.at(center, day, a)
        if (t >= fromT) this.push({ t, k: K_DIALER_WAKE, q })
        else if (this.isOpen(center, q.dialer.callingHours, fromT)) this.push({ t: fromT, k: K_DIALER_WAKE, q })
      }
    }
  }
}

export type SimulateOptions = Omit<SimOptions, 'onEvent' | 'start'> & {
  from: number
  to: number
  onEvent?: SimEventHandler
}

/** Run the engine purely in memory from `from` to `to` (simulated ms). */
export function simulate(o: SimulateOptions): { stats: SimStats; sim: Simulation } {
  const sim = new Simulation({ ...o, start: o.from, onEvent: o.onEvent ?? (() => {}) })
  sim.runUntil(o.to)
  return { stats: sim.stats, sim }
}

/** Mean of a lognormal (for summaries and docs). */
export function lnMean(d: LogNormal): number {
  return Math.exp(d.mu + (d.sigma * d.sigma) / 2)
}
