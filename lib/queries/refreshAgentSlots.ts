/**
 * Keeps agent_slots (migration 0008) in step with the agent state changes: per agent and
 * 15-minute UTC slot, the milliseconds in each state family and the state still running at the
 * slot's end. The same intervals as queryAgentTime's raw computation (each state lasts until
 * the agent's next change, capped at agentStateMaxHours), split at slot boundaries.
 *
 * A slot range [A, B) is derived from the state changes dated in it plus, for each agent, the
 * state running at A (the end state of the agent's row at slot A − 15 min): no look-back.
 * Each refresh
 *   - re-derives the slots a late change (dated before the watermark, seen in agent_touches by
 *     arrival time) can move: from its slot to its latest change + the largest state cap, for
 *     the touched agents only;
 *   - derives the slots completed since the last refresh (up to the current 15 minutes).
 * Rows are written with a higher version together with tombstones for the range's previous
 * rows, so a slot that is no longer logged in disappears. A changed state cap (or no state
 * yet, or a stop longer than agent_touches keeps) rebuilds every slot.
 *
 * Readers (queryAgentTime) use the rollup only up to the watermark this process last saw and
 * only with the caps it was built with. Run the refresh in one process per store, like the
 * contact facts refresh that drives it (ensureContactFacts).
 */
import 'server-only'
import { getClickHouse, queryRows } from '../clickhouse'
import { chTs } from '../kpi/time'
import { maxStateCapMs, stateCapMsSql, stateCapsKey } from './settingsSql'
import { Params } from './sql'
import { runSharedRefresh } from './sharedRefresh'

export const SLOT_MS = 900_000
const STATE_NAME = 'agent_slots'
/** Touches this close to the previous refresh are processed again (in-flight inserts). */
const OVERLAP_MS = 10_000
/** agent_touches keeps 7 days: a refresh older than this rebuilds. */
const MAX_INCREMENTAL_AGE_MS = 6 * 86_400_000
const BUILD_CHUNK_MS = 14 * 86_400_000
/** Up to this range the changes are read from `events` (ordered by center, type, ts), beyond from agent_state_events (by agent). */
const SHORT_RANGE_MS = 2 * 86_400_000
/** The settings every FINAL read of agent_slots uses (a key never changes partition). */
export const SLOTS_FINAL_SETTINGS = 'SETTINGS do_not_merge_across_partitions_select_final = 1'

export type SlotsView = { watermark: number; caps: string }

type SlotsState = {
  inflight: Promise<SlotsResult> | null
  inflightStartedAt: number
  lastCompletedStartedAt: number
  lastVersion: bigint
  /** What the last completed refresh of this process left: slots before `watermark` are complete. */
  view: SlotsView | null
  /** agent_slots_state as last read or written by this process, and when it was written. */
  stored: StoredState | null
  storedAt: number
}
type StoredState = { watermark: string; touched: string; caps: string }
const g = globalThis as unknown as { __plateauAgentSlots?: SlotsState }
function state(): SlotsState {
  return (g.__plateauAgentSlots ??= { inflight: null, inflightStartedAt: 0, lastCompletedStartedAt: 0, lastVersion: 0n, view: null, stored: null, storedAt: 0 })
}

export type SlotsResult = { mode: 'full' | 'incremental' | 'idle'; ms: number }

/** The rollup a reader may use now, or null (not built, or built with other state caps). */
export function agentSlotsView(): SlotsView | null {
  const v = state().view
  return v && v.caps === stateCapsKey() ? v : null
}

export const floorSlot = (t: number) => Math.floor(t / SLOT_MS) * SLOT_MS
const chMs = (s: string) => Date.parse(s.replace(' ', 'T') + 'Z')

function nextVersion(): bigint {
  const s = state()
  const v = BigInt(Date.now()) * 1000n
  s.lastVersion = v > s.lastVersion + 1n ? v : s.lastVersion + 2n
  return s.lastVersion
}

/**
 * State intervals of the agents matching `cond` (the same as queryAgentTime's raw intervals:
 * a redelivered change lasts 0 ms), from the changes dated in [aMin, bMax) and
 * the states running at each row's start (`carrySlot`: the rows of the slot before it): columns
 * center_id, agent_id, state, s0 (the state's start), nxt (next change, 9e15 = none read),
 * s = greatest(s0, a), e = least(nxt, s0 + cap, b). a and b are SQL (per center when several
 * windows); aMin/bMax bound them and carrySlot(s) is the one slot (or slot range) before a.
 * Offline and empty intervals are left out.
 */
