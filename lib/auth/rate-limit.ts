/** In-process token buckets (per API key, per sign-in identity). One Next.js process = one set of buckets. */
export type Bucket = { tokens: number; updated: number }

const g = globalThis as unknown as { __plateauBuckets?: Map<string, Map<string, Bucket>> }
const all = (g.__plateauBuckets ??= new Map())

export type TakeResult = { ok: true; remaining: number } | { ok: false; retryAfterS: number }

/**
 * Take `cost` tokens from bucket `key` in namespace `ns` (refill `ratePerSec`, capacity `burst`).
 * rate <= 0 disables the limit.
 */
export function take(ns: string, key: string, ratePerSec: number, burst: number, cost = 1, now = Date.now()): TakeResult {
  if (!(ratePerSec > 0)) return { ok: true, remaining: Infinity }
  const cap = Math.max(burst, cost, 1)
  let m = all.get(ns)
  if (!m) all.set(ns, (m = new Map()))
  const b = m.get(key) ?? { tokens: cap, updated: now }
  b.tokens = Math.min(cap, b.tokens + ((now - b.updated) / 1000) * ratePerSec)
  b.updated = now
  m.set(key, b)
  if (m.size > 50_000) for (const k of m.keys()) { m.delete(k); if (m.size < 40_000) break }
  if (b.tokens >= cost) {
    b.tokens -= cost
    return { ok: true, remaining: Math.floor(b.tokens) }
  }
  return { ok: false, retryAfterS: Math.max(1, Math.ceil((cost - b.tokens) / ratePerSec)) }
}

/** Would `take` succeed? (does not consume) */
export function wouldTake(ns: string, key: string, ratePerSec: number, burst: number, cost = 1, now = Date.now()): TakeResult {
  if (!(ratePerSec > 0)) return { ok: true, remaining: Infinity }
  const cap = Math.max(burst, cost, 1)
  const b = all.get(ns)?.get(key)
  const tokens = b ? Math.min(cap, b.tokens + ((now - b.updated) / 1000) * ratePerSec) : cap
  return tokens >= cost ? { ok: true, remaining: Math.floor(tokens - cost) } : { ok: false, retryAfterS: Math.max(1, Math.ceil((cost - tokens) / ratePerSec)) }
}

/** Give back `cost` tokens taken from bucket `key` (e.g. a sign-in attempt that succeeded). */
export function refund(ns: string, key: string, cost = 1): void {
  const b = all.get(ns)?.get(key)
  if (b) b.tokens += cost
}

export function resetBuckets(ns?: string): void {
  if (ns) all.delete(ns)
  else all.clear()
}
