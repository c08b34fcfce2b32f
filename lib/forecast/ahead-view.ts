/**
 * The "next hours" view of one center, shaped for screens (the /live panel, board panels) from
 * staffingNextHours: per queue its status (forecast, closed, not enough history — never a 0 in
 * place of a missing forecast), the model used and the rows of the upcoming intervals; and the
 * center's intraday curve of forecast vs actual offered so far today. Pure.
 */
import type { Forecast, ForecastInterval } from './model'
import type { Patience, StaffingRow } from './staffing'

export type AheadQueue = {
  centerId: string
  queueId: string
  queueName: string
  status: Forecast['status']
  /** closed: why; insufficient_history: days available and needed. */
  reason?: string
  holiday?: string
  historyDays?: number
  neededDays?: number
  model: 'erlang_a' | 'erlang_c' | null
  patienceS: number | null
  levelFactor: number
  rows: Omit<StaffingRow, 'slot' | 'model'>[]
}

export type IntradayPoint = { slot: number; start: number; forecast: number | null; actual: number | null }

export type AheadCenter = {
  centerId: string
  timezone: string
  date: string
  intervalMin: ForecastInterval
  nowSlot: number
  queues: AheadQueue[]
  /** Sum over the queues with a forecast; actual only up to the current interval. null forecast: no queue has one. */
  intraday: IntradayPoint[]
}

type NextHours = {
  centerId: string
  timezone: string
  date: string
  intervalMin: ForecastInterval
  nowSlot: number
  queues: { queueId: string; queueName: string; forecast: Forecast; actual: { slot: number; offered: number }[]; patience: Patience; levelFactor: number; ahead: StaffingRow[] }[]
}

export function aheadView(r: NextHours, slotStart: (slot: number) => number): AheadCenter {
  const queues: AheadQueue[] = r.queues.map((q) => {
    const f = q.forecast
    return {
      centerId: r.centerId,
      queueId: q.queueId,
      queueName: q.queueName,
      status: f.status,
      ...(f.status === 'closed' ? { reason: f.reason, ...(f.holiday ? { holiday: f.holiday } : {}) } : {}),
      ...(f.status === 'insufficient_history' ? { historyDays: f.historyDays, neededDays: f.neededDays } : {}),
      model: q.ahead[0]?.model ?? null,
      patienceS: q.patience.patienceS,
      levelFactor: q.levelFactor,
      rows: q.ahead.map(({ slot: _slot, model: _model, ...row }) => row),
    }
  })
  const withForecast = r.queues.filter((q) => q.forecast.status === 'ok')
  const slots = (24 * 60) / r.intervalMin
  const intraday: IntradayPoint[] = []
  for (let s = 0; s < slots; s++) {
    let forecast: number | null = null
    for (const q of withForecast) {
      const v = q.forecast.status === 'ok' ? q.forecast.slots.find((x) => x.slot === s)?.offered : undefined
      if (v !== undefined) forecast = (forecast ?? 0) + v
    }
    let actual: number | null = null
    if (s <= r.nowSlot) {
      actual = 0
      for (const q of r.queues) actual += q.actual.find((a) => a.slot === s)?.offered ?? 0
    }
    intraday.push({ slot: s, start: slotStart(s), forecast, actual })
  }
  return { centerId: r.centerId, timezone: r.timezone, date: r.date, intervalMin: r.intervalMin, nowSlot: r.nowSlot, queues, intraday }
}

/** Per queue, the busiest upcoming interval (most agents needed) — what a wall panel shows in one row. */
export function peakRow(q: AheadQueue): AheadQueue['rows'][number] | null {
  let best: AheadQueue['rows'][number] | null = null
  for (const r of q.rows) if (r.needed !== null && (best === null || best.needed === null || r.needed > best.needed)) best = r
  return best ?? q.rows[0] ?? null
}
