/**
 * Seeded pseudo-random numbers: xoshiro128** seeded through splitmix32, plus the few
 * distributions the simulator needs. Deterministic across platforms (32-bit integer maths only).
 */

/** 32-bit FNV-1a over the string forms of the parts, finished with a murmur3 mix. */
export function hash32(...parts: (string | number)[]): number {
  let h = 0x811c9dc5
  for (const p of parts) {
    const s = typeof p === 'number' ? String(p) : p
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i)
      h = Math.imul(h, 0x01000193)
    }
    h ^= 0x1f // part separator
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

const TWO32 = 4294967296

export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number
  private spare: number | null = null

  constructor(seed: number) {
    // splitmix32 expands the 32-bit seed into the 128-bit state (never all zero).
    let s = seed >>> 0
    const next = () => {
      s = (s + 0x9e3779b9) | 0
      let z = s
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
      return (z ^ (z >>> 16)) >>> 0
    }
    this.a = next()
    this.b = next()
    this.c = next()
    this.d = next()
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1
  }

  /** Next unsigned 32-bit integer (xoshiro128**). */
  u32(): number {
    const r = Math.imul(rotl(Math.imul(this.b, 5), 7), 9)
    const t = this.b << 9
    this.c ^= this.a
    this.d ^= this.b
    this.b ^= this.c
    this.a ^= this.d
    this.c ^= t
    this.d = rotl(this.d, 11)
    return r >>> 0
  }

  /** Uniform in (0, 1): never exactly 0 or 1, so logs are always finite. */
  next(): number {
    return (this.u32() + 0.5) / TWO32
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n)
  }

  chance(p: number): boolean {
    return p > 0 && this.next() < p
  }

  /** Exponential with the given rate (events per unit). */
  exp(rate: number): number {
    return -Math.log(this.next()) / rate
  }

  /** Standard normal (Box–Muller, the second value kept for the next call). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare
      this.spare = null
      return s
    }
    const u = this.next()
    const v = this.next()
    const r = Math.sqrt(-2 * Math.log(u))
    this.spare = r * Math.sin(2 * Math.PI * v)
    return r * Math.cos(2 * Math.PI * v)
  }

  lognormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal())
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next()
  }

  /** Index drawn from cumulative weights (last entry = total). */
  pickCum(cum: readonly number[]): number {
    const x = this.next() * cum[cum.length - 1]!
    for (let i = 0; i < cum.length; i++) if (x < cum[i]!) return i
    return cum.length - 1
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k))
}

/** Lognormal given by its mean and coefficient of variation (sd / mean). */
export type LogNormal = { mu: number; sigma: number; min: number; max: number }

export function lognormalFromMean(mean: number, cv: number, min = 0, max = Infinity): LogNormal {
  const sigma2 = Math.log(1 + cv * cv)
  return { mu: Math.log(mean) - sigma2 / 2, sigma: Math.sqrt(sigma2), min, max }
}

export function drawLN(rng: Rng, d: LogNormal): number {
  const x = rng.lognormal(d.mu, d.sigma)
  return x < d.min ? d.min : x > d.max ? d.max : x
}
