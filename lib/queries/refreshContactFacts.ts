/**
 * Keeps contact_facts (migration 0002) in step with contacts_v.
 *
 * Each refresh re-derives every contact that received an event since the last watermark
 * (contact_touches, by insert time, with an overlap margin), writes all of that contact's
 * fact rows again with a higher version, and in the same INSERT tombstones the contact's
 * previous rows (a lower version) — so rows whose timestamp moved (a later wrap-up after a
 * transfer, an earlier queue event arriving late) disappear, and re-emitted rows win.
 * Idempotent: re-processing a contact writes the same rows again.
 *
 * KPI queries call ensureContactFacts(maxLagMs) first; a background loop keeps the lag low.
 * The background loop also refreshes the agent-time rollup (refreshAgentSlots; agent-time
 * queries call ensureAgentSlots with the same lag).
 * Run the refresh in one process per store (embedded chdb is one process anyway).
 *
 * A bulk writer of past data in this process (the demo's history fill) can hold its contacts
 * (holdContactFacts: contact ids starting with a prefix): the refresh then leaves them out, and
 * the writer derives them itself once written (releaseContactFacts) — so a live tick never
 * waits while the facts of a back-filled day are derived.
 */
import 'server-only'
import { getClickHouse, queryRows } from '../clickhouse'
import { contactFactsSelect, contactFirstTsSelect, FACT_COLUMNS } from './contactFactsSql'
import { refreshAgentSlots } from './refreshAgentSlots'
import { Params } from './sql'
import { RoundPacer, runSharedRefresh } from './sharedRefresh'

const STATE_NAME = 'contact_facts'
/** Touches this close to the previous watermark are processed again (in-flight inserts). */
const OVERLAP_MS = 10_000
/** contact_touches keeps 7 days; a watermark older than this means a full rebuild. */
const MAX_INCREMENTAL_AGE_MS = 6 * 86_400_000
/** Above this many touched contacts a full rebuild is cheaper than lookups by key. */
const MAX_INCREMENTAL_CONTACTS = 2_000_000
const REBUILD_CHUNKS = 8

type RefreshState = {
  inflight: Promise<RefreshResult> | null
  inflightStartedAt: number
  lastCompletedStartedAt: number
  lastVersion: bigint
  timer: NodeJS.Timeout | null
  /** Contact id prefixes held by a bulk writer (holdContactFacts), with their number of holders. */
  held: Map<string, number>
}
const g = globalThis as unknown as { __plateauFacts?: RefreshState }
function state(): RefreshState {
  return (g.__plateauFacts ??= { inflight: null, inflightStartedAt: 0, lastCompletedStartedAt: 0, lastVersion: 0n, timer: null, held: new Map() })
}

export type RefreshResult = { mode: 'full' | 'incremental' | 'idle'; contacts: number; ms: number }

function nextVersion(): bigint {
  const s = state()
  const v = BigInt(Date.now()) * 1000n
  s.lastVersion = v > s.lastVersion + 1n ? v : s.lastVersion + 2n
  return s.lastVersion
}

const COLS = FACT_COLUMNS.join(', ')
const insertCols = `${COLS}, version, deleted`

async function serverNow(): Promise<string> {
  const [r] = await queryRows<{ now: string }>('SELECT now64(3) AS now')
  return r.now
}

async function readWatermark(): Promise<string | null> {
  const rows = await queryRows<{ watermark: string }>(
    `SELECT watermark FROM contact_facts_state FINAL WHERE name = {name:String}`,
    { name: STATE_NAME },
  )
  return rows[0]?.watermark ?? null
}

async function writeWatermark(wm: string): Promise<void> {
  await getClickHouse().insert({
    table: 'contact_facts_state',
    values: [{ name: STATE_NAME, watermark: wm, updated_at: await serverNow() }],
    format: 'JSONEachRow',
  })
}

const chMs = (s: string) => Date.parse(s.replace(' ', 'T') + 'Z')

