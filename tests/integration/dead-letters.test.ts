/**
 * GET /api/admin/dead-letters (issue 18 item 11) on the real embedded store: refused messages
 * listed newest first with reason, time, source and raw text; filters by time, source and
 * text; CSV export with hostile raw text made inert; admin only; bad filters → 400.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { useTestAuth, type TestAuth } from '../helpers/auth'

vi.mock('next/headers', () => ({
  headers: async () => new Headers(),
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false }),
}))

let auth: TestAuth
type Handler = (req: Request, ctx: unknown) => Promise<Response>
let GET: Handler
const ctx = { params: Promise.resolve({}) }

const HOSTILE = '=HYPERLINK("http://evil.example","x")<script>alert(1)</script>\u0007'
const LONG = `{"center_id":"paris-sales","pad":"${'x'.repeat(5000)}"}`
type Listed = { total: number; sources: string[]; rows: Array<{ receivedAt: string; source: string; reason: string; raw: string; rawLength: number; offset: number }> }

beforeAll(async () => {
  const fs = await import('node:fs')
  const os = await import('node:os')
  const path = await import('node:path')
  process.env.PLATEAU_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-deadletters-'))
  process.env.PLATEAU_DEMO = '0'
  delete process.env.CLICKHOUSE_URL
  const { migrate } = await import('@/lib/migrate')
  await migrate()
  auth = await useTestAuth()
  const { insertBatch } = await import('@/ingest/sink')
  const { chTime } = await import('@/ingest/rows')
  const dl = (at: string, source: string, raw: string, reason: string, offset: number) => ({ received_at: chTime(Date.parse(at)), source, topic: source === 'kafka' ? 'plateau-events' : '', partition: 0, offset: String(offset), raw, reason })
  await insertBatch({
    events: [],
    deadLetters: [
      dl('2026-11-02T08:00:00Z', 'http', '{"type":"contact.queued"', 'invalid JSON: Unexpected end of JSON input', 1),
      dl('2026-11-03T09:30:00Z', 'kafka', HOSTILE, 'invalid JSON: Unexpected token =', 42),
      dl('2026-11-04T10:45:00Z', 'http', LONG, 'unknown field: pad', 2),
    ],
  })
  GET = (await import('@/app/api/admin/dead-letters/route')).GET as Handler
})

async function list(query: string): Promise<Listed> {
  const res = await GET(await auth.request('admin', `/api/admin/dead-letters?${query}`), ctx)
  expect(res.status, await res.clone().text()).toBe(200)
  return (await res.json()) as Listed
}

describe('dead letters', () => {
  it('lists every refused message newest first, with reason, time, source and a bounded raw text', async () => {
    const r = await list('')
    expect(r.total).toBe(3)
    expect(r.sources).toEqual(['http', 'kafka'])
    expect(r.rows.map((x) => x.receivedAt)).toEqual(['2026-11-04T10:45:00.000Z', '2026-11-03T09:30:00.000Z', '2026-11-02T08:00:00.000Z'])
    expect(r.rows[1]).toMatchObject({ source: 'kafka', reason: 'invalid JSON: Unexpected token =', raw: HOSTILE, offset: 42 })
    // The long message: 4000 characters shown, its whole length said.
    expect(r.rows[0]!.raw.length).toBe(4000)
    expect(r.rows[0]!.rawLength).toBe(LONG.length)
  })

  it('filters by source, text and time; pages', async () => {
    expect((await list('source=http')).rows.map((x) => x.reason)).toEqual(['unknown field: pad', 'invalid JSON: Unexpected end of JSON input'])
    expect((await list('q=SCRIPT')).rows.map((x) => x.source)).toEqual(['kafka']) // raw text, case-insensitive
    expect((await list('q=unknown%20field')).total).toBe(1) // reason
    expect((await list('from=2026-11-03T00:00:00Z&to=2026-11-04T00:00:00Z')).rows.map((x) => x.offset)).toEqual([42])
    const p2 = await list('pageSize=2&page=2')
    expect(p2.total).toBe(3)
    expect(p2.rows.map((x) => x.offset)).toEqual([1])
  })

  it('exports CSV with the raw text inert (formula neutralised, control characters visible)', async () => {
    const res = await GET(await auth.request('admin', '/api/admin/dead-letters?format=csv&locale=en&source=kafka'), ctx)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/text\/csv/)
    const text = (await res.text()).replace(/^\uFEFF/, '')
    const lines = text.split('\r\n').filter(Boolean)
    expect(lines[0]).toBe('received_at,source,topic,partition,offset,reason,raw,raw_length')
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")<script>alert(1)</script>\\u0007"`)
  })

  it('admin only; bad filters are a 400 with a message', async () => {
    for (const role of ['manager', 'executive', 'supervisor'] as const) {
      const res = await GET(await auth.request(role, '/api/admin/dead-letters'), ctx)
      expect(res.status, role).toBe(403)
    }
    for (const q of ['from=yesterday', 'pageSize=100000', 'from=2026-11-05T00:00:00Z&to=2026-11-01T00:00:00Z', 'format=xml']) {
      const res = await GET(await auth.request('admin', `/api/admin/dead-letters?${q}`), ctx)
      expect(res.status, q).toBe(400)
      expect(((await res.json()) as { message: string }).message.length, q).toBeGreaterThan(3)
    }
  })
})
