/**
 * A real SMTP server for tests (smtp-server), listening on a free local port; every accepted message
 * is parsed (mailparser) and kept in `messages`. `useSmtpEnv(server)` points lib/notify/email at it.
 */
import { SMTPServer } from 'smtp-server'
import { simpleParser, type ParsedMail } from 'mailparser'
import type { AddressInfo } from 'node:net'

export interface TestSmtp {
  port: number
  messages: ParsedMail[]
  /** envelope recipients of each message, in order */
  envelopes: { from: string; to: string[] }[]
  /** resolves once `count` messages have arrived in total */
  waitFor(count: number): Promise<ParsedMail[]>
  /** the next RCPT TO of these addresses is refused (tests a server-side rejection) */
  reject: Set<string>
  close(): Promise<void>
}

/** `port`: a fixed port (the browser tests' server is started with it); default a free one. */
export async function startSmtp(opts: { user?: string; password?: string; port?: number } = {}): Promise<TestSmtp> {
  const messages: ParsedMail[] = []
  const envelopes: { from: string; to: string[] }[] = []
  const waiters: { count: number; resolve: (m: ParsedMail[]) => void }[] = []
  const reject = new Set<string>()
  const server = new SMTPServer({
    disabledCommands: opts.user ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !opts.user,
    allowInsecureAuth: true,
    logger: false,
    size: 50 * 1024 * 1024,
    onAuth(auth, _session, cb) {
      if (auth.username === opts.user && auth.password === opts.password) cb(null, { user: auth.username })
      else cb(new Error('Invalid username or password'))
    },
    onRcptTo(address, _session, cb) {
      if (reject.has(address.address)) cb(new Error('mailbox unavailable'))
      else cb()
    },
    onData(stream, session, cb) {
      simpleParser(stream)
        .then((mail) => {
          messages.push(mail)
          envelopes.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
          })
          for (const w of [...waiters]) {
            if (messages.length >= w.count) {
              waiters.splice(waiters.indexOf(w), 1)
              w.resolve(messages.slice())
            }
          }
          cb()
        })
        .catch((e: Error) => cb(e))
    },
  })
  await new Promise<void>((resolve, rejectP) => {
    server.once('error', rejectP)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve())
  })
  const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address()).port
  return {
    port,
    messages,
    envelopes,
    reject,
    waitFor(count) {
      if (messages.length >= count) return Promise.resolve(messages.slice())
      return new Promise((resolve) => waiters.push({ count, resolve }))
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** Sets the SMTP_* variables for `smtp`; returns a function restoring the previous values. */
export function useSmtpEnv(smtp: TestSmtp, extra: Record<string, string> = {}): () => void {
  const vars: Record<string, string> = { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_SECURE: 'none', SMTP_FROM: 'Plateau <plateau@test.local>', ...extra }
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]))
  Object.assign(process.env, vars)
  return () => {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
}
