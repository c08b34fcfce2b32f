/**
 * The default scenario file: the five demo centers of docs/architecture.md (same ids, names,
 * reporting lines, sourcing, time zones and queues), and clear errors for a broken file.
 */
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { compileScenario, loadScenario, parseScenario } from '@/simulator/scenario'

const sc = loadScenario('scenarios/default.yaml')

/** Rows of the "Demo centers" table in docs/architecture.md. */
function architectureCenters() {
  const md = fs.readFileSync('docs/architecture.md', 'utf8')
  const section = md.slice(md.indexOf('## Demo centers'))
  return section
    .split('\n')
    .filter((l) => /^\| [a-z]/.test(l) && !l.startsWith('| center_id'))
    .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()))
    .map(([id, name, line, sourcing, tz, queues]) => ({
      id,
      name,
      line,
      sourcing,
      tz,
      queues: queues!.split(',').map((q) => q.trim()),
    }))
}

describe('default scenario', () => {
  it('scales down to small floors: every team still holds its busiest day of shifts', () => {
    for (const scale of [0.05, 0.1, 0.2, 0.3]) {
      const small = loadScenario('scenarios/default.yaml', { scale })
      for (const t of small.teams)
        for (let d = 0; d < 8; d++) {
          const need = t.shifts.filter((s) => s.days.includes(d)).reduce((a, s) => a + s.count, 0)
          expect(need, `${t.id} day ${d} at scale ${scale}`).toBeLessThanOrEqual(t.agents.length)
        }
    }
  })

  it('has exactly the demo centers of docs/architecture.md', () => {
    const doc = architectureCenters()
    expect(doc.length).toBe(5)
    expect(sc.centers.map((c) => c.id)).toEqual(doc.map((d) => d.id))
    for (const d of doc) {
      const c = sc.centers.find((x) => x.id === d.id)!
      expect(c.name).toBe(d.name)
      expect(c.reportingLine).toBe(d.line)
      expect(c.sourcing).toBe(d.sourcing)
      expect(c.timezone).toBe(d.tz)
      const queues = c.queues.map((qi) => sc.queues[qi]!)
      expect(queues.map((q) => (q.direction === 'outbound' ? `${q.id} (outbound)` : q.id)).sort()).toEqual([...d.queues].sort())
    }
  })

  it('covers every reporting line, outsourcing, two time zones, every channel, outbound, skills', () => {
    expect(new Set(sc.centers.map((c) => c.reportingLine))).toEqual(new Set(['sales', 'marketing', 'customer_service', 'general_management']))
    expect(sc.centers.some((c) => c.sourcing === 'outsourced')).toBe(true)
    expect(new Set(sc.centers.map((c) => c.timezone))).toEqual(new Set(['Europe/Paris', 'Europe/Brussels']))
    expect(new Set(sc.queues.map((q) => q.channel))).toEqual(new Set(['voice', 'chat', 'email']))
    expect(sc.queues.filter((q) => q.direction === 'outbound').length).toBeGreaterThanOrEqual(2)
    for (const q of sc.queues) expect(q.agents.length, q.id).toBeGreaterThan(0)
    expect(sc.agents.length).toBeGreaterThan(200)
  })

  it('explains what is wrong in a broken file, with its path', () => {
    const text = fs.readFileSync('scenarios/default.yaml', 'utf8')
    expect(() => parseScenario(text.replace('curve: sales_voice', 'curve: nope'), 'x.yaml')).toThrow(/sales-orders-voice.*curve "nope" not defined/)
    expect(() => parseScenario(text.replace('"08:00-20:00", sat: "09:00-18:00" }', '"20:00-08:00" }'), 'x.yaml')).toThrow(/end must be after start/)
    expect(() => parseScenario('version: 1\ncenters: []', 'x.yaml')).toThrow(/centers/)
    expect(() => parseScenario('version: [', 'x.yaml')).toThrow(/invalid YAML/)
    const one = (size: number) =>
      compileScenario({
        version: 1,
        centers: [
          {
            id: 'c',
            name: 'C',
            reporting_line: 'sales',
            sourcing: 'in_house',
            timezone: 'Europe/Paris',
            hours: { all: '08:00-18:00' },
            queues: [{ id: 'q', channel: 'voice', skill: 's', volume: 10, curve: new Array(24).fill(1) }],
            teams: [{ id: 't', size, skills: ['s'], shifts: [{ days: 'mon-fri', start: '08:00', end: '16:00', count: 5 }] }],
          },
        ],
      })
    expect(() => one(4)).toThrow(/shifts need 5 agents on mon but size is 4/)
    expect(one(5).agents.length).toBe(5)
  })
})
