/**
 * The ingest part of health, one rule for every process that ingests (the web server's
 * /api/health, server/health.ts, and the standalone worker's health port, ingest/health-server.ts):
 * lag = how long the oldest event received here has waited to be stored (reception time, never
 * event time); stalled = events wait and no write has succeeded for PLATEAU_STALL_AFTER_S.
 */
import { ingestStats } from './stats'

/** PLATEAU_STALL_AFTER_S (default 60): events waiting this long with no successful write → stalled. */
export function stallAfterSeconds(): number {
  const v = Number(process.env.PLATEAU_STALL_AFTER_S ?? 60)
  return Number.isFinite(v) && v > 0 ? v : 60
}

export type IngestHealth = {
  /** How long the oldest event received by this process and not yet stored has waited (0: none waits). */
  lagSeconds: number
  /** Events (and dead letters) received by this process and not yet stored: buffered, queued or being written. */
  buffered: number
  lastWriteAt: string | null
  stallAfterSeconds: number
  stalled: boolean
}

export function ingestHealth(now = Date.now()): IngestHealth {
  const waiting = ingestStats.waiting()
  const lastWrite = ingestStats.lastWriteAt()
  // Reception time, never event time: an imported 1999 log waits seconds, not 27 years.
  const lagSeconds = waiting.rows && waiting.oldestReceivedAt !== null ? Math.max(0, (now - waiting.oldestReceivedAt) / 1000) : 0
  // No write since the oldest waiting event arrived (or since the last one that succeeded, if later).
  const sinceProgress = waiting.rows ? (now - Math.max(lastWrite ?? 0, waiting.oldestReceivedAt ?? now)) / 1000 : 0
  const stallAfter = stallAfterSeconds()
  return {
    lagSeconds,
    buffered: waiting.rows,
    lastWriteAt: lastWrite ? new Date(lastWrite).toISOString() : null,
    stallAfterSeconds: stallAfter,
    stalled: sinceProgress > stallAfter,
  }
}
