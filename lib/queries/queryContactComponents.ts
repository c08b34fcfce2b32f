/**
 * Contact components (lib/kpi/components CONTACT_SUMS) per center, dimensions and bucket,
 * from contact facts: the cohort offered in the window (queued_at), contacts handled in the
 * window (last wrap-up) and survey responses completed in the window.
 *
 * A contact is answered if answered before "now", else abandoned if abandoned before "now",
 * else still waiting — so answered + abandoned + still waiting = offered, always.
 */
import 'server-only'
import { queryRows } from '../clickhouse'
import { getConfig } from '../config'
import { contactFactsSelect } from './contactFactsSql'
import { bucketStartSql, DIM_COLUMN, windowWhere, type QueryPlan } from './plan'
import { shortAbandonMsSql, slThresholdMsSql } from './settingsSql'
import { Params, ms } from './sql'
import type { ContactComponent } from '../kpi/inputs'

export type ContactComponentRow = {
  center_id: string
  queue_id?: string
  channel?: string
  direction?: string
  agent_id?: string
  bucket?: number
} & Record<string, number | string>

/** FROM clause for contact facts: the refreshed table, or derived inline from contacts_v. */
export function factsFrom(plan: QueryPlan): string {
  return plan.source === 'facts' ? 'contact_facts FINAL' : `(${contactFactsSelect('TRUE')})`
}

export const FINAL_SETTINGS = 'SETTINGS do_not_merge_across_partitions_select_final = 1'

/**
 * Queue wait in ms (over columns ans and abn) of a contact queued at `queuedMs`: until its answer
 * or abandon, else until now (`asOfMs`, SQL) — but at most waitingLookbackHours, the horizon of
 * "waiting now": a contact that never got an outcome (a lost event) does not wait for ever, so
 * the longest wait of a closed period stops growing once that horizon has passed.
 */
function waitMsSql(asOfMs: string, p: Params, queuedMs: string): string {
  const horizon = p.int(getConfig().raw.defaults.waitingLookbackHours * 3_600_000)
  const end = `if(ans, ${ms('assumeNotNull(answered_at)')}, if(abn, ${ms('assumeNotNull(abandoned_at)')}, least(${asOfMs}, ${queuedMs} + ${horizon})))`
  return `greatest(0, ${end} - ${queuedMs})`
}

/**
 * Columns derived per fact row: ans / abn (outcome known before now), wait_ms (queue wait, see
 * waitMsSql), sl_ms and short_ms (thresholds of the contact's center and queue).
 */
export function outcomeColumns(plan: QueryPlan, p: Params): string {
  const asOf = p.ts(plan.asOf)
  return `
    ifNull(answered_at < ${asOf}, 0) AS ans,
    NOT ans AND ifNull(abandoned_at < ${asOf}, 0) AS abn,
    ${waitMsSql(p.int(plan.asOf), p, ms('ifNull(queued_at, ts)'))} AS wait_ms,
    ${slThresholdMsSql(plan.centers, p)} AS sl_ms,
    ${shortAbandonMsSql(plan.centers, p)} AS short_ms`
}

/**
 * Columns of contact_facts the components read (an explicit list reads less than *); those
 * whose name is reused by an output component are renamed f_*.
 */
const READ_COLUMNS = `center_id, kind, ts, queue_id, channel, direction, agent_id, answered_at, abandoned_at,
        talk_s AS f_talk_s, hold_s AS f_hold_s, wrap_s, transferred AS f_transferred, resolved AS f_resolved, lead, sale,
        retention_save, revenue AS f_revenue, csat, nps, survey_resolved, hold_missing, wrap_missing`

/**
 * Offered rows that are queue contacts: inbound (or of unknown direction). An outbound dial
 * attempt is queued and then connects (answered) or not (abandoned, with a disposition such as
 * no_answer), but it never waits for an agent: counting it would make a dialer's unanswered
 * attempts look like abandoned callers and its instant connects like fast answers. Its handling
 * (handled, AHT, sales…) counts like any contact's. SQL over contact_facts columns.
 */
export const QUEUE_CONTACT = "direction != 'outbound'"

/** Contact facts by kind: each component is summed over the facts of one kind. */
export const FACT_FAMILIES = ['offered', 'handled', 'survey'] as const
export type FactFamily = (typeof FACT_FAMILIES)[number]

/**
 * Components per family. Row flags: dialed (an offered row, any direction), off (an offered queue
 * contact), hnd, srv; ans, abn, wait_ms, sl_ms, short_ms per offered row. Telecom minutes
 * (voice_wait_ms) count every dialed row: an outbound attempt rings too.
 */
