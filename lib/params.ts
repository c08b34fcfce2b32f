/**
 * Request parameters: the one error a bad parameter raises, and reading search params the same
 * way whether they come as URLSearchParams (API routes) or as Next.js `searchParams` (pages).
 * Each route family parses its parameters in one function (lib/live/params, lib/reports/params,
 * lib/executive/request) used by its pages and its API routes; `withAuth` (lib/auth/guard)
 * answers a ParamError with 400 and its message, pages show the message. Client-safe.
 */
import type { z } from 'zod'

/** A bad request parameter; the message names the parameter. */
export class ParamError extends Error {}

export type RawParams = URLSearchParams | Record<string, string | string[] | undefined>

/** Every value of `key`, in order (repeated keys, or an array from Next.js). */
export function paramValues(raw: RawParams, key: string): string[] {
  if (raw instanceof URLSearchParams) return raw.getAll(key)
  const v = raw[key]
  return v === undefined ? [] : Array.isArray(v) ? v : [v]
}

/** The keys present. */
export function paramKeys(raw: RawParams): string[] {
  return raw instanceof URLSearchParams ? [...new Set(raw.keys())] : Object.keys(raw).filter((k) => raw[k] !== undefined)
}

/** One message listing each problem with its parameter. */
export function zodProblem(e: z.ZodError, fallback = 'query'): string {
  return e.issues.map((i) => `${i.path.join('.') || fallback}: ${i.message}`).join('; ')
}

/** `schema.parse`, but a failure is a ParamError naming each bad parameter. */
export function parseWith<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input)
  if (!r.success) throw new ParamError(zodProblem(r.error))
  return r.data
}
