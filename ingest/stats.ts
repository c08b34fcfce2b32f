/** In-process ingest counters for /api/health (per process; the store holds the truth). */
import type { EventRow } from './rows'

type Stats = { events: number; deadLetters: number; batches: number; lastEventTs: string | null; lastWriteAt: number | null }

const g = globalThis as unknown as { __plateauIngestStats?: Stats }
const s: Stats = (g.__plateauIngestStats ??= { events: 0, deadLetters: 0, batches: 0, lastEventTs: null, lastWriteAt: null })

export const ingestStats = {
  recordBatch(events: EventRow[], deadLetters: number) {
    s.events += events.length
    s.deadLetters += deadLetters
    s.batches++
    s.lastWriteAt = Date.now()
    for (const e of events) if (!s.lastEventTs || e.ts > s.lastEventTs) s.lastEventTs = e.ts
  },
  snapshot(): Readonly<Stats> {
    return { ...s }
  },
}
