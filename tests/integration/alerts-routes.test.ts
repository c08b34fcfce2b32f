/**
 * The in-app alert routes and the admin routes against a real embedded store, called as each role: the banner lists
 * only the caller's centers (FR/EN text), acknowledging needs `live` and the alert's center
 * (another center's manager gets 404, as for an alert that is not firing), and the
 * acknowledgement is stored in alert_events with the person's name. Admin routes: managers
 * list / create / edit / delete only rules of their centers (refusals leave the file as it was),
 * secrets never come back, edits land in the rules file and the engine sees them at once.
 */
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { PlateauEvent } from '@/lib/contract/events'
import { freshStore } from '../helpers/store'
import { CENTER_A, CENTER_B, useTestAuth, type TestAuth } from '../helpers/auth'

type Handler = (req: Request, ctx: unknown) => Promise<Response>
let auth: TestAuth
const ctx = { params: Promise.resolve({}) }

beforeAll(async () => {
  process.env.PLATEAU_DEMO = '0'
  process.env.PLATEAU_FACTS_REFRESH_MS = '0'
  await freshStore('plateau-alert-routes-')
  auth = await useTestAuth()
  const { setRulesOverride } = await import('@/lib/alerts/load')
  setRulesOverride(`rules:
  - id: a-waiting
    name: Waiting in Paris
    kpi: waiting_now
    scope: { center: ${CENTER_A} }
    condition: { op: above, value: 0 }
    severity: critical
`)
  const t = Date.now()
  const { ingestEvents } = await import('@/ingest/pipeline')
  await ingestEvents([
    { event_id: randomUUID(), type: 'contact.queued', ts: new Date(t - 10_000).toISOString(), center_id: CENTER_A, v: 1, contact_id: 'w1', queue_id: 'q1', channel: 'voice', direction: 'inbound' } as PlateauEvent,
  ])
  const { runAlertTick } = await import('@/lib/alerts/tick')
  const { getRules } = await import('@/lib/alerts/load')
  const r = await runAlertTick(Date.now(), getRules(), 0)
  expect(r.events.map((e) => `${e.ruleId}/${e.kind}`)).toEqual(['a-waiting/firing'])
})

describe('in-app alert routes', () => {
  it('GET /api/alerts: only the caller\'s centers, in the asked language', async () => {
    const GET = (await import('@/app/api/alerts/route')).GET as Handler
    const body = async (role: 'manager' | 'managerB' | 'supervisor', q = '') => (await (await GET(await auth.request(role, `/api/alerts${q}`), ctx)).json()) as { total: number; alerts: Array<{ ruleId: string; text: string; severity: string }> }
    expect((await body('managerB')).total).toBe(0)
    const en = await body('supervisor', '?locale=en')
    expect(en.total).toBe(1)
    expect(en.alerts[0]!.ruleId).toBe('a-waiting')
    expect(en.alerts[0]!.text.startsWith('Critical: Waiting in Paris — ')).toBe(true)
    const fr = await body('manager', '?locale=fr')
    expect(fr.alerts[0]!.text.startsWith('Critique\u00a0: Waiting in Paris — ')).toBe(true)
  })

  it('POST /api/alerts/ack: refused outside the caller\'s centers, stored with who acknowledged', async () => {
    const POST = (await import('@/app/api/alerts/ack/route')).POST as Handler
    const ack = async (role: 'managerB' | 'supervisor', body: unknown) =>
      POST(await auth.request(role, '/api/alerts/ack', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }), ctx)
    expect((await ack('managerB', { ruleId: 'a-waiting', subject: 'scope' })).status).toBe(404)
    expect((await ack('supervisor', { ruleId: 'a-waiting' })).status).toBe(400)
    expect((await ack('supervisor', { ruleId: 'a-waiting', subject: 'other' })).status).toBe(404)
    const ok = await ack('supervisor', { ruleId: 'a-waiting', subject: 'scope' })
    expect(ok.status).toBe(200)
    expect(await ok.json()).toEqual({ ok: true, acknowledgedBy: 'Test Supervisor A' })
    const { queryRows } = await import('@/lib/clickhouse')
    const rows = await queryRows<{ kind: string; acknowledged_by: string; center_id: string }>(`SELECT kind, acknowledged_by, center_id FROM alert_events ORDER BY at, kind`)
    expect(rows).toEqual([
      { kind: 'firing', acknowledged_by: '', center_id: CENTER_A },
      { kind: 'acknowledged', acknowledged_by: 'Test Supervisor A', center_id: CENTER_A },
    ])
    const GET = (await import('@/app/api/alerts/route')).GET as Handler
    const after = (await (await GET(await auth.request('manager', '/api/alerts'), ctx)).json()) as { alerts: Array<{ acknowledgedBy: string | null }> }
    expect(after.alerts[0]!.acknowledgedBy).toBe('Test Supervisor A')
  })
})

