/**
 * Arrivals follow the configured intraday curve, day factors and opening hours — checked
 * statistically (chi-square and per-hour z-scores), not by reading the code.
 */
import { describe, expect, it } from 'vitest'
import { loadScenario } from '@/simulator/scenario'
import { collect, oneQueueScenario } from '@/simulator/testkit'
import { parseWhen } from '@/simulator/when'
import { TzClock } from '@/simulator/time'

const TZ = 'Europe/Paris'
const day = (d: string) => parseWhen(d, TZ)
const localHour = (ts: string) => Number(ts.slice(11, 13)) // ts carry the center's local offset

// 99.9% quantile of chi-square with k degrees of freedom (Wilson–Hilferty approximation)
function chi2Crit(k: number, z = 3.09): number {
  return k * Math.pow(1 - 2 / (9 * k) + z * Math.sqrt(2 / (9 * k)), 3)
}

describe('simulator arrivals', () => {
  // the curve the default scenario gives its consumer voice lines (morning + early-afternoon peaks)
  const curve = (() => {
    const sc = loadScenario('scenarios/default.yaml')
    return sc.queues.find((q) => q.id === 'care-voice')!.curve
  })()

  it('hourly counts over a day follow the configured curve (chi-square, z-scores), for several seeds', () => {
    const volume = 6000
    const sc = oneQueueScenario({ volume, curve, agents: 200, patience: null })
    const open = Array.from({ length: 24 }, (_, h) => h >= 8 && h < 20)
    const W = curve.reduce((s, w, h) => s + (open[h] ? w : 0), 0)
    const expected = curve.map((w, h) => (open[h] ? (volume * w) / W : 0))
    for (const seed of [1, 2, 3]) {
      const { events } = collect(sc, day('2026-09-09'), day('2026-09-10'), seed) // a Wednesday
      const counts = new Array(24).fill(0)
      for (const e of events) if (e.type === 'contact.queued') counts[localHour(e.ts)]++
      let chi2 = 0
      let k = 0
      for (let h = 0; h < 24; h++) {
        if (!open[h]) {
          expect(counts[h], `no arrival at ${h}h (closed)`).toBe(0)
          continue
        }
        const z = (counts[h] - expected[h]) / Math.sqrt(expected[h])
        expect(Math.abs(z), `hour ${h}: ${counts[h]} vs ${expected[h].toFixed(1)}`).toBeLessThan(4)
        chi2 += (counts[h] - expected[h]) ** 2 / expected[h]
        k++
      }
      expect(chi2).toBeLessThan(chi2Crit(k))
      // and the shape is really the curve's: the morning peak beats the lunch dip clearly
      expect(counts[10]).toBeGreaterThan(counts[12] * 1.4)
      expect(counts[14]).toBeGreaterThan(counts[12] * 1.2)
    }
  })

  it('a flat curve is not mistaken for the peaked one (the test can fail)', () => {
    const sc = oneQueueScenario({ volume: 6000, agents: 200, patience: null }) // flat
    const { events } = collect(sc, day('2026-09-09'), day('2026-09-10'))
    const counts = new Array(24).fill(0)
    for (const e of events) if (e.type === 'contact.queued') counts[localHour(e.ts)]++
    const W = curve.slice(8, 20).reduce((a, b) => a + b, 0)
    let chi2 = 0
    for (let h = 8; h < 20; h++) chi2 += (counts[h] - (6000 * curve[h]!) / W) ** 2 / ((6000 * curve[h]!) / W)
    expect(chi2).toBeGreaterThan(chi2Crit(12) * 5)
  })

  it('day-of-week factors and opening hours shape the week', () => {
    const days = { mon: 1.25, tue: 1.0, wed: 1.0, thu: 1.0, fri: 0.9, sat: 0.5, sun: 0 }
    const sc = oneQueueScenario({ volume: 2000, agents: 120, patience: null, days, hours: { 'mon-fri': '08:00-20:00', sat: '09:00-13:00' } })
    const { events } = collect(sc, day('2026-09-07'), day('2026-09-14')) // Monday → Sunday
    const clock = TzClock.get(TZ)
    const perDay = new Map<number, number>()
    for (const e of events) {
      if (e.type !== 'contact.queued') continue
      const t = Date.parse(e.ts)
      const d = clock.day(t)
      perDay.set(d, (perDay.get(d) ?? 0) + 1)
      const h = localHour(e.ts) + Number(e.ts.slice(14, 16)) / 60
      const wd = new Date(t).getUTCDay()
      if (wd === 6) expect(h >= 9 && h < 13, `Saturday arrival at ${e.ts}`).toBe(true)
      else expect(h >= 8 && h < 20, `weekday arrival at ${e.ts}`).toBe(true)
    }
    const first = clock.day(day('2026-09-07'))
    const factors = [1.25, 1.0, 1.0, 1.0, 0.9, 0.5, 0]
    factors.forEach((f, i) => {
      const n = perDay.get(first + i) ?? 0
      const mu = 2000 * f
      if (mu === 0) expect(n).toBe(0)
      else expect(Math.abs(n - mu) / Math.sqrt(mu), `day ${i}: ${n} vs ${mu}`).toBeLessThan(4)
    })
  })

  it('local hours stay local across the DST change (25-hour day)', () => {
    // 2026-10-25: Europe/Paris goes from +02:00 to +01:00 at 03:00
    const sc = oneQueueScenario({ volume: 3000, agents: 150, patience: null, hours: { all: '08:00-20:00' } })
    const { events } = collect(sc, day('2026-10-25'), day('2026-10-26'))
    const queued = events.filter((e) => e.type === 'contact.queued')
    expect(queued.length).toBeGreaterThan(2700)
    for (const e of queued) {
      expect(e.ts.endsWith('+01:00')).toBe(true)
      const h = localHour(e.ts)
      expect(h >= 8 && h < 20).toBe(true)
    }
  })
})
