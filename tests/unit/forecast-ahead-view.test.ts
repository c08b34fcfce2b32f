/**
 * The screens' shape of the next hours (lib/forecast/ahead-view): a queue without a forecast
 * carries its reason and no rows (never a 0), the intraday curve sums the queues with a
 * forecast and stops the actual at the current interval, the wall panel's row is the busiest
 * interval.
 */
import { describe, expect, it } from 'vitest'
import { aheadView, peakRow } from '@/lib/forecast/ahead-view'
import type { StaffingRow } from '@/lib/forecast/staffing'

const slots = (vals: number[]) => vals.map((offered, slot) => ({ slot, offered, ahtS: 120 }))
const row = (slot: number, needed: number | null, staffed: number | null): StaffingRow => ({
  slot, start: slot * 1000, offered: 1, ahtS: 120, needed, staffedNow: staffed, gap: needed === null || staffed === null ? null : staffed - needed, model: 'erlang_c',
})

// 60-min intervals, 24 slots; now = slot 2.
const fc = (vals: number[]) => ({ status: 'ok' as const, date: '2026-12-07', intervalMin: 60 as const, slots: slots([...vals, ...Array(24 - vals.length).fill(0)]), reference: [] })
const view = aheadView(
  {
    centerId: 'c', timezone: 'Europe/Paris', date: '2026-12-07', intervalMin: 60, nowSlot: 2,
    queues: [
      { queueId: 'a', queueName: 'A', forecast: fc([1, 2, 3, 4]), actual: [{ slot: 0, offered: 2 }, { slot: 2, offered: 1 }], patience: { patienceS: null, abandons: 0 }, levelFactor: 1, ahead: [row(2, 1, 2), row(3, 3, 2)] },
      { queueId: 'b', queueName: 'B', forecast: fc([10, 0, 5]), actual: [{ slot: 1, offered: 4 }], patience: { patienceS: 44, abandons: 30 }, levelFactor: 1, ahead: [{ ...row(2, 2, null), model: 'erlang_a' }] },
      { queueId: 'n', queueName: 'New', forecast: { status: 'insufficient_history', date: '2026-12-07', historyDays: 3, neededDays: 14, comparableWeeks: 0 }, actual: [{ slot: 1, offered: 7 }], patience: { patienceS: null, abandons: 0 }, levelFactor: 1, ahead: [] },
    ],
  },
  (s) => s * 3_600_000,
)

describe('aheadView', () => {
  it('insufficient history: the reason and the days, no rows, no model', () => {
    expect(view.queues[2]).toMatchObject({ status: 'insufficient_history', historyDays: 3, neededDays: 14, rows: [], model: null })
  })
  it('the model each queue used', () => {
    expect(view.queues.map((q) => q.model)).toEqual(['erlang_c', 'erlang_a', null])
    expect(view.queues[1]!.patienceS).toBe(44)
  })
  it('intraday: forecast summed over queues with one (a: 1,2,3,4 + b: 10,0,5), actual over every queue up to now', () => {
    expect(view.intraday.slice(0, 5).map((p) => p.forecast)).toEqual([1 + 10, 2 + 0, 3 + 5, 4 + 0, 0])
    // actual: slot 0 = 2 (a), slot 1 = 4 (b) + 7 (n), slot 2 = 1 (a); later slots not yet known
    expect(view.intraday.slice(0, 4).map((p) => p.actual)).toEqual([2, 11, 1, null])
    expect(view.intraday[3]!.start).toBe(3 * 3_600_000)
  })
  it('no queue with a forecast: the curve has no forecast (not 0)', () => {
    const v = aheadView({ centerId: 'c', timezone: 'UTC', date: '2026-12-07', intervalMin: 60, nowSlot: 0, queues: [] }, (s) => s)
    expect(v.intraday.every((p) => p.forecast === null)).toBe(true)
  })
})

describe('peakRow', () => {
  it('the interval needing the most agents', () => {
    expect(peakRow(view.queues[0]!)).toMatchObject({ needed: 3, staffedNow: 2, gap: -1 })
  })
  it('none for a queue without rows', () => expect(peakRow(view.queues[2]!)).toBeNull())
})