describe('alert rules admin routes (file written atomically, hot reload)', () => {
  let file = ''
  const SECRET = 'b-secret-0123456789'
  const ctxOf = (ruleId: string) => ({ params: Promise.resolve({ ruleId }) })
  beforeAll(async () => {
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-rules-')), 'alerts.yaml')
    fs.writeFileSync(
      file,
      `# kept comment
rules:
  - id: a-waiting
    name: Waiting in Paris
    kpi: waiting_now
    scope: { center: ${CENTER_A} }
    condition: { op: above, value: 0 }
    severity: critical
  - id: b-asa
    kpi: asa
    scope: { center: ${CENTER_B} }
    condition: { op: above, value: target }
    channels: [in_app, webhook]
    recipients: { webhooks: [{ url: "https://hooks.example.test/b", secret: "${SECRET}" }] }
  - id: all-abandon
    kpi: abandonment_rate
    condition: { op: above, value: 0.1 }
`,
    )
    process.env.PLATEAU_ALERTS = file
    const { setRulesOverride } = await import('@/lib/alerts/load')
    setRulesOverride(null)
  })

  type Listed = { rules: Array<{ rule: { id: string; recipients: { webhooks: Array<{ secret?: string }> } }; yaml: string }> }
  const list = async (role: 'manager' | 'managerB' | 'admin' | 'supervisor') => {
    const GET = (await import('@/app/api/alerts/rules/route')).GET as Handler
    return GET(await auth.request(role, '/api/alerts/rules'), ctx)
  }
  const send = async (role: 'manager' | 'managerB' | 'admin', method: 'POST' | 'PUT' | 'DELETE', id: string | null, body?: unknown) => {
    const mod = id === null ? await import('@/app/api/alerts/rules/route') : await import('@/app/api/alerts/rules/[ruleId]/route')
    const h = (mod as unknown as Record<string, Handler>)[method]!
    const url = id === null ? '/api/alerts/rules' : `/api/alerts/rules/${id}`
    return h(await auth.request(role, url, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json' } }), id === null ? ctx : ctxOf(id))
  }

  it('lists only the rules of the caller\'s centers, secrets masked; supervisors refused', async () => {
    expect((await list('supervisor')).status).toBe(403)
    const ids = async (role: 'manager' | 'managerB' | 'admin') => ((await (await list(role)).json()) as Listed).rules.map((r) => r.rule.id)
    expect(await ids('manager')).toEqual(['a-waiting'])
    expect(await ids('managerB')).toEqual(['b-asa'])
    expect(await ids('admin')).toEqual(['a-waiting', 'b-asa', 'all-abandon'])
    const b = ((await (await list('managerB')).json()) as Listed).rules[0]!
    expect(b.rule.recipients.webhooks[0]!.secret).toBe('••••••••')
    expect(b.yaml).not.toContain(SECRET)
    expect(JSON.stringify(await (await list('admin')).json())).not.toContain(SECRET)
  })

  it('a manager cannot create, edit or delete rules of another center (file untouched)', async () => {
    const before = fs.readFileSync(file, 'utf8')
    const other = { id: 'x-new', kpi: 'waiting_now', scope: { center: CENTER_B }, condition: { op: 'above', value: 3 } }
    expect((await send('manager', 'POST', null, { rule: other })).status).toBe(403)
    expect((await send('manager', 'POST', null, { rule: { ...other, scope: {} } })).status).toBe(403) // no center = every center: admins only
    expect((await send('manager', 'PUT', 'b-asa', { rule: { ...other, id: 'b-asa', scope: { center: CENTER_A } } })).status).toBe(404)
    expect((await send('manager', 'DELETE', 'b-asa')).status).toBe(404)
    expect((await send('manager', 'DELETE', 'all-abandon')).status).toBe(404)
    // moving one's own rule to another center: refused too
    expect((await send('manager', 'PUT', 'a-waiting', { rule: { ...other, id: 'a-waiting' } })).status).toBe(403)
    expect(fs.readFileSync(file, 'utf8')).toBe(before)
  })

  it('create, edit (masked secret kept), delete: the file changes atomically and the engine sees it at once', async () => {
    const { getRules } = await import('@/lib/alerts/load')
    const created = await send('manager', 'POST', null, { yaml: `id: a-asa\nkpi: asa\nscope: { center: ${CENTER_A} }\ncondition: { op: above, value: 30 }\n` })
    expect(created.status).toBe(201)
    expect(getRules().map((r) => r.id)).toEqual(['a-waiting', 'b-asa', 'all-abandon', 'a-asa'])
    expect((await send('manager', 'POST', null, { yaml: `id: a-asa\nkpi: asa\nscope: { center: ${CENTER_A} }\ncondition: { op: above, value: 30 }\n` })).status).toBe(409)
    const ssrf = await send('manager', 'POST', null, { rule: { id: 'a-ssrf', kpi: 'asa', scope: { center: CENTER_A }, condition: { op: 'above', value: 1 }, channels: ['webhook'], recipients: { webhooks: [{ url: 'http://169.254.169.254/latest/meta-data' }] } } })
    expect(ssrf.status).toBe(400)
    expect(((await ssrf.json()) as { message: string }).message).toMatch(/private/)
    const bad = await send('manager', 'POST', null, { yaml: `id: a-bad\nkpi: nope\nscope: { center: ${CENTER_A} }\ncondition: { op: above, value: 1 }\n` })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { message: string }).message).toMatch(/kpi/)

    const listed = ((await (await list('managerB')).json()) as Listed).rules[0]!
    const edited = await send('managerB', 'PUT', 'b-asa', { yaml: listed.yaml.replace('severity: warning', 'severity: critical') })
    expect(edited.status).toBe(200)
    expect(JSON.stringify(await edited.json())).not.toContain(SECRET)
    const text = fs.readFileSync(file, 'utf8')
    expect(text).toContain('# kept comment')
    expect(text).toContain(SECRET) // the stored secret survived the masked round trip
    const b = getRules().find((r) => r.id === 'b-asa')!
    expect(b.severity).toBe('critical')
    expect(b.recipients.webhooks[0]!.secret).toBe(SECRET)

    expect((await send('managerB', 'DELETE', 'b-asa')).status).toBe(204)
    expect(getRules().map((r) => r.id)).toEqual(['a-waiting', 'all-abandon', 'a-asa'])
    expect(fs.readdirSync(path.dirname(file))).toEqual(['alerts.yaml']) // no temporary file left
  })

  it('delivery log: a manager sees only their centers', async () => {
    const GET = (await import('@/app/api/alerts/log/route')).GET as Handler
    const log = async (role: 'manager' | 'managerB' | 'supervisor') => GET(await auth.request(role, '/api/alerts/log'), ctx)
    expect((await log('supervisor')).status).toBe(403)
    type Log = { events: Array<{ center_id: string; kind: string }>; alertDeliveries: unknown[]; reportDeliveries: unknown[] }
    const a = (await (await log('manager')).json()) as Log
    expect(a.events.map((e) => e.kind).sort()).toEqual(['acknowledged', 'firing'])
    const b = (await (await log('managerB')).json()) as Log
    expect(b.events).toEqual([])
  })
})
