/** GET /api/kpis parameter validation (no database: only rejected requests are handled here). */
import { describe, expect, it } from 'vitest'
import { ContactsQuery, handleKpisRequest, KpisQuery, paramsRecord } from '@/lib/queries/handleKpisRequest'

const parse = (q: Record<string, string>) => KpisQuery.safeParse(q)
const message = async (q: Record<string, string>) => {
  const r = await handleKpisRequest(new URLSearchParams(q), null)
  expect(r.status).toBe(400)
  return (r.body as { message: string }).message
}

describe('/api/kpis parameters', () => {
  it('accepts the documented forms', () => {
    const r = parse({ window: 'custom', from: '2026-10-01T00:00:00+02:00', to: '2026-11-01T00:00:00+01:00', centers: 'paris-sales, lyon-leads', groupBy: 'center,day', keys: 'offered,service_level', compare: 'previous' })
    expect(r.success).toBe(true)
    expect(r.data).toMatchObject({ centers: ['paris-sales', 'lyon-leads'], groupBy: ['center', 'day'], keys: ['offered', 'service_level'] })
    expect(parse({}).data).toMatchObject({ window: 'today', compare: 'none' })
    expect(parse({ preset: 'live', lines: 'sales', sourcing: 'outsourced', channels: 'voice', directions: 'inbound' }).success).toBe(true)
  })

  it('repeated parameters are lists', () => {
    expect(paramsRecord(new URLSearchParams('centers=a&centers=b&window=today'))).toEqual({ centers: 'a,b', window: 'today' })
  })

  it('answers 400 with a clear message', async () => {
    expect(await message({ window: 'yesterday' })).toMatch(/window: Invalid option/)
    expect(await message({ window: 'custom', from: '2026-10-01' })).toMatch(/from: Invalid ISO datetime/)
    expect(await message({ window: 'custom', from: '2026-10-02T00:00:00Z', to: '2026-10-01T00:00:00Z' })).toMatch(/to must be after from/)
    expect(await message({ from: '2026-10-02T00:00:00Z' })).toMatch(/only allowed with window=custom/)
    expect(await message({ keys: 'offered,aht2' })).toMatch(/keys\.1: unknown KPI key/)
    expect(await message({ groupBy: 'day,month' })).toMatch(/at most one of interval15/)
    expect(await message({ groupBy: 'hour' })).toMatch(/groupBy\.0: Invalid option/)
    expect(await message({ channels: 'fax' })).toMatch(/channels\.0/)
    expect(await message({ window: 'custom', from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z', groupBy: 'interval15' })).toMatch(/interval15 is limited to windows of 31 days/)
    expect(await message({ center: 'paris-sales' })).toMatch(/Unrecognized key: "center"/)
    expect(await message({ keys: 'offered', preset: 'sales' })).toMatch(/keys or preset, not both/)
  })

  it('drill-down parameters', () => {
    expect(ContactsQuery.safeParse({ set: 'abandoned', page: '2' }).data).toMatchObject({ set: 'abandoned', page: 2, pageSize: 50, sort: 'time' })
    expect(ContactsQuery.safeParse({ set: 'everything' }).success).toBe(false)
    expect(ContactsQuery.safeParse({ set: 'offered', pageSize: '5000' }).success).toBe(false)
  })
})
