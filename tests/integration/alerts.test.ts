/**
 * Alert rules end to end against a real embedded store and a real local HTTP receiver: a rule
 * fires once and resolves once however many ticks run (one message each, never one per tick),
 * transitions and acknowledgements land in alert_events, webhooks are HMAC-signed, retried with
 * the same delivery id after a 503, logged in alert_deliveries; agent time-in-state rules; SSRF.
 */
import crypto, { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse as parseYaml, stringify as toYaml } from 'yaml'
import type { PlateauEvent } from '@/lib/contract/events'
import { freshStore } from '../helpers/store'
import { startSmtp, useSmtpEnv, type TestSmtp } from '../helpers/smtp'

const CENTER = 'it-alert-center'
const SECRET = 'it-webhook-secret-0123456789'
type Got = { headers: http.IncomingHttpHeaders; body: string; path: string }
const got: Got[] = []
let server: http.Server
let base = ''
let smtp: TestSmtp

function ev(type: string, ts: number, f: Record<string, unknown>): PlateauEvent {
  return { event_id: randomUUID(), type, ts: new Date(ts).toISOString(), center_id: CENTER, v: 1, ...f } as PlateauEvent
}

async function ingest(events: PlateauEvent[]) {
  const { ingestEvents } = await import('@/ingest/pipeline')
  await ingestEvents(events)
}

beforeAll(async () => {
  process.env.PLATEAU_DEMO = '0'
  process.env.PLATEAU_FACTS_REFRESH_MS = '0'
  await freshStore('plateau-alerts-')
  // The receiver answers 503 to the first attempt of each delivery of /flaky, 200 otherwise.
  const seen = new Set<string>()
  server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      got.push({ headers: req.headers, body, path: req.url ?? '' })
      const id = String(req.headers['x-plateau-delivery'])
      if (req.url === '/flaky' && !seen.has(id)) {
        seen.add(id)
        res.writeHead(503).end()
      } else res.writeHead(200).end('ok')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  base = `http://127.0.0.1:${port}`
  process.env.PLATEAU_WEBHOOK_ALLOW = `127.0.0.1:${port}`
  smtp = await startSmtp()
  useSmtpEnv(smtp)
  const { setConfigOverride } = await import('@/lib/config')
  const example = parseYaml(fs.readFileSync(path.join(__dirname, '../../config/plateau.example.yaml'), 'utf8')) as { centers: unknown[] }
  example.centers.push({ id: CENTER, name: 'Alerts', reportingLine: 'customer_service', sourcing: 'in_house', timezone: 'UTC', queues: [{ id: 'aq', channel: 'voice' }] })
  setConfigOverride(toYaml(example))
  const { setRulesOverride } = await import('@/lib/alerts/load')
  setRulesOverride(`rules:
  - id: waiting-high
    name: Too many waiting
    kpi: waiting_now
    scope: { center: ${CENTER} }
    condition: { op: above, value: 2 }
    clearMargin: 1
    severity: critical
    channels: [in_app, webhook, email]
    locale: fr
    recipients:
      emails: [sup@example.test, lead@example.test]
      webhooks:
        - { url: "${base}/flaky", format: json, secret: "${SECRET}" }
        - { url: "${base}/slack", format: slack }
        - { url: "${base}/teams", format: teams }
  - id: acw-long
    agentState: wrap_up
    minutes: 5
    scope: { center: ${CENTER} }
    channels: [in_app, webhook]
    recipients: { webhooks: [{ url: "${base}/agents" }] }
`)
  const { setWebhookRetry } = await import('@/lib/alerts/deliver')
  setWebhookRetry({ attempts: 3, baseDelayMs: 20, timeoutMs: 5000 })
})

afterAll(async () => {
  server?.close()
  await smtp?.close()
})

