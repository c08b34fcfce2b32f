/**
 * The contract's schema (./events) compiled into plain predicates, for the ingest hot path.
 * Built at load time by reading the zod schema's own definitions (types, lengths, bounds, enum
 * values, literals, the ts pattern and refinement), so there is no second schema to keep in
 * step: a check this compiler does not know makes the module fail to load.
 *
 * It only ever says "zod would accept this value unchanged": anything it is unsure of (a
 * rejection, a non-plain object, a `__proto__` key) returns false, and the caller asks zod,
 * which then also words the reason. So accept/reject decisions and reasons are zod's by
 * construction; tests/unit/contract-compiled.test.ts checks both agree on a generated corpus.
 */
import type { z } from 'zod'

type Pred = (v: unknown) => boolean
// zod's internal definitions (stable in zod 4: `schema._zod.def`).
type Def = {
  type: string
  checks?: Array<{ _zod: { def: CheckDef } }>
  innerType?: Schema
  values?: unknown[]
  entries?: Record<string, unknown>
  format?: string
  pattern?: RegExp
}
type CheckDef = { check: string; value?: number; inclusive?: boolean; minimum?: number; maximum?: number; format?: string; fn?: (v: unknown) => unknown; pattern?: RegExp }
type Schema = { _zod: { def: Def } }

const all =
  (ps: Pred[]): Pred =>
  (v) => {
    for (const p of ps) if (!p(v)) return false
    return true
  }

function check(c: CheckDef, where: string): Pred {
  switch (c.check) {
    case 'min_length':
      return (v) => (v as string).length >= c.minimum!
    case 'max_length':
      return (v) => (v as string).length <= c.maximum!
    case 'greater_than':
      return c.inclusive ? (v) => (v as number) >= c.value! : (v) => (v as number) > c.value!
    case 'less_than':
      return c.inclusive ? (v) => (v as number) <= c.value! : (v) => (v as number) < c.value!
    case 'number_format':
      if (c.format === 'safeint') return (v) => Number.isSafeInteger(v)
      break
    case 'string_format':
      // Only formats that are a pattern and nothing more (an e-mail or URL check does more).
      if (c.format === 'regex' && c.pattern) return (v) => c.pattern!.test(v as string)
      break
    case 'custom':
      // A refinement's own function (e.g. ts: at most millisecond precision).
      return (v) => c.fn!(v) === true
  }
  throw new Error(`contract compiler: unknown check ${JSON.stringify(c.check)} (${c.format ?? ''}) on ${where}`)
}

function field(s: Schema, where: string): { pred: Pred; optional: boolean } {
  const d = s._zod.def
  if (d.type === 'optional') return { pred: field(d.innerType!, where).pred, optional: true }
  const checks = (d.checks ?? []).map((c) => check(c._zod.def, where))
  let base: Pred
  switch (d.type) {
    case 'string':
      base = (v) => typeof v === 'string'
      // String formats (z.iso.datetime …) carry their pattern on the schema itself.
      if (d.format) {
        // z.iso.datetime is its pattern alone (zod 4's $ZodISODateTime).
        if (d.format !== 'datetime' || !d.pattern) throw new Error(`contract compiler: string format ${d.format} on ${where}`)
        const re = d.pattern
        checks.unshift((v) => re.test(v as string))
      }
      break
    case 'number':
      // z.number() refuses NaN and ±Infinity.
      base = (v) => typeof v === 'number' && Number.isFinite(v)
      break
    case 'boolean':
      base = (v) => typeof v === 'boolean'
      break
    case 'literal': {
      const values = d.values!
      base = (v) => values.includes(v)
      break
    }
    case 'enum': {
      const values = new Set(Object.values(d.entries!))
      base = (v) => values.has(v)
      break
    }
    default:
      throw new Error(`contract compiler: unknown schema type ${d.type} on ${where}`)
  }
  return { pred: all([base, ...checks]), optional: false }
}

type Compiled = { fields: Array<{ key: string; pred: Pred; optional: boolean }> }

/**
 * Compile a discriminated union of loose objects (the event schema). Returns the predicate:
 * true → zod accepts `value` and its output equals it (same keys, same values).
 */
export function compileUnion(union: z.ZodDiscriminatedUnion<Array<z.ZodObject>>, discriminator: string): (value: unknown) => boolean {
  const byType = new Map<unknown, Compiled>()
  for (const o of union.options) {
    const catchall = (o as unknown as { _zod: { def: { catchall?: Schema } } })._zod.def.catchall
    // Loose objects keep unknown fields as they are; anything else would change the output.
    if (catchall?._zod.def.type !== 'unknown') throw new Error('contract compiler: event schemas must be loose objects')
    const fields = Object.entries(o.shape).map(([key, s]) => ({ key, ...field(s as unknown as Schema, key) }))
    const disc = (o.shape[discriminator] as unknown as Schema)._zod.def
    if (disc.type !== 'literal') throw new Error(`contract compiler: ${discriminator} must be a literal`)
    for (const v of disc.values!) byType.set(v, { fields })
  }
  return (value) => {
    if (typeof value !== 'object' || value === null) return false
    const proto = Object.getPrototypeOf(value)
    if (proto !== Object.prototype && proto !== null) return false
    const o = value as Record<string, unknown>
    const c = byType.get(o[discriminator])
    if (!c) return false
    for (const f of c.fields) {
      const v = o[f.key]
      if (v === undefined) {
        if (!f.optional || f.key in o) return false
      } else if (!f.pred(v)) return false
    }
    // zod's output would drop an own `__proto__` key (JSON.parse makes one).
    return !Object.prototype.hasOwnProperty.call(o, '__proto__')
  }
}
