/**
 * Same seed and arguments → byte-identical output (faults included); a different seed → a
 * different day. Fault injection: duplicates, late (out-of-order) and malformed messages at
 * the configured rates, and the valid stream is exactly the fault-free one.
 */
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { parseEvent } from '@/lib/contract/events'
import { Malformed, serialize } from '@/simulator/faults'
import { run } from '@/simulator/runner'
import { loadScenario } from '@/simulator/scenario'
import { MemorySink } from '@/simulator/sinks'
import { parseWhen } from '@/simulator/when'

const sc = loadScenario('scenarios/default.yaml')
const from = parseWhen('2026-10-06', 'Europe/Paris') // a Tuesday
const to = parseWhen('2026-10-07', 'Europe/Paris')
const FAR = Date.parse('2100-01-01')

async function day(seed: number, faults = { duplicates: 0, late: 0, malformed: 0 }) {
  const sink = new MemorySink()
  const report = await run({ scenario: sc, seed, from, to, speed: 'max', sink, faults })
  const lines = sink.items.map(serialize)
  return { lines, items: sink.items, report, hash: createHash('sha256').update(lines.join('\n')).digest('hex') }
}

describe('simulator determinism and faults', () => {
  it('same seed → identical output; another seed → different output', async () => {
    const a = await day(5, { duplicates: 0.01, late: 0.01, malformed: 0.005 })
    const b = await day(5, { duplicates: 0.01, late: 0.01, malformed: 0.005 })
    const c = await day(6, { duplicates: 0.01, late: 0.01, malformed: 0.005 })
    expect(a.lines.length).toBeGreaterThan(30_000)
    expect(b.hash).toBe(a.hash)
    expect(c.hash).not.toBe(a.hash)
    // ids are namespaced by seed and start: two seeds never share an event or contact id
    const idsA = new Set(a.items.filter((x) => !(x instanceof Malformed)).map((x) => (x as { event_id: string }).event_id))
    expect(c.items.some((x) => !(x instanceof Malformed) && idsA.has((x as { event_id: string }).event_id))).toBe(false)
  })

  it('duplicates, late and malformed messages come at the configured rates; the valid stream is the fault-free one', async () => {
    const clean = await day(9)
    const rates = { duplicates: 0.02, late: 0.02, malformed: 0.005 }
    const faulty = await day(9, rates)
    const n = clean.lines.length
    const z = (k: number, p: number) => Math.abs(k - n * p) / Math.sqrt(n * p * (1 - p))

    let malformed = 0
    const seen = new Map<string, number>()
    const valid: string[] = []
    let outOfOrder = 0
    let prev = ''
    for (const line of faulty.lines) {
      const r = parseEvent(line, FAR)
      if (!r.ok) {
        malformed++
        continue
      }
      seen.set(r.event.event_id, (seen.get(r.event.event_id) ?? 0) + 1)
      if (seen.get(r.event.event_id) === 1) valid.push(line)
      const ts = new Date(r.event.ts).toISOString()
      if (ts < prev) outOfOrder++
      prev = ts > prev ? ts : prev
    }
    const duplicates = [...seen.values()].reduce((s, k) => s + k - 1, 0)
    expect(malformed).toBe(faulty.report.faults.malformed)
    expect(duplicates).toBe(faulty.report.faults.duplicates)
    expect(z(malformed, rates.malformed)).toBeLessThan(4)
    expect(z(duplicates, rates.duplicates)).toBeLessThan(4)
    expect(z(faulty.report.faults.late, rates.late)).toBeLessThan(4)
    expect(outOfOrder).toBeGreaterThan(n * rates.late * 0.5)
    // dedup by event_id → exactly the events of the fault-free run (same seed)
    expect(new Set(valid)).toEqual(new Set(clean.lines))
  })

  it('malformed messages are really rejected by the contract, with varied reasons', async () => {
    const { items } = await day(3, { duplicates: 0, late: 0, malformed: 0.02 })
    const bad = items.filter((x): x is Malformed => x instanceof Malformed)
    expect(bad.length).toBeGreaterThan(300)
    const reasons = new Set<string>()
    for (const m of bad) {
      const r = parseEvent(m.raw, FAR)
      expect(r.ok).toBe(false)
      if (!r.ok) reasons.add(r.reason.split(':')[0]!)
      expect(m.key).toBeTruthy() // still carries a Kafka key
    }
    expect(reasons.size).toBeGreaterThanOrEqual(5)
  })
})
