/**
 * The `npm start` demo against a real embedded store (simulator/demo.ts, simulator/history.ts):
 * - history: the days before today are filled with exactly the events the simulator makes for
 *   them (expected figures from the same simulation run in memory, each day's open contacts
 *   carried over into the next until they have an outcome), the previous month included; a restart fills nothing again (identical counts); a day interrupted half-way is
 *   completed at the next start without double counting; a day holding other contacts is
 *   left alone;
 * - live restarts: a restart in the same 8-hour block continues the same run; a restart in
 *   another block (a different business-clock shift) adds nothing to the hours already covered.
 * A small scenario (scale 0.3) keeps it quick.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { freshStore } from '../helpers/store'
import type { PlateauEvent } from '@/lib/contract/events'
import { Malformed } from '@/simulator/faults'
import { run, planLive } from '@/simulator/runner'
import { loadScenario } from '@/simulator/scenario'
import { MemorySink } from '@/simulator/sinks'
import { TzClock } from '@/simulator/time'

const sc = loadScenario('scenarios/default.yaml', { scale: 0.3 })
const CENTERS = sc.centers.map((c) => c.id)
const SEED = 7
const tz = TzClock.get(sc.centers[0]!.timezone)

let queryRows: typeof import('@/lib/clickhouse').queryRows
let insertBatch: typeof import('@/ingest/sink').insertBatch
let demo: typeof import('@/simulator/demo')
let history: typeof import('@/simulator/history')

beforeAll(async () => {
  await freshStore('plateau-demo-')
  ;({ queryRows } = await import('@/lib/clickhouse'))
  ;({ insertBatch } = await import('@/ingest/sink'))
  demo = await import('@/simulator/demo')
  history = await import('@/simulator/history')
})

/** What the simulation of history day `day` contains: distinct event ids and contact ids (computed in memory). */
async function simulatedDay(day: number): Promise<{ events: number; contacts: number }> {
  const r = history.historyRun(sc, SEED, day)
  const sink = new MemorySink()
  await run({ scenario: sc, seed: SEED, from: r.from, to: r.carryUntil, closeAt: r.to, speed: 'max', clockOffset: 0, sink, clock: () => NOW })
  const evs = sink.items.filter((x): x is PlateauEvent => !(x instanceof Malformed))
  const contacts = new Set(evs.flatMap((e) => ('contact_id' in e && e.contact_id ? [e.contact_id] : [])))
  return { events: new Set(evs.map((e) => e.event_id)).size, contacts: contacts.size }
}

/**
 * What the store holds of history day `day` (demo centers): raw event rows and distinct event ids
 * of its run (its carried-over events dated the next days included), contacts queued that day.
 */
async function storedDay(day: number): Promise<{ rows: number; events: number; contacts: number }> {
  const p = { centers: CENTERS, from: tz.dayStart(day), to: tz.dayStart(day + 1), prefix: `e-${history.historyRun(sc, SEED, day).ns}-` }
  const [e] = await queryRows<{ rows: string; events: string }>(
    `SELECT count() AS rows, uniqExact(event_id) AS events FROM events
     WHERE center_id IN {centers:Array(String)} AND startsWith(event_id, {prefix:String})`,
    p,
  )
  const [c] = await queryRows<{ n: string }>(
    `SELECT count() AS n FROM contacts_v
     WHERE center_id IN {centers:Array(String)} AND queued_at >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND queued_at < fromUnixTimestamp64Milli({to:Int64}, 'UTC')`,
    p,
  )
  return { rows: Number(e!.rows), events: Number(e!.events), contacts: Number(c!.n) }
}

const NOW = Date.parse('2026-11-02T17:00:00Z')
const ymd = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10)

