/**
 * Parameters shared by /executive, /executive/print, /api/executive and
 * /api/executive/export: the period (lib/executive/period), an optional subset of centers
 * (`centers=a,b`, always intersected with the caller's scope by the caller) and, in tests
 * only, a frozen "now".
 */
import 'server-only'
import { z } from 'zod'
import { executiveTimezone } from './load'
import type { MonthRange } from '../periods/calendar'
import { PeriodError } from '../periods/calendar'
import { parsePeriodParams } from './periodParams'

export type ExecutiveParams = { range: MonthRange; centers: string[] | null; now: number }

const CenterList = z
  .string()
  .max(2000)
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .pipe(z.array(z.string().min(1).max(128)).max(200))

export class ParamError extends Error {}

type Raw = Record<string, string | string[] | undefined>

export function rawFromSearchParams(sp: URLSearchParams): Raw {
  const out: Raw = {}
  for (const k of new Set(sp.keys())) {
    const all = sp.getAll(k)
    out[k] = all.length > 1 ? all : all[0]
  }
  return out
}

/** Throws ParamError (→ 400) with a message naming the bad parameter. */
export function parseExecutiveParams(raw: Raw): ExecutiveParams {
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)
  let now = Date.now()
  // A frozen clock is for tests only; in production "now" is always the server's.
  const nowRaw = one(raw.now)
  if (nowRaw !== undefined && process.env.NODE_ENV === 'test') {
    const n = Number(nowRaw)
    if (!Number.isFinite(n) || n <= 0) throw new ParamError('now: expected epoch milliseconds')
    now = n
  }
  let range: MonthRange
  try {
    range = parsePeriodParams(raw, now, executiveTimezone())
  } catch (e) {
    if (e instanceof PeriodError) throw new ParamError(e.message)
    throw e
  }
  const c = one(raw.centers)
  let centers: string[] | null = null
  if (c !== undefined && c !== '') {
    const r = CenterList.safeParse(c)
    if (!r.success) throw new ParamError(`centers: ${r.error.issues[0]?.message ?? 'invalid list'}`)
    centers = r.data.length ? r.data : null
  }
  return { range, centers, now }
}

/** The query string that reproduces these parameters (export and print links). */
export function executiveQuery(p: { range: MonthRange; centers: string[] | null }, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({ from: p.range.from, to: p.range.to })
  if (p.centers?.length) q.set('centers', p.centers.join(','))
  for (const [k, v] of Object.entries(extra)) q.set(k, v)
  return q.toString()
}
