/**
 * Outbound compliance rules, as configuration, with country presets (docs/compliance.md):
 *
 * - FR: décret n° 2022-1313 du 13 octobre 2022 (Code de la consommation art. D. 223-8 and
 *   D. 223-9): canvassing calls to consumers only Monday–Friday 10:00–13:00 and 14:00–20:00,
 *   never on public holidays, and at most 4 calls to one consumer within 30 days from the first.
 *   Calls in connection with a contract in progress are outside the decree → campaigns whose
 *   purpose is `customer_service` are not checked against these two rules.
 * - UK: Ofcom-style abandoned-call cap, 3 % of live calls per campaign per 24 hours (any purpose).
 * - BE: nothing preset; set the rules in configuration.
 */
import { z } from 'zod'

export const CAMPAIGN_PURPOSES = ['canvassing', 'customer_service'] as const
export type CampaignPurpose = (typeof CAMPAIGN_PURPOSES)[number]
export const COMPLIANCE_PRESETS = ['FR', 'UK', 'BE', 'none'] as const

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM')
export const CallingWindow = z.strictObject({ from: hhmm, to: hhmm })

export const ComplianceRules = z.strictObject({
  /** Local windows when canvassing calls may be placed; null: any time. */
  callingWindows: z.array(CallingWindow).max(10).nullable(),
  /** ISO weekdays allowed (1 = Monday); null: every day. */
  weekdays: z.array(z.number().int().min(1).max(7)).max(7).nullable(),
  /** No canvassing calls on the center country's public holidays. */
  noPublicHolidays: z.boolean(),
  /** At most `count` canvassing calls to one consumer within `days` days from the first call; null: no cap. */
  attemptCap: z.strictObject({ count: z.number().int().min(1).max(1000), days: z.number().int().min(1).max(366) }).nullable(),
  /**
   * Abandoned live calls ÷ live calls per campaign per local day (the "24 hours" — 23 or 25 on
   * DST days), at most `rate`; null: no cap.
   */
  abandonedCap: z.strictObject({ rate: z.number().min(0).max(1) }).nullable(),
})
export type ComplianceRules = z.infer<typeof ComplianceRules>

export const PRESETS: Record<(typeof COMPLIANCE_PRESETS)[number], ComplianceRules> = {
  FR: {
    callingWindows: [{ from: '10:00', to: '13:00' }, { from: '14:00', to: '20:00' }],
    weekdays: [1, 2, 3, 4, 5],
    noPublicHolidays: true,
    attemptCap: { count: 4, days: 30 },
    abandonedCap: null,
  },
  UK: { callingWindows: null, weekdays: null, noPublicHolidays: false, attemptCap: null, abandonedCap: { rate: 0.03 } },
  BE: { callingWindows: null, weekdays: null, noPublicHolidays: false, attemptCap: null, abandonedCap: null },
  none: { callingWindows: null, weekdays: null, noPublicHolidays: false, attemptCap: null, abandonedCap: null },
}

/** A center's `compliance` section. */
export const ComplianceConfig = z.strictObject({
  /** One preset or several combined (e.g. [FR, UK]); later rules override earlier ones field by field. */
  presets: z.array(z.enum(COMPLIANCE_PRESETS)).max(4).default([]),
  /** Overrides of single rules over the presets. */
  rules: ComplianceRules.partial().optional(),
  /** Dispositions of an outbound contact.abandoned meaning "the consumer answered, no agent came" (abandoned/silent call). */
  abandonedDispositions: z.array(z.string().min(1).max(64)).max(20).default(['abandoned', 'silent', 'dropped']),
  campaigns: z
    .array(z.strictObject({ id: z.string().min(1).max(128), name: z.string().min(1).optional(), purpose: z.enum(CAMPAIGN_PURPOSES) }))
    .max(1000)
    .default([]),
})
export type ComplianceConfig = z.infer<typeof ComplianceConfig>

/** The rules in force: presets merged in order, then the overrides (a preset's null never erases an earlier rule). */
export function resolveRules(cfg: ComplianceConfig): ComplianceRules {
  let r: ComplianceRules = { ...PRESETS.none }
  for (const p of cfg.presets) {
    const pr = PRESETS[p]
    r = {
      callingWindows: pr.callingWindows ?? r.callingWindows,
      weekdays: pr.weekdays ?? r.weekdays,
      noPublicHolidays: pr.noPublicHolidays || r.noPublicHolidays,
      attemptCap: pr.attemptCap ?? r.attemptCap,
      abandonedCap: pr.abandonedCap ?? r.abandonedCap,
    }
  }
  return { ...r, ...Object.fromEntries(Object.entries(cfg.rules ?? {}).filter(([, v]) => v !== undefined)) }
}

/** A campaign's purpose; an unconfigured campaign is checked as canvassing (the strict reading) and flagged. */
export function campaignPurpose(cfg: ComplianceConfig, campaignId: string | null): { purpose: CampaignPurpose; configured: boolean } {
  const c = campaignId ? cfg.campaigns.find((x) => x.id === campaignId) : undefined
  return c ? { purpose: c.purpose, configured: true } : { purpose: 'canvassing', configured: false }
}
