/**
 * The alert tick: once per live tick (TICK_MS) for ALL rules — however many screens poll — the
 * rules' figures are measured (lib/alerts/measure), the engine advanced, transitions stored in
 * alert_events, and firing / resolution messages sent in the background.
 *
 *   alertsTick(reads?)       called by the live and board snapshot computations with their tick's reads; at most one evaluation per tick
 *   latestAlertTick()        the latest evaluation started, with its result (tests, bench)
 *   runAlertTick(now)        one evaluation (tests, bench)
 *   activeAlerts(centers)    firing alerts for the in-app banner, within the caller's centers
 *   acknowledgeAlert(...)    who acknowledged (stored as an 'acknowledged' event)
 */
import 'server-only'
import type { QueryMemo } from '../queries/kpiRequest'
import { getRules } from './load'
import { measureRules } from './measure'
import { AlertEngine, type ActiveAlert, type AlertEventRow } from './engine'
import { deliver } from './deliver'
import { messageText } from './message'
import { firingAtStart, insertEvents } from './store'
import type { Rule } from './schema'
import type { DeliveryRow } from './store'

export const ALERT_TICK_MS = 500
/** Keep evaluating this long after the last screen asked (rules keep working with no screen for this long; the ingest worker's own loop covers the rest). */
const WARM_MS = 60_000
/**
 * With no snapshot offering its reads for this long (no screen open, or every snapshot slower
 * than this), the rules are evaluated on reads of their own.
 */
const OWN_READS_AFTER_MS = 5000

export type AlertTickResult = { at: number; rules: number; events: AlertEventRow[]; messages: number; ms: number }

/** A live tick's instant and the memo its engine reads share (lib/queries getKpis). */
export type TickReads = { now: number; memo: QueryMemo }

type Schedule = {
  running: Promise<AlertTickResult | null> | null
  latest: Promise<AlertTickResult | null> | null
  lastStart: number
  lastNow: number
  /** Reads offered by the latest snapshot computation, and when a snapshot last offered any. */
  offer: TickReads | null
  offeredAt: number
  warmUntil: number
  timer: ReturnType<typeof setInterval> | null
}
type G = { __plateauAlertEngine?: AlertEngine; __plateauAlertSchedule?: Schedule; __plateauAlertRestored?: Promise<void>; __plateauAlertPending?: Set<Promise<DeliveryRow[]>> }
const g = globalThis as unknown as G
export const alertEngine: AlertEngine = (g.__plateauAlertEngine ??= new AlertEngine())
const schedule: Schedule = (g.__plateauAlertSchedule ??= { running: null, latest: null, lastStart: 0, lastNow: 0, offer: null, offeredAt: 0, warmUntil: 0, timer: null })
const pending: Set<Promise<DeliveryRow[]>> = (g.__plateauAlertPending ??= new Set())
const done: DeliveryRow[] = []

function restoreOnce(): Promise<void> {
  return (g.__plateauAlertRestored ??= firingAtStart()
    .then((rows) => {
      for (const r of rows) alertEngine.restore(r.rule_id, r.subject, r.center_id, Date.parse(r.fired_at.replace(' ', 'T') + 'Z'), r.acknowledged_by || null, r.threshold)
    })
    .catch((e: Error) => console.error(`alerts: cannot restore firing alerts: ${e.message}`)))
}

/**
 * maxLagMs: contact facts may be this old (default: the engine's 1 s; the live tick the rules
 * ride on has just refreshed them; tests pass 0 to see every event inserted). memo: the engine
 * reads of the live tick at `now` (see alertsTick).
 */
export async function runAlertTick(now = Date.now(), rules: readonly Rule[] = getRules(now), maxLagMs?: number, memo?: QueryMemo): Promise<AlertTickResult> {
  const t0 = performance.now()
  if (!rules.length && !alertEngine.size) return { at: now, rules: 0, events: [], messages: 0, ms: 0 }
  await restoreOnce()
  const measures = await measureRules(rules, now, maxLagMs, memo)
  const { events, outgoing } = alertEngine.tick(now, rules, measures)
  await insertEvents(events)
  for (const o of outgoing) {
    const p = deliver(o).catch((e: Error) => (console.error(`alerts: delivery: ${e.message}`), [] as DeliveryRow[]))
    pending.add(p)
    void p.then((rows) => {
      pending.delete(p)
      done.push(...rows)
      if (done.length > 1000) done.splice(0, done.length - 1000)
    })
  }
  return { at: now, rules: rules.length, events, messages: outgoing.length, ms: performance.now() - t0 }
}

/** Wait for the deliveries under way (tests, shutdown); the outcomes since the last call (at most 1,000). */
export async function flushDeliveries(): Promise<DeliveryRow[]> {
  while (pending.size) await Promise.all([...pending])
  await new Promise((r) => setImmediate(r))
  return done.splice(0)
}

