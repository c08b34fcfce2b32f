/**
 * What the live and board headlines cover (lib/live/realtime.ts): the real-time channels unless
 * the scope picked channels, with agent figures kept on the whole scope (agents are not per
 * channel); and the e-mail backlog tile's figures from the engine.
 */
import 'server-only'
import { getConfig } from '../config'
import { kpiDefinition, type KpiKey } from '../kpi/definitions'
import { getKpis, type QueryMemo } from '../queries/getKpis'
import type { Channel, KpiFilters } from '../queries/scope'
import { byKey, centerSettingsOf } from './compose'
import { emailBacklogOf, type EmailBacklog } from './email-backlog'
import { headlineChannels } from './realtime'
import { liveReads } from './reads'

export type Headline = {
  channels: Channel[]
  /** The headline's contact filters (the scope's, limited to `channels`). */
  filters: KpiFilters
  /** Keys read with `filters`, and agent-time keys read with the scope's own filters. */
  contactKeys: KpiKey[]
  agentKeys: KpiKey[]
  /** The scope may hold e-mail: the backlog gets its tile. */
  emailTile: boolean
}

function configuredQueueChannel(): (queueId: string) => string | null {
  const channels = new Map<string, string | null>()
  for (const c of getConfig().configuredCenters()) for (const q of c.queues) channels.set(q.id, q.channel)
  return (id) => channels.get(id) ?? null
}

export function headlineOf(scope: { queues: readonly string[]; channels: readonly Channel[] }, filters: KpiFilters, keys: readonly KpiKey[]): Headline {
  const channels = headlineChannels(scope, configuredQueueChannel())
  const restricted = !scope.channels.length && channels.length > 0
  const agentKeys = restricted ? keys.filter((k) => kpiDefinition(k).agentTime) : []
  return {
    channels,
    filters: channels.length ? { ...filters, channels } : filters,
    contactKeys: keys.filter((k) => !agentKeys.includes(k)),
    agentKeys,
    emailTile: !scope.channels.length || scope.channels.includes('email'),
  }
}

/** The e-mail backlog of a scope: waiting now and the oldest, per center, from the engine (memo: the snapshot's reads). */
export async function emailBacklogPart(filters: KpiFilters, queues: readonly string[], allowed: string[] | null, now: number, memo?: QueryMemo): Promise<EmailBacklog | null> {
  const keys: KpiKey[] = ['waiting_now', 'longest_wait_now']
  const r = await getKpis({ window: { kind: 'today' }, filters: { ...filters, channels: ['email'] }, groupBy: ['center'], keys, now, ...liveReads(keys) }, allowed, memo)
  const rows = r.rows.map((row) => {
    const k = byKey(row.kpis)
    return { centerId: row.group.center ?? '', waiting: k.waiting_now?.value ?? null, oldestS: k.longest_wait_now?.value ?? null }
  })
  return emailBacklogOf(rows, centerSettingsOf(r, allowed), queues)
}
