/**
 * Wall boards and the live view against a real embedded store, through the real route
 * handlers: a board is computed once per tick however many screens poll it (100 concurrent
 * requests → one computation, identical figures), and every figure is the KPI engine's own
 * (same numbers as getKpis / listContacts for the same scope, and as counted by hand here).
 */
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { PlateauEvent } from '@/ingest/events'
import { freshStore } from '../helpers/store'
import { useTestAuth, type TestAuth } from '../helpers/auth'

const CENTER = 'it-board-center'
const BOARDS = `
version: 1
boards:
  - id: it-board
    title: Integration board
    centers: [${CENTER}]
    locale: en
    tiles: [waiting_now, longest_wait_now, offered, abandoned, abandonment_rate, service_level, { panel: queues, span: 2 }]
  - id: it-queue-board
    title: One queue
    centers: [${CENTER}]
    queues: [q-voice]
    tiles: [offered, occupancy, { panel: agents_by_state }]
`
let auth: TestAuth
const now = Date.now()
const abandonedIds: string[] = []

function ev(type: string, ts: number, f: Record<string, unknown>): PlateauEvent {
  return { event_id: randomUUID(), type, ts: new Date(ts).toISOString(), center_id: CENTER, v: 1, ...f } as PlateauEvent
}

beforeAll(async () => {
  process.env.PLATEAU_DEMO = '0'
  process.env.PLATEAU_FACTS_REFRESH_MS = '0'
  await freshStore('plateau-boards-')
  auth = await useTestAuth()
  const { setBoardsOverride } = await import('@/lib/boards/load')
  setBoardsOverride(BOARDS)
  const t0 = now - 60_000
  const events: PlateauEvent[] = []
  // 10 offered on q-voice: 4 abandoned (waits 3, 10, 20, 30 s), 4 handled (waits 5 s), 2 still waiting
  ;[3, 10, 20, 30].forEach((w, i) => {
    const c = `ab-${i}`
    abandonedIds.push(c)
    events.push(ev('contact.queued', t0 + i * 1000, { contact_id: c, queue_id: 'q-voice', channel: 'voice', direction: 'inbound' }))
    events.push(ev('contact.abandoned', t0 + i * 1000 + w * 1000, { contact_id: c, queue_id: 'q-voice' }))
  })
  for (let i = 0; i < 4; i++) {
    const c = `ok-${i}`
    const q = t0 + 5000 + i * 1000
    events.push(ev('contact.queued', q, { contact_id: c, queue_id: 'q-voice', channel: 'voice', direction: 'inbound' }))
    events.push(ev('contact.answered', q + 5000, { contact_id: c, queue_id: 'q-voice', agent_id: 'a1' }))
    events.push(ev('contact.ended', q + 25_000, { contact_id: c, agent_id: 'a1', talk_s: 20, hold_s: 0 }))
    events.push(ev('contact.wrapped', q + 30_000, { contact_id: c, agent_id: 'a1', wrap_s: 5 }))
  }
  for (let i = 0; i < 2; i++) events.push(ev('contact.queued', now - 10_000 - i * 1000, { contact_id: `w-${i}`, queue_id: 'q-voice', channel: 'voice', direction: 'inbound' }))
  events.push(ev('agent.state', now - 50_000, { agent_id: 'a1', state: 'available' }))
  const { ingestEvents } = await import('@/ingest/pipeline')
  await ingestEvents(events)
})

