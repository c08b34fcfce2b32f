/**
 * Sends one firing / resolution to the rule's channels (webhook, e-mail; in-app is the banner,
 * read from the engine's state) and logs every delivery outcome in alert_deliveries.
 * Deliveries run in the background: a slow receiver never delays a tick.
 */
import 'server-only'
import crypto from 'node:crypto'
import { sendEmail, type EmailMessage } from '../notify/email'
import { deliverWebhook, resolveSecret, type RetryPolicy, DEFAULT_RETRY } from '../notify/webhook'
import { emailOf, webhookBody } from './message'
import type { Outgoing } from './engine'
import { insertDeliveries, type DeliveryRow } from './store'

export type EmailSender = (m: EmailMessage) => Promise<{ messageId: string }>

type Deps = { email: EmailSender | null; retry: RetryPolicy; log: (rows: DeliveryRow[]) => Promise<void> }
const g = globalThis as unknown as { __plateauAlertDeps?: Deps }
const deps: Deps = (g.__plateauAlertDeps ??= { email: sendEmail, retry: DEFAULT_RETRY, log: insertDeliveries })

export function setEmailSender(send: EmailSender | null): void {
  deps.email = send
}
export function setWebhookRetry(p: RetryPolicy): void {
  deps.retry = p
}

/** Host and path of a URL, never its query (tokens of Slack / Teams URLs live in the path: cut). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    const path = u.pathname.length > 16 ? u.pathname.slice(0, 12) + '…' : u.pathname
    return `${u.protocol}//${u.host}${path}`
  } catch {
    return '(invalid URL)'
  }
}

export async function deliver(o: Outgoing): Promise<DeliveryRow[]> {
  const { rule, message } = o
  const rows: DeliveryRow[] = []
  const base = { at: Date.now(), ruleId: rule.id, subject: message.subject, kind: message.kind }
  const jobs: Promise<void>[] = []
  if (rule.channels.includes('webhook'))
    for (const w of rule.recipients.webhooks) {
      // One id per message and target: the same on every retry (receivers deduplicate with it).
      const id = crypto.createHash('sha256').update(`${rule.id}|${message.subject}|${message.kind}|${message.firedAt}|${w.url}`).digest('hex').slice(0, 32)
      jobs.push(
        deliverWebhook({ url: w.url, body: webhookBody(w.format, message, rule, rule.locale), secret: resolveSecret(w.secret), id }, deps.retry).then((r) => {
          rows.push({ ...base, at: Date.now(), channel: 'webhook', target: redactUrl(w.url), attempts: r.attempts, ok: r.ok, status: r.status === null ? '' : String(r.status), error: r.error ?? '' })
        }),
      )
    }
  if (rule.channels.includes('email') && rule.recipients.emails.length) {
    const { subject, text } = emailOf(message, rule, rule.locale)
    const send = deps.email
    jobs.push(
      (send ? send({ to: rule.recipients.emails, subject, text }) : Promise.reject(new Error('e-mail is disabled'))).then(
        (r) => void rows.push({ ...base, at: Date.now(), channel: 'email', target: rule.recipients.emails.join(','), attempts: 1, ok: true, status: r.messageId, error: '' }),
        (e: Error) => void rows.push({ ...base, at: Date.now(), channel: 'email', target: rule.recipients.emails.join(','), attempts: 1, ok: false, status: '', error: e.message.slice(0, 500) }),
      ),
    )
  }
  await Promise.all(jobs)
  if (rows.length) await deps.log(rows).catch((e: Error) => console.error(`alerts: delivery log: ${e.message}`))
  return rows
}
