/** Query-string parameters of GET /api/forecast, validated with zod. */
import 'server-only'
import { z } from 'zod'

export const ForecastParams = z.strictObject({
  center: z.string().min(1).max(128).regex(/^[^\u0000-\u001f]+$/, 'control characters are not allowed'),
  interval: z.enum(['15', '30', '60']).default('30').transform((x) => Number(x) as 15 | 30 | 60),
  /** Hours ahead for the staffing rows (today only). */
  hours: z.coerce.number().int().min(1).max(12).default(4),
  /** A local day to forecast instead of today (no staffing rows then). */
  /** `ahead`: the screens' shape (per queue status + upcoming rows, the intraday curve). */
  view: z.enum(['full', 'ahead']).default('full'),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(d)), 'not a date').optional(),
})
export type ForecastParams = z.infer<typeof ForecastParams>

/** Most queues returned for one center (the response stays bounded). */
export const MAX_FORECAST_QUEUES = 100

export function parseForecastParams(sp: URLSearchParams): { ok: true; params: ForecastParams } | { ok: false; message: string } {
  const obj: Record<string, string> = {}
  for (const [k, v] of sp) if (v !== '') obj[k] = v
  const r = ForecastParams.safeParse(obj)
  if (r.success) return { ok: true, params: r.data }
  const i = r.error.issues[0]!
  return { ok: false, message: `${i.path.join('.') || 'query'}: ${i.message}` }
}