/** Re-derive every contact from contacts_v (first run, or after a long stop), then drop older rows. */
async function rebuild(version: bigint): Promise<number> {
  const ch = getClickHouse()
  const t0 = Date.now()
  const [{ n }] = await queryRows<{ n: string }>('SELECT count() AS n FROM contact_facts')
  console.log(`[kpi] deriving contact facts for every contact from contacts_v (first run or long stop)…`)
  for (let i = 0; i < REBUILD_CHUNKS; i++) {
    const p = new Params()
    const where = `cityHash64(contact_id) % ${REBUILD_CHUNKS} = ${p.int(i)}`
    await ch.command({
      query: `INSERT INTO contact_facts (${insertCols}) SELECT ${COLS}, ${p.add('UInt64', version.toString())}, 0 FROM (${contactFactsSelect(where)})`,
      query_params: p.values,
      clickhouse_settings: { max_partitions_per_insert_block: '0' },
    })
  }
  if (Number(n) > 0) {
    const p = new Params()
    await ch.command({
      query: `INSERT INTO contact_facts (center_id, kind, ts, contact_id, sub_id, version, deleted)
              SELECT center_id, kind, ts, contact_id, sub_id, ${p.add('UInt64', (version - 1n).toString())}, 1
              FROM contact_facts FINAL WHERE version < ${p.add('UInt64', version.toString())}`,
      query_params: p.values,
      clickhouse_settings: { max_partitions_per_insert_block: '0' },
    })
  }
  const [{ c }] = await queryRows<{ c: string }>(`SELECT count() AS c FROM contacts`)
  console.log(`[kpi] contact facts derived in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
  return Number(c)
}

async function refreshOnce(): Promise<RefreshResult> {
  const t0 = Date.now()
  const st = state()
  if (st.lastVersion === 0n) {
    // Versions must keep growing across restarts even if the clock moved back.
    const [{ v }] = await queryRows<{ v: string }>('SELECT toString(max(version)) AS v FROM contact_facts')
    st.lastVersion = BigInt(v || '0')
  }
  // Captured before `until`: every touch a held prefix hides here is older than this refresh's end.
  const held = [...st.held.keys()]
  const until = await serverNow()
  const wm = await readWatermark()
  const version = nextVersion()
  if (!wm || chMs(until) - chMs(wm) > MAX_INCREMENTAL_AGE_MS) {
    const contacts = await rebuild(version)
    await writeWatermark(until)
    return { mode: 'full', contacts, ms: Date.now() - t0 }
  }
  const p = new Params()
  const notHeld = held.length ? ` AND NOT arrayExists(x -> startsWith(contact_id, x), ${p.add('Array(String)', held)})` : ''
  const touched = `(SELECT DISTINCT center_id, contact_id FROM contact_touches
                    WHERE touched_at >= ${p.ts(chMs(wm) - OVERLAP_MS)} AND touched_at < ${p.add("DateTime64(3, 'UTC')", until)}${notHeld})`
  const inTouched = `(center_id, contact_id) IN ${touched}`
  const [first] = await queryRows<{ first_ts: string; contacts: string }>(contactFirstTsSelect(inTouched), p.values, { timeoutS: 0 })
  const contacts = Number(first?.contacts ?? 0)
  if (contacts === 0) {
    await writeWatermark(until)
    return { mode: 'idle', contacts: 0, ms: Date.now() - t0 }
  }
  if (contacts > MAX_INCREMENTAL_CONTACTS) {
    await rebuild(version)
    await writeWatermark(until)
    return { mode: 'full', contacts, ms: Date.now() - t0 }
  }
  const vNew = p.add('UInt64', version.toString())
  const vOld = p.add('UInt64', (version - 1n).toString())
  const firstTs = p.add("DateTime64(3, 'UTC')", first.first_ts)
  // One INSERT: new rows at `version`, tombstones for all previous rows of these contacts at
  // `version − 1` (a re-emitted key keeps the new row, a moved key disappears).
  await getClickHouse().command({
    query: `INSERT INTO contact_facts (${insertCols})
SELECT ${COLS}, ${vNew} AS version, 0 AS deleted FROM (${contactFactsSelect(inTouched)})
UNION ALL
SELECT center_id, kind, ts, contact_id, sub_id, '', '', '', '', NULL, NULL, NULL, NULL, 0, 0, 0, 0, NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0, 0,
       ${vOld} AS version, 1 AS deleted
FROM contact_facts FINAL
WHERE ts >= ${firstTs} AND ${inTouched}`,
    query_params: p.values,
    clickhouse_settings: { max_partitions_per_insert_block: '0' },
  })
  await writeWatermark(until)
  return { mode: 'incremental', contacts, ms: Date.now() - t0 }
}

/**
 * Bring contact_facts up to date with every event inserted before this call (or before
 * `notBefore`, epoch ms). Concurrent callers share one refresh; a caller arriving during a
 * refresh that started too early waits for it and then runs another.
 */
export function refreshContactFacts(notBefore = Date.now()): Promise<RefreshResult> {
  return runSharedRefresh(state(), refreshOnce, notBefore)
}

/** Resolve once no refresh is under way (at most `maxWaitMs`): background bulk writes go between refreshes. */
export async function contactFactsIdle(maxWaitMs = 2000): Promise<void> {
  const st = state()
  const t0 = Date.now()
  while (st.inflight && Date.now() - t0 < maxWaitMs) await new Promise((r) => setTimeout(r, 5))
}

/** The refresh leaves the contacts whose id starts with `prefix` to the caller until releaseContactFacts. */
export function holdContactFacts(prefix: string): void {
  const held = state().held
  held.set(prefix, (held.get(prefix) ?? 0) + 1)
}

/**
 * End a hold: derive the facts of every contact whose id starts with `prefix` (their facts all
 * dated in [from, to)), in `chunks` statements with `between()` awaited before each (the history
 * fill yields to live screens there), and let the refresh see these contacts again. Returns the
 * number of statements run.
 */
export async function releaseContactFacts(prefix: string, o: { from: number; to: number; chunks?: number; between?: () => Promise<void> }): Promise<number> {
  const st = state()
  const n = (st.held.get(prefix) ?? 0) - 1
  if (n > 0) {
    st.held.set(prefix, n)
    return 0
  }
  st.held.delete(prefix)
  // A refresh under way may have left these contacts out: what it skipped was inserted before
  // it ended, so deriving after it ends covers it; later refreshes see every touch again.
  while (st.inflight) await st.inflight.catch(() => null)
  const chunks = Math.max(1, o.chunks ?? 4)
  for (let i = 0; i < chunks; i++) {
    await o.between?.()
    const version = nextVersion()
    const p = new Params()
    const mine = `startsWith(contact_id, ${p.add('String', prefix)}) AND cityHash64(contact_id) % ${chunks} = ${p.int(i)}`
    await getClickHouse().command({
      query: `INSERT INTO contact_facts (${insertCols})
SELECT ${COLS}, ${p.add('UInt64', version.toString())} AS version, 0 AS deleted FROM (${contactFactsSelect(mine)})
UNION ALL
SELECT center_id, kind, ts, contact_id, sub_id, '', '', '', '', NULL, NULL, NULL, NULL, 0, 0, 0, 0, NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0, 0,
       ${p.add('UInt64', (version - 1n).toString())} AS version, 1 AS deleted
FROM contact_facts FINAL
WHERE ts >= ${p.ts(o.from)} AND ts < ${p.ts(o.to)} AND ${mine}`,
      query_params: p.values,
      clickhouse_settings: { max_partitions_per_insert_block: '0' },
    })
  }
  return chunks
}

/**
 * Make sure contact_facts reflects every event inserted more than `maxLagMs` ago (0: every
 * event inserted before this call). Starts the background loop on first use unless
 * PLATEAU_FACTS_REFRESH_MS=0.
 */
export async function ensureContactFacts(maxLagMs = 1000): Promise<void> {
  startContactFactsRefresher()
  const notBefore = Date.now() - Math.max(0, maxLagMs)
  if (maxLagMs > 0 && state().lastCompletedStartedAt >= notBefore) return
  await refreshContactFacts(notBefore)
}

/**
 * Merge each settled day (no insert for 10 minutes) of contact_facts into one part, so FINAL
 * has nothing to merge when reading it. Background merges do the same eventually
 * (min_age_to_force_merge_seconds); this makes it happen on schedule. Returns partitions merged.
 */
export async function compactContactFacts(settledMs = 600_000): Promise<number> {
  const rows = await queryRows<{ partition_id: string }>(
    `SELECT partition_id FROM system.parts
     WHERE database = currentDatabase() AND table = 'contact_facts' AND active
     GROUP BY partition_id
     HAVING count() > 1 AND max(modification_time) < now() - toIntervalSecond({settled:UInt32})`,
    { settled: Math.round(settledMs / 1000) },
  )
  for (const r of rows) {
    // OPTIMIZE takes no query parameters; the id comes from system.parts and is checked to be YYYYMMDD.
    if (!/^\d{8}$/.test(r.partition_id)) continue
    await getClickHouse().command({ query: `OPTIMIZE TABLE contact_facts PARTITION ID '${r.partition_id}' FINAL` })
  }
  return rows.length
}

/** A background round that took T waits PACE_FACTOR·T before the next (PLATEAU_REFRESH_PACE, ≥ 0). */
const PACE_FACTOR = (() => {
  const raw = process.env.PLATEAU_REFRESH_PACE
  const v = raw === undefined || raw.trim() === '' ? 3 : Number(raw)
  if (Number.isFinite(v) && v >= 0) return v
  console.warn(`[kpi] PLATEAU_REFRESH_PACE=${raw} is not a number ≥ 0: using 3`)
  return 3
})()

/** Background refresh every PLATEAU_FACTS_REFRESH_MS (default 1000; 0 disables). Idempotent. */
export function startContactFactsRefresher(intervalMs = Number(process.env.PLATEAU_FACTS_REFRESH_MS ?? 1000)): void {
  const s = state()
  if (s.timer || !(intervalMs > 0)) return
  let lastCompact = Date.now()
  // At most a quarter of the engine's time by default: under heavy ingest a round grows (more
  // touched contacts), and the embedded engine runs one write at a time, so inserts would
  // wait behind it. Readers that need fresher figures refresh themselves (ensureContactFacts /
  // ensureAgentSlots with their own lag).
  const pacer = new RoundPacer(PACE_FACTOR)
  s.timer = setInterval(() => {
    if (!pacer.ready(Date.now()) || s.inflight || Date.now() - s.lastCompletedStartedAt < intervalMs / 2) return
    // While a bulk writer holds contacts (the history fill writing a day), the agent-time rollup
    // and the compaction wait too: the embedded engine runs one write at a time, and the
    // rollup would re-derive the whole day being written at every tick (its changes are late).
    // Readers needing the rollup refresh it themselves (ensureAgentSlots).
    const bulk = s.held.size > 0
    const compact = !bulk && Date.now() - lastCompact > 300_000
    if (compact) lastCompact = Date.now()
    pacer.start(Date.now())
    refreshContactFacts()
      .then(() => (bulk ? undefined : refreshAgentSlots()))
      .then(() => (compact ? compactContactFacts() : 0))
      .catch((e) => console.warn(`[kpi] contact facts refresh failed: ${(e as Error).message}`))
      .finally(() => pacer.end(Date.now()))
  }, intervalMs)
  s.timer.unref?.()
}

export function stopContactFactsRefresher(): void {
  const s = state()
  if (s.timer) clearInterval(s.timer)
  s.timer = null
}
