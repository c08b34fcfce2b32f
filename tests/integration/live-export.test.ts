/**
 * The live drill-down's CSV (GET /api/live/contacts/export): all the contacts of the set, for
 * today, limited to the caller's centers, cells safe against formula injection, and refused to
 * those who may not export. Real embedded ClickHouse, events through the pipeline.
 */
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { PlateauEvent } from '@/lib/contract/events'
import { freshStore } from '../helpers/store'
import { CENTER_A, CENTER_B, useTestAuth, type TestAuth } from '../helpers/auth'

let auth: TestAuth
const now = Date.now()
const ev = (center: string, type: string, ts: number, f: Record<string, unknown>) =>
  ({ event_id: randomUUID(), type, ts: new Date(ts).toISOString(), center_id: center, v: 1, ...f }) as PlateauEvent
/** Contact ids a producer sent: one a spreadsheet would run as a formula. */
const A_ABANDONED = ['=HYPERLINK("http://evil.example","x")', 'a-2', 'a-3']

beforeAll(async () => {
  process.env.PLATEAU_DEMO = '0'
  process.env.PLATEAU_FACTS_REFRESH_MS = '0'
  await freshStore('plateau-live-export-')
  auth = await useTestAuth()
  const events: PlateauEvent[] = []
  A_ABANDONED.forEach((c, i) => {
    const t = now - 120_000 + i * 1000
    events.push(ev(CENTER_A, 'contact.queued', t, { contact_id: c, queue_id: 'qa', channel: 'voice', direction: 'inbound' }))
    events.push(ev(CENTER_A, 'contact.abandoned', t + 30_000, { contact_id: c, queue_id: 'qa' }))
  })
  // answered, not abandoned: not in the set
  events.push(ev(CENTER_A, 'contact.queued', now - 60_000, { contact_id: 'a-ok', queue_id: 'qa', channel: 'voice', direction: 'inbound' }))
  events.push(ev(CENTER_A, 'contact.answered', now - 55_000, { contact_id: 'a-ok', queue_id: 'qa', agent_id: 'ag' }))
  // another center's abandoned contact: never in A's export
  events.push(ev(CENTER_B, 'contact.queued', now - 60_000, { contact_id: 'b-1', queue_id: 'qb', channel: 'voice', direction: 'inbound' }))
  events.push(ev(CENTER_B, 'contact.abandoned', now - 30_000, { contact_id: 'b-1', queue_id: 'qb' }))
  const { ingestEvents } = await import('@/ingest/pipeline')
  await ingestEvents(events)
})

async function csv(role: Parameters<TestAuth['request']>[0], query: string): Promise<{ status: number; lines: string[] }> {
  const { GET } = await import('@/app/api/live/contacts/export/route')
  const res = await GET(await auth.request(role, `/api/live/contacts/export?${query}`), {})
  const text = await res.text()
  return { status: res.status, lines: text.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean) }
}

describe('live drill CSV export', () => {
  it("a manager of A gets A's 3 abandoned contacts (not the answered one, not B's), the formula neutralised", async () => {
    const { status, lines } = await csv('manager', 'set=abandoned&locale=en')
    expect(status).toBe(200)
    expect(lines).toHaveLength(1 + 3) // header + 3 rows
    const body = lines.slice(1).join('\n')
    for (const id of ['a-2', 'a-3']) expect(body).toContain(id)
    expect(body).not.toContain('a-ok')
    expect(body).not.toContain('b-1')
    // the formula id is written as text: a leading apostrophe, never a cell starting with "="
    expect(body).toContain(`'=HYPERLINK`)
    for (const l of lines.slice(1)) for (const cell of l.split(',')) expect(cell.replace(/^"/, '')).not.toMatch(/^=/)
  })

  it("asking for another center's contacts gives nothing of it", async () => {
    const { status, lines } = await csv('manager', `set=abandoned&centers=${CENTER_B}`)
    expect(status).toBe(200)
    expect(lines.slice(1).join('\n')).not.toContain('b-1')
  })

  it('supervisors (no export capability) are refused; bad parameters are a 400 naming them', async () => {
    expect((await csv('supervisor', 'set=abandoned')).status).toBe(403)
    const bad = await csv('manager', 'set=nope')
    expect(bad.status).toBe(400)
    expect(bad.lines.join('')).toMatch(/set/)
  })
})
