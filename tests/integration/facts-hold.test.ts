/**
 * A bulk writer's hold on contact facts (lib/queries/refreshContactFacts.ts holdContactFacts /
 * releaseContactFacts), against a real embedded store: while a prefix is held the refresh that
 * live screens wait for leaves those contacts out (so it never derives a back-filled day); the
 * release derives every one of them, and afterwards the refresh sees their late events again.
 *
 * Events (Paris, UTC+1), center hold-paris, queue hold-voice:
 *   live-1     today 09:00:00 queued, answered 09:00:10, wrapped 09:02:00   → offered + handled
 *   c-hist-1   the day before 10:00:00 queued, answered, wrapped           → offered + handled
 *   c-hist-2   the day before 11:00:00 queued, abandoned 11:00:40          → offered
 *   c-hist-1   survey the day before 10:30:00, inserted after the release  → + 1 survey row
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { answeredContact, ev, insert, kpiStore, paris } from './kpi-fixtures'

const CONFIG = `
version: 1
defaults:
  timezone: Europe/Paris
  currency: EUR
centers:
  - id: hold-paris
    name: Hold Paris
    reportingLine: customer_service
    sourcing: in_house
    timezone: Europe/Paris
    queues:
      - { id: hold-voice, channel: voice }
`
const C = 'hold-paris'
const DAY = '2026-11-10'
const TODAY = '2026-11-11'
const HIST = 'c-hist-'

let facts: typeof import('@/lib/queries/refreshContactFacts')
let queryRows: typeof import('@/lib/clickhouse').queryRows

/** Live fact rows per contact id (kind list), from contact_facts FINAL. */
async function factRows(): Promise<Record<string, string[]>> {
  const rows = await queryRows<{ contact_id: string; kinds: string[] }>(
    `SELECT contact_id, arraySort(groupArray(toString(kind))) AS kinds FROM contact_facts FINAL WHERE deleted = 0 GROUP BY contact_id ORDER BY contact_id`,
  )
  return Object.fromEntries(rows.map((r) => [r.contact_id, r.kinds]))
}

beforeAll(async () => {
  await kpiStore(CONFIG)
  facts = await import('@/lib/queries/refreshContactFacts')
  ;({ queryRows } = await import('@/lib/clickhouse'))
})

describe('holding contact facts for a bulk writer', () => {
  it('the refresh leaves held contacts out; the release derives them; late events are the refresh’s again', async () => {
    await facts.refreshContactFacts() // first run: watermark set on an empty store
    facts.holdContactFacts(HIST)
    facts.holdContactFacts(HIST) // two holders: one release is not enough
    await insert([
      ...answeredContact(C, 'live-1', { queue: 'hold-voice', queued: paris(TODAY, '09:00:00'), answered: paris(TODAY, '09:00:10'), agent: 'a1', ended: paris(TODAY, '09:01:40'), talk: 90, hold: 0, wrapped: paris(TODAY, '09:02:00'), wrap: 20 }),
      ...answeredContact(C, `${HIST}1`, { queue: 'hold-voice', queued: paris(DAY, '10:00:00'), answered: paris(DAY, '10:00:05'), agent: 'a1', ended: paris(DAY, '10:05:00'), talk: 295, hold: 0, wrapped: paris(DAY, '10:05:30'), wrap: 30 }),
      ev('contact.queued', C, paris(DAY, '11:00:00'), { contact_id: `${HIST}2`, queue_id: 'hold-voice', channel: 'voice', direction: 'inbound' }),
      ev('contact.abandoned', C, paris(DAY, '11:00:40'), { contact_id: `${HIST}2`, queue_id: 'hold-voice' }),
    ])
    await facts.refreshContactFacts()
    // live-1: queued → offered row, wrapped → handled row; the held ones: nothing yet
    expect(await factRows()).toEqual({ 'live-1': ['handled', 'offered'] })

    const from = Date.parse(paris(DAY, '00:00:00'))
    const to = Date.parse(paris(TODAY, '00:00:00'))
    expect(await facts.releaseContactFacts(HIST, { from, to })).toBe(0) // still held by the other holder
    await facts.refreshContactFacts()
    expect(Object.keys(await factRows())).toEqual(['live-1'])

    let between = 0
    expect(await facts.releaseContactFacts(HIST, { from, to, chunks: 3, between: async () => void between++ })).toBe(3)
    expect(between).toBe(3)
    // c-hist-1 answered and wrapped → offered + handled; c-hist-2 abandoned → offered only
    expect(await factRows()).toEqual({ 'c-hist-1': ['handled', 'offered'], 'c-hist-2': ['offered'], 'live-1': ['handled', 'offered'] })

    // no longer held: a late survey of c-hist-1 is picked up by the refresh
    await insert([ev('survey.completed', C, paris(DAY, '10:30:00'), { contact_id: `${HIST}1`, csat: 5 })])
    await facts.refreshContactFacts()
    expect((await factRows())['c-hist-1']).toEqual(['handled', 'offered', 'survey'])
  })
})
