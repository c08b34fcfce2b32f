/**
 * Settings in force for a group of centers (and possibly one queue, or some channels): a value
 * shared by all of them, else the default (thresholds) or null (targets, currency) — a group
 * mixing two SL targets has no single target to show.
 *
 * Speed targets (service level, ASA) are set per queue, and queues differ by channel (a 20 s
 * phone answer, a 4 h e-mail reply). For a group of one channel, each center contributes the
 * settings its queues of that channel share, else its own; a group mixing channels whose
 * targets differ has no speed target (the per-channel figures carry it).
 */
import 'server-only'
import { queueSettings, type CenterSettings, type QueueSettings } from '../config'
import type { GroupSettings, KpiNumbers } from './compute'
import type { KpiDefinition } from './definitions'

const TARGET_KEYS = ['asaSeconds', 'maxAbandonRate', 'ahtSeconds', 'csat', 'nps', 'fcr', 'occupancy', 'conversionRate', 'costPerContact'] as const

type SpeedSettings = { serviceLevel: { thresholdSeconds: number; target: number }; asaSeconds: number | null }

function common<T>(values: T[]): T | null {
  if (!values.length) return null
  const s = JSON.stringify(values[0])
  return values.every((v) => JSON.stringify(v) === s) ? values[0] : null
}

/** What the group's contacts are, beyond its centers (unknown: the centers' own settings). */
export type GroupContacts = {
  /** Channels of the group's contacts (grouped by channel, a channel filter, or a scope's channels). */
  channels?: readonly string[]
  /** Only these queues (a queue filter): other queues' settings do not count. */
  queues?: readonly string[]
}

/**
 * One channel within one center: the settings its queues of that channel (within `queues` when
 * given) share, else the center's; null when the center has no configured queue of the channel.
 */
function centerChannelSpeed(c: CenterSettings, channel: string, queues: readonly string[] | undefined): SpeedSettings | null {
  const qs = c.queues.filter((q) => q.channel === channel && (!queues?.length || queues.includes(q.id)))
  if (!qs.length) return null
  const speed = (q: Pick<QueueSettings, 'serviceLevel' | 'asaSeconds'>): SpeedSettings => ({ serviceLevel: q.serviceLevel, asaSeconds: q.asaSeconds })
  return common(qs.map(speed)) ?? speed({ serviceLevel: c.targets.serviceLevel, asaSeconds: c.targets.asaSeconds })
}

type ChannelSpeed = { thresholdSeconds: number | null; slTarget: number | null; asaSeconds: number | null }

/**
 * Speed settings of one channel over a group of centers: the centers that have queues of that
 * channel (all of them when none has: an unconfigured channel uses the centers' settings).
 * The SL target and threshold are compared separately: the SL figure already uses each
 * contact's own queue threshold, so "80 %" is one target for 80/20 voice and 80/45 chat.
 */
function channelSpeed(cs: CenterSettings[], channel: string, queues: readonly string[] | undefined): ChannelSpeed {
  const per = cs.map((c) => centerChannelSpeed(c, channel, queues)).filter((s): s is SpeedSettings => s !== null)
  const list = per.length ? per : cs.map((c) => ({ serviceLevel: c.targets.serviceLevel, asaSeconds: c.targets.asaSeconds }))
  return {
    thresholdSeconds: common(list.map((s) => s.serviceLevel.thresholdSeconds)),
    slTarget: common(list.map((s) => s.serviceLevel.target)),
    asaSeconds: common(list.map((s) => s.asaSeconds)),
  }
}

/** What every channel shares (null as soon as one channel has no single value). */
function allChannels(per: ChannelSpeed[], k: keyof ChannelSpeed): number | null {
  return per.some((p) => p[k] === null) ? null : common(per.map((p) => p[k]))
}

export function groupSettings(centers: CenterSettings[], queueId: string | null, defaults: CenterSettings, contacts: GroupContacts = {}): GroupSettings {
  const cs = centers.length ? centers : [defaults]
  const targets: Record<string, number | null> = {}
  for (const k of TARGET_KEYS) targets[k] = common(cs.map((c) => c.targets[k]))
  let sl: SpeedSettings['serviceLevel'] | null
  if (queueId !== null) {
    const qs = cs.map((c) => queueSettings(c, queueId))
    sl = common(qs.map((q) => q.serviceLevel))
    targets.asaSeconds = common(qs.map((q) => q.asaSeconds))
    targets.serviceLevel = sl?.target ?? null
  } else if (contacts.channels?.length) {
    // One channel, or several: a speed target only if every channel has the same one.
    const per = [...new Set(contacts.channels)].map((ch) => channelSpeed(cs, ch, contacts.queues))
    const threshold = allChannels(per, 'thresholdSeconds')
    targets.serviceLevel = allChannels(per, 'slTarget')
    targets.asaSeconds = allChannels(per, 'asaSeconds')
    sl = threshold !== null && targets.serviceLevel !== null ? { thresholdSeconds: threshold, target: targets.serviceLevel } : null
  } else {
    sl = common(cs.map((c) => c.targets.serviceLevel))
    targets.serviceLevel = sl?.target ?? null
  }
  return {
    serviceLevel: sl ?? defaults.targets.serviceLevel,
    serviceLevelVariant: common(cs.map((c) => c.serviceLevelVariant)) ?? defaults.serviceLevelVariant,
    currency: common(cs.map((c) => c.currency)),
    targets,
    warnBand: defaults.warnBand,
  }
}

export function targetFor(def: KpiDefinition, s: GroupSettings, values: KpiNumbers): number | null {
  if (!def.target) return null
  if (def.target === 'agentsNeeded') return values.agents_needed ?? null
  return s.targets[def.target] ?? null
}
