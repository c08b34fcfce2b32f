/**
 * The drill-down contact sets (DrillSet in lib/kpi/definitions): which fact rows belong to each
 * set, and the row shape of a drill-down page. Pure (no I/O, no config): the conditions are
 * shared by listContacts (paginated) and streamContacts (export); the types are also imported
 * by client components that render /api/kpis/contacts.
 */
import 'server-only'
import { DRILL_SETS, type DrillSet } from '../kpi/definitions'

/** Fact kind and condition (over outcomeColumns, lib/queries/queryContactComponents) of a set. */
export type ContactSetCondition = { kind: 'offered' | 'handled' | 'survey'; where: string }

export const CONTACT_SETS: Record<DrillSet, ContactSetCondition> = {
  offered: { kind: 'offered', where: 'TRUE' },
  answered: { kind: 'offered', where: 'ans' },
  abandoned: { kind: 'offered', where: 'abn' },
  short_abandoned: { kind: 'offered', where: 'abn AND wait_ms < short_ms' },
  waiting: { kind: 'offered', where: 'NOT ans AND NOT abn' },
  waiting_now: { kind: 'offered', where: 'NOT ans AND NOT abn' },
  // Default service-level variant: answered late, abandoned (not short) or waiting past the threshold.
  sl_missed: { kind: 'offered', where: '(ans AND wait_ms > sl_ms) OR (abn AND wait_ms >= short_ms) OR (NOT ans AND NOT abn AND wait_ms > sl_ms)' },
  handled: { kind: 'handled', where: 'TRUE' },
  transferred: { kind: 'handled', where: 'transferred = 1' },
  held: { kind: 'handled', where: 'hold_s > 0' },
  unresolved: { kind: 'handled', where: 'resolved = 0' },
  leads: { kind: 'handled', where: 'lead = 1' },
  sales: { kind: 'handled', where: 'sale = 1' },
  retention_saves: { kind: 'handled', where: 'retention_save = 1' },
  surveyed: { kind: 'survey', where: 'TRUE' },
  detractors: { kind: 'survey', where: 'nps <= 6' },
}
for (const s of DRILL_SETS) if (!CONTACT_SETS[s]) throw new Error(`contactSets: no condition for set ${s}`)

/** One contact of a drill-down page (listContacts; /api/kpis/contacts sends these as JSON). */
export type ContactListRow = {
  centerId: string
  /** The configured names (the id when not configured), as /live shows them. */
  centerName: string
  contactId: string
  queueId: string
  queueName: string
  channel: string
  direction: string
  /** Last answering agent ('' when never answered). */
  agentId: string
  /** The timestamp that put the contact in the set (queue entry, last wrap-up or survey). */
  at: string
  queuedAt: string | null
  answeredAt: string | null
  abandonedAt: string | null
  wrappedAt: string | null
  /** Queue wait until answer, abandon or now, seconds. */
  waitS: number | null
  talkS: number
  /** null: the platform does not record it */
  holdS: number | null
  acwS: number | null
  transferred: boolean
  resolved: boolean | null
  outcome: { lead: boolean; sale: boolean; retentionSave: boolean }
  revenue: number
  csat: number | null
  nps: number | null
  surveyResolved: boolean | null
}

export type ContactList = { set: DrillSet; total: number; page: number; pageSize: number; rows: ContactListRow[] }
