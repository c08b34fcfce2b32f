/**
 * Agent state time (AGENT_SUMS, seconds) per center [, agent] [, bucket]: each state lasts
 * until the agent's next state change (as agent_state_intervals), capped at agentStateMaxHours
 * and at "now", clipped to the center's window, split at bucket boundaries.
 *
 * Redelivered state events need no deduplication here: a copy has the same timestamp, so the
 * interval between the two copies lasts 0 ms. Source by window length: short windows read the
 * agent.state rows of `events` (ordered by center, type, ts: only the window's time range);
 * long ones read agent_state_events (ordered by center, agent, ts: the window function then
 * runs in storage order without sorting).
 *
 * Windows longer than 2 days use the agent-time rollup (agent_slots,
 * lib/queries/refreshAgentSlots.ts): the complete 15-minute slots are read from it and only the
 * rest (usually the current slot) is computed here, from the state changes since and each
 * agent's state at the last slot's end: the same intervals, so the same sums.
 */
import 'server-only'
import { queryRows } from '../clickhouse'
import { bucketStartSql, centerWhere, perGroupInt, planSpan, splitPhaseSql, splitSizeMs, type QueryPlan } from './plan'
import { agentSlotsView, ensureAgentSlots, floorSlot, SLOT_MS, slotIntervalsSql, slotPiecesSql, SLOTS_FINAL_SETTINGS } from './refreshAgentSlots'
import { maxStateCapMs, stateCapMsSql } from './settingsSql'
import { Params } from './sql'

export type AgentTimeRow = { center_id: string; agent_id?: string } & Record<string, number | string>

const SHORT_WINDOW_MS = 2 * 86_400_000

/** State intervals [s, e) in epoch ms, clipped to the window; offline time excluded. */
export function agentIntervalsSql(plan: QueryPlan, p: Params): string {
  const span = planSpan(plan)
  const cap = maxStateCapMs(plan.centers)
  const from = span.from - cap
  const to = Math.min(span.to, plan.asOf)
  const source = to - from <= SHORT_WINDOW_MS ? `events WHERE type = 'agent.state' AND` : 'agent_state_events WHERE'
  const winFrom = perGroupInt(plan, p, (g) => g.from)
  const winTo = perGroupInt(plan, p, (g) => Math.min(g.to, plan.asOf))
  return `
SELECT center_id, agent_id, state, nxt, greatest(s0, ${winFrom}) AS s, least(nxt, s0 + ${stateCapMsSql(plan.centers, p)}, ${winTo}) AS e
FROM
(
    SELECT center_id, agent_id, toString(state) AS state, toUnixTimestamp64Milli(ts) AS s0,
           leadInFrame(toUnixTimestamp64Milli(ts), 1, toInt64(9e15))
               OVER (PARTITION BY center_id, agent_id ORDER BY ts, event_id ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING) AS nxt
    FROM ${source} ${centerWhere(plan, p)} AND ts >= ${p.ts(from)} AND ts < ${p.ts(to)}
)
WHERE state != 'offline' AND e > s`
}

/**
 * `now`: also count agents by their state now (AGENTS_NOW in lib/kpi/components), from the same
 * intervals: an agent's last change before now, if within the state cap, is the interval still
 * open at now. Only for plans without a time bucket whose window reaches now.
 */
