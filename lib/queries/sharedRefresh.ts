/**
 * One refresh at a time per derived table (contact_facts, agent_slots): concurrent callers share
 * the refresh under way; a caller that needs data inserted after that refresh started waits for
 * it, then runs another.
 */
export type RefreshGate<R> = { inflight: Promise<R> | null; inflightStartedAt: number; lastCompletedStartedAt: number }

export async function runSharedRefresh<R>(s: RefreshGate<R>, refreshOnce: () => Promise<R>, notBefore: number): Promise<R> {
  while (s.inflight) {
    const startedAt = s.inflightStartedAt
    const r = await s.inflight.catch(() => null)
    if (r && startedAt >= notBefore) return r
  }
  const startedAt = Date.now()
  s.inflightStartedAt = startedAt
  s.inflight = refreshOnce()
  try {
    const r = await s.inflight
    s.lastCompletedStartedAt = Math.max(s.lastCompletedStartedAt, startedAt)
    return r
  } finally {
    s.inflight = null
  }
}

/**
 * Paces a background loop so that its rounds take at most 1 / (1 + factor) of the time: a round
 * that took T waits factor·T after its end before the next one starts; never two at once.
 */
export class RoundPacer {
  private running = false
  private startedAt = 0
  private lastMs = 0
  private lastEnd = 0
  constructor(private readonly factor: number) {}
  ready(now: number): boolean {
    return !this.running && now - this.lastEnd >= this.factor * this.lastMs
  }
  start(now: number): void {
    this.running = true
    this.startedAt = now
  }
  end(now: number): void {
    this.running = false
    this.lastEnd = now
    this.lastMs = now - this.startedAt
  }
}
