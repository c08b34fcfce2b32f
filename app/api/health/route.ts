import { NextResponse } from 'next/server'
import { getHealth } from '@/server/health'
import { presentedKey, verifyApiKey } from '@/lib/auth/api-keys'
import { principalFromRequest } from '@/lib/auth/guard'

export const dynamic = 'force-dynamic'

/**
 * GET /api/health — the readiness probe. Public: status (ok / stalled / degraded) and store mode
 * only (load balancers, probes); 503 when the store is unreachable (degraded) or when received
 * events wait and no write has succeeded for PLATEAU_STALL_AFTER_S (stalled).
 * Signed-in users, display links and producers (API key) also get the details: ingest lag (how
 * long received events wait to be stored), waiting rows, last write, last event time, dead letters,
 * and each configured connector source's state.
 * A broken source does not make the probe fail: the web server still serves.
 */
export async function GET(req: Request) {
  const h = await getHealth()
  const status = h.status === 'ok' ? 200 : 503
  const trusted = (await principalFromRequest(req)) !== null || verifyApiKey(presentedKey(req.headers)) !== null
  const body = trusted ? h : { status: h.status, store: { mode: h.store.mode, ok: h.store.ok } }
  return NextResponse.json(body, { status, headers: { 'cache-control': 'no-store' } })
}
