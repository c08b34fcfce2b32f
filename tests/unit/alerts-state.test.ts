import { describe, expect, it } from 'vitest'
import { INITIAL, inQuietHours, localHHMM, step, type StepInput, type SubjectState } from '../../lib/alerts/state'
import { parseAlerts } from '../../lib/alerts/load'

type Tick = Partial<StepInput> & { now: number; value: number | null }
/** Runs a hand-built sequence of ticks; returns every transition and message with its tick time. */
function run(ticks: Tick[], base: Omit<StepInput, 'now' | 'value'>) {
  let s: SubjectState = INITIAL
  const transitions: string[] = []
  const messages: string[] = []
  for (const t of ticks) {
    const r = step(s, { ...base, ...t })
    s = r.state
    for (const x of r.transitions) transitions.push(`${x.kind}@${x.at}`)
    for (const m of r.notify) messages.push(`${m}@${t.now}`)
  }
  return { transitions, messages, state: s }
}

const above10 = { threshold: 10, op: 'above' as const, clearMargin: 0, holdMs: 0, quiet: false }

describe('alert state machine', () => {
  it('fires once and resolves once, never once per tick', () => {
    const r = run([{ now: 0, value: 5 }, { now: 500, value: 12 }, { now: 1000, value: 13 }, { now: 1500, value: 14 }, { now: 2000, value: 9 }, { now: 2500, value: 8 }], above10)
    expect(r.transitions).toEqual(['firing@500', 'resolved@2000'])
    expect(r.messages).toEqual(['firing@500', 'resolved@2000'])
  })

  it('holds the breach holdMs before firing; a dip restarts the hold', () => {
    const base = { ...above10, holdMs: 1000 }
    // breach at 0, dip at 500 (restart), breach from 1000: fires at 1000 + 1000 = 2000, not at 1500.
    const r = run([{ now: 0, value: 11 }, { now: 500, value: 10 }, { now: 1000, value: 11 }, { now: 1500, value: 12 }, { now: 2000, value: 12 }], base)
    expect(r.transitions).toEqual(['firing@2000'])
  })

  it('hysteresis: resolves only at threshold − clearMargin', () => {
    const base = { ...above10, clearMargin: 2 }
    // 10 − 2 = 8: 9.5 and 8.1 keep it firing; 8 clears it.
    const r = run([{ now: 0, value: 11 }, { now: 1, value: 9.5 }, { now: 2, value: 8.1 }, { now: 3, value: 11 }, { now: 4, value: 8 }], base)
    expect(r.transitions).toEqual(['firing@0', 'resolved@4'])
  })

  it('below: breach under the threshold, clear at threshold + margin (0.8 + 0.05: 0.84 stays firing, 0.86 clears)', () => {
    const base = { threshold: 0.8, op: 'below' as const, clearMargin: 0.05, holdMs: 0, quiet: false }
    const r = run([{ now: 0, value: 0.85 }, { now: 1, value: 0.79 }, { now: 2, value: 0.84 }, { now: 3, value: 0.86 }], base)
    expect(r.transitions).toEqual(['firing@1', 'resolved@3'])
  })

  it('no data neither fires nor resolves', () => {
    const r = run([{ now: 0, value: 11 }, { now: 1, value: null }, { now: 2, value: null }], above10)
    expect(r.transitions).toEqual(['firing@0'])
    expect(r.state.status).toBe('firing')
  })

  it('quiet hours defer the firing message to their end, once; a silent firing resolves silently', () => {
    const r = run(
      [
        { now: 0, value: 12, quiet: true },
        { now: 1, value: 12, quiet: true },
        { now: 2, value: 12, quiet: false }, // quiet hours over, still firing → one message now
        { now: 3, value: 12, quiet: false },
        { now: 4, value: 5, quiet: false },
      ],
      above10,
    )
    expect(r.transitions).toEqual(['firing@0', 'resolved@4'])
    expect(r.messages).toEqual(['firing@2', 'resolved@4'])
    const silent = run([{ now: 0, value: 12, quiet: true }, { now: 1, value: 5, quiet: true }, { now: 2, value: 5, quiet: false }], above10)
    expect(silent.transitions).toEqual(['firing@0', 'resolved@1'])
    expect(silent.messages).toEqual([])
  })

  it('quiet-hour windows, across midnight, in the center time zone', () => {
    expect(inQuietHours('23:30', { from: '22:00', to: '07:00' })).toBe(true)
    expect(inQuietHours('06:59', { from: '22:00', to: '07:00' })).toBe(true)
    expect(inQuietHours('07:00', { from: '22:00', to: '07:00' })).toBe(false)
    expect(inQuietHours('12:00', { from: '12:00', to: '13:00' })).toBe(true)
    expect(inQuietHours('13:00', { from: '12:00', to: '13:00' })).toBe(false)
    // 2026-01-15T21:30Z is 22:30 in Paris (UTC+1 in winter).
    expect(localHHMM(Date.UTC(2026, 0, 15, 21, 30), 'Europe/Paris')).toBe('22:30')
  })
})

describe('alert rules file', () => {
  it('validates rules and lists every problem', () => {
    const rules = parseAlerts(`rules:
  - id: sl-paris
    kpi: service_level
    scope: { center: paris, channel: voice }
    condition: { op: below, value: target }
    holdSeconds: 60
  - id: acw
    agentState: wrap_up
    minutes: 5
    scope: { center: paris }
`)
    expect(rules.map((r) => r.id)).toEqual(['sl-paris', 'acw'])
    expect(() => parseAlerts(`rules:\n  - { id: x, kpi: nope, condition: { op: above, value: 1 } }\n  - { id: x, kpi: asa, condition: { op: above, value: 1 }, channels: [email] }\n`)).toThrow(
      /unknown KPI[\s\S]*duplicate rule id x[\s\S]*channel email needs a recipient/,
    )
  })
})