export function slotIntervalsSql(
  p: Params,
  o: { a: string; b: string; aMin: number; bMax: number; carryFrom: number; carryTo: number; carryCond?: string; cond: string; cap: string },
): string {
  return `
SELECT center_id, agent_id, state, s0, nxt, greatest(s0, ${o.a}) AS s, least(nxt, s0 + ${o.cap}, ${o.b}) AS e
FROM
(
    SELECT center_id, agent_id, state, s0,
           leadInFrame(s0, 1, toInt64(9e15)) OVER (PARTITION BY center_id, agent_id ORDER BY s0, event_id ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING) AS nxt
    FROM
    (
        SELECT center_id, agent_id, toString(state) AS state, toUnixTimestamp64Milli(ts) AS s0, event_id
        FROM ${o.bMax - o.aMin <= SHORT_RANGE_MS ? `events WHERE type = 'agent.state' AND` : 'agent_state_events WHERE'} ${o.cond} AND ts >= ${p.ts(o.aMin)} AND ts < ${p.ts(o.bMax)}
        UNION ALL
        SELECT center_id, agent_id, toString(end_state) AS state, toUnixTimestamp64Milli(end_since) AS s0, '' AS event_id
        FROM agent_slots FINAL
        WHERE ${o.cond} AND slot >= ${p.add("DateTime('UTC')", o.carryFrom / 1000)} AND slot <= ${p.add("DateTime('UTC')", o.carryTo / 1000)}
          AND end_state != ''${o.carryCond ? ` AND ${o.carryCond}` : ''}
    )
)
WHERE state != 'offline' AND e > s`
}

/** Split intervals (s, e) into slot pieces: adds k (slot number), ps, pe. */
export function slotPiecesSql(intervals: string): string {
  return `
SELECT *, k, greatest(s, k * ${SLOT_MS}) AS ps, least(e, (k + 1) * ${SLOT_MS}) AS pe
FROM (${intervals})
ARRAY JOIN range(intDiv(s, ${SLOT_MS}), intDiv(e - 1, ${SLOT_MS}) + 1) AS k`
}

/** agent_slots rows for [a, b) (slot-aligned) of the agents matching cond, as of now. */
function slotRowsSql(p: Params, a: number, b: number, cond: string): string {
  const intervals = slotIntervalsSql(p, {
    a: p.int(a),
    b: p.int(b),
    aMin: a,
    bMax: b,
    carryFrom: a - SLOT_MS,
    carryTo: a - SLOT_MS,
    cond,
    cap: stateCapMsSql(null, p),
  })
  return `
SELECT center_id, toDateTime(intDiv(k * ${SLOT_MS}, 1000), 'UTC') AS slot, agent_id,
    sumIf(pe - ps, state = 'available') AS available_ms,
    sumIf(pe - ps, state = 'on_contact') AS on_contact_ms,
    sumIf(pe - ps, state = 'wrap_up') AS wrap_up_ms,
    sumIf(pe - ps, state IN ('break', 'training', 'meeting')) AS not_ready_ms,
    sum(pe - ps) AS logged_ms,
    if(max(pe) = (k + 1) * ${SLOT_MS}, argMax(state, pe), '') AS end_state,
    fromUnixTimestamp64Milli(argMax(s0, pe), 'UTC') AS end_since
FROM (${slotPiecesSql(intervals)})
GROUP BY center_id, agent_id, k`
}

const COLS = 'center_id, slot, agent_id, version, deleted, available_ms, on_contact_ms, wrap_up_ms, not_ready_ms, logged_ms, end_state, end_since'

/**
 * Re-derive [a, b) for the agents matching cond (SQL over center_id, agent_id): new rows at
 * `version` and, in the same INSERT, tombstones at version − 1 for the range's previous rows
 * (a re-derived key keeps its new row, a vanished one disappears). derive = false: tombstones only.
 */
async function writeRange(a: number, b: number, cond: string, version: bigint, params?: Params, derive = true): Promise<void> {
  if (b <= a) return
  const p = params ?? new Params()
  const rows = derive
    ? `SELECT center_id, slot, agent_id, ${p.add('UInt64', version.toString())}, 0, available_ms, on_contact_ms, wrap_up_ms, not_ready_ms, logged_ms, end_state, end_since
FROM (${slotRowsSql(p, a, b, cond)})
UNION ALL
`
    : ''
  await getClickHouse().command({
    query: `INSERT INTO agent_slots (${COLS})
${rows}SELECT center_id, slot, agent_id, ${p.add('UInt64', (version - 1n).toString())}, 1, 0, 0, 0, 0, 0, '', toDateTime64(0, 3, 'UTC')
FROM agent_slots FINAL
WHERE ${cond} AND slot >= ${p.add("DateTime('UTC')", a / 1000)} AND slot < ${p.add("DateTime('UTC')", b / 1000)}`,
    query_params: p.values,
    clickhouse_settings: { max_partitions_per_insert_block: '0' },
  })
}

async function readState(): Promise<StoredState | null> {
  const s = state()
  if (s.stored) return s.stored
  const rows = await queryRows<StoredState>('SELECT watermark, touched, caps FROM agent_slots_state FINAL WHERE name = {name:String}', { name: STATE_NAME })
  return (s.stored = rows[0] ?? null)
}

