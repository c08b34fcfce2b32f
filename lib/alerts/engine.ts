/**
 * The alert engine's memory: every rule's per-subject state, advanced once per tick from the
 * tick's measures (lib/alerts/measure), giving the transitions to store and the messages to
 * send. No I/O here (lib/alerts/tick does it), so tests drive it with hand-built measures.
 */
import 'server-only'
import { getConfig } from '../config'
import { isAgentRule, type Rule } from './schema'
import { INITIAL, inQuietHours, localHHMM, step, type SubjectState } from './state'
import type { AlertMessage } from './message'

/** One figure of one rule's subject at this tick (value/threshold null: no data). */
export type Measure = { subject: string; centerId: string; value: number | null; threshold: number | null }

export type AlertEventRow = {
  at: number
  ruleId: string
  subject: string
  centerId: string
  kind: 'firing' | 'resolved' | 'acknowledged'
  severity: string
  kpi: string
  value: number | null
  threshold: number | null
  firedAt: number
  acknowledgedBy: string
}

export type Outgoing = { rule: Rule; message: AlertMessage }

export type ActiveAlert = {
  ruleId: string
  ruleName: string
  severity: Rule['severity']
  subject: string
  centerId: string
  kpi: string | null
  agentState: string | null
  value: number | null
  threshold: number | null
  firedAt: number
  acknowledgedBy: string | null
  text: { en: string; fr: string }
}

type Entry = { state: SubjectState; centerId: string }

export function ruleTimezone(rule: Rule): string {
  const cfg = getConfig()
  return rule.scope.center ? cfg.center(rule.scope.center).timezone : cfg.raw.defaults.timezone
}

export class AlertEngine {
  /** ruleId → subject → state: a rule's subjects are found without scanning the others'. */
  private readonly byRule = new Map<string, Map<string, Entry>>()

  /** Subjects held in memory (pending, firing, or back to ok this tick). */
  get size(): number {
    let n = 0
    for (const m of this.byRule.values()) n += m.size
    return n
  }

  /** Advance every rule by one tick. Rules absent from `measures` keep their state. */
  tick(now: number, rules: readonly Rule[], measures: ReadonlyMap<string, readonly Measure[]>): { events: AlertEventRow[]; outgoing: Outgoing[] } {
    const events: AlertEventRow[] = []
    const outgoing: Outgoing[] = []
    const live = new Set<string>()
    for (const rule of rules) {
      if (!rule.enabled) continue
      const ms = measures.get(rule.id)
      if (!ms) continue
      const quiet = rule.quietHours ? inQuietHours(localHHMM(now, ruleTimezone(rule)), rule.quietHours) : false
      const agent = isAgentRule(rule)
      const op = agent ? 'above' : rule.condition.op
      const clearMargin = agent ? 0 : rule.clearMargin
      const o = { now, op, clearMargin, quiet } as const
      const seen = new Set<string>()
      for (const m of ms) {
        seen.add(m.subject)
        this.advance(rule, m, o, events, outgoing)
      }
      // Agent rules: an agent no longer listed (logged off, left the state) is no longer in breach.
      const subjects = isAgentRule(rule) ? this.byRule.get(rule.id) : undefined
      if (subjects && isAgentRule(rule))
        for (const [subject, e] of subjects)
          if (!seen.has(subject) && e.state.status !== 'ok') this.advance(rule, { subject, centerId: e.centerId, value: 0, threshold: e.state.threshold ?? rule.minutes }, o, events, outgoing)
      live.add(rule.id)
    }
    // Rules removed from the file: forget their state (a firing one ends silently, as its rule is gone).
    const ids = new Set(rules.map((r) => r.id))
    for (const id of this.byRule.keys()) if (!ids.has(id)) this.byRule.delete(id)
    // Subjects back to ok with nothing pending are dropped: memory follows what is in breach.
    for (const id of live) {
      const subjects = this.byRule.get(id)
      if (!subjects) continue
      for (const [subject, e] of subjects) if (e.state.status === 'ok') subjects.delete(subject)
      if (!subjects.size) this.byRule.delete(id)
    }
    return { events, outgoing }
  }

  private advance(rule: Rule, m: Measure, o: { now: number; op: 'above' | 'below'; clearMargin: number; quiet: boolean }, events: AlertEventRow[], outgoing: Outgoing[]): void {
    let subjects = this.byRule.get(rule.id)
    const prev = subjects?.get(m.subject)?.state ?? INITIAL
    const r = step(prev, { now: o.now, value: m.value, threshold: m.threshold, op: o.op, clearMargin: o.clearMargin, holdMs: rule.holdSeconds * 1000, quiet: o.quiet })
    if (r.state.status !== 'ok' || prev.status !== 'ok') {
      if (!subjects) this.byRule.set(rule.id, (subjects = new Map()))
      subjects.set(m.subject, { state: r.state, centerId: m.centerId })
    }
    const kpi = isAgentRule(rule) ? `agent_state:${rule.agentState}` : rule.kpi
    for (const t of r.transitions)
      events.push({ at: t.at, ruleId: rule.id, subject: m.subject, centerId: m.centerId, kind: t.kind, severity: rule.severity, kpi, value: t.value, threshold: t.threshold, firedAt: t.firedAt, acknowledgedBy: t.kind === 'resolved' ? (prev.acknowledgedBy ?? '') : '' })
    for (const kind of r.notify) {
      const firedAt = kind === 'resolved' ? prev.since : r.state.since
      outgoing.push({
        rule,
        message: {
          kind,
          ruleId: rule.id,
          ruleName: rule.name ?? rule.id,
          severity: rule.severity,
          kpi: isAgentRule(rule) ? null : rule.kpi,
          agentState: isAgentRule(rule) ? rule.agentState : null,
          scope: rule.scope,
          subject: m.subject,
          value: m.value,
          threshold: m.threshold,
          at: new Date(o.now).toISOString(),
          firedAt: new Date(firedAt).toISOString(),
        },
      })
    }
  }

  /** Record who acknowledged a firing alert; null when it is not firing. */
  acknowledge(ruleId: string, subject: string, who: string): Entry | null {
    const e = this.byRule.get(ruleId)?.get(subject)
    if (!e || e.state.status !== 'firing') return null
    e.state = { ...e.state, acknowledgedBy: who }
    return e
  }

  /** Restore a firing alert after a restart (its firing message already went out). */
  restore(ruleId: string, subject: string, centerId: string, firedAt: number, acknowledgedBy: string | null, threshold: number | null): void {
    let subjects = this.byRule.get(ruleId)
    if (!subjects) this.byRule.set(ruleId, (subjects = new Map()))
    subjects.set(subject, { centerId, state: { status: 'firing', since: firedAt, notified: true, acknowledgedBy, value: null, threshold } })
  }

  firing(): Array<{ ruleId: string; subject: string; centerId: string; state: SubjectState }> {
    const out = []
    for (const [ruleId, subjects] of this.byRule)
      for (const [subject, e] of subjects) if (e.state.status === 'firing') out.push({ ruleId, subject, centerId: e.centerId, state: e.state })
    return out
  }
}
