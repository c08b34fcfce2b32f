/**
 * Wall boards and the live view, without a store: board configuration (config/boards.yaml
 * and the e2e boards), the per-tick cache (one computation per board per tick, in-flight
 * coalescing, failures not cached), the bounded trend history, URL state and API parameters.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { dataAgeSeconds } from '@/components/wallboard/polling'
import { filterQuery, liveUrlSearch, parseLiveUrl } from '@/components/live/url-state'
import { sortRows, type Column } from '@/components/live/SortableTable'
import { TREND_SLOTS, TREND_STEP_MS, TrendStore } from '@/lib/live/trend-store'
import { BoardsConfigError, parseBoards, resolveBoards } from '@/lib/boards/load'
import { DrillParams, LiveParams, searchParamsObject } from '@/lib/live/params'
import { boardChannelKpis, boardKpiKeys, boardPanels } from '@/lib/boards/schema'
import { TickCache } from '@/lib/tick-cache'

const ROOT = path.resolve(__dirname, '../..')

describe('boards configuration', () => {
  it('config/boards.yaml and the e2e boards are valid, with defaults applied', () => {
    const main = parseBoards(fs.readFileSync(path.join(ROOT, 'config/boards.yaml'), 'utf8'), 'config/boards.yaml')
    const e2e = parseBoards(fs.readFileSync(path.join(ROOT, 'tests/e2e/wallboard.boards.yaml'), 'utf8'), 'e2e')
    const cfg = resolveBoards([
      { file: main, source: 'main' },
      { file: e2e, source: 'e2e' },
    ])
    const floor = cfg.boards.get('floor-paris-sales')!
    expect(floor.locale).toBe('fr') // file default
    expect(floor.refreshSeconds).toBe(1)
    expect(cfg.boards.get('group-overview')!.locale).toBe('en') // board override
    expect(cfg.boards.get('group-overview')!.refreshSeconds).toBe(2)
    expect(cfg.boards.get('e2e-wall')!.centers).toEqual(['e2e-wall-center'])
    expect(cfg.playlists.get('floor-rotation')!.entries.map((e) => e.board)).toEqual(['floor-paris-sales', 'care-belgium', 'leads-lyon'])
    // `- service_level` is short for { kpi: service_level, span: 1 }
    expect(floor.tiles[2]).toEqual({ kpi: 'service_level', span: 1 })
    expect(boardKpiKeys(floor)).toContain('conversion_rate')
    expect([...boardPanels(floor)].sort()).toEqual(['agents_by_state', 'compliance', 'queues', 'staffing_ahead'])
  })

  const bad = (yaml: string) => () => parseBoards(yaml, 't')
  it('rejects unknown KPIs, duplicate ids, unknown playlist boards, unreadable layouts — saying where', () => {
    expect(bad('boards: [{ id: a, title: A, centers: "*", tiles: [not_a_kpi] }]')).toThrow(/boards\.0\.tiles\.0.*unknown KPI|boards\.0\.tiles\.0/)
    expect(bad('boards: [{ id: a, title: A, centers: "*", tiles: [asa] }, { id: a, title: B, centers: "*", tiles: [asa] }]')).toThrow(/duplicate id a/)
    expect(bad('boards: [{ id: a, title: A, centers: "*", tiles: [asa] }]\nplaylists: [{ id: a, title: P, entries: [{ board: a }] }]')).toThrow(/duplicate id a/)
    expect(bad('boards: [{ id: a, title: A, centers: "*", tiles: [asa] }]\nplaylists: [{ id: p, title: P, entries: [{ board: b }] }]')).toThrow(/unknown board b/)
    expect(bad(`boards: [{ id: a, title: A, centers: "*", columns: 2, tiles: [${Array(9).fill('asa').join(',')}] }]`)).toThrow(/more than 4 rows/)
    expect(bad('boards: [{ id: "Bad Id", title: A, centers: "*", tiles: [asa] }]')).toThrow(/boards\.0\.id/)
    expect(bad('boards: [{ id: a, title: A, centers: "*", tiles: [asa], refreshSeconds: 5 }]')).toThrow(/refreshSeconds/)
    expect(bad('boards: [{ id: a, title: A, centers: "*", tiles: [asa], colour: red }]')).toThrow(/colour|Unrecognized/i)
    expect(bad('boards: [')).toThrow(BoardsConfigError)
  })

  it('a KPI tile may name a channel (not for agent figures, and only a channel the board shows)', () => {
    const f = parseBoards('boards: [{ id: a, title: A, centers: "*", tiles: [asa, { kpi: asa, channel: email }, { kpi: service_level, channel: voice }, { kpi: asa, channel: voice }] }]')
    const board = resolveBoards([{ file: f, source: 't' }]).boards.get('a')!
    expect(board.tiles[1]).toEqual({ kpi: 'asa', span: 1, channel: 'email' })
    expect(boardKpiKeys(board)).toEqual(['asa']) // the whole-scope tile only
    expect([...boardChannelKpis(board)]).toEqual([
      ['email', ['asa']],
      ['voice', ['service_level', 'asa']],
    ])
    expect(bad('boards: [{ id: a, title: A, centers: "*", tiles: [{ kpi: occupancy, channel: chat }] }]')).toThrow(/boards\.0\.tiles\.0\.channel.*not split by channel/)
    expect(bad('boards: [{ id: a, title: A, centers: "*", tiles: [{ kpi: agents_available, channel: chat }] }]')).toThrow(/not split by channel/)
    expect(bad('boards: [{ id: a, title: A, centers: "*", channels: [voice], tiles: [{ kpi: asa, channel: email }] }]')).toThrow(/channel email is not among the board's channels/)
    expect(bad('boards: [{ id: a, title: A, centers: "*", tiles: [{ kpi: asa, channel: fax }] }]')).toThrow(/boards\.0\.tiles\.0/)
  })

  it('ids are unique across files', () => {
    const f = parseBoards('boards: [{ id: a, title: A, centers: "*", tiles: [asa] }]')
    expect(() => resolveBoards([{ file: f, source: 'one' }, { file: f, source: 'two' }])).toThrow(/two: board id a already defined/)
  })
})

describe('TickCache', () => {
  it('computes a key once per tick however many callers, and shares an in-flight computation', async () => {
    let now = 10_000
    const cache = new TickCache<number>(8, () => now)
    let runs = 0
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const compute = async () => {
      runs++
      await gate
      return runs
    }
    const calls = Array.from({ length: 100 }, () => cache.get('board:a', 1000, compute))
    release()
    const results = await Promise.all(calls)
    expect(runs).toBe(1)
    expect(new Set(results.map((r) => r.value))).toEqual(new Set([1]))
    expect(results.filter((r) => r.fresh)).toHaveLength(1)
    // Same tick: served from the cache.
    now += 500
    expect((await cache.get('board:a', 1000, compute)).value).toBe(1)
    expect(runs).toBe(1)
    // Next tick: computed again, once.
    now += 600
    await Promise.all(Array.from({ length: 20 }, () => cache.get('board:a', 1000, compute)))
    expect(runs).toBe(2)
    // Another board: its own computation.
    await cache.get('board:b', 1000, compute)
    expect(runs).toBe(3)
  })

  it('a slow computation is shared by callers of the next tick instead of starting another', async () => {
    let now = 0
    const cache = new TickCache<string>(8, () => now)
    let runs = 0
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const first = cache.get('k', 1000, async () => {
      runs++
      await gate
      return 'slow'
    })
    now = 1500 // next tick while the first computation still runs
    const second = cache.get('k', 1000, async () => {
      runs++
      return 'never'
    })
    release()
    expect((await first).value).toBe('slow')
    expect((await second).value).toBe('slow')
    expect(runs).toBe(1)
  })

  it('with an older value, callers wait at most maxWaitMs for the new one (stale-while-revalidate), and it still runs once', async () => {
    let now = 0
    const cache = new TickCache<string>(8, () => now)
    await cache.get('k', 1000, async () => 'v1')
    now = 1000 // next tick
    let runs = 0
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const slow = async () => {
      runs++
      await gate
      return 'v2'
    }
    const served = await Promise.all(Array.from({ length: 50 }, () => cache.get('k', 1000, slow, { maxWaitMs: 20 })))
    expect(served.every((r) => r.value === 'v1' && !r.fresh && r.at === 0)).toBe(true)
    expect(runs).toBe(1)
    release()
    await new Promise((r) => setTimeout(r, 0))
    expect((await cache.get('k', 1000, slow, { maxWaitMs: 20 })).value).toBe('v2')
    expect(runs).toBe(1)
    // a quick computation is waited for: the caller gets the new value
    now = 2000
    const quick = await cache.get('k', 1000, async () => 'v3', { maxWaitMs: 200 })
    expect(quick).toMatchObject({ value: 'v3', fresh: true, at: 2000 })
    // a failure while an older value exists: nothing unhandled, the older value is still there
    now = 3000
    await expect(cache.get('k', 1000, async () => Promise.reject(new Error('down')), { maxWaitMs: 200 })).rejects.toThrow('down')
    expect(cache.lastGood('k')!.value).toBe('v3')
  })

  it('a caller does not wait for a computation that took longer than maxWaitMs last time', async () => {
    let now = 0
    const cache = new TickCache<string>(8, () => now)
    await cache.get('k', 1000, async () => {
      now += 300 // this computation takes 300 ms
      return 'v1'
    })
    now = 1000
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const slow = async () => {
      await gate
      return 'v2'
    }
    // expected to finish in ~300 ms, the caller may wait 100 ms: it is answered at once with v1
    // (not after its 100 ms of waiting)
    const got = await Promise.race([cache.get('k', 1000, slow, { maxWaitMs: 100 }), new Promise((r) => setTimeout(() => r('waited'), 40))])
    expect(got).toMatchObject({ value: 'v1', fresh: false, at: 0 })
    release()
  })

  it('a warm key never makes a caller wait: the previous tick’s value comes at once', async () => {
    let now = 0
    const cache = new TickCache<string>(8, () => now)
    await cache.get('k', 500, async () => 'v1', { warmForMs: 10_000 })
    now = 500 // next tick; the refresh is slow
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const slow = async () => {
      await gate
      return 'v2'
    }
    const got = await Promise.race([cache.get('k', 500, slow, { warmForMs: 10_000, maxWaitMs: 100 }), new Promise((r) => setTimeout(() => r('waited'), 40))])
    expect(got).toMatchObject({ value: 'v1', fresh: false })
    release()
  })

  it('warm keys are recomputed once per tick by the cache itself while requested, then no more', async () => {
    let now = 0
    const cache = new TickCache<number>(8, () => now)
    let runs = 0
    const compute = async () => ++runs
    await cache.get('k', 500, compute, { warmForMs: 2000 })
    expect(runs).toBe(1)
    // passes of the refresher within the same tick: nothing to do
    now = 100
    expect(cache.refreshWarm()).toBe(0)
    // each new tick: exactly one computation, with no request at all
    for (let t = 1; t <= 3; t++) {
      now = t * 500 + 10
      expect(cache.refreshWarm()).toBe(1)
      await new Promise((r) => setTimeout(r, 0))
      expect(cache.refreshWarm()).toBe(0) // done for this tick
    }
    expect(runs).toBe(4)
    // requests in between are served from the cache
    expect((await cache.get('k', 500, compute, { warmForMs: 2000, maxWaitMs: 50 })).value).toBe(4)
    expect(runs).toBe(4)
    // nobody asked for 2 s: the key is no longer refreshed
    now = 1510 + 2001
    expect(cache.refreshWarm()).toBe(0)
    now += 5000
    expect(cache.refreshWarm()).toBe(0)
    expect(runs).toBe(4)
  })

  it('failures are not cached; the last good value stays available', async () => {
    let now = 0
    const cache = new TickCache<number>(8, () => now)
    await cache.get('k', 1000, async () => 42)
    now = 2000
    await expect(cache.get('k', 1000, async () => Promise.reject(new Error('store down')))).rejects.toThrow('store down')
    expect(cache.lastGood('k')).toEqual({ value: 42, at: 0 })
    expect((await cache.get('k', 1000, async () => 43)).value).toBe(43)
    expect(cache.stats.errors).toBe(1)
  })

  it('is bounded (least recently used keys are dropped)', async () => {
    const cache = new TickCache<number>(3, () => 0)
    for (const k of ['a', 'b', 'c', 'd', 'e']) await cache.get(k, 1000, async () => 1)
    expect(cache.size).toBe(3)
    expect(cache.lastGood('a')).toBeNull()
    expect(cache.lastGood('e')).not.toBeNull()
  })
})

describe('TrendStore (sparklines, last 60 minutes)', () => {
  it('keeps one value per 30 s slot for 60 minutes, newest value of a slot wins, older ones drop out', () => {
    const s = new TrendStore(4)
    const t0 = 1_000_000 * TREND_STEP_MS
    s.record('x', t0, { waiting_now: 1 })
    s.record('x', t0 + 10_000, { waiting_now: 2 }) // same slot
    s.record('x', t0 + TREND_STEP_MS, { waiting_now: 3 })
    const r = s.read('x', t0 + TREND_STEP_MS, ['waiting_now', 'asa'])
    expect(r.waiting_now!.values).toHaveLength(TREND_SLOTS)
    expect(r.waiting_now!.values.slice(-2)).toEqual([2, 3])
    expect(r.waiting_now!.values.filter((v) => v !== null)).toHaveLength(2)
    expect(r.asa!.values.every((v) => v === null)).toBe(true)
    // 61 minutes later the old samples are gone (ring slots are reused, stamps checked).
    const later = t0 + 61 * 60_000
    s.record('x', later, { waiting_now: 9 })
    expect(s.read('x', later, ['waiting_now']).waiting_now!.values.filter((v) => v !== null)).toEqual([9])
  })

  it('nulls and non-finite values are gaps, and the number of scopes is bounded', () => {
    const s = new TrendStore(2)
    s.record('a', 0, { k: null })
    s.record('a', TREND_STEP_MS, { k: Number.NaN })
    expect(s.read('a', TREND_STEP_MS, ['k']).k!.values.every((v) => v === null)).toBe(true)
    s.record('b', 0, { k: 1 })
    s.record('c', 0, { k: 1 })
    expect(s.size).toBe(2)
  })
})

describe('live URL state and API parameters', () => {
  it('round-trips filters, sorts and the open drill-down through the URL', () => {
    const state = parseLiveUrl(new URLSearchParams('centers=paris-sales,lyon-leads&line=sales&queues=q1&channels=voice,chat&qs=asa:asc&as=state:desc&offline=1&drill=abandoned&dq=q1&dc=paris-sales&page=3'))
    expect(state).toEqual({
      centers: ['paris-sales', 'lyon-leads'],
      line: 'sales',
      queues: ['q1'],
      channels: ['voice', 'chat'],
      queueSort: 'asa:asc',
      agentSort: 'state:desc',
      showOffline: true,
      drill: { set: 'abandoned', queue: 'q1', center: 'paris-sales', page: 3 },
    })
    expect(parseLiveUrl(new URLSearchParams(liveUrlSearch(state).slice(1)))).toEqual(state)
    expect(filterQuery(state)).toBe('centers=paris-sales,lyon-leads&line=sales&queues=q1&channels=voice,chat')
    expect(parseLiveUrl(new URLSearchParams('drill=abandoned&page=-4')).drill!.page).toBe(1)
    expect(liveUrlSearch(parseLiveUrl(new URLSearchParams('')))).toBe('')
  })

  it('validates API parameters with clear 400 material', () => {
    expect(LiveParams.parse(searchParamsObject(new URLSearchParams('centers=a,b&centers=c&channels=voice')))).toEqual({ centers: ['a', 'b', 'c'], line: null, queues: [], channels: ['voice'] })
    expect(LiveParams.safeParse(searchParamsObject(new URLSearchParams('channels=fax'))).success).toBe(false)
    expect(LiveParams.safeParse(searchParamsObject(new URLSearchParams('line=finance'))).success).toBe(false)
    expect(LiveParams.safeParse(searchParamsObject(new URLSearchParams('foo=1'))).success).toBe(false)
    expect(DrillParams.parse(searchParamsObject(new URLSearchParams('set=abandoned&page=2')))).toMatchObject({ set: 'abandoned', page: 2, pageSize: 25 })
    expect(DrillParams.safeParse(searchParamsObject(new URLSearchParams('set=abandoned&pageSize=5000'))).success).toBe(false)
    expect(DrillParams.safeParse(searchParamsObject(new URLSearchParams('set=everything'))).success).toBe(false)
  })
})

describe('screens', () => {
  it('data age counts from reception plus the age the figures already had when sent (no clock skew)', () => {
    const snap = { generatedAt: 5_000_000, servedAt: 5_002_000 } as Parameters<typeof dataAgeSeconds>[0]
    // The browser clock is 1 h off: irrelevant.
    const receivedAt = 9_000_000
    expect(dataAgeSeconds(snap, receivedAt, receivedAt)).toBe(2)
    expect(dataAgeSeconds(snap, receivedAt, receivedAt + 10_400)).toBe(12)
    expect(dataAgeSeconds(undefined, receivedAt, receivedAt)).toBeNull()
    expect(dataAgeSeconds(snap, receivedAt, 0)).toBeNull() // before hydration
  })

  it('sortable tables: numbers numerically, nulls last in both directions', () => {
    type R = { n: number | null; s: string }
    const cols: Column<R>[] = [
      { id: 'n', header: 'n', sortValue: (r) => r.n, cell: () => null },
      { id: 's', header: 's', sortValue: (r) => r.s, cell: () => null },
    ]
    const rows: R[] = [{ n: 10, s: 'b' }, { n: null, s: 'a' }, { n: 9, s: 'c10' }, { n: 100, s: 'c9' }]
    expect(sortRows(rows, cols, { id: 'n', dir: 'desc' }, 'en').map((r) => r.n)).toEqual([100, 10, 9, null])
    expect(sortRows(rows, cols, { id: 'n', dir: 'asc' }, 'en').map((r) => r.n)).toEqual([9, 10, 100, null])
    expect(sortRows(rows, cols, { id: 's', dir: 'asc' }, 'en').map((r) => r.s)).toEqual(['a', 'b', 'c9', 'c10'])
  })
})
