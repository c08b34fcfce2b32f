/**
 * Every response bounded (issue 14, "one request can build a response of hundreds of MB"),
 * through the real route handlers and a real embedded ClickHouse, as the supervisor of A:
 *   - the row budget is checked before the main query: an answer estimated over
 *     PLATEAU_MAX_RESPONSE_CELLS is a 422 saying how to narrow, the same request with fewer
 *     keys is answered;
 *   - a JSON body over PLATEAU_MAX_RESPONSE_BYTES is a 422, never sent;
 *   - a statement stopped by the engine's time limit (max_execution_time) is a 503, not a 500.
 *
 * Data: 5 agents of paris-sales on 2026-11-10, each with one answered contact at the start
 * of 4 different 15-minute intervals (09:00, 09:15, 09:30, 09:45) → 5 × 4 = 20 (agent,
 * interval15) groups.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { CENTER_A, TEST_ORIGIN, useTestAuth, type TestAuth } from '../helpers/auth'
import { freshStore } from '../helpers/store'
import { answeredContact, insert, paris } from './kpi-fixtures'

const CONFIG = `
version: 1
defaults:
  timezone: Europe/Paris
  currency: EUR
centers:
  - id: ${CENTER_A}
    name: Paris Ventes
    reportingLine: sales
    sourcing: in_house
    timezone: Europe/Paris
    queues:
      - { id: sales-orders-voice, channel: voice, direction: inbound }
`
type Handler = (req: Request, ctx: unknown) => Promise<Response>
const ctx = { params: Promise.resolve({}) }
let auth: TestAuth
let kpisGET: Handler

const D = '2026-11-10'
const AGENTS = 5
const SLOTS = ['09:00', '09:15', '09:30', '09:45']
const GROUPS = AGENTS * SLOTS.length // 20
const DAY = { window: 'custom', from: `${D}T00:00:00+01:00`, to: '2026-11-11T00:00:00+01:00', groupBy: 'agent,interval15' }

async function get(params: Record<string, string>): Promise<Response> {
  const { NextRequest } = await import('next/server')
  const url = new URL(`/api/kpis?${new URLSearchParams(params)}`, TEST_ORIGIN)
  return kpisGET(new NextRequest(url, { headers: await auth.headers('supervisor') }), ctx)
}

beforeAll(async () => {
  process.env.PLATEAU_DEMO = '0'
  process.env.PLATEAU_FACTS_REFRESH_MS = '0'
  await freshStore('plateau-bounds-')
  const { setConfigOverride } = await import('@/lib/config')
  setConfigOverride(CONFIG)
  auth = await useTestAuth()
  kpisGET = (await import('@/app/api/kpis/route')).GET as Handler
  const events = []
  for (let a = 1; a <= AGENTS; a++) {
    for (const [i, slot] of SLOTS.entries()) {
      const t = (s: string) => paris(D, `${slot}:${s}`)
      events.push(
        ...answeredContact(CENTER_A, `c-${a}-${i}`, { queue: 'sales-orders-voice', queued: t('00'), answered: t('05'), agent: `agent-${a}`, ended: t('50'), talk: 40, hold: 0, wrapped: t('55'), wrap: 5 }),
      )
    }
  }
  await insert(events)
})

describe('row budget, before the main query', () => {
  it('over the cell budget → 422 saying how to narrow; within it → 200 with the rows estimated', async () => {
    // 20 groups × 3 keys = 60 cells within a budget of 50 × 3 = 150 …
    process.env.PLATEAU_MAX_RESPONSE_CELLS = String(50 * 3)
    try {
      const ok = await get({ ...DAY, keys: 'offered,handled,aht' })
      expect(ok.status).toBe(200)
      const body = (await ok.json()) as { rows: unknown[] }
      expect(body.rows).toHaveLength(GROUPS)
      // … but every KPI (dozens of keys) for the same 20 groups is over it.
      const res = await get(DAY)
      expect(res.status).toBe(422)
      const err = (await res.json()) as { error: string; message: string }
      expect(err.error).toBe('too_large')
      expect(err.message).toMatch(/about 20 rows/)
      expect(err.message).toMatch(/fewer groupBy dimensions.*shorter window.*coarser interval/)
    } finally {
      delete process.env.PLATEAU_MAX_RESPONSE_CELLS
    }
  })

  it('the issue’s probe shape (agent × interval15 over a month, every KPI) is refused under the default budget only when the data makes it large', async () => {
    const month = { window: 'custom', from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z', groupBy: 'agent,interval15' }
    const res = await get(month)
    // 20 groups × every key is far below the default 250 000 cells: answered.
    expect(res.status).toBe(200)
    expect(((await res.json()) as { rows: unknown[] }).rows).toHaveLength(GROUPS)
  })
})

describe('byte cap on JSON responses', () => {
  it('a body over PLATEAU_MAX_RESPONSE_BYTES → 422, not the body', async () => {
    const small = await get({ ...DAY, keys: 'offered' })
    const bytes = (await small.text()).length
    process.env.PLATEAU_MAX_RESPONSE_BYTES = String(bytes - 1)
    try {
      const res = await get({ ...DAY, keys: 'offered' })
      expect(res.status).toBe(422)
      const err = (await res.json()) as { error: string; message: string }
      expect(err.message).toContain(`${bytes} bytes`)
    } finally {
      delete process.env.PLATEAU_MAX_RESPONSE_BYTES
    }
  })
})

describe('engine time limit', () => {
  it('a statement stopped by max_execution_time → 503 query_timeout through the guard (not a 500)', async () => {
    const { withAuth } = await import('@/lib/auth/guard')
    const { queryRows } = await import('@/lib/clickhouse')
    // ~5 s of work in 1-row blocks, stopped after 1 s by the engine.
    const slow = withAuth('live', async () => {
      await queryRows('SELECT sleepEachRow(0.5) FROM numbers(10) SETTINGS max_block_size = 1', {}, { timeoutS: 1 })
      return Response.json({ ok: true })
    })
    const { NextRequest } = await import('next/server')
    const res = await slow(new NextRequest(new URL('/api/x', TEST_ORIGIN), { headers: await auth.headers('supervisor') }), ctx)
    expect(res.status).toBe(503)
    expect(((await res.json()) as { error: string }).error).toBe('query_timeout')
  })

  it("neither the limit nor the stopped statement's rows leak into the next statement (embedded engine: session SETs, shared result buffer)", async () => {
    const { queryRows } = await import('@/lib/clickhouse')
    await expect(queryRows('SELECT sleepEachRow(0.5) FROM numbers(4) SETTINGS max_block_size = 1', {}, { timeoutS: 0 })).resolves.toHaveLength(4)
  })
})
