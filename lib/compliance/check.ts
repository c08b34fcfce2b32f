/**
 * Outbound compliance checks (pure): given a center's outbound dial attempts and its rules,
 * the calls placed outside allowed hours, the consumers over the attempt cap and the
 * abandoned-call rate per campaign and local day. See docs/compliance.md.
 */
import 'server-only'
import { holidayOn, isoDate, isoWeekday, type HolidayCountry } from '../forecast/calendar'
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
const pad2 = (n: number) => String(n).padStart(2, '0')

type Local = { date: string; dayNumber: number; weekday: number; min: number; second: number }

function local(ts: number, tz: string): Local {
  const p = localParts(ts, tz)
  const date = isoDate(p.year, p.month, p.day)
  return { date, dayNumber: Date.UTC(p.year, p.month - 1, p.day) / 86_400_000, weekday: isoWeekday(date), min: p.hour * 60 + p.minute, second: p.second }
}

const localText = (l: Local) => `${l.date} ${pad2(Math.floor(l.min / 60))}:${pad2(l.min % 60)}:${pad2(l.second)}`

export function checkCompliance(
  attempts: readonly OutboundAttempt[],
  opts: { rules: ComplianceRules; config: ComplianceConfig; tz: string; country: HolidayCountry | null },
): ComplianceResult {
  const { rules, config, tz, country } = opts
  const sorted = [...attempts].sort((a, b) => a.ts - b.ts || a.contactId.localeCompare(b.contactId))
  // Each call's local time, once: tens of thousands of calls a month in a center.
  const locals = sorted.map((a) => local(a.ts, tz))
  const windows = rules.callingWindows?.map((w) => ({ from: minutes(w.from), to: minutes(w.to) })) ?? null
  const unconfigured = new Set<string>()
  const outsideHours: HoursViolation[] = []
  const byCustomer = new Map<string, number[]>()
  const withoutCustomerId: OutboundAttempt[] = []
  sorted.forEach((a, i) => {
    const { purpose, configured } = campaignPurpose(config, a.campaignId)
    if (!configured) unconfigured.add(a.campaignId ?? '')
    if (purpose !== 'canvassing') return
    const l = locals[i]!
    const base = () => ({ contactId: a.contactId, campaignId: a.campaignId, customerId: a.customerId, ts: a.ts, local: localText(l) })
    const holiday = rules.noPublicHolidays && country ? holidayOn(country, l.date) : null
    if (rules.weekdays && !rules.weekdays.includes(l.weekday)) outsideHours.push({ ...base(), reason: 'weekday' })
    else if (holiday) outsideHours.push({ ...base(), reason: 'public_holiday', holiday: holiday.name })
    else if (windows && !windows.some((w) => l.min >= w.from && l.min < w.to)) outsideHours.push({ ...base(), reason: 'outside_hours' })
    if (a.customerId) {
      const list = byCustomer.get(a.customerId)
      if (list) list.push(i)
      else byCustomer.set(a.customerId, [i])
    } else if (rules.attemptCap) withoutCustomerId.push(a)
  })

  const overCap: AttemptCapViolation[] = []
  if (rules.attemptCap) {
    const { count, days } = rules.attemptCap
    for (const [customerId, list] of byCustomer) {
      let i = 0
      while (i < list.length) {
        const start = locals[list[i]!]!.dayNumber
        let j = i
        while (j < list.length && locals[list[j]!]!.dayNumber - start < days) j++
        const window = list.slice(i, j).map((k) => sorted[k]!)
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
    sorted.forEach((a, i) => {
      if (a.outcome === 'not_connected') return
      const date = locals[i]!.date
      const k = `${a.campaignId ?? ''}\u0000${date}`
      const d = days.get(k) ?? { campaignId: a.campaignId, date, live: 0, abandoned: 0 }
      d.live++
      if (a.outcome === 'abandoned_live') d.abandoned++
      days.set(k, d)
    })
    for (const d of days.values()) {
      const rate = d.live ? d.abandoned / d.live : null
      abandoned.push({ ...d, rate, cap, over: rate !== null && rate > cap })
    }
    abandoned.sort((a, b) => (a.campaignId ?? '').localeCompare(b.campaignId ?? '') || a.date.localeCompare(b.date))
  }
  return { outsideHours, overCap, abandoned, unconfiguredCampaigns: [...unconfigured].sort(), withoutCustomerId }
}
