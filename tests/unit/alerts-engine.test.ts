import { describe, expect, it } from 'vitest'
import { AlertEngine, type Measure } from '../../lib/alerts/engine'
import { parseAlerts } from '../../lib/alerts/load'

const rules = parseAlerts(`rules:
  - { id: waiting, kpi: waiting_now, scope: { center: paris-sales }, condition: { op: above, value: 5 } }
  - { id: acw, agentState: wrap_up, minutes: 3, scope: { center: paris-sales } }
`)
const [waiting, acw] = rules as [(typeof rules)[number], (typeof rules)[number]]
const scope = (value: number | null): Measure[] => [{ subject: 'scope', centerId: 'paris-sales', value, threshold: 5 }]
const agents = (...xs: Array<[string, number]>): Measure[] => xs.map(([a, minutes]) => ({ subject: `agent:${a}`, centerId: 'paris-sales', value: minutes, threshold: 3 }))
const kinds = (r: { events: Array<{ ruleId: string; subject: string; kind: string }> }) => r.events.map((e) => `${e.ruleId}/${e.subject}/${e.kind}`)

describe('alert engine bookkeeping', () => {
  it('keeps only subjects in breach, per rule; an agent who leaves the state resolves', () => {
    const e = new AlertEngine()
    let r = e.tick(1000, rules, new Map([[waiting.id, scope(9)], [acw.id, agents(['a1', 4], ['a2', 1])]]))
    expect(kinds(r)).toEqual(['waiting/scope/firing', 'acw/agent:a1/firing'])
    expect(e.size).toBe(2) // a2 is ok: not kept
    // a1 is no longer listed in wrap-up: resolved although no figure came for it.
    r = e.tick(1500, rules, new Map([[waiting.id, scope(9)], [acw.id, agents(['a2', 2])]]))
    expect(kinds(r)).toEqual(['acw/agent:a1/resolved'])
    expect(e.firing().map((f) => `${f.ruleId}/${f.subject}`)).toEqual(['waiting/scope'])
    expect(e.size).toBe(1)
  })

  it('forgets a removed rule silently; a rule with no figure this tick keeps its state', () => {
    const e = new AlertEngine()
    e.tick(1000, rules, new Map([[waiting.id, scope(9)], [acw.id, agents(['a1', 4])]]))
    // No measure for "waiting" this tick: it stays firing.
    let r = e.tick(1500, rules, new Map([[acw.id, agents(['a1', 5])]]))
    expect(r.events).toEqual([])
    expect(e.firing().map((f) => f.ruleId).sort()).toEqual(['acw', 'waiting'])
    // "acw" removed from the file: no resolution message, no state left.
    r = e.tick(2000, [waiting], new Map([[waiting.id, scope(9)]]))
    expect(r.events).toEqual([])
    expect(e.firing().map((f) => f.ruleId)).toEqual(['waiting'])
    expect(e.size).toBe(1)
  })

  it('restores a firing alert without a second message, acknowledges it, resolves it once', () => {
    const e = new AlertEngine()
    e.restore('waiting', 'scope', 'paris-sales', 500, null, 5)
    let r = e.tick(1000, rules, new Map([[waiting.id, scope(8)]]))
    expect(r.outgoing).toEqual([])
    expect(e.acknowledge('waiting', 'scope', 'Camille')?.state.acknowledgedBy).toBe('Camille')
    expect(e.acknowledge('waiting', 'other', 'Camille')).toBeNull()
    r = e.tick(1500, rules, new Map([[waiting.id, scope(2)]]))
    expect(r.events.map((x) => [x.kind, x.acknowledgedBy])).toEqual([['resolved', 'Camille']])
    expect(r.outgoing.map((o) => o.message.kind)).toEqual(['resolved'])
    expect(e.size).toBe(0)
  })
})