const AGGREGATES: Record<FactFamily, string[]> = {
  offered: [
    'countIf(off) AS offered',
    'countIf(off AND ans) AS answered',
    'countIf(off AND abn) AS abandoned',
    'countIf(off AND abn AND wait_ms < short_ms) AS short_abandons',
    'countIf(off AND NOT ans AND NOT abn) AS still_waiting',
    'countIf(off AND NOT ans AND NOT abn AND wait_ms <= sl_ms) AS undecided',
    'countIf(off AND ans AND wait_ms <= sl_ms) AS answered_within',
    'countIf(off AND abn AND wait_ms <= sl_ms) AS abandoned_within',
    'sumIf(wait_ms, off AND ans) AS answered_wait_ms',
    'maxIf(wait_ms, off) AS max_wait_ms',
    "sumIf(wait_ms, dialed AND (ans OR abn) AND channel = 'voice') AS voice_wait_ms",
    'countIf(dialed AND NOT off) AS dial_attempts',
    'countIf(dialed AND NOT off AND ans) AS dial_connected',
  ],
  handled: [
    'countIf(hnd) AS handled',
    `countIf(hnd AND ${QUEUE_CONTACT}) AS handled_inbound`,
    'sumIf(f_talk_s, hnd) AS talk_s',
    'countIf(hnd AND hold_missing = 0) AS hold_n',
    'sumIf(f_hold_s, hnd AND hold_missing = 0) AS hold_s',
    'countIf(hnd AND wrap_missing = 0) AS acw_n',
    'sumIf(wrap_s, hnd AND wrap_missing = 0) AS acw_s',
    'countIf(hnd AND f_transferred = 1) AS transferred',
    'countIf(hnd AND hold_missing = 0 AND f_hold_s > 0) AS held',
    'countIf(hnd AND isNotNull(f_resolved)) AS resolution_known',
    'countIf(hnd AND f_resolved = 1) AS resolved',
    'countIf(hnd AND lead = 1) AS leads',
    'countIf(hnd AND sale = 1) AS sales',
    'countIf(hnd AND retention_save = 1) AS retention_saves',
    'sumIf(f_revenue, hnd) AS revenue',
    "sumIf(f_talk_s + f_hold_s, hnd AND channel = 'voice') AS voice_handle_s",
  ],
  survey: [
    'countIf(srv) AS survey_responses',
    'countIf(srv AND isNotNull(csat)) AS csat_n',
    'countIf(srv AND csat >= 4) AS csat_top2',
    'sumIf(ifNull(csat, 0), srv) AS csat_sum',
    'countIf(srv AND isNotNull(nps)) AS nps_n',
    'countIf(srv AND nps >= 9) AS promoters',
    'countIf(srv AND nps <= 6) AS detractors',
    'countIf(srv AND isNotNull(survey_resolved)) AS fcr_survey_n',
    'countIf(srv AND survey_resolved = 1) AS fcr_survey_yes',
  ],
}

/** Each component's aggregate and the fact kind it sums over. */
const AGGREGATE_OF = new Map<string, { sql: string; family: FactFamily }>(
  FACT_FAMILIES.flatMap((family) => AGGREGATES[family].map((sql) => [sql.slice(sql.lastIndexOf(' AS ') + 4), { sql, family }] as const)),
)

/** Every contact component, in the order of the statement. */
export const ALL_CONTACT_COMPONENTS: readonly ContactComponent[] = [...AGGREGATE_OF.keys()] as ContactComponent[]

/** The fact kind a component is summed over. */
function componentFamily(c: ContactComponent): FactFamily {
  return AGGREGATE_OF.get(c)!.family
}

/** `components`: the ones wanted (lib/kpi/inputs); the others are neither read nor summed. */
export async function queryContactComponents(plan: QueryPlan, components: readonly ContactComponent[] = ALL_CONTACT_COMPONENTS): Promise<ContactComponentRow[]> {
  return (await queryContactComponentsByPeriod([plan], components))[0]!
}

/**
 * Periods that one statement can read together: the same centers, dimensions and bucket, and
 * windows that do not overlap (a row then belongs to one period only).
 */
export function combinable(plans: readonly QueryPlan[]): boolean {
  const [a, ...rest] = plans
  if (!a) return false
  return rest.every(
    (b) =>
      b.source === a.source &&
      b.bucket === a.bucket &&
      JSON.stringify([b.centers, b.dims, b.groups.map((g) => [g.tz, g.centers])]) === JSON.stringify([a.centers, a.dims, a.groups.map((g) => [g.tz, g.centers])]),
  ) && plans.every((x, i) => plans.every((y, j) => i === j || x.groups.every((g, k) => g.to <= y.groups[k]!.from || y.groups[k]!.to <= g.from)))
}

