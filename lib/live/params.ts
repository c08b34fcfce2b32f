/**
 * Query-string parameters of the live and board data APIs, validated with zod. Lists are
 * comma-separated (`centers=paris-sales,lyon-leads`) or repeated (`centers=a&centers=b`).
 */
import 'server-only'
import { z } from 'zod'
import { CHANNELS } from '../contract/vocabulary'
import { REPORTING_LINES } from '../config/schema'
import { DRILL_SETS } from '../kpi/definitions'

const id = z.string().min(1).max(128).regex(/^[^\u0000-\u001f]+$/, 'control characters are not allowed')
const list = <T extends z.ZodType>(item: T) => z.array(item).max(100).default([])

export const LiveParams = z.strictObject({
  centers: list(id),
  line: z.enum(REPORTING_LINES).nullable().default(null),
  queues: list(id),
  channels: list(z.enum(CHANNELS)),
})
export type LiveParams = z.infer<typeof LiveParams>

export const DrillParams = LiveParams.extend({
  set: z.enum(DRILL_SETS),
  /** One queue (a queue-table cell) and its center. */
  queue: id.nullable().default(null),
  center: id.nullable().default(null),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
})
export type DrillParams = z.infer<typeof DrillParams>

const LIST_KEYS = new Set(['centers', 'queues', 'channels'])

/** URLSearchParams → plain object for zod: list keys split on commas, empty values dropped. */
export function searchParamsObject(sp: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of sp) {
    if (LIST_KEYS.has(k)) {
      const items = v.split(',').map((s) => s.trim()).filter(Boolean)
      out[k] = [...((out[k] as string[] | undefined) ?? []), ...items]
    } else if (v !== '') out[k] = v
  }
  return out
}

/** A 400 message listing each problem with its parameter. */
export function paramProblem(e: z.ZodError): string {
  return e.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ')
}
