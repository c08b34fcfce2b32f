/**
 * Evaluation: the SQL reads a KPI request needs (contact facts, agent time, the live queue
 * and agent states), added into one base row per center, dimension values and time bucket.
 */
import 'server-only'
import { getConfig } from '../config'
import { addComponents, emptyComponents, type Components } from '../kpi/components'
import type { ContactComponent } from '../kpi/inputs'
import { intervalPhaseMs, startOfLocalDay, startOfLocalMonth } from '../kpi/time'
import { shared, SPLIT_DIMS, type Needs, type QueryMemo } from './kpiRequest'
import { bucketInfo, groupOf, type BucketInfo, type ContactDim, type PlanGroup, type QueryPlan, type TimeBucket } from './plan'
import { queryAgentTime } from './queryAgentTime'
import { combinable, queryContactComponents, queryContactComponentsByPeriod, type ContactComponentRow } from './queryContactComponents'
import { queryAgentsNow, queryWaitingNow } from './queryLiveState'

/** data: at least one stored row (contacts or agent time) fell in it — a base with none is "no data", not zeros. */
export type Base = { center: string; dims: Partial<Record<ContactDim, string>>; bucket: number | null; c: Components; from: number; to: number; data: boolean }

export type Slices = {
  base: Map<string, Base>
  cal: BucketCalendar
  /** Logged-in agent seconds per [center, bucket], for splitting cost when rows are finer than agents. */
  centerAgentSeconds: Map<string, number>
  /** Rows are split by queue, channel or direction (agent time cannot be). */
  split: boolean
  byAgent: boolean
}

/** Bucket start containing `t` in `tz`. */
export function bucketStartOf(bucket: TimeBucket, t: number, tz: string): number {
  if (bucket === 'day') return startOfLocalDay(t, tz)
  if (bucket === 'month') return startOfLocalMonth(t, tz)
  const size = { interval15: 900_000, interval30: 1_800_000, interval60: 3_600_000 }[bucket]
  const phase = intervalPhaseMs(tz, size, t)
  return Math.floor((t + phase) / size) * size - phase
}

/** Bucket labels, ends and positions, memoised (Intl formatting is not free). */
export class BucketCalendar {
  private infos = new Map<string, BucketInfo>()
  private ordinals = new Map<string, number>()
  constructor(private plan: QueryPlan) {}
  info(start: number, tz: string): BucketInfo {
    const k = `${tz}|${start}`
    let i = this.infos.get(k)
    if (!i) this.infos.set(k, (i = bucketInfo(this.plan.bucket!, start, tz)))
    return i
  }
  /** Index of the bucket counted from the one containing the window start. */
  ordinal(start: number, g: PlanGroup): number {
    const k = `${g.tz}|${g.from}|${start}`
    let o = this.ordinals.get(k)
    if (o === undefined) {
      const b = this.plan.bucket!
      const first = bucketStartOf(b, g.from, g.tz)
      if (b === 'day' || b === 'month') {
        o = 0
        for (let t = first; t < start; t = this.info(t, g.tz).end) o++
      } else o = Math.round((start - first) / (this.info(first, g.tz).end - first))
      this.ordinals.set(k, o)
    }
    return o
  }
}

const contactsKey = (plan: QueryPlan, components: readonly ContactComponent[]) => JSON.stringify(['contacts', plan, components])

/** A memo entry of this plan's contact components that holds every one of `components`, if any. */
function contactsInMemo(memo: QueryMemo, plan: QueryPlan, components: readonly ContactComponent[]): Promise<ContactComponentRow[]> | undefined {
  const prefix = contactsKey(plan, []).slice(0, -3)
  for (const [k, rows] of memo) {
    if (!k.startsWith(prefix)) continue
    const held = new Set<string>((JSON.parse(k) as [string, unknown, string[]])[2])
    if (components.every((c) => held.has(c))) return rows as Promise<ContactComponentRow[]>
  }
  return undefined
}

/** The contact components of a plan, from the memo when a read there holds them all. */
function sharedContacts(memo: QueryMemo | undefined, plan: QueryPlan, components: readonly ContactComponent[]): Promise<ContactComponentRow[]> {
  if (!memo) return queryContactComponents(plan, components)
  let rows = contactsInMemo(memo, plan, components)
  if (!rows) memo.set(contactsKey(plan, components), (rows = queryContactComponents(plan, components)))
  return rows
}

/**
 * Reads the contact components of several periods (a report and its previous period) in one
 * statement, into the memo where each period's readSlices finds them: one planning instead of
 * two. Nothing is read when the periods cannot share a statement or one is already in the memo.
 */
