/**
 * Outbound compliance from a real embedded store (lib/compliance/query): dial attempts and the
 * disposition of their abandon events read back and checked. Hand count below.
 *
 * Center ob-paris (Europe/Paris, presets FR + UK), campaign "prospect" (canvassing),
 * "renewal" (existing-customer service). Monday 2026-03-30 (CEST, UTC+2):
 *   cust-1: 5 prospect calls 08:30Z…12:30Z hourly (10:30 … 14:30 local; the 11:30Z one is
 *           13:30 local, in the lunch gap) → 1 outside hours; 5 calls in 30 days → over the cap.
 *   cust-2: prospect call at 18:30Z (20:30 local) → outside hours, abandoned with disposition
 *           "abandoned" (live) → prospect on 03-30: live = 5 answered + 1 abandoned = 6,
 *           abandoned 1 → 16.7 % > 3 %.
 *   cust-3: renewal call at 19:00Z (21:00 local) → not checked (service); no_answer → not live.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { freshStore } from '../helpers/store'
import type { PlateauEvent } from '@/ingest/events'

const CONFIG = `
version: 1
centers:
  - id: ob-paris
    name: Outbound Paris
    reportingLine: sales
    sourcing: in_house
    timezone: Europe/Paris
    compliance:
      presets: [FR, UK]
      campaigns:
        - { id: prospect, purpose: canvassing }
        - { id: renewal, purpose: customer_service }
`

let compliance: typeof import('@/lib/compliance/query')
let n = 0
function dial(iso: string, customer: string, campaign: string, result: 'answered' | string): PlateauEvent[] {
  const id = `ob-${++n}`
  const t = Date.parse(iso)
  const base = { center_id: 'ob-paris', v: 1 as const }
  const q = { ...base, event_id: `${id}-q`, type: 'contact.queued', ts: iso, contact_id: id, queue_id: 'ob', channel: 'voice', direction: 'outbound', customer_id: customer, campaign_id: campaign }
  const end =
    result === 'answered'
      ? { ...base, event_id: `${id}-a`, type: 'contact.answered', ts: new Date(t + 5000).toISOString(), contact_id: id, queue_id: 'ob', agent_id: 'ag' }
      : { ...base, event_id: `${id}-x`, type: 'contact.abandoned', ts: new Date(t + 5000).toISOString(), contact_id: id, queue_id: 'ob', disposition: result }
  return [q, end] as PlateauEvent[]
}

beforeAll(async () => {
  await freshStore('plateau-compliance-')
  const { setConfigOverride } = await import('@/lib/config')
  setConfigOverride(CONFIG)
  const { insertBatch } = await import('@/ingest/sink')
  const { toRow } = await import('@/ingest/rows')
  const evs = [
    ...[8, 9, 10, 11, 12].flatMap((h) => dial(`2026-03-30T${String(h).padStart(2, '0')}:30:00.000Z`, 'cust-1', 'prospect', 'answered')),
    ...dial('2026-03-30T18:30:00.000Z', 'cust-2', 'prospect', 'abandoned'),
    ...dial('2026-03-30T19:00:00.000Z', 'cust-3', 'renewal', 'no_answer'),
  ]
  await insertBatch({ events: evs.map((e) => toRow(e, Date.now())), deadLetters: [] })
  compliance = await import('@/lib/compliance/query')
}, 120_000)

describe('centerCompliance', () => {
  it('finds the hand-counted violations in the store', async () => {
    const r = await compliance.centerCompliance('ob-paris', Date.parse('2026-03-01T00:00:00Z'), Date.parse('2026-04-01T00:00:00Z'))
    expect(r.configured).toBe(true)
    expect(r.attempts).toBe(7)
    expect(r.outsideHours.map((v) => [v.customerId, v.local, v.reason])).toEqual([
      ['cust-1', '2026-03-30 13:30:00', 'outside_hours'],
      ['cust-2', '2026-03-30 20:30:00', 'outside_hours'],
    ])
    expect(r.overCap.map((v) => [v.customerId, v.attempts])).toEqual([['cust-1', 5]])
    expect(r.abandoned.map((d) => [d.campaignId, d.date, d.live, d.abandoned, d.over])).toEqual([
      ['prospect', '2026-03-30', 6, 1, true],
    ])
  })

  it('an unconfigured center is checked against no rules but still read', async () => {
    const r = await compliance.centerCompliance('nowhere', Date.parse('2026-03-01T00:00:00Z'), Date.parse('2026-04-01T00:00:00Z'))
    expect(r).toMatchObject({ configured: false, attempts: 0, outsideHours: [], overCap: [], abandoned: [] })
  })
})
