/**
 * The e-mail backlog tile of the live view and boards: e-mails waiting now and the age of the
 * oldest, judged against each center's `targets.emailOldestWaitSeconds` — apart from the
 * real-time headline (lib/live/realtime.ts). Figures come from the KPI engine (waiting_now,
 * longest_wait_now on the e-mail channel, per center); this module only packages and judges them.
 * Pure, client-safe.
 */
import { kpiDefinition } from '../kpi/definitions'
import { kpiValue, type KpiStatus, type KpiValue } from '../kpi/result'

export type EmailBacklogCenter = {
  centerId: string
  centerName: string
  /** false: the center is not in the configuration (defaults apply), shown all the same. */
  configured: boolean
  /** E-mails waiting now. */
  waiting: number
  /** Age of the oldest waiting e-mail (s; null: none waiting), with the center's target and status. */
  oldest: KpiValue
}

export type EmailBacklog = {
  waiting: number
  /** Oldest over the scope; its target when every center shares one, else null (targetsPerCenter). */
  oldest: KpiValue
  targetsPerCenter: boolean
  centers: EmailBacklogCenter[]
}

export type BacklogCenterSettings = {
  id: string
  name: string
  configured: boolean
  warnBand: number
  targets: { emailOldestWaitSeconds: number | null }
  queues: { id: string; channel: string | null }[]
}

export type BacklogRow = { centerId: string; waiting: number | null; oldestS: number | null }

const RANK: Record<KpiStatus, number> = { good: 0, warn: 1, bad: 2 }

/**
 * One tile from the engine's per-center rows. Centers shown: those with an e-mail queue (within
 * the queue filter) and any with e-mails waiting (an unconfigured one too). null: no e-mail in scope.
 */
export function emailBacklogOf(rows: readonly BacklogRow[], centers: readonly BacklogCenterSettings[], queues: readonly string[] = []): EmailBacklog | null {
  const def = kpiDefinition('longest_wait_now')
  const byCenter = new Map(rows.map((r) => [r.centerId, r]))
  const list: EmailBacklogCenter[] = []
  for (const c of centers) {
    const row = byCenter.get(c.id)
    const hasQueue = c.queues.some((q) => q.channel === 'email' && (!queues.length || queues.includes(q.id)))
    const waiting = row?.waiting ?? 0
    if (!hasQueue && waiting <= 0) continue
    const oldestS = waiting > 0 ? (row?.oldestS ?? null) : null
    list.push({ centerId: c.id, centerName: c.name, configured: c.configured, waiting, oldest: kpiValue(def, oldestS, null, c.targets.emailOldestWaitSeconds, c.warnBand) })
  }
  if (!list.length) return null
  const waiting = list.reduce((s, c) => s + c.waiting, 0)
  const ages = list.map((c) => c.oldest.value).filter((v): v is number => v !== null)
  const oldestS = ages.length ? Math.max(...ages) : null
  const targets = new Set(list.map((c) => c.oldest.target))
  const targetsPerCenter = targets.size > 1
  let oldest: KpiValue
  if (!targetsPerCenter) {
    const c0 = centers.find((c) => c.id === list[0]!.centerId)!
    oldest = kpiValue(def, oldestS, null, list[0]!.oldest.target, c0.warnBand)
  } else {
    // no single target: the tile takes the worst center's status
    const statuses = list.map((c) => c.oldest.status).filter((s): s is KpiStatus => s !== null)
    const worst = statuses.length ? statuses.reduce((a, b) => (RANK[b] > RANK[a] ? b : a)) : null
    oldest = { ...kpiValue(def, oldestS, null, null, 0), status: worst }
  }
  return { waiting, oldest, targetsPerCenter, centers: list }
}
