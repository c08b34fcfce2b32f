/**
 * Limits on what one API request may cost: the KPI row budget (checked before the main query,
 * lib/queries/rowBudget.ts), the engine-side time limit (PLATEAU_QUERY_TIMEOUT_S, applied by
 * queryRows) and a byte cap on JSON bodies. Their failures become clear 422/503 answers here,
 * never a 500 and never an unbounded body. Exports (CSV/XLSX/PDF streams) are not byte-capped.
 */
import 'server-only'


function positiveInt(raw: string | undefined, dflt: number): number {
  const v = Number(raw)
  return raw !== undefined && Number.isFinite(v) && v > 0 ? Math.floor(v) : dflt
}

/** PLATEAU_MAX_RESPONSE_CELLS: estimated rows × KPI keys of one /api/kpis answer (default 250 000). */
export const maxResponseCells = () => positiveInt(process.env.PLATEAU_MAX_RESPONSE_CELLS, 250_000)
/** PLATEAU_MAX_RESPONSE_BYTES: largest JSON body (default 32 MiB). */
export const maxResponseBytes = () => positiveInt(process.env.PLATEAU_MAX_RESPONSE_BYTES, 32 * 1024 * 1024)

const HOW_TO_NARROW = 'narrow the request: fewer groupBy dimensions, a shorter window, a coarser interval (interval60, day, month), fewer keys or a preset, or filters (centers, queues, agents)'

/** A request whose answer would exceed a limit; the message says how to narrow it. */
export class ResponseTooLargeError extends Error {
  readonly status = 422
  constructor(what: string) {
    super(`${what}; ${HOW_TO_NARROW}`)
    this.name = 'ResponseTooLargeError'
  }
}

function errorBody(status: 422 | 503, error: string, message: string): Response {
  return new Response(JSON.stringify({ error, message }), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } })
}

/** The engine stopped a statement at max_execution_time (code 159), or the client gave up waiting. */
export function isQueryTimeout(e: unknown): boolean {
  if (!(e instanceof Error)) return false
  const x = e as Error & { code?: unknown; clickhouseCode?: unknown; type?: unknown }
  return x.clickhouseCode === 159 || x.code === '159' || x.type === 'TIMEOUT_EXCEEDED' || /TIMEOUT_EXCEEDED|Timeout exceeded|^Timeout error/i.test(e.message)
}

/** The 422/503 answer for a bounds failure, or null for any other error (rethrow it). */
export function boundsErrorResponse(e: unknown): Response | null {
  if (e instanceof ResponseTooLargeError) return errorBody(422, 'too_large', e.message)
  if (e instanceof RangeError && /Invalid string length|Array buffer allocation failed/.test(e.message)) {
    return errorBody(422, 'too_large', new ResponseTooLargeError('the answer is too large to build').message)
  }
  if (isQueryTimeout(e)) {
    return errorBody(503, 'query_timeout', `the query took longer than the ${Math.max(1, Math.round(Number(process.env.PLATEAU_QUERY_TIMEOUT_S ?? 30)))} s limit; try again later or ${HOW_TO_NARROW}`)
  }
  return null
}

/** Response.json with a byte cap: a body over maxResponseBytes() becomes a 422 saying how to narrow. */
export function boundedJson(body: unknown, init: ResponseInit = {}): Response {
  let text: string
  try {
    text = JSON.stringify(body)
  } catch (e) {
    const r = boundsErrorResponse(e)
    if (r) return r
    throw e
  }
  const bytes = Buffer.byteLength(text)
  const max = maxResponseBytes()
  if (bytes > max) return errorBody(422, 'too_large', new ResponseTooLargeError(`the answer would be ${bytes} bytes, over the ${max}-byte limit`).message)
  const headers = new Headers(init.headers)
  if (!headers.has('content-type')) headers.set('content-type', 'application/json')
  return new Response(text, { ...init, headers })
}