describe('demo history', () => {
  // Monday 2 November 2026, 18:00 in Paris: the history reaches back into October (Sunday's
  // e-mails, carried over, are answered by Monday's shift before now).
  const now = NOW
  const clock = () => now
  const fill = (days: number, o: { signal?: AbortSignal; sink?: () => import('@/simulator/history').HistorySinkTarget } = {}) =>
    history.fillHistory({
      scenario: sc,
      seed: SEED,
      days,
      clock,
      pauseMinMs: 0,
      pauseShare: 0,
      signal: o.signal,
      sink: o.sink ?? (() => new demo.PipelineSink({ maxInflight: 2, receivedAt: demo.HISTORY_RECEIVED_AT })),
    })
  const expected = new Map<number, { events: number; contacts: number }>()
  const expectedOf = async (day: number) => {
    if (!expected.has(day)) expected.set(day, await simulatedDay(day))
    return expected.get(day)!
  }

  it('fills the days before today, newest first, with exactly the simulated events — the previous month included', async () => {
    const days = history.historyDays(sc, now, 3)
    expect(days.map(ymd)).toEqual(['2026-11-01', '2026-10-31', '2026-10-30'])
    const r = await fill(3)
    expect(r).toMatchObject({ days: 3, filled: 3, skipped: 0, aborted: false })
    let october = 0
    for (const day of days) {
      const want = await expectedOf(day)
      const got = await storedDay(day)
      expect(want.events, ymd(day)).toBeGreaterThan(500)
      expect({ events: got.events, rows: got.rows }, ymd(day)).toEqual({ events: want.events, rows: want.events })
      // contacts queued that day: the day's contacts (a run never emits a contact queued outside its day)
      expect(got.contacts, ymd(day)).toBe(want.contacts)
      expect(await history.historyDayStatus(sc, SEED, day)).toBe('complete')
      if (ymd(day).startsWith('2026-10')) october += want.contacts
    }
    // /reports for October reads contacts_v by queued_at in Paris time: both October days are there
    const [oct] = await queryRows<{ n: string }>(
      `SELECT count() AS n FROM contacts_v WHERE center_id IN {centers:Array(String)} AND toStartOfMonth(queued_at, 'Europe/Paris') = toDate('2026-10-01')`,
      { centers: CENTERS },
    )
    expect(Number(oct!.n)).toBe(october)
    // nothing started today (that is the live demo's): only the carried-over contacts' later events, none in the future
    const [today] = await queryRows<{ started: string; future: string; carried: string }>(
      `SELECT countIf(type IN ('contact.queued', 'agent.state')) AS started, countIf(ts > fromUnixTimestamp64Milli({now:Int64}, 'UTC')) AS future, count() AS carried
       FROM events WHERE ts >= fromUnixTimestamp64Milli({t:Int64}, 'UTC')`,
      { t: tz.dayStart(tz.day(now)), now },
    )
    expect({ started: Number(today!.started), future: Number(today!.future) }).toEqual({ started: 0, future: 0 })
    expect(Number(today!.carried)).toBeGreaterThan(0)
    // every contact the filled days started has an outcome: no e-mail left queued for ever
    const [open] = await queryRows<{ n: string }>(
      `SELECT count() AS n FROM contacts_v WHERE center_id IN {centers:Array(String)} AND answered_at IS NULL AND abandoned_at IS NULL`,
      { centers: CENTERS },
    )
    expect(Number(open!.n)).toBe(0)
    // received when they happened (as the floor would have sent them): no late event in the reports
    const [late] = await queryRows<{ n: string }>(
      `SELECT count() AS n FROM events
       WHERE center_id IN {centers:Array(String)} AND received_at > ts + INTERVAL 300 SECOND`,
      { centers: CENTERS },
    )
    expect(Number(late!.n)).toBe(0)
    // the completion records name the local days filled
    const done = await queryRows<{ day: string }>(`SELECT toString(day) AS day FROM demo_history_days FINAL ORDER BY day DESC`)
    expect(done.map((d) => d.day)).toEqual(days.map(ymd))
  })

  it('a restart stores nothing again: identical counts', async () => {
    const days = history.historyDays(sc, now, 3)
    const before = await Promise.all(days.map(storedDay))
    const r = await fill(3)
    expect(r).toMatchObject({ days: 3, filled: 0, skipped: 3, events: 0 })
    expect(await Promise.all(days.map(storedDay))).toEqual(before)
  })

  it('a day interrupted half-way is completed at the next start, without double counting', async () => {
    const day = history.historyDays(sc, now, 4)[3]! // 2026-10-29, not filled yet
    const ac = new AbortController()
    let writes = 0
    const r1 = await fill(4, {
      signal: ac.signal,
      sink: () => {
        const s = new demo.PipelineSink({ maxInflight: 2 })
        const write = s.write.bind(s)
        s.write = async (batch) => {
          if (++writes === 2) ac.abort() // the server stops while the day is being written
          return write(batch)
        }
        return s
      },
    })
    expect(r1).toMatchObject({ filled: 0, skipped: 3, aborted: true })
    const partial = await storedDay(day)
    const want = await expectedOf(day)
    expect(partial.events).toBeGreaterThan(0)
    expect(partial.events).toBeLessThan(want.events)
    expect(await history.historyDayStatus(sc, SEED, day)).toBe('partial')

    const r2 = await fill(4)
    expect(r2).toMatchObject({ filled: 1, skipped: 3 })
    const got = await storedDay(day)
    expect({ events: got.events, contacts: got.contacts }).toEqual(want)
    expect(await history.historyDayStatus(sc, SEED, day)).toBe('complete')
  })

  it('a day already holding other contacts (another run, real producers) is left alone', async () => {
    const day = history.historyDays(sc, now, 5)[4]! // 2026-10-28
    const ts = new Date(tz.dayStart(day) + 11 * 3_600_000).toISOString()
    const e = { event_id: 'other-1', type: 'contact.queued', ts, center_id: 'paris-sales', v: 1, contact_id: 'other-c1', queue_id: 'sales-orders-voice', channel: 'voice', direction: 'inbound' } as PlateauEvent
    const { eventLine } = await import('@/ingest/rows')
    await insertBatch({ events: [eventLine(e, now)], deadLetters: [] })
    expect(await history.historyDayStatus(sc, SEED, day)).toBe('other')
    const r = await fill(5)
    expect(r).toMatchObject({ filled: 0, skipped: 5 })
    // none of the day's run stored, the other contact still there
    expect(await storedDay(day)).toEqual({ rows: 0, events: 0, contacts: 1 })
  })

  it("the demo's fill (1,000-event slices, one in flight, yielding to live snapshots) completes the next day and shows its progress on /api/health", async () => {
    // The live screens' facts refresh runs all along (every 100 ms); the fill holds its day's
    // contacts from it and derives their facts itself (lib/queries/refreshContactFacts.ts).
    const facts = await import('@/lib/queries/refreshContactFacts')
    facts.startContactFactsRefresher(100)
    const r = await demo.fillDemoHistory({ scenario: sc, seed: SEED, days: 6, clock }).finally(() => facts.stopContactFactsRefresher())
    // days 1–4 are complete and day 5 holds other contacts (skipped); the 6th is filled with exactly its simulated events
    expect(r).toMatchObject({ days: 6, filled: 1, skipped: 5, aborted: false })
    const day = history.historyDays(sc, now, 6)[5]!
    expect((await storedDay(day)).events).toBe((await expectedOf(day)).events)
    const { getHealth } = await import('@/server/health')
    const h = await getHealth()
    expect(h.demoHistory).toMatchObject({ state: 'done', days: 6, daysDone: 6, events: r.events, current: null })
    expect(r.events).toBe((await expectedOf(day)).events)
    // Complete facts once the fill ends: the day's KPIs from contact_facts (as they stand, no
    // further refresh: maxLagMs a minute) equal those derived from the raw events (contacts_v).
    const { getKpis } = await import('@/lib/queries/getKpis')
    const window = { kind: 'custom' as const, from: tz.dayStart(day), to: tz.dayStart(day + 1) }
    const keys = ['offered', 'answered', 'abandoned', 'handled', 'aht', 'asa', 'service_level', 'csat', 'revenue'] as const
    const byQueue = async (source: 'facts' | 'contacts_v') =>
      (await getKpis({ window, filters: { centers: CENTERS }, groupBy: ['queue'], keys, now, maxLagMs: 60_000, source }, null)).rows.map((row) => [
        row.group.queue,
        // (sums in another order: equal to 1e-9)
        Object.fromEntries(row.kpis.map((k) => [k.key, k.value === null ? null : Number(k.value.toPrecision(10))])),
      ])
    const raw = await byQueue('contacts_v')
    expect(raw.length).toBeGreaterThan(3)
    expect(await byQueue('facts')).toEqual(raw)
  })
})

