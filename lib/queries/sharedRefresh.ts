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
