/** Query-string parameters of GET /api/compliance, validated with zod. */
import 'server-only'
import { z } from 'zod'
import { parseWith } from '../params'

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(d)), 'not a date')

export const ComplianceParams = z
  .strictObject({
    center: z.string().min(1).max(128).regex(/^[^\u0000-\u001f]+$/, 'control characters are not allowed'),
    /** Local days, inclusive. */
    from: day,
    to: day,
  })
  .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['from'] })
  .refine((p) => (Date.parse(p.to) - Date.parse(p.from)) / 86_400_000 <= 92, { message: 'at most 93 days', path: ['to'] })
export type ComplianceParams = z.infer<typeof ComplianceParams>

/** Most rows of each violation list in one response (counts are always complete). */
export const MAX_VIOLATION_ROWS = 500

/** The parameters, or a ParamError naming each bad one (withAuth answers it with 400). */
export function parseComplianceParams(sp: URLSearchParams): ComplianceParams {
  const obj: Record<string, string> = {}
  for (const [k, v] of sp) if (v !== '') obj[k] = v
  return parseWith(ComplianceParams, obj)
}
