/**
 * The forecast model (lib/forecast/model) on small hand-made histories; expected figures
 * worked out by hand in the comments. Staffing ahead uses a published Erlang C example.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays } from '@/lib/forecast/calendar'
import { forecastDay, relevel, type HistoryCell } from '@/lib/forecast/model'
import { slotStart, staffingAhead } from '@/lib/forecast/staffing'

// Target: Monday 2026-12-07. Same weekdays before it: 11-30 (k=1), 11-23 (k=2), 11-16 (k=3).
const TARGET = '2026-12-07'
const cell = (date: string, slot: number, offered: number, handled = offered, handleS = handled * 200): HistoryCell => ({ date, slot, offered, handled, handleS })

describe('forecastDay arithmetic (60-min intervals, decay 0.5)', () => {
  // 09:00 slot (slot 9): 40 on 11-30, 20 on 11-23, 10 on 11-16. Weights 1, 0.5, 0.25 (sum 1.75).
  // offered = (40·1 + 20·0.5 + 10·0.25) / 1.75 = 52.5 / 1.75 = 30.
  // AHT: handled 40/20/10 with handle seconds 40·300, 20·200, 10·100 →
  //   (12000·1 + 4000·0.5 + 1000·0.25) / (40·1 + 20·0.5 + 10·0.25) = 14250 / 52.5 = 271.428…
  // A Tuesday cell (12-01) must be ignored.
  const history = [
    cell('2026-11-30', 9, 40, 40, 40 * 300),
    cell('2026-11-23', 9, 20, 20, 20 * 200),
    cell('2026-11-16', 9, 10, 10, 10 * 100),
    cell('2026-12-01', 9, 999),
  ]
  const f = forecastDay(TARGET, history, '2026-11-16', { intervalMin: 60, decay: 0.5, country: 'FR' })
  it('weights the weeks', () => {
    expect(f.status).toBe('ok')
    if (f.status !== 'ok') return
    expect(f.slots).toHaveLength(24)
    expect(f.slots[9].offered).toBeCloseTo(30, 10)
    expect(f.slots[9].ahtS).toBeCloseTo(14250 / 52.5, 10)
    expect(f.slots[10]).toEqual({ slot: 10, offered: 0, ahtS: null })
    expect(f.reference).toEqual([
      { date: '2026-11-30', weight: 1 },
      { date: '2026-11-23', weight: 0.5 },
      { date: '2026-11-16', weight: 0.25 },
    ])
  })

  it('skips a reference day that was a public holiday', () => {
    // Whit Monday 2026-05-25 is a holiday in France: the weeks used are 05-18 and 05-11,
    // weights 0.5 and 0.25 (the k=1 weight is not handed on) → (12·0.5 + 6·0.25)/0.75 = 10.
    const h = [cell('2026-05-25', 9, 100), cell('2026-05-18', 9, 12), cell('2026-05-11', 9, 6)]
    const g = forecastDay('2026-06-01', h, '2026-05-11', { intervalMin: 60, decay: 0.5, country: 'FR' })
    expect(g.status === 'ok' && g.slots[9].offered).toBeCloseTo(10, 10)
    expect(g.status === 'ok' && g.reference.map((r) => r.date)).toEqual(['2026-05-18', '2026-05-11'])
  })
})

describe('forecastDay refuses to guess', () => {
  it('fewer than 14 days of history', () => {
    const f = forecastDay(TARGET, [cell('2026-11-30', 9, 5)], '2026-11-25', { intervalMin: 30, country: 'FR' })
    expect(f).toMatchObject({ status: 'insufficient_history', historyDays: 12, neededDays: 14 })
  })
  it('no history at all', () => {
    expect(forecastDay(TARGET, [], null, { intervalMin: 15, country: null })).toMatchObject({ status: 'insufficient_history', historyDays: 0 })
  })
  it('a public holiday (Christmas in Belgium) is closed', () => {
    const f = forecastDay('2026-12-25', [], '2026-01-01', { intervalMin: 60, country: 'BE' })
    expect(f).toEqual({ status: 'closed', date: '2026-12-25', reason: 'public_holiday', holiday: 'christmas' })
  })
  it('a configured closed date is closed', () => {
    expect(forecastDay(TARGET, [], '2026-01-01', { intervalMin: 60, country: null, closedDates: [TARGET] })).toMatchObject({ reason: 'closed_date' })
  })
  it('a weekday without traffic in any reference week is closed (Sunday)', () => {
    const h = [cell('2026-11-30', 9, 40)]
    expect(forecastDay('2026-12-06', h, '2026-11-01', { intervalMin: 60, country: 'FR' })).toMatchObject({ status: 'closed', reason: 'closed_weekday' })
  })
})

describe('flat history forecasts flat (property)', () => {
  it('any constant level, interval, decay and history length ≥ 14 days', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.constantFrom(15 as const, 30 as const, 60 as const),
        fc.double({ min: 0.1, max: 1, noNaN: true }),
        fc.integer({ min: 14, max: 70 }),
        fc.integer({ min: 30, max: 900 }),
        (level, intervalMin, decay, days, aht) => {
          const start = addDays(TARGET, -days)
          const n = (24 * 60) / intervalMin
          const h: HistoryCell[] = []
          for (let d = 0; d < days; d++) for (let s = 0; s < n; s++) h.push(cell(addDays(start, d), s, level, level, level * aht))
          const f = forecastDay(TARGET, h, start, { intervalMin, decay, country: null })
          if (f.status !== 'ok') return false
          return f.slots.every((s) => Math.abs(s.offered - level) < 1e-9 * level && Math.abs((s.ahtS ?? -1) - aht) < 1e-9 * aht)
        },
      ),
      { numRuns: 60 },
    )
  })
})

describe('relevel on today so far', () => {
  const slots = [0, 1, 2, 3].map((slot) => ({ slot, offered: 10 + slot * 5, ahtS: 200 })) // 10, 15, 20, 25
  it('actual ÷ forecast over elapsed intervals, applied from now on', () => {
    // elapsed slots 0,1: forecast 25, actual 12 + 18 = 30 → factor 1.2; slot 2: 24, slot 3: 30.
    const r = relevel(slots, new Map([[0, 12], [1, 18]]), 2)
    expect(r.factor).toBeCloseTo(1.2, 10)
    expect(r.slots.map((s) => s.offered)).toEqual([10, 15, 24, 30])
  })
  it('too little elapsed volume (10 < 20) → factor 1', () => {
    expect(relevel(slots, new Map([[0, 40]]), 1).factor).toBe(1)
  })
  it('clamped to 2', () => {
    expect(relevel(slots, new Map([[0, 100], [1, 100]]), 2).factor).toBe(2)
  })
})

describe('staffingAhead', () => {
  it('Call Centre Helper example: 100 calls / 30 min, AHT 180 s, 80/20 → 14 agents', () => {
    // Published: callcentrehelper.com/erlang-c-formula-example-121281.htm (14 agents).
    const rows = staffingAhead(TARGET, [{ slot: 20, offered: 100, ahtS: 180 }, { slot: 21, offered: 0, ahtS: null }, { slot: 22, offered: 5, ahtS: null }], 30, 'Europe/Paris', { thresholdSeconds: 20, target: 0.8 }, 12)
    expect(rows[0]).toMatchObject({ needed: 14, staffedNow: 12, gap: -2, start: Date.parse('2026-12-07T09:00:00Z') })
    expect(rows[1]).toMatchObject({ needed: 0, gap: 12 })
    expect(rows[2]).toMatchObject({ needed: null, gap: null })
  })
  it('slot starts on the spring-forward day (Paris, 2026-03-29)', () => {
    expect(slotStart('2026-03-29', 1, 60, 'Europe/Paris')).toBe(Date.parse('2026-03-29T00:00:00Z'))
    expect(slotStart('2026-03-29', 3, 60, 'Europe/Paris')).toBe(Date.parse('2026-03-29T01:00:00Z'))
    expect(slotStart('2026-03-29', 12, 60, 'Europe/Paris')).toBe(Date.parse('2026-03-29T10:00:00Z'))
  })
})