/**
 * The components of several periods (a report and its previous period) in one statement, one
 * result per plan: one planning and one pass over the facts instead of two (a 30-day report
 * and its previous period at 50 M events: 4–7 % faster, BENCHMARKS.md, Queries, 13:02). Plans
 * must be combinable; each row's period decides its "now" and its bucket.
 */
export async function queryContactComponentsByPeriod(plans: readonly QueryPlan[], components: readonly ContactComponent[] = ALL_CONTACT_COMPONENTS): Promise<ContactComponentRow[][]> {
  if (plans.length > 1 && !combinable(plans)) throw new RangeError('periods that cannot be read in one statement')
  const plan = plans[0]!
  const aggregates = ALL_CONTACT_COMPONENTS.filter((c) => components.includes(c)).map((c) => AGGREGATE_OF.get(c)!.sql)
  if (!aggregates.length) throw new RangeError('no contact component to read')
  const families = FACT_FAMILIES.filter((f) => components.some((c) => componentFamily(c) === f))
  const p = new Params()
  const several = plans.length > 1
  const windows = plans.map((x) => windowWhere(x, p))
  // The period of a row: the index of the window it falls in (they do not overlap).
  const period = several ? `multiIf(${windows.slice(0, -1).flatMap((w, i) => [`(${w})`, String(i)]).join(', ')}, ${plans.length - 1})` : ''
  const perPeriod = (expr: (x: QueryPlan) => string) => (several ? `[${plans.map(expr).join(', ')}][period + 1]` : expr(plan))
  const keys = [...(several ? ['period'] : []), 'center_id', ...plan.dims.map((d) => DIM_COLUMN[d])]
  // Day and month buckets depend only on the time zone; interval phases on each window's start.
  const byDay = plan.bucket === 'day' || plan.bucket === 'month'
  if (plan.bucket) keys.push(`${byDay ? bucketStartSql(plan, p, ms('ts')) : perPeriod((x) => bucketStartSql(x, p, ms('ts')))} AS bucket`)
  const groupBy = [...(several ? ['period'] : []), 'center_id', ...plan.dims.map((d) => DIM_COLUMN[d]), ...(plan.bucket ? ['bucket'] : [])]
  const asOf = perPeriod((x) => p.ts(x.asOf))
  const kinds = families.length < FACT_FAMILIES.length ? ` AND kind IN ${p.strs(families)}` : ''
  // A derived column is planned only when an aggregate reads it (each expression costs planning time).
  const derivedSql: Record<string, () => string> = {
    wait_ms: () => `if(dialed, ${waitMsSql(perPeriod((x) => p.int(x.asOf)), p, ms('ts'))}, 0)`,
    sl_ms: () => `if(off, ${slThresholdMsSql(plan.centers, p)}, 0)`,
    short_ms: () => `if(off, ${shortAbandonMsSql(plan.centers, p)}, 0)`,
  }
  const derived = Object.entries(derivedSql)
    .filter(([name]) => aggregates.some((a) => new RegExp(`\\b${name}\\b`).test(a)))
    .map(([name, sql]) => `,\n        ${sql()} AS ${name}`)
    .join('')
  const sql = `
SELECT
    ${keys.join(',\n    ')},
    ${aggregates.join(',\n    ')}
FROM
(
    SELECT
        ${READ_COLUMNS},${several ? `\n        toUInt8(${period}) AS period,` : ''}
        kind = 'offered' AS dialed,
        dialed AND ${QUEUE_CONTACT} AS off,
        kind = 'handled' AS hnd,
        kind = 'survey' AS srv,
        ifNull(answered_at < ${asOf}, 0) AS ans,
        NOT ans AND ifNull(abandoned_at < ${asOf}, 0) AS abn${derived}
    FROM ${factsFrom(plan)}
    WHERE ${several ? windows.map((w) => `(${w})`).join(' OR ') : windows[0]}${kinds}
)
GROUP BY ${groupBy.join(', ')}
${plan.source === 'facts' ? FINAL_SETTINGS : ''}`
  const rows = await queryRows<ContactComponentRow & { period?: number }>(sql, p.values)
  if (!several) return [rows]
  const out: ContactComponentRow[][] = plans.map(() => [])
  for (const r of rows) {
    const i = Number(r.period)
    delete r.period
    out[i]!.push(r)
  }
  return out
}
