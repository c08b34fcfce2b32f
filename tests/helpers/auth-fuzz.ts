/**
 * Hostile values for filter parameters, and the checks every data route must pass with them:
 * never a 5xx, never a row from a center outside the caller's scope.
 *
 *   import { fuzzQueryParams } from '../helpers/auth-fuzz'
 *   await fuzzQueryParams({
 *     path: '/api/kpis',
 *     base: { from: '2026-11-22T00:00:00Z', to: '2026-11-23T00:00:00Z' },
 *     params: ['centers', 'queues', 'channel', 'from', 'to', 'groupBy'],
 *     allowedCenters: [CENTER_A],                      // null = all
 *     call: async (url) => GET(await auth.request('supervisor', url), {}),
 *   })
 */
import fc from 'fast-check'
import { expect } from 'vitest'

export const HOSTILE_VALUES: readonly string[] = [
  '',
  ' ',
  "'",
  "''",
  '"',
  '`',
  '\\',
  "\\'",
  "paris-sales' OR '1'='1",
  "paris-sales') OR 1=1 --",
  "' UNION SELECT * FROM system.users --",
  '1; DROP TABLE events',
  '{centers:Array(String)}',
  '{x:String}',
  'paris-sales,lyon-leads,bruxelles-care,charleroi-care,paris-hq',
  'paris-sales%2Clyon-leads',
  '*',
  '%',
  '_',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '9999999999999999999999',
  '[]',
  '{}',
  '["lyon-leads"]',
  '2026-13-45T25:61:61Z',
  '0000-00-00',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '\u0000',
  'paris-sales\u0000lyon-leads',
  '\u202eselas-sirap',
  'ｐａｒｉｓ－ｓａｌｅｓ',
  'PARIS-SALES',
  'paris-sales ',
  '😀🇫🇷',
  'é'.normalize('NFD'),
  '\ud800',
  'x'.repeat(10_000),
  'lyon-leads'.repeat(2_000),
]

/** fast-check arbitrary mixing the list above with random Unicode, SQL-ish fragments and long strings. */
export function hostileString(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...HOSTILE_VALUES),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.tuple(fc.constantFrom("'", '"', ')', '--', ';', ',', '{', '}', ' OR ', '\\'), fc.string({ maxLength: 20 })).map(([a, b]) => a + b),
    fc.string({ minLength: 5_000, maxLength: 20_000 }),
  )
}

const CENTER_KEYS = new Set(['center_id', 'centerId', 'center', 'centers', 'center_ids', 'centerIds'])

/** Every center id that appears in a JSON value (keys center_id/centerId/center/centers…), deep. */
export function collectCenterIds(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) for (const x of v) collectCenterIds(x, out)
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (CENTER_KEYS.has(k)) {
        if (typeof x === 'string') out.add(x)
        else if (Array.isArray(x)) for (const y of x) if (typeof y === 'string') out.add(y)
      }
      collectCenterIds(x, out)
    }
  }
  return out
}

/** Center ids in CSV text (a column named center_id / centre / center). */
export function collectCenterIdsFromCsv(csv: string): Set<string> {
  const lines = csv.split(/\r?\n/).filter(Boolean)
  const out = new Set<string>()
  if (!lines.length) return out
  const header = lines[0]!.split(/[;,]/).map((h) => h.replace(/"/g, '').trim().toLowerCase())
  const i = header.findIndex((h) => ['center_id', 'center', 'centre', 'center id'].includes(h))
  if (i < 0) return out
  for (const l of lines.slice(1)) {
    const c = l.split(/[;,]/)[i]?.replace(/"/g, '').trim()
    if (c) out.add(c)
  }
  return out
}

/** Fails if `json` mentions a center outside `allowed` (null = everything allowed). */
export function expectOnlyCenters(json: unknown, allowed: readonly string[] | null, label = ''): void {
  if (allowed === null) return
  const seen = [...collectCenterIds(json)]
  const foreign = seen.filter((c) => !allowed.includes(c))
  expect(foreign, `${label}: data from centers outside scope ${JSON.stringify(allowed)}`).toEqual([])
}

export type FuzzOptions = {
  path: string
  /** Valid values for the other parameters (so each hostile value is tested alone). */
  base?: Record<string, string>
  params: string[]
  allowedCenters: readonly string[] | null
  call: (url: string) => Promise<Response>
  values?: readonly string[]
  /** Also try every value repeated (?p=a&p=b) and as the only parameter. Default true. */
  repeat?: boolean
}

/** Each param × each hostile value: status < 500, JSON bodies never leak a foreign center. Returns the status counts. */
export async function fuzzQueryParams(o: FuzzOptions): Promise<Record<number, number>> {
  const counts: Record<number, number> = {}
  const values = o.values ?? HOSTILE_VALUES
  for (const p of o.params) {
    for (const v of values) {
      const variants: URLSearchParams[] = []
      const q = new URLSearchParams(o.base)
      q.set(p, v)
      variants.push(q)
      if (o.repeat !== false) {
        const q2 = new URLSearchParams(o.base)
        q2.append(p, v)
        q2.append(p, 'lyon-leads')
        variants.push(q2)
      }
      for (const qs of variants) {
        const url = `${o.path}?${qs.toString()}`
        const res = await o.call(url)
        counts[res.status] = (counts[res.status] ?? 0) + 1
        const label = `${o.path} ${p}=${JSON.stringify(v.length > 60 ? v.slice(0, 60) + '…' : v)}`
        expect(res.status, `${label} → ${res.status}`).toBeLessThan(500)
        const type = res.headers.get('content-type') ?? ''
        if (res.status === 200 && type.includes('json')) expectOnlyCenters(await res.json(), o.allowedCenters, label)
        else if (res.status === 200 && type.includes('csv')) {
          const foreign = [...collectCenterIdsFromCsv(await res.text())].filter((c) => o.allowedCenters && !o.allowedCenters.includes(c))
          expect(foreign, label).toEqual([])
        } else if (res.status === 400 && type.includes('json')) {
          const body = (await res.json()) as { message?: unknown; error?: unknown }
          expect(typeof (body.message ?? body.error), `${label}: 400 must explain`).toBe('string')
        }
      }
    }
  }
  return counts
}
