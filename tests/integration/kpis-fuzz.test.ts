/**
 * /api/kpis and /api/kpis/contacts under hostile input (issue 8 acceptance), called in-process
 * as a supervisor of paris-sales (center A) with a real embedded ClickHouse:
 *   - every filter parameter gets quotes, SQL fragments (`' OR 1=1 --`), `{x:String}`
 *     placeholders, backslashes, NUL, RTL/emoji Unicode, 100 kB strings, 10 000-item lists
 *     (comma-separated and repeated), negative/huge numbers and invalid dates → never a 5xx,
 *     a 400 always explains itself, and nothing of lyon-leads (center B) ever comes back;
 *   - asking for B explicitly (centers, reporting line, sourcing, B's queues or agents) or
 *     grouping by center/queue/agent/line never shows B, while the same query as an executive
 *     does (so "outside scope" is observable, not vacuous).
 *
 * Data (configuration below), day D = Tuesday 2026-11-10 (Paris, UTC+1) and the last hour:
 *   A paris-sales  D: A-h1 answered by pa-agent-1, sale 10 €; A-h2 abandoned.
 *                  last hour: A-r1 answered and wrapped; pa-agent-2 available.
 *   B lyon-leads   D: B-h1…B-h4 answered by ly-agent-1, sale 1 000 000 € each; B-h5 abandoned.
 *                  last hour: B-r1…B-r4 waiting now; ly-agent-2…4 available.
 * Tripwires: whatever A may see is small (offered ≤ 3, handled ≤ 2, revenue ≤ 10, nobody
 * waiting, ≤ 2 agents); any of B's data shows as a B id (center, queue, agent, contact) or a
 * figure beyond A's.
 */
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { CENTER_A, CENTER_B, TEST_ORIGIN, useTestAuth, type TestAuth, type TestRole } from '../helpers/auth'
import { collectCenterIds, expectOnlyCenters, fuzzQueryParams, HOSTILE_VALUES, hostileString } from '../helpers/auth-fuzz'
import { freshStore } from '../helpers/store'
import { ROUTES } from './auth-routes.table'
import { answeredContact, ev, insert, paris, states } from './kpi-fixtures'

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
    cost: { model: in_house, agentHourCost: 30 }
    queues:
      - { id: sales-orders-voice, channel: voice, direction: inbound }
      - { id: sales-orders-chat, channel: chat, direction: inbound }
  - id: ${CENTER_B}
    name: Lyon Leads
    reportingLine: marketing
    sourcing: outsourced
    timezone: Europe/Paris
    cost: { model: outsourced, pricePerHandledContact: 4 }
    queues:
      - { id: leads-voice, channel: voice, direction: inbound }
      - { id: leads-email, channel: email, direction: inbound }
