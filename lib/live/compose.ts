/**
 * Shared composition of live and board snapshots: engine reports (lib/queries) packaged into
 * the rows and per-channel figures the screens show. No figure is computed here.
 */
import 'server-only'
import { CHANNELS } from '../contract/vocabulary'
import { getConfig, queueSettings, type CenterSettings, type ReportingLine } from '../config'
import { kpiDefinition, type KpiKey } from '../kpi/definitions'
import { groupSettings, targetFor } from '../kpi/groupSettings'
import { kpiValue } from '../kpi/result'
import type { Channel, KpiFilters } from '../queries/scope'
import type { KpiReport } from '../queries/getKpis'
import type { getQueueStaffing } from '../queries/getQueueStaffing'
import type { CenterOption, ChannelKpis, KpiResult, QueueRow, StaffingRow } from './types'

/** What a snapshot covers: for /live the viewer's choice, for a board its definition. */
export type ScopeFilters = { line: ReportingLine | null; queues: string[]; channels: Channel[] }

export function filtersOf(scope: ScopeFilters): KpiFilters {
  const f: KpiFilters = {}
  if (scope.line) f.reportingLines = [scope.line]
  if (scope.queues.length) f.queues = scope.queues
  if (scope.channels.length) f.channels = scope.channels
  return f
}

export function byKey(kpis: readonly KpiResult[]): Record<string, KpiResult> {
  const out: Record<string, KpiResult> = {}
  for (const k of kpis) out[k.key] = k
  return out
}

export function totalsOf(report: KpiReport): Record<string, KpiResult> {
  return report.rows[0] ? byKey(report.rows[0].kpis) : {}
}

export function centerOptions(report: KpiReport): CenterOption[] {
  return report.centers.map((c) => ({ id: c.id, name: c.name, reportingLine: c.reportingLine, configured: c.configured, timezone: c.timezone, currency: c.currency }))
}

export function queueRows(report: KpiReport): QueueRow[] {
  const cfg = getConfig()
  return report.rows
    .filter((r) => r.group.center && r.group.queue !== undefined)
    .map((r) => {
      const center = cfg.center(r.group.center!)
      const qs = queueSettings(center, r.group.queue!)
      const kpis = byKey(r.kpis)
      // A queue not in the configuration is a dialer when it only has outbound attempts.
      const dialer = qs.direction === 'outbound' || (qs.direction === null && (kpis.dial_attempts?.value ?? 0) > 0 && !kpis.offered?.value)
      return {
        centerId: center.id,
        centerName: center.name,
        queueId: r.group.queue!,
        queueName: r.group.queue ? qs.name : '—',
        channel: r.group.channel || qs.channel,
        direction: dialer ? ('outbound' as const) : ('inbound' as const),
        kpis,
      }
    })
}

export function staffingRows(rows: Awaited<ReturnType<typeof getQueueStaffing>>['rows']): StaffingRow[] {
  return rows.map((r) => ({
    centerId: r.centerId,
    queueId: r.queueId,
    queueName: r.queueName,
    needed: r.needed,
    staffed: r.staffed,
    arrivalsPerHour: r.arrivalsPerHour,
    ahtS: r.ahtS,
    slThresholdS: r.slThresholdS,
    slTarget: r.slTarget,
  }))
}

// ---------------------------------------------------------------- channels

/** Settings of every center of a report (configured ones in scope and any seen in the data). */
export function centerSettingsOf(report: KpiReport | null, allowed: string[] | null): CenterSettings[] {
  const cfg = getConfig()
  if (report) return report.centers.map((c) => cfg.center(c.id))
  return allowed ? allowed.map((id) => cfg.center(id)) : cfg.configuredCenters()
}

/**
 * The channels of a scope, in CHANNELS order: its channel filter, else the channels of its
 * centers' configured queues (within its queue filter) and any seen in today's data.
 */
export function scopeChannels(centers: CenterSettings[], scope: { queues: readonly string[]; channels: readonly string[] }, seen: readonly string[] = []): string[] {
  if (scope.channels.length) return CHANNELS.filter((c) => scope.channels.includes(c))
  const found = new Set(seen.filter((c) => c !== ''))
  for (const c of centers) for (const q of c.queues) if (q.channel && (!scope.queues.length || scope.queues.includes(q.id))) found.add(q.channel)
  return [...CHANNELS.filter((c) => found.has(c)), ...[...found].filter((c) => !(CHANNELS as readonly string[]).includes(c)).sort()]
}

export function seenChannels(report: KpiReport | null): string[] {
  return report ? report.rows.map((r) => r.group.channel ?? '') : []
}

/**
 * Per channel, the engine's figures (getKpis grouped by channel: each row carries its channel's
 * targets); a channel of the scope with no contact today gets empty figures with its targets.
 */
export function channelKpis(report: KpiReport | null, channels: readonly string[], keys: readonly KpiKey[], centers: CenterSettings[], queues: readonly string[]): ChannelKpis[] {
  const defaults = getConfig().center('\u0000unconfigured')
  const rows = new Map((report?.rows ?? []).map((r) => [r.group.channel ?? '', byKey(r.kpis)]))
  const singleQueue = queues.length === 1 ? queues[0]! : null
  return channels.map((channel) => {
    const got = rows.get(channel)
    const kpis: Record<string, KpiResult> = {}
    if (got) for (const k of keys) kpis[k] = got[k]!
    else {
      const settings = groupSettings(centers, singleQueue, defaults, { channels: [channel], queues })
      for (const k of keys) kpis[k] = kpiValue(kpiDefinition(k), null, null, targetFor(kpiDefinition(k), settings, {}), settings.warnBand)
    }
    return { channel, kpis }
  })
}
