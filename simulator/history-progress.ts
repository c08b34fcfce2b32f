/**
 * Where the demo's history fill is, for /api/health and the log (not for the floor's screens):
 * per process, updated by fillHistory (simulator/history.ts).
 */
export type HistoryProgress = {
  state: 'waiting' | 'filling' | 'done' | 'stopped'
  /** Days of history asked for, days handled so far (filled or already stored), events written. */
  days: number
  daysDone: number
  events: number
  /** Local date being filled (YYYY-MM-DD), null between days. */
  current: string | null
  startedAt: string | null
  finishedAt: string | null
}

const g = globalThis as unknown as { __plateauHistoryProgress?: HistoryProgress | null }

export function historyProgress(): HistoryProgress | null {
  return g.__plateauHistoryProgress ?? null
}

export function setHistoryProgress(p: Partial<HistoryProgress> & { state: HistoryProgress['state'] }): void {
  const prev = g.__plateauHistoryProgress ?? { state: 'waiting', days: 0, daysDone: 0, events: 0, current: null, startedAt: null, finishedAt: null }
  g.__plateauHistoryProgress = { ...prev, ...p }
}