export async function queryAgentTime(
  plan: QueryPlan,
  byAgent: boolean,
  opts: { now?: boolean; rollupAboveMs?: number } = {},
): Promise<AgentTimeRow[]> {
  // Short windows (today, a day) stay on the raw path: there the statement is mostly planning,
  // and the rollup's extra reads cost more than the rows it saves (BENCHMARKS.md, Queries).
  const above = opts.rollupAboveMs ?? SHORT_WINDOW_MS
  if (plan.source === 'facts' && plan.groups.some((g) => Math.min(g.to, plan.asOf) - g.from > above)) {
    await ensureAgentSlots(plan.maxLagMs ?? 1000)
    const cuts = rollupCuts(plan, wantsNow(plan, opts))
    if (cuts) return queryAgentTimeFromSlots(plan, byAgent, cuts, opts)
  }
  const p = new Params()
  const intervals = agentIntervalsSql(plan, p)
  const keys = ['center_id', ...(byAgent ? ['agent_id'] : [])]
  let from = `(${intervals})`
  let dur = '(e - s)'
  if (plan.bucket) {
    const size = splitSizeMs(plan.bucket)
    const phase = splitPhaseSql(plan, p, plan.bucket)
    // Split each interval into phase-aligned pieces; the piece start decides the bucket.
    from = `(
      SELECT center_id, agent_id, state, greatest(s, k * ${size} - ph) AS ps, least(e, (k + 1) * ${size} - ph) AS pe
      FROM (SELECT *, ${phase} AS ph FROM (${intervals}))
      ARRAY JOIN range(intDiv(s + ph, ${size}), intDiv(e - 1 + ph, ${size}) + 1) AS k
    )`
    dur = '(pe - ps)'
    keys.push(`${bucketStartSql(plan, p, 'ps')} AS bucket`)
  }
  const now = wantsNow(plan, opts)
  const open = `nxt = toInt64(9e15) AND e = ${p.int(plan.asOf)}`
  const groupBy = ['center_id', ...(byAgent ? ['agent_id'] : []), ...(plan.bucket ? ['bucket'] : [])]
  const sql = `
SELECT ${keys.join(', ')},
    sumIf(${dur}, state = 'available') / 1000 AS available_s,
    sumIf(${dur}, state = 'on_contact') / 1000 AS on_contact_s,
    sumIf(${dur}, state = 'wrap_up') / 1000 AS wrap_up_s,
    sumIf(${dur}, state IN ('break', 'training', 'meeting')) / 1000 AS not_ready_s,
    sum(${dur}) / 1000 AS logged_s${
      now
        ? `,
    countIf(${open} AND state = 'available') AS agents_available_now,
    countIf(${open} AND state = 'on_contact') AS agents_on_contact_now,
    countIf(${open} AND state = 'wrap_up') AS agents_wrap_up_now,
    countIf(${open} AND state IN ('break', 'training', 'meeting')) AS agents_not_ready_now,
    countIf(${open}) AS agents_logged_in_now`
        : ''
    }
FROM ${from}
GROUP BY ${groupBy.join(', ')}`
  return queryRows<AgentTimeRow>(sql, p.values)
}

/** Agents by state now are asked for and the plan can answer them (no time bucket, window reaching now). */
function wantsNow(plan: QueryPlan, opts: { now?: boolean }): boolean {
  return !!opts.now && !plan.bucket && plan.groups.every((g) => g.to >= plan.asOf)
}

/**
 * Per time-zone group, where the rollup's part of the window ends (a slot boundary), or null
 * when the rollup cannot serve the plan: the reference path (source contacts_v), no rollup
 * built with the current state caps, a window not starting on a slot boundary or after the
 * rollup's watermark, or nothing of the window in complete slots.
 */
function rollupCuts(plan: QueryPlan, now: boolean): number[] | null {
  const view = plan.source === 'facts' ? agentSlotsView() : null
  if (!view) return null
  const cuts: number[] = []
  for (const g of plan.groups) {
    if (g.from % SLOT_MS !== 0 || g.from > view.watermark) return null
    // Agents by state now come from the intervals open at now: keep at least the last slot raw.
    const end = Math.min(g.to, plan.asOf)
    cuts.push(Math.max(g.from, Math.min(view.watermark, floorSlot(now ? end - 1 : end))))
  }
  return cuts.some((c, i) => c > plan.groups[i].from) ? cuts : null
}

