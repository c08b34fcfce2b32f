import { beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { scopeCenters, withAuth } from '@/lib/auth/guard'
import { CENTER_A, useTestAuth, type TestAuth } from '../helpers/auth'
import { HOSTILE_VALUES, collectCenterIds, fuzzQueryParams } from '../helpers/auth-fuzz'

const ALL = ['paris-sales', 'lyon-leads', 'bruxelles-care']
const Query = z.object({ centers: z.array(z.string().max(64)).max(50), channel: z.enum(['voice', 'chat', 'email']).optional() })

/** A well-behaved data route: zod → 400, scopeCenters → only allowed rows. */
const good = withAuth('live', async (req, _ctx, who) => {
  const u = new URL(req.url)
  const q = Query.safeParse({ centers: u.searchParams.getAll('centers').flatMap((s) => s.split(',')), channel: u.searchParams.get('channel') ?? undefined })
  if (!q.success) return Response.json({ error: 'bad_request', message: q.error.issues[0]!.message }, { status: 400 })
  const scope = scopeCenters(who, q.data.centers.length ? q.data.centers : null)
  return Response.json({ rows: ALL.filter((c) => scope === null || scope.includes(c)).map((center_id) => ({ center_id, offered: 1 })) })
})
/** A leaky one: trusts the requested centers. */
const leaky = withAuth('live', async (req) => {
  const c = new URL(req.url).searchParams.getAll('centers')
  return Response.json({ rows: c.filter((x) => ALL.includes(x)).map((center_id) => ({ center_id })) })
})
/** A crashing one. */
const crashing = withAuth('live', async (req) => {
  if (new URL(req.url).searchParams.get('channel')?.includes("'")) throw new Error('syntax error')
  return Response.json({ rows: [] })
})

describe('fuzz helper', () => {
  let auth: TestAuth
  beforeAll(async () => {
    auth = await useTestAuth()
  })
  const as = (h: typeof good) => async (url: string) => {
    try {
      return await h(await auth.request('supervisor', url), {})
    } catch {
      return new Response('internal error', { status: 500 })
    }
  }

  it('passes a route that validates and scopes', async () => {
    const counts = await fuzzQueryParams({ path: '/api/x', params: ['centers', 'channel'], allowedCenters: [CENTER_A], call: as(good) })
    expect(counts[200]).toBeGreaterThan(0)
    expect(counts[400]).toBeGreaterThan(0)
  })
  it('catches a route that leaks another center', async () => {
    await expect(fuzzQueryParams({ path: '/api/x', params: ['centers'], allowedCenters: [CENTER_A], call: as(leaky) })).rejects.toThrow(/outside scope/)
  })
  it('catches a 500', async () => {
    await expect(fuzzQueryParams({ path: '/api/x', params: ['channel'], allowedCenters: [CENTER_A], call: as(crashing) })).rejects.toThrow(/→ 500/)
  })
  it('collects center ids deep in JSON', () => {
    expect([...collectCenterIds({ a: [{ center_id: 'x' }, { nested: { centerId: 'y', centers: ['z'] } }] })].sort()).toEqual(['x', 'y', 'z'])
    expect(HOSTILE_VALUES.length).toBeGreaterThan(30)
  })
})
