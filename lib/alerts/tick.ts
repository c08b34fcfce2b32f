/**
 * The alert tick: once per live tick (TICK_MS) for ALL rules — however many screens poll — the
 * rules' figures are measured (lib/alerts/measure), the engine advanced, transitions stored in
 * alert_events, and firing / resolution messages sent in the background.
 *
 *   alertsTick(now)          called by the live snapshot computation (lib/live/live-snapshot, board-snapshot); coalesced to one per tick
 *   runAlertTick(now)        one evaluation (tests, bench)
 *   activeAlerts(centers)    firing alerts for the in-app banner, within the caller's centers
 *   acknowledgeAlert(...)    who acknowledged (stored as an 'acknowledged' event)
 */
import 'server-only'
import { TickCache } from '../tick-cache'
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

export type AlertTickResult = { at: number; rules: number; events: AlertEventRow[]; messages: number; ms: number }

type G = { __plateauAlertEngine?: AlertEngine; __plateauAlertCache?: TickCache<AlertTickResult>; __plateauAlertRestored?: Promise<void>; __plateauAlertPending?: Set<Promise<DeliveryRow[]>> }
const g = globalThis as unknown as G
export const alertEngine: AlertEngine = (g.__plateauAlertEngine ??= new AlertEngine())
const cache: TickCache<AlertTickResult> = (g.__plateauAlertCache ??= new TickCache<AlertTickResult>(1))
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
 * How old the contact facts a tick reads may be. The live tick this one rides on has just
 * refreshed them (within its own 200 ms), so the rules read that refresh instead of starting
 * another one; with no screen open, facts are refreshed at most once a second for the rules.
 */
export const ALERT_FACTS_MAX_LAG_MS = 1000

/** maxLagMs: contact facts may be this old (tests pass 0 to see every event inserted). */
export async function runAlertTick(now = Date.now(), rules: readonly Rule[] = getRules(now), maxLagMs = ALERT_FACTS_MAX_LAG_MS): Promise<AlertTickResult> {
  const t0 = performance.now()
  if (!rules.length && !alertEngine.size) return { at: now, rules: 0, events: [], messages: 0, ms: 0 }
  await restoreOnce()
  const measures = await measureRules(rules, now, maxLagMs)
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

/** At most one evaluation per tick, kept running while screens ask; never throws into the caller. */
export function alertsTick(now = Date.now()): void {
  cache.get('alerts', ALERT_TICK_MS, () => runAlertTick(), { warmForMs: WARM_MS }).catch((e: Error) => console.error(`alerts: tick failed: ${e.message}`))
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