`
const B_QUEUES = ['leads-voice', 'leads-email']
const B_AGENT = /^ly-/
const B_CONTACT = /^B-/

const D = '2026-11-10'
const DAY = { window: 'custom', from: `${D}T00:00:00+01:00`, to: '2026-11-11T00:00:00+01:00' }
/** A small set of KPIs for the fuzz (one of each kind of query: contacts, agent time, live, cost). */
const FUZZ_KEYS = 'offered,answered,abandoned,handled,service_level,asa,aht,revenue,occupancy,waiting_now,agents_logged_in,cost'

/** The most A can show in any window or group (B's figures are all larger). */
const A_MAX: Record<string, number> = {
  offered: 3,
  answered: 2,
  handled: 2,
  revenue: 10,
  revenue_per_contact: 10,
  waiting_now: 0,
  still_waiting: 0,
  agents_available: 2,
  agents_logged_in: 2,
  leads: 0,
  sales: 1,
}

type Json = Record<string, unknown>
type KpiReportJson = {
  rows?: Array<{ group?: Record<string, string>; kpis?: Array<{ key: string; value: number | null; previous: number | null }> }>
  centers?: Array<{ id: string }>
}
type ContactsJson = { total?: number; rows?: Array<{ centerId: string; contactId: string; queueId: string; agentId: string; revenue: number }> }

/** Everything in a 200 body that could only come from B (empty = clean). */
function foreignSignals(path: string, body: unknown): string[] {
  const out: string[] = []
  for (const c of collectCenterIds(body)) if (c !== CENTER_A) out.push(`center id ${c}`)
  if (path === '/api/kpis') {
    const r = body as KpiReportJson
    for (const c of r.centers ?? []) if (c.id !== CENTER_A) out.push(`centers[] ${c.id}`)
    for (const row of r.rows ?? []) {
      const g = row.group ?? {}
      if (g.queue && B_QUEUES.includes(g.queue)) out.push(`queue ${g.queue}`)
      if (g.agent && B_AGENT.test(g.agent)) out.push(`agent ${g.agent}`)
      if (g.reporting_line && g.reporting_line !== 'sales') out.push(`reporting line ${g.reporting_line}`)
      if (g.sourcing && g.sourcing !== 'in_house') out.push(`sourcing ${g.sourcing}`)
      for (const k of row.kpis ?? []) {
        const max = A_MAX[k.key]
        if (max === undefined) continue
        for (const v of [k.value, k.previous]) if (typeof v === 'number' && v > max + 1e-9) out.push(`${k.key} = ${v} > ${max} (${JSON.stringify(g)})`)
      }
    }
  } else {
    const r = body as ContactsJson
    if ((r.total ?? 0) > 3) out.push(`total ${r.total} > 3`)
    for (const row of r.rows ?? []) {
      if (B_CONTACT.test(row.contactId)) out.push(`contact ${row.contactId}`)
      if (B_QUEUES.includes(row.queueId)) out.push(`queue ${row.queueId}`)
      if (B_AGENT.test(row.agentId)) out.push(`agent ${row.agentId}`)
      if (row.revenue > 10) out.push(`revenue ${row.revenue}`)
    }
  }
  return out
}

// ---- values: the shared hostile list plus what issue 8 asks for explicitly
const list = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(',')
const EXTRA_VALUES: readonly string[] = [
  "' OR 1=1 --",
  `${CENTER_B}' OR center_id != '`,
  `') OR center_id IN ('${CENTER_B}`,
  `${CENTER_B}\\' OR 1=1 --`,
  "1' AND sleep(3) --",
  "'; SELECT * FROM contacts_v --",
  '{allowed:Array(String)}',
  '{center_id:String}',
  '{queues:Array(String)}',
  '\\\\',
  '\\',
  'lyon\\-leads',
  '\\0',
  '\\x00',
  '\u0000',
  `${CENTER_B}\u0000`,
  `\u0000${CENTER_B}`,
  '\u202e\u202dsdael-noyl',
  `\u200f${CENTER_B}\u200f`,
  `${CENTER_B}\u200b`,
  'مركز الاتصال',
  'עברית',
  '🙂'.repeat(1_000),
  '👨‍👩‍👧‍👦🏳️‍🌈',
  'x'.repeat(100_000),
  "'".repeat(100_000),
  `${CENTER_B},`.repeat(9_100),
  list(10_000, (i) => `c${i}`),
  list(10_000, () => CENTER_B),
  list(10_000, () => CENTER_A),
  list(10_000, (i) => (i % 2 ? CENTER_A : CENTER_B)),
  '-1',
  '0',
  '-0',
  '1.5',
  '1e3',
  '-1e309',
  'Infinity',
  '-Infinity',
  '0x10',
  '2147483648',
  '-9223372036854775809',
  '18446744073709551616',
  '2026-02-30T00:00:00Z',
  '2026-11-10T00:00:00',
  '2026-11-10',
  '-271821-04-20T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '9999-12-31T23:59:59.999+14:00',
  '1970-01-01T00:00:00Z',
  '2026-11-10T24:00:00+01:00',
  '2026-11-10T00:00:00+25:00',
  '2026-11-10T00:00:00.0000000001Z',
  '2026-11-11T00:00:00+01:00',
  'now',
]
const VALUES = [...new Set([...HOSTILE_VALUES, ...EXTRA_VALUES])]

const FILTERS = ['window', 'from', 'to', 'centers', 'lines', 'sourcing', 'queues', 'channels', 'directions', 'agents']
const KPIS_PARAMS = [...FILTERS, 'groupBy', 'keys', 'compare']
const CONTACTS_PARAMS = [...FILTERS, 'set', 'page', 'pageSize', 'sort']
/** Parameters whose hostile values are mostly valid strings: the SQL paths, must answer 200 often. */
const STRING_FILTERS = ['centers', 'queues', 'agents']

// ---- calling the routes in-process
type Handler = (req: Request, ctx: unknown) => Promise<Response>
const ctx = { params: Promise.resolve({}) }
let auth: TestAuth
let kpisGET: Handler
let contactsGET: Handler

/** One session per role for the whole file (minting a token per request is what would be slow). */
const sessions = new Map<TestRole, Headers>()