/**
 * At most one evaluation per ALERT_TICK_MS for all rules, never two at once, however many
 * screens; never throws into the caller. A snapshot computation passes its reads: the rules are
 * then evaluated at that snapshot's instant with its memo, so every figure the snapshot reads
 * with the same plan (contacts and waiting by queue × channel, agent time, agents' states) comes
 * from the snapshot's own statement, run once. Without reads (the banner's poll, boards), a
 * tick runs only when no snapshot has offered any for OWN_READS_AFTER_MS; for WARM_MS after the
 * last call a timer keeps the rules evaluated with no screen open.
 */
export function alertsTick(reads?: TickReads): void {
  const now = Date.now()
  schedule.warmUntil = now + WARM_MS
  if (reads) {
    schedule.offer = reads
    schedule.offeredAt = now
  }
  startTimer()
  if (reads || now - schedule.offeredAt > OWN_READS_AFTER_MS) maybeRun(now)
}

/** The latest evaluation started, with its result once done (null: none, or it failed). */
export function latestAlertTick(): Promise<AlertTickResult | null> {
  return schedule.latest ?? Promise.resolve(null)
}

function maybeRun(now: number): void {
  if (schedule.running || now - schedule.lastStart < ALERT_TICK_MS) return
  const offer = schedule.offer
  schedule.offer = null
  // Offered reads serve if offered within this tick and newer than the last evaluation's.
  const reads = offer && now - schedule.offeredAt < ALERT_TICK_MS && offer.now > schedule.lastNow ? offer : null
  const at = reads?.now ?? now
  schedule.lastStart = now
  schedule.lastNow = at
  const p = runAlertTick(at, getRules(at), undefined, reads?.memo).catch((e: Error) => (console.error(`alerts: tick failed: ${e.message}`), null))
  schedule.running = p
  schedule.latest = p
  void p.finally(() => {
    if (schedule.running === p) schedule.running = null
  })
}

function startTimer(): void {
  if (schedule.timer) return
  schedule.timer = setInterval(() => {
    const now = Date.now()
    if (now > schedule.warmUntil) {
      clearInterval(schedule.timer!)
      schedule.timer = null
    } else if (now - schedule.offeredAt > OWN_READS_AFTER_MS) maybeRun(now)
  }, ALERT_TICK_MS / 5)
  ;(schedule.timer as { unref?: () => void }).unref?.()
}

export function activeAlerts(centers: string[] | null, rules: readonly Rule[] = getRules()): ActiveAlert[] {
  const byId = new Map(rules.map((r) => [r.id, r]))
  const out: ActiveAlert[] = []
  for (const f of alertEngine.firing()) {
    const rule = byId.get(f.ruleId)
    if (!rule || !rule.channels.includes('in_app')) continue
    if (centers && !(f.centerId && centers.includes(f.centerId))) continue
    const msg = {
      kind: 'firing' as const,
      ruleId: rule.id,
      ruleName: rule.name ?? rule.id,
      severity: rule.severity,
      kpi: 'kpi' in rule ? rule.kpi : null,
      agentState: 'agentState' in rule ? rule.agentState : null,
      scope: rule.scope,
      subject: f.subject,
      value: f.state.value,
      threshold: f.state.threshold,
      at: new Date().toISOString(),
      firedAt: new Date(f.state.since).toISOString(),
    }
    out.push({
      ruleId: rule.id,
      ruleName: msg.ruleName,
      severity: rule.severity,
      subject: f.subject,
      centerId: f.centerId,
      kpi: msg.kpi,
      agentState: msg.agentState,
      value: f.state.value,
      threshold: f.state.threshold,
      firedAt: f.state.since,
      acknowledgedBy: f.state.acknowledgedBy,
      text: { en: messageText(msg, rule, 'en'), fr: messageText(msg, rule, 'fr') },
    })
  }
  const rank = { critical: 0, warning: 1, info: 2 }
  return out.sort((a, b) => rank[a.severity] - rank[b.severity] || a.firedAt - b.firedAt)
}

export async function acknowledgeAlert(ruleId: string, subject: string, who: string, now = Date.now()): Promise<boolean> {
  const e = alertEngine.acknowledge(ruleId, subject, who)
  if (!e) return false
  const rule = getRules().find((r) => r.id === ruleId)
  await insertEvents([
    { at: now, ruleId, subject, centerId: e.centerId, kind: 'acknowledged', severity: rule?.severity ?? '', kpi: rule && 'kpi' in rule ? rule.kpi : '', value: e.state.value, threshold: e.state.threshold, firedAt: e.state.since, acknowledgedBy: who },
  ])
  return true
}
