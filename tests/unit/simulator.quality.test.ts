/**
 * Quality and outcomes behave like a real floor: CSAT/NPS depend on wait and resolution,
 * e-mailed surveys come back hours later, unresolved contacts bring the same customer back,
 * outcomes belong to the right reporting lines, e-mail waits long but is never abandoned.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { PlateauEvent } from '@/lib/contract/events'
import { loadScenario, type Scenario } from '@/simulator/scenario'
import { collect } from '@/simulator/testkit'
import { parseWhen } from '@/simulator/when'

let sc: Scenario
let events: PlateauEvent[]
const t = (e: PlateauEvent) => Date.parse(e.ts)
type C = { center: string; queue: string; channel: string; direction: string; customer?: string; queued: number; answered?: number; wrapped?: number; resolved?: boolean; outcome?: string; revenue?: number; abandoned?: boolean; csat?: number; nps?: number; surveyAt?: number }
const contacts = new Map<string, C>()

beforeAll(() => {
  sc = loadScenario('scenarios/default.yaml')
  events = collect(sc, parseWhen('2026-09-14', 'Europe/Paris'), parseWhen('2026-09-19', 'Europe/Paris'), 77).events // Mon–Fri
  for (const e of events) {
    if (e.type === 'contact.queued')
      contacts.set(e.contact_id, { center: e.center_id, queue: e.queue_id, channel: e.channel, direction: e.direction, customer: e.customer_id, queued: t(e) })
    const c = e.type !== 'agent.state' ? contacts.get(e.contact_id) : undefined
    if (!c) continue
    if (e.type === 'contact.answered' && c.answered === undefined) c.answered = t(e)
    if (e.type === 'contact.abandoned') c.abandoned = true
    if (e.type === 'contact.wrapped' && e.resolved !== undefined) Object.assign(c, { wrapped: t(e), resolved: e.resolved, outcome: e.outcome, revenue: e.revenue })
    if (e.type === 'survey.completed') Object.assign(c, { csat: e.csat, nps: e.nps, surveyAt: t(e) })
  }
}, 30_000)

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length

describe('simulator quality and outcomes', () => {
  it('CSAT is higher when resolved and when the wait was short; NPS follows', () => {
    const surveyed = [...contacts.values()].filter((c) => c.csat !== undefined && c.channel === 'voice')
    expect(surveyed.length).toBeGreaterThan(1000)
    const res = surveyed.filter((c) => c.resolved).map((c) => c.csat!)
    const unres = surveyed.filter((c) => !c.resolved).map((c) => c.csat!)
    expect(mean(res) - mean(unres)).toBeGreaterThan(0.8)
    const short = surveyed.filter((c) => c.resolved && c.answered! - c.queued < 15_000).map((c) => c.csat!)
    const long = surveyed.filter((c) => c.resolved && c.answered! - c.queued > 90_000).map((c) => c.csat!)
    expect(long.length).toBeGreaterThan(30)
    expect(mean(short) - mean(long)).toBeGreaterThan(0.3)
    for (const c of surveyed) expect(c.csat! >= 1 && c.csat! <= 5 && Number.isInteger(c.csat)).toBe(true)
    const withNps = surveyed.filter((c) => c.nps !== undefined)
    const nps = (xs: C[]) => (100 * (xs.filter((c) => c.nps! >= 9).length - xs.filter((c) => c.nps! <= 6).length)) / xs.length
    expect(nps(withNps.filter((c) => c.resolved))).toBeGreaterThan(nps(withNps.filter((c) => !c.resolved)) + 30)
    // overall satisfaction is plausible: mean CSAT between 3 and 4.6
    expect(mean(surveyed.map((c) => c.csat!))).toBeGreaterThan(3)
    expect(mean(surveyed.map((c) => c.csat!))).toBeLessThan(4.6)
  })

  it('voice surveys come minutes after the call, e-mailed surveys hours later', () => {
    const delay = (ch: string) =>
      [...contacts.values()].filter((c) => c.surveyAt !== undefined && c.channel === ch).map((c) => c.surveyAt! - c.wrapped!).sort((a, b) => a - b)
    const v = delay('voice')
    const m = delay('email')
    expect(m.length).toBeGreaterThan(20)
    expect(v[Math.floor(v.length / 2)]!).toBeLessThan(5 * 60_000)
    expect(m[Math.floor(m.length / 2)]!).toBeGreaterThan(60 * 60_000)
  })

  it('unresolved contacts bring the same customer back more often than resolved ones (FCR)', () => {
    const byCustomer = new Map<string, C[]>()
    for (const c of contacts.values()) if (c.direction === 'inbound' && c.customer) (byCustomer.get(c.customer) ?? byCustomer.set(c.customer, []).get(c.customer)!).push(c)
    let resolvedBack = 0
    let resolvedN = 0
    let unresolvedBack = 0
    let unresolvedN = 0
    for (const list of byCustomer.values()) {
      list.sort((a, b) => a.queued - b.queued)
      list.forEach((c, i) => {
        if (c.resolved === undefined || c.wrapped! > parseWhen('2026-09-17', 'Europe/Paris')) return
        const back = list.slice(i + 1).some((n) => n.queue === c.queue && n.queued - c.wrapped! < 3 * 86_400_000)
        if (c.resolved) {
          resolvedN++
          if (back) resolvedBack++
        } else {
          unresolvedN++
          if (back) unresolvedBack++
        }
      })
    }
    expect(unresolvedN).toBeGreaterThan(1000)
    expect(unresolvedBack / unresolvedN).toBeGreaterThan(0.2)
    expect(unresolvedBack / unresolvedN).toBeGreaterThan((5 * resolvedBack) / resolvedN)
  })

  it('outcomes belong to their reporting lines: sales with revenue, leads, retention saves, complaints', () => {
    const line = new Map(sc.centers.map((c) => [c.id, c.reportingLine]))
    const count = (f: (c: C) => boolean) => [...contacts.values()].filter(f).length
    const sales = [...contacts.values()].filter((c) => c.outcome === 'sale')
    expect(sales.length).toBeGreaterThan(500)
    for (const s of sales) {
      expect(line.get(s.center)).toBe('sales')
      expect(s.revenue).toBeGreaterThan(0)
    }
    expect(mean(sales.map((s) => s.revenue!))).toBeGreaterThan(50)
    expect(count((c) => c.outcome === 'lead' && line.get(c.center) !== 'marketing')).toBe(0)
    expect(count((c) => c.outcome === 'lead')).toBeGreaterThan(500)
    expect(count((c) => c.outcome === 'retention_saved' && c.center !== 'bruxelles-care')).toBe(0)
    expect(count((c) => c.outcome === 'retention_saved')).toBeGreaterThan(50)
    expect(count((c) => c.outcome === 'complaint' && c.queue === 'complaints-voice')).toBeGreaterThan(count((c) => c.outcome === 'complaint' && c.queue === 'care-voice') / 3)
    // outbound: campaigns convert at a lower rate than the inbound orders line
    const rate = (q: string) => count((c) => c.queue === q && c.outcome === 'sale') / count((c) => c.queue === q && c.outcome !== undefined)
    expect(rate('sales-orders-voice')).toBeGreaterThan(rate('sales-outbound') * 1.5)
  })

  it('e-mail is deferred work: long waits, never abandoned; chat and voice callers do abandon', () => {
    const email = [...contacts.values()].filter((c) => c.channel === 'email')
    expect(email.some((c) => c.abandoned)).toBe(false)
    const waits = email.filter((c) => c.answered).map((c) => c.answered! - c.queued)
    expect(waits.filter((w) => w > 3_600_000).length / waits.length).toBeGreaterThan(0.2)
    expect([...contacts.values()].filter((c) => c.channel === 'voice' && c.direction === 'inbound' && c.abandoned).length).toBeGreaterThan(100)
    expect([...contacts.values()].filter((c) => c.channel === 'chat' && c.abandoned).length).toBeGreaterThan(10)
  })
})