async function call(path: '/api/kpis' | '/api/kpis/contacts', role: TestRole, url: string): Promise<Response> {
  const h = path === '/api/kpis' ? kpisGET : contactsGET
  if (!sessions.has(role)) sessions.set(role, await auth.headers(role))
  const { NextRequest } = await import('next/server')
  try {
    return await h(new NextRequest(new URL(url, TEST_ORIGIN), { headers: new Headers(sessions.get(role)) }), ctx)
  } catch (e) {
    // a thrown handler is a 500 in Next.js: report it as such, with the message
    return new Response(JSON.stringify({ error: 'internal', message: (e as Error).message }), { status: 500, headers: { 'content-type': 'application/json' } })
  }
}

/** As the supervisor of A: status < 500, and a 200 body holds nothing of B. */
async function asSupervisor(path: '/api/kpis' | '/api/kpis/contacts', url: string): Promise<Response> {
  const res = await call(path, 'supervisor', url)
  const short = url.length > 160 ? `${url.slice(0, 160)}…` : url
  if (res.status >= 500) expect.fail(`${short} → ${res.status}: ${await res.clone().text()}`)
  if (res.status === 200) expect(foreignSignals(path, await res.clone().json()), `${short}: data outside scope`).toEqual([])
  return res
}

const qs = (o: Record<string, string>) => new URLSearchParams(o).toString()

async function json<T = Json>(res: Response): Promise<T> {
  expect(res.headers.get('content-type')).toMatch(/json/)
  return (await res.json()) as T
}

beforeAll(async () => {
  process.env.PLATEAU_DEMO = '0'
  process.env.PLATEAU_FACTS_REFRESH_MS = '0'
  await freshStore('plateau-kpis-fuzz-')
  const { setConfigOverride } = await import('@/lib/config')
  setConfigOverride(CONFIG)
  auth = await useTestAuth()
  kpisGET = (await import('@/app/api/kpis/route')).GET as Handler
  contactsGET = (await import('@/app/api/kpis/contacts/route')).GET as Handler

  const t = (hms: string) => paris(D, hms)
  const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString()
  const A = CENTER_A
  const B = CENTER_B
  await insert([
    // A, day D
    ...answeredContact(A, 'A-h1', { queue: 'sales-orders-voice', queued: t('09:00:00'), answered: t('09:00:10'), agent: 'pa-agent-1', ended: t('09:05:00'), talk: 280, hold: 10, wrapped: t('09:05:30'), wrap: 30, resolved: true, outcome: 'sale', revenue: 10 }),
    ev('contact.queued', A, t('10:00:00'), { contact_id: 'A-h2', queue_id: 'sales-orders-chat', channel: 'chat', direction: 'inbound' }),
    ev('contact.abandoned', A, t('10:00:40'), { contact_id: 'A-h2', queue_id: 'sales-orders-chat' }),
    ...states(A, 'pa-agent-1', [[t('08:00:00'), 'available'], [t('09:00:10'), 'on_contact'], [t('09:05:00'), 'wrap_up'], [t('09:05:30'), 'available'], [t('12:00:00'), 'offline']]),
    // B, day D: four big sales and an abandon
    ...[1, 2, 3, 4].flatMap((i) =>
      answeredContact(B, `B-h${i}`, { queue: 'leads-voice', queued: t(`09:1${i}:00`), answered: t(`09:1${i}:05`), agent: 'ly-agent-1', ended: t(`09:1${i}:50`), talk: 40, hold: 0, wrapped: t(`09:1${i}:55`), wrap: 5, resolved: true, outcome: 'sale', revenue: 1_000_000 }),
    ),
    ev('contact.queued', B, t('11:00:00'), { contact_id: 'B-h5', queue_id: 'leads-email', channel: 'email', direction: 'inbound' }),
    ev('contact.abandoned', B, t('11:00:30'), { contact_id: 'B-h5', queue_id: 'leads-email' }),
    ...states(B, 'ly-agent-1', [[t('08:00:00'), 'available'], [t('12:00:00'), 'offline']]),
    // last hour
    ...answeredContact(A, 'A-r1', { queue: 'sales-orders-voice', queued: ago(30), answered: ago(29.5), agent: 'pa-agent-2', ended: ago(26), talk: 200, hold: 0, wrapped: ago(25), wrap: 60 }),
    ...states(A, 'pa-agent-2', [[ago(50), 'available']]),
    ...[1, 2, 3, 4].map((i) => ev('contact.queued', B, ago(10 - i), { contact_id: `B-r${i}`, queue_id: 'leads-voice', channel: 'voice', direction: 'inbound' })),
    ...[2, 3, 4].flatMap((i) => states(B, `ly-agent-${i}`, [[ago(50), 'available']])),
  ])
})

