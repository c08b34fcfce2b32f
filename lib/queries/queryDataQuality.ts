/**
 * Data-quality facts about a period, for report footnotes (not KPIs):
 * - late events: events dated in the period that arrived more than `lateAfterS` after their
 *   own timestamp (received_at − ts), and those that arrived after the period closed
 *   (received_at ≥ period end + lateAfterS): a closed period's figures changed because of them;
 * - the period's data fingerprint (distinct events dated in the period, latest arrival), so two
 *   runs of the same report can be shown to rest on the same data;
 * - dead letters received during the period (rejected messages), attributed to a center when
 *   their raw JSON names one.
 *
 *   queryDataQuality({ centers, from, to, lateAfterS: 300 })   // centers: null = all, [] = none
 */
import 'server-only'
import { queryRows } from '../clickhouse'
import { Params } from './sql'

/**
 * A redelivered batch re-inserts its dead letters: count each rejected message once. A Kafka
 * message is one (topic, partition, offset); outside Kafka a line is (received_at, its line number
 * in `offset`, raw), so identical lines of one request, or of two requests, each count.
 */
export const DEAD_LETTER_COUNT = "uniqExact(source, topic, partition, offset, cityHash64(raw), if(topic = '', received_at, toDateTime64(0, 3, 'UTC')))"

export type DataQuality = {
  lateAfterS: number
  /** Event rows dated in the period (a redelivery not yet merged away counts twice). */
  events: number
  /** Latest received_at among them (ISO), null when none. */
  lastReceivedAt: string | null
  /** Events dated in the period received more than lateAfterS after their timestamp. */
  lateEvents: number
  /** Events dated in the period received after the period ended (+ lateAfterS). */
  lateAfterClose: number
  /** Latest arrival among those (ISO). */
  lastLateAfterCloseAt: string | null
  /** Messages rejected into dead_letters while the period ran (for the centers when scoped). */
  deadLetters: number
}

const iso = (s: string | null | undefined) => (s ? new Date(s.replace(' ', 'T') + 'Z').toISOString() : null)

export async function queryDataQuality(o: { centers: string[] | null; from: number; to: number; lateAfterS: number }): Promise<DataQuality> {
  const empty: DataQuality = { lateAfterS: o.lateAfterS, events: 0, lastReceivedAt: null, lateEvents: 0, lateAfterClose: 0, lastLateAfterCloseAt: null, deadLetters: 0 }
  if (o.centers && o.centers.length === 0) return empty
  const p = new Params()
  const centerCond = o.centers ? `center_id IN ${p.strs(o.centers)}` : 'TRUE'
  const lateMs = p.int(o.lateAfterS * 1000)
  const closeAt = p.ts(o.to + o.lateAfterS * 1000)
  const from = p.ts(o.from)
  const to = p.ts(o.to)
  // Rows, not distinct events, for the fingerprint (a redelivery not merged yet counts twice, which
  // also changes the fingerprint, as it should); late events are counted once per event_id.
  const late = `toUnixTimestamp64Milli(received_at) - toUnixTimestamp64Milli(ts) > ${lateMs}`
  const afterClose = `received_at >= ${closeAt}`
  const [ev] = await queryRows<{ events: string; last_received: string | null; late: string; late_after_close: string; last_late: string | null }>(
    `SELECT
        count() AS events,
        if(count() = 0, NULL, max(received_at)) AS last_received,
        uniqExactIf(event_id, ${late}) AS late,
        uniqExactIf(event_id, ${afterClose}) AS late_after_close,
        if(countIf(${afterClose}) = 0, NULL, maxIf(received_at, ${afterClose})) AS last_late
     FROM events
     WHERE ${centerCond} AND ts >= ${from} AND ts < ${to}`,
    p.values,
  )
  const q = new Params()
  const dlCenter = o.centers ? `JSONExtractString(raw, 'center_id') IN ${q.strs(o.centers)}` : 'TRUE'
  const [dl] = await queryRows<{ n: string }>(
    `SELECT ${DEAD_LETTER_COUNT} AS n FROM dead_letters WHERE received_at >= ${q.ts(o.from)} AND received_at < ${q.ts(o.to)} AND ${dlCenter}`,
    q.values,
  )
  return {
    lateAfterS: o.lateAfterS,
    events: Number(ev?.events ?? 0),
    lastReceivedAt: iso(ev?.last_received),
    lateEvents: Number(ev?.late ?? 0),
    lateAfterClose: Number(ev?.late_after_close ?? 0),
    lastLateAfterCloseAt: iso(ev?.last_late),
    deadLetters: Number(dl?.n ?? 0),
  }
}
