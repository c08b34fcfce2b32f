/**
 * What /api/health needs from this process's ingest: when it last stored a batch, and what
 * received events are still waiting to be stored (the store holds everything else).
 */

/** Rows a stage (write buffer, Kafka writer) holds, and when the oldest of them was received here. */
export type Waiting = { rows: number; oldestReceivedAt: number | null }
type Source = () => Waiting

const g = globalThis as unknown as { __plateauLastWriteAt?: number; __plateauWaiting?: Set<Source> }
const sources = (): Set<Source> => (g.__plateauWaiting ??= new Set())

export const ingestStats = {
  recordWrite(): void {
    g.__plateauLastWriteAt = Date.now()
  },
  lastWriteAt(): number | null {
    return g.__plateauLastWriteAt ?? null
  },
  /** A stage reports what it holds; returns the function that removes it (stage stopped). */
  register(source: Source): () => void {
    sources().add(source)
    return () => void sources().delete(source)
  },
  /** Everything received but not yet stored in this process, with the oldest reception time. */
  waiting(): Waiting {
    let rows = 0
    let oldestReceivedAt: number | null = null
    for (const s of sources()) {
      const w = s()
      rows += w.rows
      if (w.rows && w.oldestReceivedAt !== null && (oldestReceivedAt === null || w.oldestReceivedAt < oldestReceivedAt)) oldestReceivedAt = w.oldestReceivedAt
    }
    return { rows, oldestReceivedAt }
  },
}
