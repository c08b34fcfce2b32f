/**
 * A center's outbound compliance over [from, to): its outbound dial attempts from the store
 * (contacts_v + the disposition of their contact.abandoned event), checked against its rules.
 * Same SQL in embedded and server modes; values only as typed placeholders.
 */
import 'server-only'
import { queryRows } from '../clickhouse'
import { getConfig } from '../config'
import { centerCountry, isoDate } from '../forecast/calendar'
import { localParts } from '../kpi/time'
import { Params } from '../queries/sql'
import { checkCompliance, type ComplianceResult, type OutboundAttempt } from './check'
import { campaignPurpose, ComplianceConfig, resolveRules, type ComplianceRules } from '../config/compliance'

/** Most attempts read for one center and period (the check is in memory). */
export const MAX_ATTEMPTS = 2_000_000

export type CenterCompliance = ComplianceResult & { centerId: string; configured: boolean; rules: ComplianceRules; attempts: number; truncated: boolean }

export async function queryOutboundAttempts(centerId: string, from: number, to: number, abandonedDispositions: readonly string[]): Promise<OutboundAttempt[]> {
  const p = new Params()
  const center = p.str(centerId)
  const f = p.int(from)
  const t = p.int(to)
  const sql = `
SELECT c.contact_id AS contact_id, c.campaign_id AS campaign_id, c.customer_id AS customer_id,
       toUnixTimestamp64Milli(c.queued_at) AS ts,
       multiIf(isNotNull(c.answered_at), 'answered', d.disposition IN ${p.strs(abandonedDispositions)}, 'abandoned_live', 'not_connected') AS outcome
FROM contacts_v AS c
LEFT JOIN (
  SELECT contact_id, any(JSONExtractString(extra, 'disposition')) AS disposition
  FROM events
  WHERE center_id = ${center} AND type = 'contact.abandoned'
    AND ts >= fromUnixTimestamp64Milli(${f}, 'UTC') AND ts < fromUnixTimestamp64Milli(${t}, 'UTC') + INTERVAL 1 DAY
  GROUP BY contact_id
) AS d ON d.contact_id = c.contact_id
WHERE c.center_id = ${center} AND c.direction = 'outbound'
  AND c.queued_at >= fromUnixTimestamp64Milli(${f}, 'UTC') AND c.queued_at < fromUnixTimestamp64Milli(${t}, 'UTC')
ORDER BY ts, contact_id
LIMIT ${p.int(MAX_ATTEMPTS + 1)}`
  const rows = await queryRows<{ contact_id: string; campaign_id: string; customer_id: string; ts: string | number; outcome: OutboundAttempt['outcome'] }>(sql, p.values)
  return rows.map((r) => ({ contactId: r.contact_id, campaignId: r.campaign_id || null, customerId: r.customer_id || null, ts: Number(r.ts), outcome: r.outcome }))
}

/**
 * Violations within [from, to). Attempts are read from `attemptCap.days` earlier, so a
 * consumer's 30-day window that opened before the period is counted from its real first call;
 * a window is reported when one of its calls falls within the period.
 */
export async function centerCompliance(centerId: string, from: number, to: number): Promise<CenterCompliance> {
  const center = getConfig().center(centerId)
  const config = center.compliance ?? ComplianceConfig.parse({})
  const rules = resolveRules(config)
  const readFrom = rules.attemptCap ? from - rules.attemptCap.days * 86_400_000 : from
  const all = await queryOutboundAttempts(centerId, readFrom, to, config.abandonedDispositions)
  const truncated = all.length > MAX_ATTEMPTS
  const attempts = truncated ? all.slice(0, MAX_ATTEMPTS) : all
  const r = checkCompliance(attempts, { rules, config, tz: center.timezone, country: centerCountry(center.country ?? undefined, center.timezone) })
  const inPeriod = attempts.filter((a) => a.ts >= from)
  const firstDay = r.abandoned.length ? localDay(from, center.timezone) : ''
  return {
    centerId,
    configured: center.compliance != null,
    rules,
    attempts: inPeriod.length,
    truncated,
    outsideHours: r.outsideHours.filter((v) => v.ts >= from),
    overCap: r.overCap.filter((v) => v.times.some((t) => t >= from)),
    abandoned: r.abandoned.filter((d) => d.date >= firstDay),
    withoutCustomerId: r.withoutCustomerId.filter((a) => a.ts >= from),
    unconfiguredCampaigns: [...new Set(inPeriod.filter((a) => !campaignPurpose(config, a.campaignId).configured).map((a) => a.campaignId ?? ''))].sort(),
  }
}

function localDay(ms: number, tz: string): string {
  const p = localParts(ms, tz)
  return isoDate(p.year, p.month, p.day)
}
