/**
 * Outgoing e-mail over SMTP (nodemailer). Settings come from the environment (docs/deployment.md):
 *
 *   SMTP_HOST          server name; unset → e-mail is not configured (sendEmail throws EmailNotConfiguredError)
 *   SMTP_PORT          default 587 (465 when SMTP_SECURE=tls)
 *   SMTP_SECURE        starttls (default: STARTTLS required) | tls (implicit TLS, port 465) | none (plain, local relays only)
 *   SMTP_USER / SMTP_PASSWORD   authentication (none when SMTP_USER is unset)
 *   SMTP_FROM          sender address, e.g. "Plateau <plateau@example.com>" (required with SMTP_HOST)
 *   SMTP_TIMEOUT_MS    connection/greeting/socket timeout, default 30000
 *
 * Shared by scheduled reports and alerts: one owner for SMTP settings.
 */
import 'server-only'
import nodemailer, { type Transporter } from 'nodemailer'

export interface EmailAttachment {
  filename: string
  content: Buffer | string
  contentType?: string
}

export interface EmailMessage {
  to: string | string[]
  subject: string
  text: string
  html?: string
  attachments?: EmailAttachment[]
}

export class EmailNotConfiguredError extends Error {}

type Secure = 'starttls' | 'tls' | 'none'

interface SmtpSettings {
  host: string
  port: number
  secure: Secure
  user?: string
  password?: string
  from: string
  timeoutMs: number
}

/** The SMTP settings from the environment, or null when SMTP_HOST is unset. Throws on invalid values. */
type SmtpEnv = Partial<Record<'SMTP_HOST' | 'SMTP_PORT' | 'SMTP_SECURE' | 'SMTP_USER' | 'SMTP_PASSWORD' | 'SMTP_FROM' | 'SMTP_TIMEOUT_MS', string>>

function processSmtpEnv(): SmtpEnv {
  return {
    SMTP_HOST: process.env.SMTP_HOST,
    SMTP_PORT: process.env.SMTP_PORT,
    SMTP_SECURE: process.env.SMTP_SECURE,
    SMTP_USER: process.env.SMTP_USER,
    SMTP_PASSWORD: process.env.SMTP_PASSWORD,
    SMTP_FROM: process.env.SMTP_FROM,
    SMTP_TIMEOUT_MS: process.env.SMTP_TIMEOUT_MS,
  }
}

export function smtpSettings(env: SmtpEnv = processSmtpEnv()): SmtpSettings | null {
  const host = env.SMTP_HOST?.trim()
  if (!host) return null
  const secure = (env.SMTP_SECURE?.trim().toLowerCase() || 'starttls') as Secure
  if (!['starttls', 'tls', 'none'].includes(secure)) throw new Error(`SMTP_SECURE must be starttls, tls or none (got "${env.SMTP_SECURE}")`)
  const port = env.SMTP_PORT ? Number(env.SMTP_PORT) : secure === 'tls' ? 465 : 587
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`SMTP_PORT must be a port number (got "${env.SMTP_PORT}")`)
  const from = env.SMTP_FROM?.trim()
  if (!from) throw new Error('SMTP_FROM is required when SMTP_HOST is set')
  const timeoutMs = env.SMTP_TIMEOUT_MS ? Number(env.SMTP_TIMEOUT_MS) : 30_000
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new Error(`SMTP_TIMEOUT_MS must be a positive number (got "${env.SMTP_TIMEOUT_MS}")`)
  const user = env.SMTP_USER?.trim() || undefined
  return { host, port, secure, user, password: user ? (env.SMTP_PASSWORD ?? '') : undefined, from, timeoutMs }
}

export function emailConfigured(): boolean {
  return smtpSettings() !== null
}

let cached: { key: string; transport: Transporter } | null = null

function transport(s: SmtpSettings): Transporter {
  const key = JSON.stringify(s)
  if (cached?.key === key) return cached.transport
  cached?.transport.close()
  const t = nodemailer.createTransport({
    host: s.host,
    port: s.port,
    secure: s.secure === 'tls',
    requireTLS: s.secure === 'starttls',
    ignoreTLS: s.secure === 'none',
    auth: s.user ? { user: s.user, pass: s.password } : undefined,
    connectionTimeout: s.timeoutMs,
    greetingTimeout: s.timeoutMs,
    socketTimeout: s.timeoutMs,
  })
  cached = { key, transport: t }
  return t
}

/** Sends one message; resolves once the server accepted it for every recipient, throws otherwise. */
export async function sendEmail(msg: EmailMessage): Promise<{ messageId: string }> {
  const s = smtpSettings()
  if (!s) throw new EmailNotConfiguredError('e-mail is not configured (SMTP_HOST is unset)')
  const to = Array.isArray(msg.to) ? msg.to : [msg.to]
  if (to.length === 0) throw new Error('sendEmail: no recipient')
  const info = await transport(s).sendMail({
    from: s.from,
    to,
    subject: msg.subject,
    text: msg.text,
    html: msg.html,
    attachments: msg.attachments?.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
  })
  if (info.rejected.length > 0) throw new Error(`SMTP server rejected ${info.rejected.join(', ')}`)
  return { messageId: info.messageId }
}
