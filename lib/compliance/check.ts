/**
 * Outbound compliance checks (pure): given a center's outbound dial attempts and its rules,
 * the calls placed outside allowed hours, the consumers over the attempt cap and the
 * abandoned-call rate per campaign and local day. See docs/compliance.md.
 */
import 'server-only'
import { holidayOn, isoDate, isoWeekday, daysBetween, type HolidayCountry } from '../forecast/calendar'
import { localParts } from '../kpi/time'
import { campaignPurpose, type ComplianceConfig, type ComplianceRules } from '../config/compliance'

/**
 * One outbound dial attempt. outcome: `answered` (connected to an agent), `abandoned_live`
 * (the consumer answered but no agent took the call: a silent/abandoned call),
 * `not_connected` (no answer, busy, voicemail…).
 */
export type OutboundAttempt = {
  contactId: string
  campaignId: string | null
  customerId: string | null
  ts: number
  outcome: 'answered' | 'abandoned_live' | 'not_connected'
}

export type HoursViolation = {
  contactId: string
  campaignId: string | null
  customerId: string | null
  ts: number
  /** Local date and time of the call. */
  local: string
  reason: 'weekday' | 'public_holiday' | 'outside_hours'
  holiday?: string
}

export type AttemptCapViolation = {
  customerId: string
  /** First call of the window over the cap, and every call in that window (epoch ms). */
  windowStart: number
  times: number[]
  contactIds: string[]
  attempts: number
  cap: number
}

export type AbandonedDay = {
  campaignId: string | null
  /** Local date. */
  date: string
  live: number
  abandoned: number
  /** abandoned ÷ live; null with no live call. */
  rate: number | null
  cap: number
  over: boolean
}

export type ComplianceResult = {
  outsideHours: HoursViolation[]
  overCap: AttemptCapViolation[]
  abandoned: AbandonedDay[]
  /** Campaigns seen without a configured purpose (checked as canvassing). */
  unconfiguredCampaigns: string[]
  /**
   * Canvassing calls without a customer id, which the attempt cap cannot count (empty without
   * an attempt-cap rule). With any, the cap is not fully checked: see attemptCapFigure.
   */
  withoutCustomerId: OutboundAttempt[]
}

/**
 * The attempt-cap figure to show: the consumers found over the cap, or null ("—", not checked)
 * when none were found but some calls had no customer id — a 0 would claim a check that could
 * not be made. With some found, the figure stands as a lower bound beside the unchecked count.
 */
export function attemptCapFigure(overCapConsumers: number, withoutCustomerId: number): number | null {
  return overCapConsumers === 0 && withoutCustomerId > 0 ? null : overCapConsumers
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

export function checkCompliance(
  attempts: readonly OutboundAttempt[],
  opts: { rules: ComplianceRules; config: ComplianceConfig; tz: string; country: HolidayCountry | null },
): ComplianceResult {
  const { rules, config, tz, country } = opts
  const sorted = [...attempts].sort((a, b) => a.ts - b.ts || a.contactId.localeCompare(b.contactId))
  const unconfigured = new Set<string>()
  const outsideHours: HoursViolation[] = []
  const byCustomer = new Map<string, OutboundAttempt[]>()
  const withoutCustomerId: OutboundAttempt[] = []
  const local = (ts: number) => {
    const p = localParts(ts, tz)
    return { date: isoDate(p.year, p.month, p.day), min: p.hour * 60 + p.minute, text: `${isoDate(p.year, p.month, p.day)} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}:${String(p.second).padStart(2, '0')}` }
  }
  for (const a of sorted) {
    const { purpose, configured } = campaignPurpose(config, a.campaignId)
    if (!configured) unconfigured.add(a.campaignId ?? '')
    if (purpose !== 'canvassing') continue
    const l = local(a.ts)
    const base = { contactId: a.contactId, campaignId: a.campaignId, customerId: a.customerId, ts: a.ts, local: l.text }
    const holiday = rules.noPublicHolidays && country ? holidayOn(country, l.date) : null
    if (rules.weekdays && !rules.weekdays.includes(isoWeekday(l.date))) outsideHours.push({ ...base, reason: 'weekday' })
    else if (holiday) outsideHours.push({ ...base, reason: 'public_holiday', holiday: holiday.name })
    else if (rules.callingWindows && !rules.callingWindows.some((w) => l.min >= minutes(w.from) && l.min < minutes(w.to))) {
      outsideHours.push({ ...base, reason: 'outside_hours' })
    }
    if (a.customerId) byCustomer.set(a.customerId, [...(byCustomer.get(a.customerId) ?? []), a])
    else if (rules.attemptCap) withoutCustomerId.push(a)
  }

  const overCap: AttemptCapViolation[] = []
  if (rules.attemptCap) {
    const { count, days } = rules.attemptCap
    for (const [customerId, list] of byCustomer) {
      let i = 0
      while (i < list.length) {
        const start = local(list[i]!.ts).date
        let j = i
        while (j < list.length && daysBetween(start, local(list[j]!.ts).date) < days) j++
        const window = list.slice(i, j)
        if (window.length > count) {
          overCap.push({ customerId, windowStart: window[0]!.ts, times: window.map((w) => w.ts), contactIds: window.map((w) => w.contactId), attempts: window.length, cap: count })
        }
        i = j
      }
    }
    overCap.sort((a, b) => a.customerId.localeCompare(b.customerId) || a.windowStart - b.windowStart)
  }

  const abandoned: AbandonedDay[] = []
  if (rules.abandonedCap) {
    const cap = rules.abandonedCap.rate
    const days = new Map<string, { campaignId: string | null; date: string; live: number; abandoned: number }>()
    for (const a of sorted) {
      if (a.outcome === 'not_connected') continue
      const date = local(a.ts).date
      const k = `${a.campaignId ?? ''}\u0000${date}`
      const d = days.get(k) ?? { campaignId: a.campaignId, date, live: 0, abandoned: 0 }
      d.live++
      if (a.outcome === 'abandoned_live') d.abandoned++
      days.set(k, d)
    }
    for (const d of days.values()) {
      const rate = d.live ? d.abandoned / d.live : null
      abandoned.push({ ...d, rate, cap, over: rate !== null && rate > cap })
    }
    abandoned.sort((a, b) => (a.campaignId ?? '').localeCompare(b.campaignId ?? '') || a.date.localeCompare(b.date))
  }
  return { outsideHours, overCap, abandoned, unconfiguredCampaigns: [...unconfigured].sort(), withoutCustomerId }
}
