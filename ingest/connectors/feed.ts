/**
 * Hands a connector's mapped records to the pipeline: every event is validated by the v1
 * contract like any producer's (validateEvent), then stored through ingestEvents (embedded
 * store, or Kafka when KAFKA_BROKERS is set). Rejected records and invalid events go to
 * dead_letters with their reason; skipped records are only counted.
 */
import { validateEvent, type PlateauEvent } from '@/lib/contract/events'
import { ingestEvents } from '@/ingest/pipeline'
import { deadLetter, type DeadLetterRow } from '@/ingest/rows'
import type { Mapped } from './mapped'

export type FeedSummary = { records: number; events: number; skipped: number; rejected: number; reasons: Record<string, number> }

export const emptySummary = (): FeedSummary => ({ records: 0, events: 0, skipped: 0, rejected: 0, reasons: {} })

export function addSummary(into: FeedSummary, s: FeedSummary): FeedSummary {
  into.records += s.records
  into.events += s.events
  into.skipped += s.skipped
  into.rejected += s.rejected
  for (const [k, n] of Object.entries(s.reasons)) into.reasons[k] = (into.reasons[k] ?? 0) + n
  return into
}

/** Reasons are grouped without their variable part (e.g. a bad value) to keep the summary short. */
const reasonKey = (r: string) => r.replace(/"[^"]*"/g, '"…"').slice(0, 120)

export async function feedMapped(items: Array<{ raw: string; mapped: Mapped }>, source: string, now = Date.now()): Promise<FeedSummary> {
  const s = emptySummary()
  const good: PlateauEvent[] = []
  const dead: DeadLetterRow[] = []
  const reject = (raw: string, reason: string) => {
    s.rejected++
    s.reasons[reasonKey(reason)] = (s.reasons[reasonKey(reason)] ?? 0) + 1
    dead.push(deadLetter(raw, reason, { source }))
  }
  for (const { raw, mapped } of items) {
    s.records++
    if (mapped.kind === 'skipped') s.skipped++
    else if (mapped.kind === 'rejected') reject(raw, mapped.reason)
    else {
      const bad: string[] = []
      for (const e of mapped.events) {
        const r = validateEvent(e, now)
        if (r.ok) good.push(r.event)
        else bad.push(`${e.type}: ${r.reason}`)
      }
      if (bad.length) reject(raw, bad.join('; '))
    }
  }
  s.events = good.length
  await ingestEvents(good, dead)
  return s
}