describe('demo live restarts', () => {
  // Sunday 15 November 2026: every center closed, so the floor runs on a shifted business clock
  // whose shift depends on the 8-hour block (00–08, 08–16, 16–24 Paris time) the demo starts in.
  const clockAt = (iso: string) => {
    const base = Date.parse(iso)
    const real = Date.now()
    return () => base + (Date.now() - real)
  }
  const day = tz.day(Date.parse('2026-11-15T12:00:00Z'))
  const startDemoAt = async (iso: string) => {
    const h = demo.startDemo({ scenario: sc, seed: SEED, clock: clockAt(iso), historyDays: 0, tickMs: 50, log: () => {} })
    const live = await h.live
    expect(live).not.toBeNull()
    await h.caughtUp
    await h.stop() // everything the run produced is stored once stop resolves
    return live!.plan
  }
  /** Contacts queued on that Sunday, per run (id namespace), and the latest event time of all runs. */
  const snapshot = async () => {
    const p = { centers: CENTERS, from: tz.dayStart(day), to: tz.dayStart(day + 1) }
    const runs = await queryRows<{ ns: string; n: string; first: string; last: string }>(
      `SELECT substring(contact_id, 3, 7) AS ns, count() AS n,
              toUnixTimestamp64Milli(min(queued_at)) AS first, toUnixTimestamp64Milli(max(queued_at)) AS last
       FROM contacts_v
       WHERE center_id IN {centers:Array(String)} AND queued_at >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND queued_at < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
       GROUP BY ns ORDER BY ns`,
      p,
    )
    const [e] = await queryRows<{ last: string; events: string }>(
      `SELECT toUnixTimestamp64Milli(max(ts)) AS last, uniqExact(event_id) AS events FROM events
       WHERE center_id IN {centers:Array(String)} AND ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC')`,
      p,
    )
    return { runs: runs.map((r) => ({ ns: r.ns, n: Number(r.n), first: Number(r.first), last: Number(r.last) })), lastEvent: Number(e!.last), events: Number(e!.events) }
  }
  const contactsUpTo = async (t: number) => {
    const [r] = await queryRows<{ n: string }>(
      `SELECT count() AS n FROM contacts_v
       WHERE center_id IN {centers:Array(String)} AND queued_at >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND queued_at <= fromUnixTimestamp64Milli({t:Int64}, 'UTC')`,
      { centers: CENTERS, from: tz.dayStart(day), t },
    )
    return Number(r!.n)
  }

  it('a restart in the same block continues the same run; one in another block adds nothing to the hours already covered', async () => {
    // 1. started at 10:00 Paris (block 08–16)
    const p1 = await startDemoAt('2026-11-15T09:00:00Z')
    expect(p1.clockOffset).not.toBe(0)
    expect(p1.resumed).toBe(false)
    const s1 = await snapshot()
    expect(s1.runs.map((r) => r.ns)).toEqual([p1.ns])
    const covered = s1.lastEvent
    const contacts1 = s1.runs[0]!.n
    expect(contacts1).toBeGreaterThan(200)
    expect(await contactsUpTo(covered)).toBe(contacts1)

    // 2. restarted at 11:30 Paris, same block: the same run again (same events: deduplicated)
    const p2 = await startDemoAt('2026-11-15T10:30:00Z')
    expect({ ns: p2.ns, resumed: p2.resumed, emitFrom: p2.emitFrom }).toEqual({ ns: p1.ns, resumed: true, emitFrom: p1.emitFrom })
    const s2 = await snapshot()
    expect(s2.runs.map((r) => r.ns)).toEqual([p1.ns])
    expect(await contactsUpTo(covered)).toBe(contacts1) // nothing added to what was covered
    expect(s2.runs[0]!.n).toBeGreaterThan(contacts1) // and the run went on

    // 3. restarted at 18:00 Paris (block 16–24): another shift. Without the store's answer, its
    //    backfill would start hours before what run 1 covered (the double counting fixed here)…
    const t3 = Date.parse('2026-11-15T17:00:00Z')
    const naive = planLive({ scenario: sc, seed: SEED, now: t3 })
    expect(naive.ns).not.toBe(p1.ns)
    expect(Math.max(naive.emitFrom, naive.from) - naive.clockOffset).toBeLessThan(s2.lastEvent - 3_600_000)
    // …with it, the new run starts after everything stored today.
    const before = await contactsUpTo(s2.lastEvent)
    const p3 = await startDemoAt('2026-11-15T17:00:00Z')
    expect(p3.ns).toBe(naive.ns)
    expect(p3.after).toBe(s2.lastEvent)
    const s3 = await snapshot()
    expect(await contactsUpTo(s2.lastEvent)).toBe(before)
    const r3 = s3.runs.find((r) => r.ns === p3.ns)!
    expect(r3.n).toBeGreaterThan(100)
    expect(r3.first).toBeGreaterThan(s2.lastEvent)
    // the first run's contacts are unchanged
    expect(s3.runs.find((r) => r.ns === p1.ns)).toEqual(s2.runs[0])

    // 4. restarted again at 19:00 Paris: continues run 3 (same cut, same events)
    const covered3 = await contactsUpTo(s3.lastEvent)
    const p4 = await startDemoAt('2026-11-15T18:00:00Z')
    expect({ ns: p4.ns, resumed: p4.resumed, emitFrom: p4.emitFrom, after: p4.after }).toEqual({ ns: p3.ns, resumed: true, emitFrom: p3.emitFrom, after: p3.after })
    const s4 = await snapshot()
    expect(await contactsUpTo(s3.lastEvent)).toBe(covered3)
    expect(s4.runs.find((r) => r.ns === p1.ns)).toEqual(s2.runs[0])
    expect(s4.runs.find((r) => r.ns === p3.ns)!.first).toBe(r3.first)
  })
})
