/**
 * Issue 17 item 2: e-mail apart from the real-time headline. Against a real embedded store,
 * through the real /api/live and /api/boards routes, with a small event log whose figures are
 * computed by hand below:
 * - the default headline covers the real-time channels: e-mails waiting are not in "Waiting",
 *   and the voice targets are not mixed with e-mail ones;
 * - the e-mail backlog tile: e-mails waiting now and the oldest one's age, each center against
 *   its own `targets.emailOldestWaitSeconds` (an unconfigured center shown, with the default);
 * - a board's email_backlog panel, and a scope limited to voice that has no e-mail tile.
 */
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { PlateauEvent } from '@/lib/contract/events'
import { freshStore } from '../helpers/store'
import { useTestAuth, type TestAuth } from '../helpers/auth'

const NORTH = 'eb-north' // e-mail target 1 h
const SOUTH = 'eb-south' // e-mail target 4 h
const GHOST = 'eb-ghost' // not in the configuration: the default target (24 h)
const CONFIG = `
version: 1
centers:
  - id: ${NORTH}
    name: North
    reportingLine: customer_service
    sourcing: in_house
    targets: { emailOldestWaitSeconds: 3600 }
    queues:
      - { id: n-voice, channel: voice }
      - { id: n-email, channel: email, serviceLevel: { thresholdSeconds: 86400, target: 0.9 }, asaSeconds: 14400 }
  - id: ${SOUTH}
    name: South
    reportingLine: customer_service
    sourcing: in_house
    targets: { emailOldestWaitSeconds: 14400 }
    queues:
      - { id: s-email, channel: email, serviceLevel: { thresholdSeconds: 86400, target: 0.9 }, asaSeconds: 14400 }
`
const BOARDS = `
version: 1
boards:
  - id: eb-board
    title: North
    centers: [${NORTH}]
    tiles: [waiting_now, asa, { panel: email_backlog, span: 2 }]
`
const now = Date.now()
const S = 1000
let auth: TestAuth

function ev(center: string, type: string, ts: number, f: Record<string, unknown>): PlateauEvent {
  return { event_id: randomUUID(), type, ts: new Date(ts).toISOString(), center_id: center, v: 1, ...f } as PlateauEvent
}
const queued = (center: string, id: string, queue: string, channel: string, agoS: number) =>
  ev(center, 'contact.queued', now - agoS * S, { contact_id: id, queue_id: queue, channel, direction: 'inbound' })

beforeAll(async () => {
  process.env.PLATEAU_DEMO = '0'
  process.env.PLATEAU_FACTS_REFRESH_MS = '0'
  await freshStore('plateau-email-backlog-')
  auth = await useTestAuth()
  const { setConfigOverride } = await import('@/lib/config')
  setConfigOverride(CONFIG)
  const { setBoardsOverride } = await import('@/lib/boards/load')
  setBoardsOverride(BOARDS)
  const events: PlateauEvent[] = [
    // North voice: 2 callers waiting (30 s, 60 s), 1 answered after 10 s
    queued(NORTH, 'nv-w1', 'n-voice', 'voice', 30),
    queued(NORTH, 'nv-w2', 'n-voice', 'voice', 60),
    queued(NORTH, 'nv-a1', 'n-voice', 'voice', 300),
    ev(NORTH, 'contact.answered', now - 290 * S, { contact_id: 'nv-a1', queue_id: 'n-voice', agent_id: 'n1' }),
    // North e-mail: 2 waiting (50 min, 63 min 20 s); one queued 3 h ago answered 1 h ago (not waiting)
    queued(NORTH, 'ne-w1', 'n-email', 'email', 3000),
    queued(NORTH, 'ne-w2', 'n-email', 'email', 3800),
    queued(NORTH, 'ne-a1', 'n-email', 'email', 3 * 3600),
    ev(NORTH, 'contact.answered', now - 3600 * S, { contact_id: 'ne-a1', queue_id: 'n-email', agent_id: 'n2' }),
    // South e-mail: one from yesterday evening, waiting 30 h; one 80 h old (beyond the 72 h "waiting now" horizon)
    queued(SOUTH, 'se-w1', 's-email', 'email', 30 * 3600),
    queued(SOUTH, 'se-old', 's-email', 'email', 80 * 3600),
    // An unconfigured center: 1 e-mail waiting 10 min
    queued(GHOST, 'ge-w1', 'g-email', 'email', 600),
  ]
  const { ingestEvents } = await import('@/ingest/pipeline')
  await ingestEvents(events)
})