/** queryAgentTime over agent_slots up to each group's cut, plus the raw intervals from the cut to the window's end. */
async function queryAgentTimeFromSlots(plan: QueryPlan, byAgent: boolean, cuts: number[], opts: { now?: boolean }): Promise<AgentTimeRow[]> {
  const p = new Params()
  const cutOf = (g: QueryPlan['groups'][number]) => cuts[plan.groups.indexOf(g)]
  // Per-group bounds only when the groups' windows differ (time zones with different midnights).
  const multi = new Set(plan.groups.map((g) => `${g.from}|${cutOf(g)}`)).size > 1
  const ends = plan.groups.map((g) => Math.min(g.to, plan.asOf))
  const minFrom = Math.min(...plan.groups.map((g) => g.from))
  const minCut = Math.min(...cuts)
  const maxCut = Math.max(...cuts)
  const cut = perGroupInt(plan, p, cutOf)
  const slotMs = 'toInt64(toUnixTimestamp(slot)) * 1000'
  const slots = `
    SELECT center_id, agent_id, ${slotMs} AS t, available_ms AS av, on_contact_ms AS oc, wrap_up_ms AS wu, not_ready_ms AS nr, logged_ms AS lg,
           0 AS n_av, 0 AS n_oc, 0 AS n_wu, 0 AS n_nr, 0 AS n_lg
    FROM agent_slots FINAL
    WHERE ${centerWhere(plan, p)} AND slot >= ${p.add("DateTime('UTC')", minFrom / 1000)} AND slot < ${p.add("DateTime('UTC')", maxCut / 1000)}${
      multi ? ` AND ${slotMs} >= ${perGroupInt(plan, p, (g) => g.from)} AND ${slotMs} < ${cut}` : ''
    }`
  const now = wantsNow(plan, opts)
  const parts = [slots]
  if (ends.some((e, i) => e > cuts[i])) {
    const intervals = slotIntervalsSql(p, {
      a: cut,
      b: perGroupInt(plan, p, (g) => Math.min(g.to, plan.asOf)),
      aMin: minCut,
      bMax: Math.max(...ends),
      carryFrom: minCut - SLOT_MS,
      carryTo: maxCut - SLOT_MS,
      carryCond: multi ? `${slotMs} = ${cut} - ${SLOT_MS}` : undefined,
      cond: centerWhere(plan, p),
      cap: stateCapMsSql(plan.centers, p),
    })
    // Without a time bucket the intervals need no splitting (one statement level less to plan);
    // with one, they are split at slot boundaries and an interval open now counts on its last piece.
    const [src, ps, pe] = plan.bucket ? [slotPiecesSql(intervals), 'ps', 'pe'] : [intervals, 's', 'e']
    const d = `${pe} - ${ps}`
    const open = (st: string) => (now ? `toUInt8(nxt = toInt64(9e15) AND e = ${p.int(plan.asOf)} AND ${pe} = e${st ? ` AND ${st}` : ''})` : '0')
    parts.push(`
    SELECT center_id, agent_id, ${ps} AS t, if(state = 'available', ${d}, 0) AS av, if(state = 'on_contact', ${d}, 0) AS oc,
           if(state = 'wrap_up', ${d}, 0) AS wu, if(state IN ('break', 'training', 'meeting'), ${d}, 0) AS nr, ${d} AS lg,
           ${open("state = 'available'")} AS n_av, ${open("state = 'on_contact'")} AS n_oc, ${open("state = 'wrap_up'")} AS n_wu,
           ${open("state IN ('break', 'training', 'meeting')")} AS n_nr, ${open('')} AS n_lg
    FROM (${src})`)
  }
  const keys = ['center_id', ...(byAgent ? ['agent_id'] : [])]
  if (plan.bucket) keys.push(`${bucketStartSql(plan, p, 't')} AS bucket`)
  const groupBy = ['center_id', ...(byAgent ? ['agent_id'] : []), ...(plan.bucket ? ['bucket'] : [])]
  const sql = `
SELECT ${keys.join(', ')},
    sum(av) / 1000 AS available_s,
    sum(oc) / 1000 AS on_contact_s,
    sum(wu) / 1000 AS wrap_up_s,
    sum(nr) / 1000 AS not_ready_s,
    sum(lg) / 1000 AS logged_s${
      now
        ? `,
    sum(n_av) AS agents_available_now,
    sum(n_oc) AS agents_on_contact_now,
    sum(n_wu) AS agents_wrap_up_now,
    sum(n_nr) AS agents_not_ready_now,
    sum(n_lg) AS agents_logged_in_now`
        : ''
    }
FROM (${parts.join('\n    UNION ALL')})
GROUP BY ${groupBy.join(', ')}
${SLOTS_FINAL_SETTINGS}`
  return queryRows<AgentTimeRow>(sql, p.values)
}
