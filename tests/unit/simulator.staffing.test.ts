/**
 * Waiting and abandonment emerge from load against staffing: the same arrivals (same seed,
 * same queue) meet fewer agents → longer ASA, more abandonment, lower service level.
 */
import { describe, expect, it } from 'vitest'
import { collect, oneQueueScenario } from '@/simulator/testkit'
import { parseWhen } from '@/simulator/when'

const from = parseWhen('2026-09-09', 'Europe/Paris')
const to = parseWhen('2026-09-11', 'Europe/Paris') // two weekdays

type Kpis = { offered: number; answered: number; abandoned: number; asa: number; abandonRate: number; sl20: number; occupancy: number }

function kpis(agents: number, seed: number): Kpis {
  // 240 calls/h, mean handle 5 min + 30 s ACW → 22 Erlangs of work
  const sc = oneQueueScenario({
    volume: 2880,
    agents,
    shift: { start: '08:00', end: '20:00' },
    talk: { mean: 300, cv: 0.6 },
    acw: { mean: 30, cv: 0.5 },
    patience: { mean: 120, cv: 1 },
  })
  const { events } = collect(sc, from, to, seed)
  const queued = new Map<string, number>()
  let answered = 0
  let abandoned = 0
  let waitSum = 0
  let within20 = 0
  for (const e of events) {
    const t = Date.parse(e.ts)
    if (e.type === 'contact.queued') queued.set(e.contact_id, t)
    else if (e.type === 'contact.answered' && queued.has(e.contact_id)) {
      const w = t - queued.get(e.contact_id)!
      queued.delete(e.contact_id)
      answered++
      waitSum += w
      if (w <= 20_000) within20++
    } else if (e.type === 'contact.abandoned' && queued.delete(e.contact_id)) abandoned++
  }
  const offered = answered + abandoned + queued.size
  // occupancy from agent states: (on_contact + wrap_up) / (those + available)
  const last = new Map<string, { s: string; t: number }>()
  const time: Record<string, number> = {}
  for (const e of events) {
    if (e.type !== 'agent.state') continue
    const t = Date.parse(e.ts)
    const p = last.get(e.agent_id)
    if (p) time[p.s] = (time[p.s] ?? 0) + t - p.t
    last.set(e.agent_id, { s: e.state, t })
  }
  const busy = (time.on_contact ?? 0) + (time.wrap_up ?? 0)
  return { offered, answered, abandoned, asa: waitSum / answered / 1000, abandonRate: abandoned / offered, sl20: within20 / offered, occupancy: busy / (busy + (time.available ?? 0)) }
}

describe('simulator staffing', () => {
  it('an understaffed queue shows higher ASA and abandonment than its well-staffed twin', () => {
    for (const seed of [7, 8]) {
      const well = kpis(30, seed)
      const under = kpis(21, seed)
      // same arrivals: the twin differs only in staffing
      expect(Math.abs(well.offered - under.offered) / well.offered).toBeLessThan(0.05)
      expect(well.abandonRate).toBeLessThan(0.05)
      expect(well.sl20).toBeGreaterThan(0.75)
      expect(under.asa).toBeGreaterThan(well.asa * 3)
      expect(under.abandonRate).toBeGreaterThan(well.abandonRate * 3)
      expect(under.abandonRate).toBeGreaterThan(0.1)
      expect(under.sl20).toBeLessThan(well.sl20 - 0.2)
      expect(under.occupancy).toBeGreaterThan(well.occupancy)
    }
  })

  it('abandonment and ASA fall step by step as agents are added', () => {
    const levels = [20, 23, 26, 30].map((n) => kpis(n, 11))
    for (let i = 1; i < levels.length; i++) {
      expect(levels[i]!.abandonRate).toBeLessThan(levels[i - 1]!.abandonRate)
      expect(levels[i]!.asa).toBeLessThan(levels[i - 1]!.asa)
    }
    // occupancy is high but below 100% even when overloaded (ACW, log-in edges)
    expect(levels[0]!.occupancy).toBeGreaterThan(0.9)
    expect(levels[0]!.occupancy).toBeLessThan(1)
  })

  it('impatient callers abandon more than patient ones at the same staffing', () => {
    const run = (mean: number) => {
      const sc = oneQueueScenario({ volume: 2880, agents: 23, patience: { mean, cv: 1 } })
      const { stats } = collect(sc, from, to, 3)
      const s = stats.queues.q!
      return s.abandoned / s.offered
    }
    expect(run(40)).toBeGreaterThan(run(300) * 1.5)
  })
})