type R = { value: number | null; target: number | null; status: string | null }
type Backlog = { waiting: number; oldest: R; targetsPerCenter: boolean; centers: { centerId: string; centerName: string; configured: boolean; waiting: number; oldest: R }[] }
type Body = { kpis: Record<string, R>; headlineChannels: string[]; emailBacklog?: Backlog | null }
/** Elapsed since the events were written, to bound ages measured "now". */
const drift = () => (Date.now() - now) / 1000 + 1

async function live(query: string): Promise<Body> {
  const { GET } = await import('@/app/api/live/route')
  const r = await GET(await auth.request('admin', `/api/live?${query}`), {})
  expect(r.status).toBe(200)
  return (await r.json()) as Body
}

describe('e-mail backlog apart from the real-time headline', () => {
  it('the headline counts the callers waiting, not the e-mails; the e-mail tile counts these with the oldest age', async () => {
    const b = await live(`centers=${NORTH},${SOUTH},${GHOST}`)
    // by hand: Waiting = the 2 North callers (voice); the 4 e-mails within 72 h (2 North, 1 South, 1 unconfigured) are apart
    expect(b.kpis.waiting_now!.value).toBe(2)
    expect(b.kpis.longest_wait_now!.value!).toBeGreaterThanOrEqual(60 - 1)
    expect(b.kpis.longest_wait_now!.value!).toBeLessThan(60 + drift())
    // the headline's speed target is voice's 30 s ASA, never an e-mail one
    expect(b.kpis.asa).toMatchObject({ target: 30 })
    expect(b.kpis.asa!.value).toBeCloseTo(10, 6)
    const e = b.emailBacklog!
    expect(e.waiting).toBe(2 + 1 + 1)
    // oldest: South's 30 h (the 80 h one is beyond the horizon)
    expect(e.oldest.value!).toBeGreaterThanOrEqual(30 * 3600 - 1)
    expect(e.oldest.value!).toBeLessThan(30 * 3600 + drift())
    // targets differ (1 h, 4 h, 24 h): none on the tile, which takes the worst center's status
    expect(e.targetsPerCenter).toBe(true)
    expect(e.oldest.target).toBeNull()
    expect(e.oldest.status).toBe('bad')
    const c = Object.fromEntries(e.centers.map((x) => [x.centerId, x]))
    expect(Object.keys(c).sort()).toEqual([GHOST, NORTH, SOUTH])
    // North: 2 waiting, oldest 3,800 s vs 3,600 s: missed by 5.6 % ≤ the 10 % warn band → warn
    expect(c[NORTH]).toMatchObject({ waiting: 2, configured: true, centerName: 'North' })
    expect(c[NORTH]!.oldest).toMatchObject({ target: 3600, status: 'warn' })
    expect(c[NORTH]!.oldest.value!).toBeGreaterThanOrEqual(3800 - 1)
    // South: 1 waiting for 30 h vs 4 h → bad
    expect(c[SOUTH]).toMatchObject({ waiting: 1 })
    expect(c[SOUTH]!.oldest).toMatchObject({ target: 14400, status: 'bad' })
    // the unconfigured center is shown (never dropped), with the default 24 h target: 10 min → good
    expect(c[GHOST]).toMatchObject({ waiting: 1, configured: false, centerName: GHOST })
    expect(c[GHOST]!.oldest).toMatchObject({ target: 86400, status: 'good' })
  })

  it('one center: its own target on the tile', async () => {
    const b = await live(`centers=${NORTH}`)
    expect(b.emailBacklog).toMatchObject({ waiting: 2, targetsPerCenter: false })
    expect(b.emailBacklog!.oldest).toMatchObject({ target: 3600, status: 'warn' })
  })

  it('a scope limited to voice has no e-mail tile; one limited to e-mail puts e-mail in the headline', async () => {
    const voice = await live(`centers=${NORTH}&channels=voice`)
    expect(voice.emailBacklog ?? null).toBeNull()
    expect(voice.kpis.waiting_now!.value).toBe(2)
    const email = await live(`centers=${NORTH},${SOUTH}&channels=email`)
    expect(email.headlineChannels).toEqual(['email'])
    expect(email.kpis.waiting_now!.value).toBe(3)
  })

  it('a board: real-time headline tiles and the email_backlog panel', async () => {
    const { GET } = await import('@/app/api/boards/[boardId]/route')
    const r = await GET(await auth.request('admin', '/api/boards/eb-board'), { params: Promise.resolve({ boardId: 'eb-board' }) })
    expect(r.status).toBe(200)
    const b = (await r.json()) as Body
    expect(b.kpis.waiting_now!.value).toBe(2)
    expect(b.kpis.asa!.target).toBe(30)
    expect(b.emailBacklog).toMatchObject({ waiting: 2, targetsPerCenter: false })
    expect(b.emailBacklog!.oldest).toMatchObject({ target: 3600, status: 'warn' })
  })
})