export function primeContactPeriods(memo: QueryMemo, plans: QueryPlan[], components: readonly ContactComponent[]): void {
  if (!components.length || !combinable(plans)) return
  if (plans.some((plan) => contactsInMemo(memo, plan, components))) return
  const all = queryContactComponentsByPeriod(plans, components)
  plans.forEach((plan, i) => memo.set(contactsKey(plan, components), all.then((rows) => rows[i]!)))
}

/**
 * Components per (center, dims, bucket) from the stores the request needs. everyCenter: the
 * request is by center (its dims are only read, then added up): every center in scope gets a
 * row, with zeros when it has no data, as a read by center gives.
 */
export async function readSlices(plan: QueryPlan, needs: Needs, memo: QueryMemo | undefined, everyCenter = plan.dims.length === 0): Promise<Slices> {
  const cfg = getConfig()
  const split = plan.dims.some((d) => SPLIT_DIMS.includes(d))
  const byAgent = plan.dims.includes('agent')
  // Agents by state now ride along with the agent-time scan when the window reaches now.
  // Agent time is not split by contact dimensions: plans that differ only in those share it.
  const agentsNowInAgentTime = needs.agentsNow && plan.groups.every((g) => g.to >= plan.asOf)
  const [contactRows, agentRows, waitingRows, agentsNowRows] = await Promise.all([
    needs.contacts.length ? sharedContacts(memo, plan, needs.contacts) : Promise.resolve([]),
    needs.agentTime || agentsNowInAgentTime
      ? shared(memo, ['agentTime', { ...plan, dims: [] }, byAgent && !split, agentsNowInAgentTime], () => queryAgentTime(plan, byAgent && !split, { now: agentsNowInAgentTime }))
      : Promise.resolve([]),
    needs.waiting ? shared(memo, ['waiting', plan], () => queryWaitingNow(plan)) : Promise.resolve([]),
    needs.agentsNow && !agentsNowInAgentTime ? shared(memo, ['agentsNow', plan, byAgent], () => queryAgentsNow(plan, byAgent)) : Promise.resolve([]),
  ])

  const base = new Map<string, Base>()
  const cal = new BucketCalendar(plan)
  const period = (center: string, bucket: number | null) => {
    const g = groupOf(plan, center)
    const end = Math.min(g.to, plan.asOf)
    if (bucket === null || !plan.bucket) return { from: g.from, to: end }
    const b = cal.info(bucket, g.tz)
    return { from: Math.max(b.start, g.from), to: Math.min(b.end, end) }
  }
  const get = (center: string, row: Record<string, unknown>, bucket: number | null): Base => {
    const dims: Partial<Record<ContactDim, string>> = {}
    for (const d of plan.dims) dims[d] = String(row[{ queue: 'queue_id', channel: 'channel', direction: 'direction', agent: 'agent_id' }[d]] ?? '')
    const k = JSON.stringify([center, plan.dims.map((d) => dims[d]), bucket])
    let b = base.get(k)
    if (!b) base.set(k, (b = { center, dims, bucket, c: emptyComponents(), ...period(center, bucket), data: false }))
    return b
  }
  const num = (v: unknown) => (v === undefined || v === null ? null : Number(v))
  for (const r of contactRows) {
    const b = get(r.center_id, r, num(r.bucket))
    addComponents(b.c, r as never)
    b.data = true
  }
  // Agent time per center (and bucket), for splitting cost when rows are finer than agents.
  const centerAgentSeconds = new Map<string, number>()
  for (const r of agentRows) {
    const ck = JSON.stringify([r.center_id, num(r.bucket)])
    centerAgentSeconds.set(ck, (centerAgentSeconds.get(ck) ?? 0) + Number(r.logged_s))
    if (!split) {
      const b = get(r.center_id, r, num(r.bucket))
      addComponents(b.c, r as never)
      if (Number(r.logged_s) > 0) b.data = true
    }
  }
  for (const r of waitingRows) addComponents(get(r.center_id, r, null).c, r as never)
  for (const r of agentsNowRows) addComponents(get(r.center_id, r, null).c, r as never)
  // Centers in scope with no rows still have fixed costs and zero counts.
  if (everyCenter) {
    const inScope = plan.centers ?? cfg.configuredCenters().map((c) => c.id)
    for (const center of inScope) {
      const g = groupOf(plan, center)
      if (!plan.bucket) get(center, {}, null)
      else for (let t = bucketStartOf(plan.bucket, g.from, g.tz); t < Math.min(g.to, plan.asOf); t = cal.info(t, g.tz).end) get(center, {}, t)
    }
  }
  return { base, cal, centerAgentSeconds, split, byAgent }
}
