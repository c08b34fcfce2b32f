/**
 * How much of a period the stored data covers, per center and for the selection: days with at
 * least one event / days expected, first and last event. A report whose coverage is short of
 * its days is partial even when the period is over (history still filling, an outage, a
 * late import), and a comparison against such a period is flagged.
 *
 * Days expected = the local calendar days of the period that have started by `now` (the
 * configuration has no opening calendar, so every day is expected: a center closed on Sundays
 * shows 26/31 and the report says so rather than guessing). Days follow the report's calendar
 * (`period.timezone`).
 *
 *   const cov = await queryCoverage({ centers: ['paris-sales'], from, to, timezone: 'Europe/Paris', days: 31, now })
 */
import { queryRows } from '../clickhouse'
import { EARLIEST_EVENT_TS } from '../contract/ts-range'
import { addLocalDays } from '../kpi/time'
import { Params } from '../queries/sql'

export type CenterCoverage = {
  id: string
  daysWithData: number
  daysExpected: number
  /** ISO instants of the first and last event dated in the period; null without data. */
  firstEvent: string | null
  lastEvent: string | null
  /** agent.state events dated in the period (0: staffing figures have no data). */
  agentStateEvents: number
}

export type Coverage = Omit<CenterCoverage, 'id'> & {
  /** Every expected day has data (and there is at least one expected day). */
  complete: boolean
  centers: CenterCoverage[]
}

const iso = (s: string | null | undefined) => (s ? new Date(s.replace(' ', 'T') + 'Z').toISOString() : null)

/** Local days of [from, to) that have started by `now`. */
export function expectedDays(from: number, to: number, timezone: string, now: number): number {
  let n = 0
  for (let t = from; t < to && t <= now; t = addLocalDays(t, 1, timezone)) n++
  return n
}

export function emptyCoverage(daysExpected: number): Coverage {
  return { daysWithData: 0, daysExpected, firstEvent: null, lastEvent: null, agentStateEvents: 0, complete: false, centers: [] }
}

export async function queryCoverage(o: { centers: string[] | null; from: number; to: number; timezone: string; now: number }): Promise<Coverage> {
  const daysExpected = expectedDays(o.from, o.to, o.timezone, o.now)
  // A comparison period may start before the earliest time an event can carry: no data there.
  if ((o.centers && o.centers.length === 0) || o.to <= EARLIEST_EVENT_TS) return emptyCoverage(daysExpected)
  const from = Math.max(o.from, EARLIEST_EVENT_TS)
  const p = new Params()
  const centerCond = o.centers ? `center_id IN ${p.strs(o.centers)}` : 'TRUE'
  const tz = p.str(o.timezone)
  const where = `${centerCond} AND ts >= ${p.ts(from)} AND ts < ${p.ts(o.to)}`
  type Row = { center_id: string; days: string; first: string | null; last: string | null; agent_states: string }
  const cols = `uniqExact(toDate(ts, ${tz})) AS days, if(count() = 0, NULL, toString(min(ts))) AS first, if(count() = 0, NULL, toString(max(ts))) AS last, countIf(type = 'agent.state') AS agent_states`
  const [rows, [all]] = await Promise.all([
    queryRows<Row>(`SELECT center_id, ${cols} FROM events WHERE ${where} GROUP BY center_id`, p.values),
    queryRows<Omit<Row, 'center_id'>>(`SELECT ${cols} FROM events WHERE ${where}`, p.values),
  ])
  const centers: CenterCoverage[] = rows
    .map((r) => ({
      id: r.center_id,
      daysWithData: Math.min(Number(r.days), daysExpected),
      daysExpected,
      firstEvent: iso(r.first),
      lastEvent: iso(r.last),
      agentStateEvents: Number(r.agent_states),
    }))
    .sort((a, b) => a.id.localeCompare(b.id))
  // Selected centers without any event are listed too (0 days), so the header names them.
  for (const id of o.centers ?? []) if (!centers.some((c) => c.id === id)) centers.push({ id, daysWithData: 0, daysExpected, firstEvent: null, lastEvent: null, agentStateEvents: 0 })
  const daysWithData = Math.min(Number(all?.days ?? 0), daysExpected)
  return {
    daysWithData,
    daysExpected,
    firstEvent: iso(all?.first),
    lastEvent: iso(all?.last),
    agentStateEvents: Number(all?.agent_states ?? 0),
    // Every selected center must cover every day: one full center does not hide an empty one.
    complete: daysExpected > 0 && daysWithData === daysExpected && centers.every((c) => c.daysWithData === daysExpected),
    centers,
  }
}
