/**
 * `npm run bench:queries` — KPI query latency on a store of BENCH_EVENTS (default 5,000,000)
 * synthetic events for the five demo centers (config/plateau.example.yaml), generated inside
 * ClickHouse with INSERT … SELECT FROM numbers() (minutes for 50M, no Node round trip).
 *
 *   BENCH_EVENTS=50000000 npm run bench:queries            # generate (or reuse) and measure
 *   BENCH_DIR=.cache/bench-queries-50m BENCH_RUNS=30 …      # data dir (reused when it holds the same size)
 *
 * Data: contacts spread evenly over the last N days up to now at BENCH_CONTACTS_PER_DAY
 * (default 25,000/day over the 5 centers, i.e. ~6,000/day for paris-sales), ~4.4 events per
 * contact (10 % abandoned, 5 % transferred, 15 % surveyed up to 3 days later), plus agent state
 * changes for 235 agents making up the rest. Events dated after "now" are not inserted, so
 * the last minutes hold contacts still waiting or in progress.
 *
 * Measures (p50/p95 over BENCH_RUNS, default 20, after one warm-up):
 *   baseline  count of today's contact facts: the machine's speed in this run (ratios below)
 *   live      getKpis today, grouped by center, preset "live" (waiting now, agents by state,
 *             SL, ASA, Erlang C…), facts already fresh (the background refresher's job)
 *   live+new  the same after inserting 50 new events each time and refreshing facts first
 *   month     getKpis for the 30 local days before today, one center (paris-sales), by day,
 *             every KPI, compared with the 30 days before (also: the same as one total)
 *   month-all the same 30 days, all centers grouped by center, every KPI
 *   served    the live view as a screen gets it: /api/live's snapshot (lib/live/live-snapshot,
 *             computed once per 500 ms tick per scope), 10 screens polling every 2 s while 50
 *             events arrive per second: request time and the figures' age
 * Prints a Markdown block for BENCHMARKS.md (section "## Queries").
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const EVENTS = Number(process.env.BENCH_EVENTS || 5_000_000)
const PER_DAY = Number(process.env.BENCH_CONTACTS_PER_DAY || 25_000)
const RUNS = Number(process.env.BENCH_RUNS || 20)
const DIR = path.resolve(process.env.BENCH_DIR || `.cache/bench-queries-${EVENTS}`)
process.env.PLATEAU_DATA_DIR = DIR
process.env.PLATEAU_FACTS_REFRESH_MS = '0'
delete process.env.CLICKHOUSE_URL

const log = (m: string) => console.log(`[bench] ${m}`)

const CENTERS = [
  { id: 'paris-sales', share: 0.25, agents: 60, queues: ['sales-orders-voice', 'sales-orders-chat', 'sales-outbound'] },
  { id: 'lyon-leads', share: 0.15, agents: 30, queues: ['leads-voice', 'leads-email', 'leads-outbound'] },
  { id: 'bruxelles-care', share: 0.35, agents: 90, queues: ['care-voice', 'care-chat', 'care-email', 'complaints-voice', 'retention-voice'] },
  { id: 'charleroi-care', share: 0.15, agents: 40, queues: ['support-voice', 'support-email'] },
  { id: 'paris-hq', share: 0.1, agents: 15, queues: ['hq-switchboard-voice', 'hq-email'] },
]

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]
}

async function main() {
  fs.mkdirSync(DIR, { recursive: true })
  const { queryRows, getClickHouse } = await import('../lib/clickhouse')
  const { migrate } = await import('../lib/migrate')
  const { refreshContactFacts, compactContactFacts } = await import('../lib/queries/refreshContactFacts')
  const { getKpis } = await import('../lib/queries/getKpis')
  const { PRESETS } = await import('../lib/kpi/presets')
  const { startOfLocalDay, addLocalDays } = await import('../lib/kpi/time')
  const { eventLine } = await import('../ingest/rows')
  const { insertBatch } = await import('../ingest/sink')
  const { machine } = await import('./lib/machine')
  await migrate()
  const ch = getClickHouse()
  const count = async () => Number((await queryRows<{ n: string }>('SELECT count() AS n FROM events'))[0].n)

  let stored = await count()
  if (stored < EVENTS * 0.95) {
    if (stored > 0) throw new Error(`${DIR} holds ${stored} events, not ~${EVENTS}: use another BENCH_DIR`)
    const t0 = Date.now()
    const contacts = Math.round((EVENTS * 0.78) / 4.4)
    const days = Math.max(1, Math.ceil(contacts / PER_DAY))
    const end = Date.now()
    const start = end - days * 86_400_000
    log(`generating ~${EVENTS.toLocaleString('en-US')} events: ${contacts.toLocaleString('en-US')} contacts over ${days} days…`)
    const cum: number[] = []
    CENTERS.reduce((a, c) => (cum.push(a + c.share), a + c.share), 0)
    const params = {
      start,
      span: end - start,
      end,
      n: contacts,
      centers: CENTERS.map((c) => c.id),
      cum,
      queues: CENTERS.map((c) => c.queues),
      agents: CENTERS.map((c) => c.agents),
    }
    // One row per contact, then one row per event of it (ARRAY JOIN); events after "now" dropped.
    await ch.command({
      query: `
INSERT INTO events (event_id, type, ts, center_id, contact_id, agent_id, queue_id, channel, direction, campaign_id, customer_id,
                    talk_s, hold_s, wrap_s, transferred, resolved, outcome, revenue, csat, nps, state, reason, extra, received_at)
SELECT concat(cid, '-', e.1, '-', toString(e.3)), e.1, fromUnixTimestamp64Milli(q + e.2),
       center, cid, if(e.1 IN ('contact.answered', 'contact.ended', 'contact.wrapped'), if(e.3 = 1, agent1, agent2), ''),
       if(e.1 IN ('contact.queued', 'contact.answered', 'contact.abandoned'), queue, ''),
       if(e.1 = 'contact.queued', channel, ''), if(e.1 = 'contact.queued', direction, ''), '', '',
       if(e.1 = 'contact.ended', if(e.3 = 1, talk1, talk2), 0), if(e.1 = 'contact.ended' AND e.3 = 1, hold, 0),
       if(e.1 = 'contact.wrapped', wrap, 0), toUInt8(e.1 = 'contact.ended' AND e.3 = 1 AND transfer),
       if(e.1 = 'contact.wrapped' AND (e.3 = 2 OR NOT transfer), toNullable(toUInt8(resolved)), if(e.1 = 'survey.completed', toNullable(toUInt8(resolved)), NULL)),
       if(e.1 = 'contact.wrapped' AND (e.3 = 2 OR NOT transfer), outcome, ''),
       if(e.1 = 'contact.wrapped' AND (e.3 = 2 OR NOT transfer) AND outcome = 'sale', 40 + r7 % 200, 0),
       if(e.1 = 'survey.completed', toNullable(toUInt8(1 + r6 % 5)), NULL), if(e.1 = 'survey.completed', toNullable(toUInt8(r6 % 11)), NULL),
       '', '', '', fromUnixTimestamp64Milli(q + e.2)
FROM
(
    SELECT *,
        arrayConcat(
            [('contact.queued', 0, 1)],
            if(fate = 'abandoned', [('contact.abandoned', wait, 1)], []),
            if(fate = 'answered', [('contact.answered', wait, 1), ('contact.ended', wait + (talk1 + hold) * 1000, 1), ('contact.wrapped', wait + (talk1 + hold + wrap) * 1000, 1)], []),
            if(fate = 'answered' AND transfer, [('contact.answered', leg2, 2), ('contact.ended', leg2 + talk2 * 1000, 2), ('contact.wrapped', leg2 + (talk2 + wrap) * 1000, 2)], []),
            if(fate = 'answered' AND r5 % 100 < 15, [('survey.completed', leg2 + (talk2 + wrap) * 1000 + 3600000 + r5 % 230000000, 1)], [])
        ) AS evs
    FROM
    (
        SELECT number AS n, concat('b', toString(number)) AS cid,
            cityHash64(number, 1) % 1000000 / 1000000 AS u,
            arrayFirstIndex(x -> x > u, {cum:Array(Float64)}) AS ci,
            {centers:Array(String)}[ci] AS center,
            {queues:Array(Array(String))}[ci] AS qs,
            qs[1 + cityHash64(number, 2) % length(qs)] AS queue,
            multiIf(position(queue, 'chat') > 0, 'chat', position(queue, 'email') > 0, 'email', 'voice') AS channel,
            if(position(queue, 'outbound') > 0, 'outbound', 'inbound') AS direction,
            {start:Int64} + intDiv(number * {span:Int64}, {n:UInt64}) + cityHash64(number, 3) % 60000 AS q,
            cityHash64(number, 4) % 1000 AS r4, cityHash64(number, 5) AS r5, cityHash64(number, 6) AS r6, cityHash64(number, 7) AS r7,
            multiIf(r4 < 100, 'abandoned', r4 < 105, 'waiting', 'answered') AS fate,
            toInt64(-log((r5 % 1000000 + 1) / 1000001) * if(channel = 'email', 3600000, if(channel = 'chat', 40000, 25000))) AS wait,
            60 + r6 % 540 AS talk1, if(r7 % 10 < 3, 10 + r7 % 80, 0) AS hold, 10 + r4 % 110 AS wrap,
            r7 % 100 < 5 AS transfer, 60 + r5 % 300 AS talk2,
            wait + (talk1 + hold + wrap) * 1000 + 5000 AS leg2,
            concat(center, '-a', toString(cityHash64(number, 8) % {agents:Array(UInt32)}[ci])) AS agent1,
            concat(center, '-a', toString(cityHash64(number, 9) % {agents:Array(UInt32)}[ci])) AS agent2,
            r6 % 100 < 72 AS resolved,
            multiIf(ci = 1, if(r7 % 100 < 18, 'sale', 'information'), ci = 2, if(r7 % 100 < 25, 'lead', 'none'),
                    ci = 3 AND queue = 'retention-voice', if(r7 % 100 < 35, 'retention_saved', 'none'), 'information') AS outcome
        FROM numbers({n:UInt64})
    )
)
ARRAY JOIN evs AS e
WHERE q + e.2 <= {end:Int64}`,
      query_params: params,
      clickhouse_settings: { max_insert_threads: '2', max_partitions_per_insert_block: '0' },
    })
    const contactEvents = await count()
    const agentEvents = Math.max(0, EVENTS - contactEvents)
    const totalAgents = CENTERS.reduce((a, c) => a + c.agents, 0)
    const agentCum: number[] = []
    CENTERS.reduce((a, c) => (agentCum.push(a + c.agents), a + c.agents), 0)
    await ch.command({
      query: `
INSERT INTO events (event_id, type, ts, center_id, contact_id, agent_id, queue_id, channel, direction, campaign_id, customer_id,
                    talk_s, hold_s, wrap_s, transferred, resolved, outcome, revenue, csat, nps, state, reason, extra, received_at)
SELECT concat('s', toString(number)), 'agent.state', fromUnixTimestamp64Milli(t), center,
       '', concat(center, '-a', toString(g - if(ci = 1, 0, {agentCum:Array(UInt32)}[ci - 1]))), '', '', '', '', '',
       0, 0, 0, 0, NULL, '', 0, NULL, NULL,
       ['available', 'on_contact', 'wrap_up', 'available', 'on_contact', 'wrap_up', 'on_contact', 'wrap_up', 'break', 'offline'][1 + cityHash64(number, 11) % 10],
       '', '', fromUnixTimestamp64Milli(t)
FROM
(
    SELECT number, number % {total:UInt32} AS g, intDiv(number, {total:UInt32}) AS step,
        arrayFirstIndex(x -> x > g, {agentCum:Array(UInt32)}) AS ci, {centers:Array(String)}[ci] AS center,
        {start:Int64} + intDiv(step * {span:Int64} * {total:UInt32}, {m:UInt64}) + cityHash64(number, 12) % 30000 AS t
    FROM numbers({m:UInt64})
)
WHERE t <= {end:Int64}`,
      query_params: { ...params, total: totalAgents, agentCum, m: agentEvents },
      clickhouse_settings: { max_insert_threads: '2', max_partitions_per_insert_block: '0' },
    })
    stored = await count()
    log(`generated ${stored.toLocaleString('en-US')} events in ${((Date.now() - t0) / 1000).toFixed(0)} s`)
  } else log(`reusing ${DIR}: ${stored.toLocaleString('en-US')} events`)

  let t0 = Date.now()
  const rf = await refreshContactFacts()
  log(`contact facts: ${rf.mode} refresh in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
  t0 = Date.now()
  const merged = await compactContactFacts(0)
  log(`compacted ${merged} settled day partitions in ${((Date.now() - t0) / 1000).toFixed(1)} s`)

  const [size] = await queryRows<{ contacts: string; facts: string; first: string; last: string; bytes: string }>(`
    SELECT (SELECT count() FROM contacts_v) AS contacts, (SELECT count() FROM contact_facts FINAL) AS facts,
           (SELECT min(ts) FROM events) AS first, (SELECT max(ts) FROM events) AS last,
           (SELECT sum(bytes_on_disk) FROM system.parts WHERE active AND database = currentDatabase()) AS bytes`)
  const now = Date.now()
  const tz = 'Europe/Paris'
  // The 30 local days before today (a month-long report that the data always covers).
  const today = startOfLocalDay(now, tz)
  const month = { kind: 'custom' as const, from: addLocalDays(today, -30, tz), to: today }
  const [{ n: monthContacts }] = await queryRows<{ n: string }>(
    `SELECT count() AS n FROM contact_facts FINAL WHERE center_id = 'paris-sales' AND kind = 'offered' AND ts >= {f:DateTime64(3)} AND ts < {t:DateTime64(3)}`,
    { f: new Date(month.from).toISOString().replace('T', ' ').slice(0, 23), t: new Date(month.to).toISOString().replace('T', ' ').slice(0, 23) },
  )

  let seq = 0
  const fresh = async () => {
    const at = new Date().toISOString()
    const evs = Array.from({ length: 10 }, () => {
      const id = `live-${process.pid}-${seq++}`
      const base = { v: 1 as const, center_id: 'paris-sales', contact_id: id, ts: at }
      return [
        { ...base, event_id: `${id}-q`, type: 'contact.queued' as const, queue_id: 'sales-orders-voice', channel: 'voice' as const, direction: 'inbound' as const },
        { ...base, event_id: `${id}-a`, type: 'contact.answered' as const, queue_id: 'sales-orders-voice', agent_id: 'paris-sales-a1' },
        { ...base, event_id: `${id}-e`, type: 'contact.ended' as const, agent_id: 'paris-sales-a1', talk_s: 60, hold_s: 0 },
        { ...base, event_id: `${id}-w`, type: 'contact.wrapped' as const, agent_id: 'paris-sales-a1', wrap_s: 10 },
        { ...base, event_id: `${id}-s`, type: 'agent.state' as const, agent_id: 'paris-sales-a1', state: 'available' as const },
      ]
    }).flat()
    await insertBatch({ events: evs.map((e) => eventLine(e, Date.now())), deadLetters: [] })
  }
  const cases: Array<[string, () => Promise<unknown>, (() => Promise<unknown>)?]> = [
    // Baseline: the machine's speed right now for the simplest read of today's facts (the
    // 2-core machines are shared and noisy; the other figures are also given as ratios to it).
    ['baseline: count today’s contact facts (one short statement)', () => queryRows(`SELECT count() AS n FROM contact_facts WHERE ts >= {t:DateTime64(3)}`, { t: new Date(today).toISOString().replace('T', ' ').slice(0, 23) })],
    ['live (today, 5 centers by center, live preset)', () => getKpis({ window: { kind: 'today' }, groupBy: ['center'], keys: PRESETS.live, maxLagMs: 3_600_000 }, null)],
    ['live + 50 new events, facts refreshed first', () => getKpis({ window: { kind: 'today' }, groupBy: ['center'], keys: PRESETS.live, maxLagMs: 0 }, null), fresh],
    ['30 days, paris-sales, by day, all KPIs, vs previous 30 days', () => getKpis({ window: month, filters: { centers: ['paris-sales'] }, groupBy: ['day'], compare: true, maxLagMs: 3_600_000 }, null)],
    ['30 days, paris-sales, total, all KPIs, vs previous 30 days', () => getKpis({ window: month, filters: { centers: ['paris-sales'] }, compare: true, maxLagMs: 3_600_000 }, null)],
    ['30 days, 5 centers by center, all KPIs', () => getKpis({ window: month, groupBy: ['center'], maxLagMs: 3_600_000 }, null)],
  ]
  // Wall time, and CPU time of this process (chdb runs in it): on a shared machine the wall time
  // includes waiting for a CPU, the CPU time does not.
  const results: Array<{ name: string; p50: number; p95: number; max: number; cpu50: number; cpu95: number }> = []
  for (const [name, run, before] of cases) {
    if (before) await before()
    await run()
    const times: number[] = []
    const cpu: number[] = []
    for (let i = 0; i < RUNS; i++) {
      if (before) await before()
      const c = process.cpuUsage()
      const t = performance.now()
      await run()
      times.push(performance.now() - t)
      const d = process.cpuUsage(c)
      cpu.push((d.user + d.system) / 1000)
    }
    const r = { name, p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times), cpu50: percentile(cpu, 50), cpu95: percentile(cpu, 95) }
    results.push(r)
    log(`${name}: p50 ${r.p50.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms (CPU p50 ${r.cpu50.toFixed(0)} ms, p95 ${r.cpu95.toFixed(0)} ms)`)
  }

  // The live view as served: /api/live answers from a snapshot computed once per tick per scope
  // (lib/live/live-snapshot), so a screen never waits for the engine. SCREENS screens poll every
  // 2 s (the live page's rate), staggered, while 50 new events arrive each second.
  const { getLiveSnapshot } = await import('../lib/live/live-snapshot')
  const { snapshotCache } = await import('../lib/live/caches')
  const SCREENS = 10
  const SERVE_S = Number(process.env.BENCH_SERVE_SECONDS || 20)
  const scope = { allowed: null, line: null, queues: [], channels: [] }
  await getLiveSnapshot(scope)
  const served: number[] = []
  const ages: number[] = []
  const computations0 = snapshotCache.stats.computations
  const stopAt = Date.now() + SERVE_S * 1000
  const traffic = (async () => {
    while (Date.now() < stopAt) {
      await fresh()
      await new Promise((r) => setTimeout(r, 1000))
    }
  })()
  await Promise.all([
    traffic,
    ...Array.from({ length: SCREENS }, async (_, i) => {
      await new Promise((r) => setTimeout(r, (2000 / SCREENS) * i))
      while (Date.now() < stopAt) {
        const t = performance.now()
        const { snapshot } = await getLiveSnapshot(scope)
        served.push(performance.now() - t)
        ages.push(Date.now() - snapshot.generatedAt)
        await new Promise((r) => setTimeout(r, 2000))
      }
    }),
  ])
  const computations = snapshotCache.stats.computations - computations0
  const live = {
    p50: percentile(served, 50),
    p95: percentile(served, 95),
    max: Math.max(...served),
    ageP50: percentile(ages, 50),
    ageP95: percentile(ages, 95),
    perSecond: computations / SERVE_S,
  }
  log(
    `live view served (${SCREENS} screens, ${served.length} requests): p50 ${live.p50.toFixed(1)} ms, p95 ${live.p95.toFixed(1)} ms; ` +
      `figures' age p50 ${live.ageP50} ms, p95 ${live.ageP95} ms; ${live.perSecond.toFixed(1)} snapshot computations/s`,
  )

  const m = machine()
  const load = os.loadavg()
  const fmt = (n: number | string) => Number(n).toLocaleString('en-US')
  const block = [
    `### Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `- machine: ${m.nproc} CPU (${m.cpu}), ${m.ramGiB} GiB RAM, Node ${m.node}, embedded chdb; load average ${load.map((x) => x.toFixed(1)).join(' / ')}`,
    `- data: ${fmt(stored)} events (${fmt(size.contacts)} contacts, ${fmt(size.facts)} contact facts) from ${size.first.slice(0, 10)} to ${size.last.slice(0, 10)}, ` +
      `${(Number(size.bytes) / 2 ** 30).toFixed(2)} GiB on disk; paris-sales offered ${fmt(monthContacts)} contacts in the 30 days measured`,
    `- command: \`BENCH_EVENTS=${EVENTS} npm run bench:queries\`, ${RUNS} runs after a warm-up`,
    '',
    '| query | p50 ms | p95 ms | max ms | CPU p50 ms | CPU p95 ms | p50 ÷ baseline |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.name} | ${r.p50.toFixed(0)} | ${r.p95.toFixed(0)} | ${r.max.toFixed(0)} | ${r.cpu50.toFixed(0)} | ${r.cpu95.toFixed(0)} | ${(r.p50 / results[0].p50).toFixed(1)}× |`,
    ),
    `| live view request as served (/api/live snapshot, ${SCREENS} screens polling every 2 s, ${served.length} requests) | ${live.p50.toFixed(1)} | ${live.p95.toFixed(1)} | ${live.max.toFixed(0)} | — | — | — |`,
    '',
    `Live view as served: figures' age (served − computed) p50 ${live.ageP50} ms, p95 ${live.ageP95} ms; ` +
      `${live.perSecond.toFixed(1)} snapshot computations per second for ${SCREENS} screens (one per tick at most).`,
    '',
  ].join('\n')
  console.log(`\n${block}`)
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e)
    process.exit(1)
  },
)