describe('the data makes "outside scope" observable', () => {
  it('A sees its own figures; an executive sees B’s, which would trip every check below', async () => {
    const q = qs({ ...DAY, groupBy: 'center', keys: FUZZ_KEYS })
    const sup = await json<KpiReportJson>(await asSupervisor('/api/kpis', `/api/kpis?${q}`))
    expect(sup.rows).toHaveLength(1)
    expect(sup.rows![0]!.group).toEqual({ center: CENTER_A })
    const a = Object.fromEntries(sup.rows![0]!.kpis!.map((k) => [k.key, k.value]))
    expect({ offered: a.offered, answered: a.answered, abandoned: a.abandoned, handled: a.handled, revenue: a.revenue }).toEqual({ offered: 2, answered: 1, abandoned: 1, handled: 1, revenue: 10 })

    const exec = await json<KpiReportJson>(await call('/api/kpis', 'executive', `/api/kpis?${q}`))
    const b = exec.rows!.find((r) => r.group?.center === CENTER_B)!
    const bv = Object.fromEntries(b.kpis!.map((k) => [k.key, k.value]))
    expect({ offered: bv.offered, handled: bv.handled, revenue: bv.revenue }).toEqual({ offered: 5, handled: 4, revenue: 4_000_000 })
    expect(foreignSignals('/api/kpis', exec)).toEqual(expect.arrayContaining(['center id lyon-leads', 'centers[] lyon-leads']))

    // now: B has four contacts waiting and three agents logged in; A none waiting, one agent
    const live = qs({ window: 'last60m', groupBy: 'center', keys: 'offered,waiting_now,agents_logged_in' })
    const supLive = await json<KpiReportJson>(await asSupervisor('/api/kpis', `/api/kpis?${live}`))
    expect(Object.fromEntries(supLive.rows![0]!.kpis!.map((k) => [k.key, k.value]))).toEqual({ offered: 1, waiting_now: 0, agents_logged_in: 1 })
    const execLive = await json<KpiReportJson>(await call('/api/kpis', 'executive', `/api/kpis?${live}`))
    const bLive = execLive.rows!.find((r) => r.group?.center === CENTER_B)!
    expect(Object.fromEntries(bLive.kpis!.map((k) => [k.key, k.value]))).toEqual({ offered: 4, waiting_now: 4, agents_logged_in: 3 })

    const contacts = await json<ContactsJson>(await asSupervisor('/api/kpis/contacts', `/api/kpis/contacts?${qs({ ...DAY, set: 'offered' })}`))
    expect(contacts.rows!.map((r) => r.contactId).sort()).toEqual(['A-h1', 'A-h2'])
    const execContacts = await json<ContactsJson>(await call('/api/kpis/contacts', 'executive', `/api/kpis/contacts?${qs({ ...DAY, set: 'offered' })}`))
    expect(execContacts.total).toBe(7)
    expect(foreignSignals('/api/kpis/contacts', execContacts).length).toBeGreaterThan(0)
  })

  it('the route-table queries for /api/kpis and /api/kpis/contacts are valid, so their scope checks run', async () => {
    for (const path of ['/api/kpis', '/api/kpis/contacts'] as const) {
      const res = await asSupervisor(path, `${path}?${ROUTES[path]!.query}`)
      expect(res.status, path).toBe(200)
    }
  })
})

