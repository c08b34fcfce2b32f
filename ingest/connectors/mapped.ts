/**
 * What every connector's pure mapper returns for one platform record: the v1 events it stands
 * for, or why it was skipped (a known record that carries nothing for Plateau, e.g. QUEUESTART),
 * or why it was rejected (bad input: it goes to dead_letters with this reason, nothing is lost).
 */
import crypto, { createHash } from 'node:crypto'

const oneShot = (crypto as unknown as { hash?: (alg: string, data: string) => string }).hash
import type { PlateauEvent } from '@/lib/contract/events'

export type Mapped =
  | { kind: 'events'; events: PlateauEvent[] }
  | { kind: 'skipped'; reason: string }
  | { kind: 'rejected'; reason: string }

export const events = (...e: PlateauEvent[]): Mapped => ({ kind: 'events', events: e })
export const skipped = (reason: string): Mapped => ({ kind: 'skipped', reason })
export const rejected = (reason: string): Mapped => ({ kind: 'rejected', reason })

/**
 * A deterministic event id from the record's identity in its source, so re-reading a file,
 * replaying a stream or a retried webhook yields the same id (the store counts it once).
 * Ids stay within the contract's 128 characters: the readable prefix plus a hash of the rest.
 */
export function sourceId(prefix: string, ...parts: Array<string | number>): string {
  const data = parts.join('\u0000')
  // One-shot crypto.hash (Node ≥ 20.12) is faster than a Hash object per id; same digest.
  const h = (oneShot ? oneShot('sha1', data) : createHash('sha1').update(data).digest('hex')).slice(0, 24)
  return `${prefix}-${h}`
}

/** Epoch milliseconds → ISO-8601 UTC with millisecond precision (the contract's `ts`). */
export const iso = (ms: number): string => new Date(ms).toISOString()

/** Plateau ids are 1–128 characters. */
export const clip = (s: string): string => (s.length > 128 ? s.slice(0, 128) : s)
