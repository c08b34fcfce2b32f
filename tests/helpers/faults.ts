/**
 * Fault injection for the pipeline-fault integration tests, preloaded into a test worker only
 * (`node --import tsx --import ./tests/helpers/faults.ts ingest/worker.ts`, tests/helpers/worker.ts).
 * It fills the seam `insertFaults` of ingest/sink.ts from these variables:
 *   PLATEAU_FAULT_INSERT=0.3               fail 30 % of attempts, half before and half after the insert
 *   PLATEAU_FAULT_INSERT_FILE=path         while that file exists, every attempt fails ("ClickHouse is down")
 *   PLATEAU_FAULT_KILL_AFTER_INSERTS=n     SIGKILL right after the n-th acknowledged insert, before offsets are committed
 */
import { existsSync } from 'node:fs'
import { insertFaults } from '../../ingest/sink'

const rate = Number(process.env.PLATEAU_FAULT_INSERT || 0)
const downFile = process.env.PLATEAU_FAULT_INSERT_FILE || ''
const killAfter = Number(process.env.PLATEAU_FAULT_KILL_AFTER_INSERTS || 0)
let failAfter = false
let acknowledged = 0

insertFaults.before = () => {
  if (downFile && existsSync(downFile)) throw new Error('injected outage (PLATEAU_FAULT_INSERT_FILE exists)')
  const fault = rate > 0 && Math.random() < rate
  failAfter = fault && Math.random() >= 0.5
  if (fault && !failAfter) throw new Error('injected insert failure (before insert)')
}
insertFaults.after = () => {
  if (failAfter) throw new Error('injected insert failure (after insert, acknowledgement lost)')
  if (killAfter && ++acknowledged === killAfter) process.kill(process.pid, 'SIGKILL')
}
