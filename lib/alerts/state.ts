/**
 * The per-subject state machine of a rule, pure (no clock, no I/O) so hand-built sequences test it:
 *
 *   ok ──breach──▶ pending ──held holdMs──▶ firing ──clear condition──▶ ok   (transition "resolved")
 *        ◀─no breach─┘
 *
 * - breach: value past the threshold (above: value > threshold; below: value < threshold).
 * - clear (hysteresis): back past threshold ∓ clearMargin on the good side (above: value ≤
 *   threshold − margin; below: value ≥ threshold + margin). Between the two nothing changes.
 * - no figure (null value or threshold): nothing changes — "no data" neither fires nor resolves.
 * - notification: one "firing" message per firing and one "resolved" per resolution, never one
 *   per tick. In quiet hours the firing message waits; if the alert is still firing when quiet
 *   hours end it is sent then; a firing never announced is resolved silently.
 */
import 'server-only'

export type Op = 'above' | 'below'

export type SubjectState = {
  status: 'ok' | 'pending' | 'firing'
  /** pending: when the breach began; firing: when it fired. */
  since: number
  /** The firing message went out (or was due while quiet hours deferred it: false). */
  notified: boolean
  acknowledgedBy: string | null
  value: number | null
  threshold: number | null
}

export type Transition = { kind: 'firing' | 'resolved'; at: number; firedAt: number; value: number | null; threshold: number | null }

export type StepInput = { now: number; value: number | null; threshold: number | null; op: Op; clearMargin: number; holdMs: number; quiet: boolean }

export type StepResult = { state: SubjectState; transitions: Transition[]; notify: Array<'firing' | 'resolved'> }

export const INITIAL: SubjectState = { status: 'ok', since: 0, notified: false, acknowledgedBy: null, value: null, threshold: null }

export function breached(op: Op, value: number, threshold: number): boolean {
  return op === 'above' ? value > threshold : value < threshold
}

export function cleared(op: Op, value: number, threshold: number, margin: number): boolean {
  return op === 'above' ? value <= threshold - margin : value >= threshold + margin
}

export function step(prev: SubjectState, i: StepInput): StepResult {
  const transitions: Transition[] = []
  const notify: Array<'firing' | 'resolved'> = []
  if (i.value === null || i.threshold === null) {
    // No data: keep the state; a deferred firing message may still be due.
    return deferred(prev, i, transitions, notify)
  }
  const s: SubjectState = { ...prev, value: i.value, threshold: i.threshold }
  if (s.status === 'firing') {
    if (cleared(i.op, i.value, i.threshold, i.clearMargin)) {
      transitions.push({ kind: 'resolved', at: i.now, firedAt: s.since, value: i.value, threshold: i.threshold })
      if (s.notified) notify.push('resolved')
      return { state: { ...INITIAL, since: i.now, value: i.value, threshold: i.threshold }, transitions, notify }
    }
    return deferred(s, i, transitions, notify)
  }
  if (!breached(i.op, i.value, i.threshold)) return { state: { ...s, status: 'ok', since: s.status === 'ok' ? s.since : i.now }, transitions, notify }
  const breachStart = s.status === 'pending' ? s.since : i.now
  if (i.now - breachStart < i.holdMs) return { state: { ...s, status: 'pending', since: breachStart }, transitions, notify }
  transitions.push({ kind: 'firing', at: i.now, firedAt: i.now, value: i.value, threshold: i.threshold })
  const fired: SubjectState = { ...s, status: 'firing', since: i.now, notified: false, acknowledgedBy: null }
  return deferred(fired, i, transitions, notify)
}

function deferred(s: SubjectState, i: StepInput, transitions: Transition[], notify: Array<'firing' | 'resolved'>): StepResult {
  if (s.status === 'firing' && !s.notified && !i.quiet) {
    notify.push('firing')
    return { state: { ...s, notified: true }, transitions, notify }
  }
  return { state: s, transitions, notify }
}

/** Whether a local HH:MM lies in [from, to) (a window may cross midnight: 22:00–07:00). */
export function inQuietHours(localHHMM: string, q: { from: string; to: string } | undefined): boolean {
  if (!q || q.from === q.to) return false
  return q.from < q.to ? localHHMM >= q.from && localHHMM < q.to : localHHMM >= q.from || localHHMM < q.to
}

const fmt = new Map<string, Intl.DateTimeFormat>()
/** HH:MM of an instant in a time zone. */
export function localHHMM(at: number, timeZone: string): string {
  let f = fmt.get(timeZone)
  if (!f) fmt.set(timeZone, (f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })))
  return f.format(at)
}
