import { NextResponse, type NextRequest } from 'next/server'
import { ingestLines } from '@/ingest/pipeline'
import { startInProcess } from '@/server/startup'
import { checkProducer } from '@/lib/auth/api-keys'

export const dynamic = 'force-dynamic'

/**
 * POST /api/events — a JSON array (or one object) or NDJSON. Every line is validated; good
 * lines are stored even when others are rejected (the answer is then 400 with per-line errors,
 * and the rejected lines are kept in dead_letters).
 * Producers only: API key (`Authorization: Bearer <key>` or `X-API-Key`) → else 401; per-key
 * rate limit → 429 + Retry-After; body over PLATEAU_EVENTS_MAX_BYTES → 413 (lib/auth/api-keys.ts).
 */
export async function POST(req: NextRequest) {
  const check = await checkProducer(req)
  if (!check.ok) return check.response
  await startInProcess()
  const body = check.body
  const items = splitBody(body)
  if (!items.length) return NextResponse.json({ error: 'empty body: send a JSON array or NDJSON lines' }, { status: 400 })
  const result = await ingestLines(items, 'http')
  return NextResponse.json(result, { status: result.rejected ? 400 : 202 })
}

/** JSON array or single object → its items; otherwise NDJSON → its non-blank lines (raw strings). */
export function splitBody(body: string): unknown[] {
  const t = body.trim()
  if (!t) return []
  if (t.startsWith('[') || t.startsWith('{')) {
    try {
      const v = JSON.parse(t)
      if (Array.isArray(v)) return v
      // One object, possibly pretty-printed over several lines (NDJSON fails this parse at its second line).
      if (v !== null && typeof v === 'object') return [v]
    } catch {
      /* not one JSON document: fall through to NDJSON */
    }
  }
  return t.split(/\r?\n/).filter((l) => l.trim() !== '')
}