describe('a supervisor of A never sees B in /api/kpis, even when asking for it', () => {
  const WINDOWS: Record<string, Record<string, string>> = {
    day: DAY,
    last60m: { window: 'last60m' },
    today: { window: 'today' },
    month: { window: 'custom', from: '2026-11-01T00:00:00+01:00', to: '2026-12-01T00:00:00+01:00', compare: 'previous' },
  }
  const ASKS: Record<string, Record<string, string>> = {
    'centers=B': { centers: CENTER_B },
    'centers=B,A': { centers: `${CENTER_B},${CENTER_A}` },
    'centers=B (repeated)': { centers: CENTER_B },
    'groupBy=center': { groupBy: 'center' },
    'groupBy=center, centers=B': { groupBy: 'center', centers: CENTER_B },
    'B’s reporting line': { lines: 'marketing', groupBy: 'center' },
    'B’s sourcing': { sourcing: 'outsourced', groupBy: 'center' },
    'both lines by line': { lines: 'sales,marketing', groupBy: 'reporting_line' },
    'by sourcing': { groupBy: 'sourcing' },
    'B’s queues': { queues: B_QUEUES.join(','), groupBy: 'queue' },
    'B’s agents': { agents: 'ly-agent-1,ly-agent-2,ly-agent-3,ly-agent-4', groupBy: 'agent' },
    'by center and queue': { groupBy: 'center,queue' },
    'by center and agent': { groupBy: 'center,agent' },
    'by channel and direction': { groupBy: 'channel,direction' },
    'email (B only)': { channels: 'email', groupBy: 'center' },
    'by center and hour': { groupBy: 'center,interval60' },
    'live preset by center': { preset: 'live', groupBy: 'center' },
  }

  for (const [w, win] of Object.entries(WINDOWS)) {
    it(`window ${w}: every way of asking for B answers 200 with A only`, async () => {
      for (const [name, ask] of Object.entries(ASKS)) {
        const q = new URLSearchParams({ ...win, ...ask })
        if (name.includes('repeated')) q.append('centers', CENTER_B)
        if (name === 'by center and hour' && w === 'month') q.set('groupBy', 'center,day')
        const res = await asSupervisor('/api/kpis', `/api/kpis?${q}`)
        expect(res.status, `${w} ${name}: ${await res.clone().text()}`).toBe(200)
        const body = await json<KpiReportJson>(res)
        expect(body.rows!.every((r) => r.group?.center === undefined || r.group.center === CENTER_A), `${w} ${name}`).toBe(true)
        if (['centers=B', 'groupBy=center, centers=B', 'B’s reporting line', 'B’s sourcing', 'email (B only)'].includes(name)) {
          expect(body.rows, `${w} ${name}: nothing in scope`).toEqual([])
        }
        // the same question as an executive does reach B's data (not just B's name in centers[])
        if (w === 'day') {
          const exec = await json(await call('/api/kpis', 'executive', `/api/kpis?${q}`))
          const data = foreignSignals('/api/kpis', exec).filter((s) => !s.startsWith('centers[]'))
          expect(data.length, `${w} ${name}: an executive should see B's data`).toBeGreaterThan(0)
        }
      }
    })
  }

  it('/api/kpis/contacts: B’s center, queues, agents, line or channel give A’s contacts or none', async () => {
    const asks: Record<string, string>[] = [
      { centers: CENTER_B },
      { queues: B_QUEUES.join(',') },
      { agents: 'ly-agent-1' },
      { lines: 'marketing' },
      { sourcing: 'outsourced' },
      { channels: 'email' },
      { centers: `${CENTER_B},${CENTER_A}` },
    ]
    for (const ask of asks) {
      for (const set of ['offered', 'answered', 'handled', 'sales', 'abandoned', 'waiting', 'waiting_now']) {
        for (const win of [DAY, { window: 'today' }, { window: 'last60m' }]) {
          const url = `/api/kpis/contacts?${qs({ ...win, ...ask, set })}`
          const res = await asSupervisor('/api/kpis/contacts', url)
          expect(res.status, url).toBe(200)
          const body = await json<ContactsJson>(res)
          expect(body.rows!.every((r) => r.centerId === CENTER_A), url).toBe(true)
          if (!ask.centers?.includes(CENTER_A)) expect(body.total, url).toBe(0)
        }
      }
    }
  })
})

