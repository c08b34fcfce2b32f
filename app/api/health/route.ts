import { NextResponse } from 'next/server'
import { getHealth } from '@/server/health'
import { presentedKey, verifyApiKey } from '@/lib/auth/api-keys'
import { principalFromRequest } from '@/lib/auth/guard'

export const dynamic = 'force-dynamic'

/**
 * GET /api/health — public: store mode and up/degraded only (load balancers, probes).
 * Signed-in users, display links and producers (API key) also get the details: store mode,
 * ingest lag, last event time, dead-letter count.
 */
export async function GET(req: Request) {
  const h = await getHealth()
  const status = h.store.ok ? 200 : 503
  const trusted = (await principalFromRequest(req)) !== null || verifyApiKey(presentedKey(req.headers)) !== null
  const body = trusted ? h : { status: h.store.ok ? 'ok' : 'degraded', store: { mode: h.store.mode, ok: h.store.ok } }
  return NextResponse.json(body, { status, headers: { 'cache-control': 'no-store' } })
}
