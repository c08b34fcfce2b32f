import { NextResponse } from 'next/server'
import { getHealth } from '@/lib/health'

export const dynamic = 'force-dynamic'

/** GET /api/health — store mode, ingest lag, last event time, dead-letter count. Public (no figures). */
export async function GET() {
  const h = await getHealth()
  return NextResponse.json(h, { status: h.store.ok ? 200 : 503 })
}