describe('hostile values in every filter parameter (supervisor of A)', () => {
  const run = async (path: '/api/kpis' | '/api/kpis/contacts', base: Record<string, string>, params: string[]) => {
    const byParam: Record<string, Record<number, number>> = {}
    for (const p of params) {
      byParam[p] = await fuzzQueryParams({
        path,
        base,
        params: [p],
        allowedCenters: [CENTER_A],
        values: VALUES,
        call: (url) => asSupervisor(path, url),
      })
    }
    return byParam
  }

  it('/api/kpis: never a 5xx, a 400 explains itself, a 200 holds only A', async () => {
    const counts = await run('/api/kpis', { ...DAY, groupBy: 'center', keys: FUZZ_KEYS }, KPIS_PARAMS)
    // preset and keys are mutually exclusive: fuzz preset without keys
    Object.assign(counts, await run('/api/kpis', { ...DAY, groupBy: 'center' }, ['preset']))
    for (const p of [...KPIS_PARAMS, 'preset']) expect(Object.keys(counts[p]!).every((s) => Number(s) < 500), p).toBe(true)
    // the hostile strings that are valid ids really reached the SQL
    for (const p of STRING_FILTERS) expect(counts[p]![200] ?? 0, `${p}: some hostile ids must pass validation`).toBeGreaterThan(20)
    // and what is not valid is refused, not ignored
    for (const p of ['window', 'from', 'to', 'groupBy', 'keys', 'compare', 'channels', 'directions', 'lines', 'sourcing', 'preset']) {
      expect(counts[p]![400] ?? 0, `${p}: hostile values must be refused`).toBeGreaterThan(VALUES.length)
    }
  })

  it('/api/kpis/contacts: never a 5xx, a 400 explains itself, a 200 holds only A', async () => {
    const counts = await run('/api/kpis/contacts', { ...DAY, set: 'offered' }, CONTACTS_PARAMS)
    for (const p of CONTACTS_PARAMS) expect(Object.keys(counts[p]!).every((s) => Number(s) < 500), p).toBe(true)
    for (const p of STRING_FILTERS) expect(counts[p]![200] ?? 0, p).toBeGreaterThan(20)
    for (const p of ['window', 'from', 'to', 'set', 'sort', 'page', 'pageSize']) expect(counts[p]![400] ?? 0, p).toBeGreaterThan(VALUES.length)
  })

  it('10 000 repeated parameters (?p=…&p=…) on every parameter', async () => {
    for (const [path, base, params] of [
      ['/api/kpis', { ...DAY, groupBy: 'center', keys: FUZZ_KEYS }, KPIS_PARAMS],
      ['/api/kpis/contacts', { ...DAY, set: 'offered' }, CONTACTS_PARAMS],
    ] as const) {
      for (const p of params) {
        for (const item of [(i: number) => `x${i}`, () => CENTER_B, (i: number) => (i % 2 ? CENTER_A : CENTER_B), () => "' OR 1=1 --"]) {
          const q = new URLSearchParams(base)
          q.delete(p)
          for (let i = 0; i < 10_000; i++) q.append(p, item(i))
          const res = await asSupervisor(path, `${path}?${q}`)
          if (res.status === 400) expect(typeof (await json<{ message: unknown }>(res)).message).toBe('string')
        }
      }
    }
  })

  it('hostile parameter names and unknown parameters are refused, never crash', async () => {
    const names = ['center', 'centers[]', 'centers ', 'Centers', '__proto__', 'constructor', 'toString', 'hasOwnProperty', "centers' OR 1=1 --", '{x:String}', '\u0000', '😀', 'x'.repeat(10_000)]
    for (const path of ['/api/kpis', '/api/kpis/contacts'] as const) {
      const base = path === '/api/kpis' ? { ...DAY, groupBy: 'center' } : { ...DAY, set: 'offered' }
      for (const n of names) {
        for (const v of [CENTER_B, "' OR 1=1 --", '{"centers":["lyon-leads"]}']) {
          const q = new URLSearchParams(base)
          q.append(n, v)
          const res = await asSupervisor(path, `${path}?${q}`)
          expect([200, 400], `${path} ${JSON.stringify(n.slice(0, 30))}`).toContain(res.status)
          if (!['__proto__'].includes(n)) expect(res.status, `${path} unknown parameter ${JSON.stringify(n.slice(0, 30))}`).toBe(400)
        }
      }
    }
  })

  it('random hostile values in random parameters, several at once (fast-check)', async () => {
    for (const [path, base, params] of [
      ['/api/kpis', { ...DAY, groupBy: 'center', keys: FUZZ_KEYS }, [...KPIS_PARAMS, 'preset']],
      ['/api/kpis/contacts', { ...DAY, set: 'offered' }, CONTACTS_PARAMS],
    ] as const) {
      await fc.assert(
        fc.asyncProperty(fc.dictionary(fc.constantFrom(...params), hostileString(), { minKeys: 1, maxKeys: 4 }), async (over) => {
          const q = new URLSearchParams({ ...base, ...over })
          const res = await asSupervisor(path, `${path}?${q}`)
          expect(res.status).toBeLessThan(500)
          if (res.status === 200) expectOnlyCenters(await res.json(), [CENTER_A], `${path} ${JSON.stringify(Object.keys(over))}`)
        }),
        { numRuns: 150 },
      )
    }
  })
})
