/**
 * Every center a caller may see: the configured ones in scope plus any center that sent
 * events recently without being configured (shown as unconfigured, defaults apply).
 */
import 'server-only'
import { queryRows } from '../clickhouse'
import { getConfig, type CenterSettings } from '../config'
import { Params } from './sql'

const SEEN_TTL_MS = 30_000
const g = globalThis as unknown as { __plateauSeenCenters?: { at: number; ids: string[] } }

/** Center ids with contacts in the last 90 days or agent states in the last 7 (cached 30 s). */
export async function centersSeenInData(now = Date.now()): Promise<string[]> {
  const c = g.__plateauSeenCenters
  if (c && now - c.at < SEEN_TTL_MS) return c.ids
  const p = new Params()
  const rows = await queryRows<{ center_id: string }>(
    `SELECT DISTINCT center_id FROM
     (SELECT center_id FROM contact_facts WHERE ts >= ${p.ts(now - 90 * 86_400_000)}
      UNION ALL SELECT center_id FROM events WHERE type = 'agent.state' AND ts >= ${p.ts(now - 7 * 86_400_000)})`,
    p.values,
  )
  const ids = rows.map((r) => r.center_id).sort()
  g.__plateauSeenCenters = { at: now, ids }
  return ids
}

export async function listCenters(allowedCenters: string[] | null): Promise<CenterSettings[]> {
  const cfg = getConfig()
  const ids = new Set([...cfg.configuredCenters().map((c) => c.id), ...(await centersSeenInData())])
  const allowed = allowedCenters ? new Set(allowedCenters) : null
  return [...ids]
    .filter((id) => !allowed || allowed.has(id))
    .sort()
    .map((id) => cfg.center(id))
}