async function writeState(watermark: number, touched: string, caps: string): Promise<void> {
  const [{ now }] = await queryRows<{ now: string }>('SELECT now64(3) AS now')
  const stored = { watermark: chTs(watermark), touched, caps }
  await getClickHouse().insert({ table: 'agent_slots_state', values: [{ name: STATE_NAME, ...stored, updated_at: now }], format: 'JSONEachRow' })
  state().stored = stored
  state().storedAt = Date.now()
}

/** Every slot from the first state change on, in chunks (each carries the previous one's end states). */
async function rebuild(until: number, version: bigint): Promise<void> {
  const t0 = Date.now()
  const [{ first, rows }] = await queryRows<{ first: string | null; rows: string }>(
    'SELECT toUnixTimestamp64Milli(minOrNull(ts)) AS first, (SELECT count() FROM agent_slots) AS rows FROM agent_state_events',
  )
  // Tombstone everything first: a chunk's carried states must come from this build only.
  if (Number(rows) > 0) await writeRange(0, 4_102_444_800_000, 'TRUE', version, undefined, false)
  if (first === null) return
  console.log('[kpi] deriving the agent-time slots from every agent state change (first run, cap change or long stop)…')
  for (let a = floorSlot(Number(first)); a < until; a += BUILD_CHUNK_MS) await writeRange(a, Math.min(a + BUILD_CHUNK_MS, until), 'TRUE', version)
  console.log(`[kpi] agent-time slots derived in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
}

async function refreshOnce(): Promise<SlotsResult> {
  const t0 = Date.now()
  const s = state()
  if (s.lastVersion === 0n) {
    const [{ v }] = await queryRows<{ v: string }>('SELECT toString(max(version)) AS v FROM agent_slots')
    s.lastVersion = BigInt(v || '0')
  }
  const [{ now }] = await queryRows<{ now: string }>('SELECT now64(3) AS now')
  const until = floorSlot(chMs(now))
  const caps = stateCapsKey()
  const st = await readState()
  const version = nextVersion()
  if (!st || st.caps !== caps || chMs(now) - chMs(st.touched) > MAX_INCREMENTAL_AGE_MS) {
    await rebuild(until, version)
    await writeState(until, now, caps)
    s.view = { watermark: until, caps }
    return { mode: 'full', ms: Date.now() - t0 }
  }
  const wm = chMs(st.watermark)
  const p = new Params()
  // Late changes: dated before the watermark, arrived since the last refresh (with overlap).
  const late = `FROM agent_touches WHERE touched_at >= ${p.ts(chMs(st.touched) - OVERLAP_MS)} AND touched_at < ${p.add("DateTime64(3, 'UTC')", now)} AND first_ts < ${p.ts(wm)}`
  const [range] = await queryRows<{ a: string | null; b: string | null }>(
    `SELECT toUnixTimestamp64Milli(minOrNull(first_ts)) AS a, toUnixTimestamp64Milli(maxOrNull(last_ts)) AS b ${late}`,
    p.values,
  )
  let mode: SlotsResult['mode'] = 'idle'
  if (range?.a !== null && range?.a !== undefined) {
    // A change moves its agent's intervals from its own slot until the next change after the
    // latest late one, at most that change + the state cap later.
    const a = floorSlot(Number(range.a))
    const b = Math.min(wm, floorSlot(Number(range.b) + maxStateCapMs(null)) + SLOT_MS)
    await writeRange(a, b, `(center_id, agent_id) IN (SELECT center_id, agent_id ${late})`, version, p)
    mode = 'incremental'
  }
  if (until > wm) {
    await writeRange(wm, until, 'TRUE', version)
    mode = 'incremental'
  }
  // An idle refresh need not move the arrival mark at once (the next one re-reads a few touches).
  if (mode !== 'idle' || Date.now() - s.storedAt > 60_000) await writeState(Math.max(until, wm), now, caps)
  s.view = { watermark: Math.max(until, wm), caps }
  return { mode, ms: Date.now() - t0 }
}

/** Bring agent_slots up to date with every state change inserted before this call (shared by concurrent callers, like refreshContactFacts). */
export function refreshAgentSlots(notBefore = Date.now()): Promise<SlotsResult> {
  return runSharedRefresh(state(), refreshOnce, notBefore)
}

/** Make sure agent_slots reflects every state change inserted more than `maxLagMs` ago (0: every one so far). */
export async function ensureAgentSlots(maxLagMs = 1000): Promise<void> {
  const notBefore = Date.now() - Math.max(0, maxLagMs)
  if (maxLagMs > 0 && state().view && state().lastCompletedStartedAt >= notBefore) return
  await refreshAgentSlots(notBefore)
}