describe('board data API', () => {
  it('100 screens polling one board → at most one computation per tick, the same figures for all', async () => {
    const { GET } = await import('@/app/api/boards/[boardId]/route')
    const { snapshotCache, TICK_MS } = await import('@/lib/boards/snapshot')
    const { token } = await auth.displayToken('it-board')
    const poll = async () => GET(await auth.request(null, '/api/boards/it-board', { headers: { 'x-display-token': token } }), { params: Promise.resolve({ boardId: 'it-board' }) })
    expect((await poll()).status).toBe(200) // warm
    const before = snapshotCache.stats.computations
    const t0 = Date.now()
    let requests = 0
    for (let round = 0; round < 3; round++) {
      const responses = await Promise.all(Array.from({ length: 100 }, poll))
      requests += responses.length
      expect(responses.map((r) => r.status)).toEqual(Array(100).fill(200))
      const bodies = await Promise.all(responses.map((r) => r.json() as Promise<{ generatedAt: number; kpis: Record<string, { value: number | null }> }>))
      // one round = 100 screens at the same moment: one snapshot (two if a tick boundary falls inside)
      expect(new Set(bodies.map((b) => b.generatedAt)).size).toBeLessThanOrEqual(2)
      expect(new Set(bodies.map((b) => JSON.stringify(b.kpis))).size).toBeLessThanOrEqual(2)
      await new Promise((r) => setTimeout(r, 1000))
    }
    const computations = snapshotCache.stats.computations - before
    const ticks = Math.ceil((Date.now() - t0) / TICK_MS) + 1
    expect(requests).toBe(300)
    expect(computations).toBeGreaterThanOrEqual(1)
    expect(computations).toBeLessThanOrEqual(ticks) // bounded by time, not by the 300 requests
  })

  it('figures are the engine’s: equal to getKpis for the same scope, and to a count by hand', async () => {
    const { GET } = await import('@/app/api/boards/[boardId]/route')
    const { getKpis } = await import('@/lib/queries')
    const res = await GET(await auth.request('admin', '/api/boards/it-board'), { params: Promise.resolve({ boardId: 'it-board' }) })
    const body = (await res.json()) as { kpis: Record<string, { value: number | null; target: number | null; status: string | null }>; queues: { queueId: string; kpis: Record<string, { value: number | null }> }[] }
    // by hand: 10 offered, 4 abandoned, 2 waiting now; abandonment 4/10
    expect(body.kpis.offered!.value).toBe(10)
    expect(body.kpis.abandoned!.value).toBe(4)
    expect(body.kpis.waiting_now!.value).toBe(2)
    expect(body.kpis.abandonment_rate!.value).toBeCloseTo(0.4, 10)
    expect(body.queues.map((q) => q.queueId)).toEqual(['q-voice'])
    expect(body.queues[0]!.kpis.waiting_now!.value).toBe(2)
    const engine = await getKpis({ window: { kind: 'today' }, keys: ['offered', 'abandoned', 'abandonment_rate', 'service_level'], maxLagMs: 0 }, [CENTER])
    for (const k of engine.rows[0]!.kpis) {
      expect(body.kpis[k.key]!.value, k.key).toBe(k.value)
      expect(body.kpis[k.key]!.target, k.key).toBe(k.target)
      expect(body.kpis[k.key]!.status, k.key).toBe(k.status)
    }
  })

  it('a board limited to a queue still shows its centers’ agents (agents are not tied to a queue)', async () => {
    const { GET } = await import('@/app/api/boards/[boardId]/route')
    const res = await GET(await auth.request('admin', '/api/boards/it-queue-board'), { params: Promise.resolve({ boardId: 'it-queue-board' }) })
    const body = (await res.json()) as { kpis: Record<string, { value: number | null }> }
    expect(body.kpis.offered!.value).toBe(10)
    expect(body.kpis.agents_available!.value).toBe(1)
    expect(body.kpis.agents_logged_in!.value).toBe(1)
    expect(body.kpis.occupancy!.value).not.toBeNull()
  })

  it('unknown boards are 404 after the access check; bad parameters are 400', async () => {
    const { GET } = await import('@/app/api/boards/[boardId]/route')
    const r = await GET(await auth.request('admin', '/api/boards/nope'), { params: Promise.resolve({ boardId: 'nope' }) })
    expect(r.status).toBe(404)
    const live = await import('@/app/api/live/route')
    const bad = await live.GET(await auth.request('admin', '/api/live?channels=fax'), {})
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { message: string }).message).toMatch(/channels/)
  })
})

describe('live view API', () => {
  it('drill-down lists exactly the abandoned contacts, paginated', async () => {
    const { GET } = await import('@/app/api/live/contacts/route')
    const page = async (n: number) =>
      (await (await GET(await auth.request('admin', `/api/live/contacts?set=abandoned&centers=${CENTER}&page=${n}&pageSize=3`), {})).json()) as {
        total: number
        rows: { contactId: string; waitS: number }[]
      }
    const p1 = await page(1)
    const p2 = await page(2)
    expect(p1.total).toBe(4)
    expect(p1.rows).toHaveLength(3)
    expect(p2.rows).toHaveLength(1)
    expect([...p1.rows, ...p2.rows].map((r) => r.contactId).sort()).toEqual([...abandonedIds].sort())
    expect([...p1.rows, ...p2.rows].map((r) => Math.round(r.waitS)).sort((a, b) => a - b)).toEqual([3, 10, 20, 30])
  })

  it('the live snapshot has tiles, queue rows, agents and staffing for the scope, and nothing outside it', async () => {
    const { GET } = await import('@/app/api/live/route')
    const res = await GET(await auth.request('admin', `/api/live?centers=${CENTER}`), {})
    expect(res.status).toBe(200)
    const b = (await res.json()) as {
      kpis: Record<string, { value: number | null }>
      queues: { centerId: string; queueId: string }[]
      agents: { agentId: string; state: string; handledToday: number | null; ahtS: number | null }[]
      staffing: { queueId: string; needed: { value: number | null } }[]
      trends: Record<string, { values: (number | null)[] }>
    }
    expect(b.kpis.abandoned!.value).toBe(4)
    expect(b.kpis.aht!.value).toBe(25) // (20 talk + 0 hold + 5 ACW) per handled contact
    expect(b.queues.every((q) => q.centerId === CENTER)).toBe(true)
    expect(b.agents).toEqual([expect.objectContaining({ agentId: 'a1', state: 'available', handledToday: 4, ahtS: 25 })])
    expect(b.staffing.map((s) => s.queueId)).toContain('q-voice')
    expect(b.trends.waiting_now!.values.at(-1)).toBe(2)
    // a supervisor of another center gets nothing of this one
    const sup = await GET(await auth.request('supervisor', `/api/live?centers=${CENTER}`), {})
    expect(JSON.stringify(await sup.json())).not.toContain(CENTER)
  })
})