describe('alert rules end to end', () => {
  it('fires once, one signed message per target (retried after a 503 with the same id), resolves once', async () => {
    const { runAlertTick: tick, flushDeliveries, activeAlerts, acknowledgeAlert } = await import('@/lib/alerts/tick')
    const { getRules } = await import('@/lib/alerts/load')
    // maxLagMs 0: every event inserted so far is in the figures
    const runAlertTick = (now: number) => tick(now, getRules(now), 0)
    const { queryRows } = await import('@/lib/clickhouse')
    const t = Date.now()
    // 3 contacts waiting: waiting_now = 3 > 2. Agent a9 in wrap-up for 6 min (> 5), a8 for 1 min.
    await ingest([
      ...[0, 1, 2].map((i) => ev('contact.queued', t - 20_000 + i * 1000, { contact_id: `c${i}`, queue_id: 'aq', channel: 'voice', direction: 'inbound' })),
      ev('agent.state', t - 6 * 60_000, { agent_id: 'a9', state: 'wrap_up' }),
      ev('agent.state', t - 60_000, { agent_id: 'a8', state: 'wrap_up' }),
    ])
    const ticks = []
    for (let i = 0; i < 4; i++) ticks.push(await runAlertTick(Date.now()))
    const fired = ticks.flatMap((x) => x.events).map((e) => `${e.ruleId}/${e.subject}/${e.kind}`)
    expect(fired).toEqual(['waiting-high/scope/firing', 'acw-long/agent:a9/firing'])
    expect(ticks.reduce((n, x) => n + x.messages, 0)).toBe(2) // 4 ticks, 2 firings → 2 messages
    const rows = await flushDeliveries()
    // 3 targets for waiting-high + 1 for the agent rule; the flaky one took 2 attempts.
    expect(rows.map((r) => `${r.target.replace(base, '')}:${r.ok}:${r.attempts}`).sort()).toEqual(['/agents:true:1', '/flaky:true:2', '/slack:true:1', '/teams:true:1', 'sup@example.test,lead@example.test:true:1'])
    const flaky = got.filter((g) => g.path === '/flaky')
    expect(flaky).toHaveLength(2)
    expect(flaky[0]!.headers['x-plateau-delivery']).toBe(flaky[1]!.headers['x-plateau-delivery'])
    for (const f of flaky) {
      const expected = 'sha256=' + crypto.createHmac('sha256', SECRET).update(`${f.headers['x-plateau-timestamp']}.${f.body}`).digest('hex')
      expect(f.headers['x-plateau-signature']).toBe(expected)
    }
    const json = JSON.parse(flaky[1]!.body) as { kind: string; ruleId: string; value: number; threshold: number; severity: string; text: string }
    expect(json).toMatchObject({ kind: 'firing', ruleId: 'waiting-high', value: 3, threshold: 2, severity: 'critical' })
    expect(json.text).toContain('Too many waiting')
    const slack = JSON.parse(got.find((g) => g.path === '/slack')!.body) as { text: string; blocks: unknown[] }
    // the rule's locale is fr: 'Critique : …'
    expect(slack.text.startsWith('Critique\u00a0: Too many waiting — ')).toBe(true)
    expect(slack.blocks).toHaveLength(1)
    expect(got.find((g) => g.path === '/slack')!.headers['x-plateau-signature']).toBeUndefined() // no secret, no signature
    const teams = JSON.parse(got.find((g) => g.path === '/teams')!.body) as Record<string, string>
    expect(teams['@type']).toBe('MessageCard')
    expect(teams.themeColor).toBe('D13438')
    const agent = JSON.parse(got.find((g) => g.path === '/agents')!.body) as { subject: string; value: number; threshold: number }
    expect(agent.subject).toBe('agent:a9')
    expect(agent.threshold).toBe(5)
    expect(agent.value).toBeGreaterThanOrEqual(6)

    // In-app: both firing, critical first; acknowledge one.
    const active = activeAlerts([CENTER])
    expect(active.map((a) => `${a.ruleId}/${a.subject}`)).toEqual(['waiting-high/scope', 'acw-long/agent:a9'])
    expect(active[0]!.text.fr).toContain('Critique')
    expect(activeAlerts(['another-center'])).toEqual([])
    expect(await acknowledgeAlert('waiting-high', 'scope', 'alice@example.test')).toBe(true)
    expect(await acknowledgeAlert('waiting-high', 'nope', 'alice@example.test')).toBe(false)
    expect(activeAlerts([CENTER])[0]!.acknowledgedBy).toBe('alice@example.test')

    // 2 of 3 answered → 1 waiting = threshold − clearMargin (2 − 1): resolved, once.
    const t2 = Date.now()
    await ingest([0, 1].map((i) => ev('contact.answered', t2 - 500, { contact_id: `c${i}`, queue_id: 'aq', agent_id: 'a1' })))
    const after = []
    for (let i = 0; i < 3; i++) after.push(await runAlertTick(Date.now()))
    expect(after.flatMap((x) => x.events).map((e) => `${e.ruleId}/${e.kind}/${e.value}/${e.acknowledgedBy}`)).toEqual(['waiting-high/resolved/1/alice@example.test'])
    const resolvedRows = await flushDeliveries()
    expect(resolvedRows).toHaveLength(4)
    // E-mail: exactly two messages over 7 ticks — the firing and the resolution — to both recipients.
    const mails = await smtp.waitFor(2)
    expect(mails.map((m) => m.subject)).toEqual(['[Plateau] Critique\u00a0: Too many waiting', '[Plateau] Résolue\u00a0: Too many waiting'])
    expect(smtp.envelopes.map((e) => e.to.sort().join(','))).toEqual(['lead@example.test,sup@example.test', 'lead@example.test,sup@example.test'])
    expect(mails[0]!.text).toContain('rule: waiting-high')
    const resolvedJson = got.filter((g) => g.path === '/flaky').map((g) => JSON.parse(g.body) as { kind: string })
    expect(resolvedJson.map((j) => j.kind)).toEqual(['firing', 'firing', 'resolved', 'resolved']) // resolved: 503 then 200

    const stored = await queryRows<{ rule_id: string; subject: string; kind: string; acknowledged_by: string }>(
      `SELECT rule_id, subject, kind, acknowledged_by FROM alert_events ORDER BY at, kind, rule_id`,
    )
    expect(stored.map((r) => `${r.rule_id}/${r.subject}/${r.kind}/${r.acknowledged_by}`)).toEqual([
      'acw-long/agent:a9/firing/', // same instant as the next: ordered by rule id
      'waiting-high/scope/firing/',
      'waiting-high/scope/acknowledged/alice@example.test',
      'waiting-high/scope/resolved/alice@example.test',
    ])
    const log = await queryRows<{ n: string; ok: string }>(`SELECT count() AS n, sum(ok) AS ok FROM alert_deliveries`)
    expect(Number(log[0]!.n)).toBe(9) // 5 targets at firing, 4 at resolution (the agent rule did not resolve)
    expect(Number(log[0]!.ok)).toBe(9)
  })

  it('a receiver that keeps failing: every attempt made, logged as failed', async () => {
    const { deliverWebhook } = await import('@/lib/notify/webhook')
    const bad = http.createServer((_req, res) => res.writeHead(500).end())
    await new Promise<void>((r) => bad.listen(0, '127.0.0.1', r))
    const port = (bad.address() as AddressInfo).port
    process.env.PLATEAU_WEBHOOK_ALLOW += `,127.0.0.1:${port}`
    const r = await deliverWebhook({ url: `http://127.0.0.1:${port}/x`, body: '{}', id: 'x' }, { attempts: 3, baseDelayMs: 5, timeoutMs: 2000 })
    bad.close()
    expect(r).toEqual({ ok: false, attempts: 3, status: 500, error: 'HTTP 500' })
  })

  it('SSRF: loopback, link-local, private and ULA targets refused unless allow-listed', async () => {
    const { checkWebhookUrl, deliverWebhook } = await import('@/lib/notify/webhook')
    for (const url of ['http://127.0.0.1:9/', 'http://localhost:9/', 'http://169.254.169.254/latest/meta-data', 'http://10.1.2.3/', 'http://192.168.0.1/', 'http://172.16.0.1/', 'http://[::1]/', 'http://[fd00::1]/', 'http://[::ffff:127.0.0.1]/', 'file:///etc/passwd', 'http://user:pw@example.com/'])
      await expect(checkWebhookUrl(url), url).rejects.toThrow()
    await expect(checkWebhookUrl(`${base}/ok`)).resolves.toBeInstanceOf(URL) // allow-listed host:port
    await expect(checkWebhookUrl('http://127.0.0.1:9/')).rejects.toThrow(/private/) // same host, other port: refused
    const r = await deliverWebhook({ url: 'http://127.0.0.1:9/', body: '{}', id: 'y' })
    expect(r.ok).toBe(false)
    expect(r.attempts).toBe(0)
  })
})
