/**
 * Real-time and deferred channels. A caller waits on the line for a voice or chat answer (targets
 * in seconds); an e-mail (or a letter) is deferred work answered in hours. The live headline and
 * boards show real-time channels unless asked otherwise, so a 20-second voice target is never
 * mixed with a 4-hour e-mail target; the e-mail backlog has its own tile. Pure, client-safe.
 */
import { CHANNELS, type Channel } from '../contract/vocabulary'

export const DEFERRED_CHANNELS: readonly Channel[] = ['email', 'mail']
export const REALTIME_CHANNELS: readonly Channel[] = CHANNELS.filter((c) => !DEFERRED_CHANNELS.includes(c))

export const isDeferredChannel = (c: string | null | undefined): boolean => !!c && (DEFERRED_CHANNELS as readonly string[]).includes(c)

/**
 * The channels the headline of a scope covers: the scope's own channel filter when it has one;
 * else the real-time channels — unless its queue filter picks only deferred queues (then those,
 * unrestricted: nothing to mix). `queueChannel` gives a configured queue's channel (null: unknown).
 */
export function headlineChannels(scope: { queues: readonly string[]; channels: readonly Channel[] }, queueChannel: (queueId: string) => string | null): Channel[] {
  if (scope.channels.length) return [...scope.channels]
  if (scope.queues.length && scope.queues.every((q) => isDeferredChannel(queueChannel(q)))) return []
  return [...REALTIME_CHANNELS]
}
