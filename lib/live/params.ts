/**
 * Query-string parameters of /live and its data APIs, validated with zod: one parser per shape,
 * used by the page and the routes. Lists are comma-separated (`centers=paris-sales,lyon-leads`)
 * or repeated (`centers=a&centers=b`). A bad parameter throws ParamError (lib/params).
 */
import 'server-only'
import { z } from 'zod'
import { CHANNELS } from '../contract/vocabulary'
import { REPORTING_LINES } from '../config/schema'
import { DRILL_SETS } from '../kpi/definitions'
import { LOCALES } from '../i18n/config'
import { paramKeys, paramValues, parseWith, type RawParams } from '../params'

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

/** The CSV of a drill-down: every row, with the file's separator and language. */
export const LiveExportParams = DrillParams.omit({ page: true, pageSize: true }).extend({
  sep: z.string().max(12).optional(),
  locale: z.enum(LOCALES).optional(),
})
export type LiveExportParams = z.infer<typeof LiveExportParams>

const LIST_KEYS = new Set(['centers', 'queues', 'channels'])

/** Search params → plain object for zod: list keys split on commas, empty values dropped. */
export function searchParamsObject(sp: RawParams): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const k of paramKeys(sp)) {
    for (const v of paramValues(sp, k)) {
      if (LIST_KEYS.has(k)) {
        const items = v.split(',').map((s) => s.trim()).filter(Boolean)
        out[k] = [...((out[k] as string[] | undefined) ?? []), ...items]
      } else if (v !== '') out[k] = v
    }
  }
  return out
}

/** GET /api/live and board filters. Throws ParamError. */
export const parseLiveParams = (sp: RawParams): LiveParams => parseWith(LiveParams, searchParamsObject(sp))
/** GET /api/live/contacts. Throws ParamError. */
export const parseDrillParams = (sp: RawParams): DrillParams => parseWith(DrillParams, searchParamsObject(sp))
/** GET /api/live/contacts/export. Throws ParamError. */
export const parseLiveExportParams = (sp: RawParams): LiveExportParams => parseWith(LiveExportParams, searchParamsObject(sp))

/**
 * The /live page's filters: the same parser on the filter keys only (the page's URL may carry
 * others); filters it cannot read are dropped — the page opens unfiltered rather than refused.
 */
export function liveViewParams(sp: RawParams): LiveParams {
  const filters: Record<string, string[]> = {}
  for (const k of Object.keys(LiveParams.shape)) filters[k] = paramValues(sp, k)
  try {
    return parseLiveParams(filters)
  } catch {
    return LiveParams.parse({})
  }
}
