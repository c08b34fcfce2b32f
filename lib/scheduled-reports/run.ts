/**
 * Sends scheduled reports. Each tick, for every enabled schedule: its latest occurrence at or
 * before now; for each recipient without a `sent` (or `skipped`) row for that occurrence in
 * report_deliveries, the report is built AS THAT RECIPIENT (their roles and center scope, read at
 * send time from the users store) and e-mailed. Only the latest occurrence is considered, so after
 * downtime a missed run is sent once at start and older missed runs are not replayed. A `failed`
 * delivery is retried on later ticks, at most MAX_ATTEMPTS times per occurrence.
 *
 * The scheduler runs in the app process when PLATEAU_REPORT_SCHEDULER is not `0`. Several instances
 * may run it: each due delivery is claimed first and sent by one of them (./claim.ts).
 */
import 'server-only'
import { getClickHouse, queryRows } from '../clickhouse'
import { centerConfig } from '../config/load'
import { can, scopeCenters, type Principal } from '../auth/principal'
import { findUserByUsername } from '../auth/users'
import { chTs } from '../kpi/time'
import { sendEmail, emailConfigured } from '../notify/email'
import { buildReport } from '../reports/build'
import { reportFileName, reportXlsx } from '../reports/render'
import { XLSX_MIME } from '../export/xlsx'
import { renderPdf } from '../export/pdf'
import { localSessionCookie } from '../auth/local-sign-in'
import { reportQuery } from '../reports/params'
import type { UserRecord } from '../auth/users'
import { reportTranslator } from '../reports/labels'
import { claimDeliveries, type ClaimOptions } from './claim'
import { loadSchedules } from './config'
import { latestOccurrence, periodLabel, runPeriod, type ScheduleSpec } from './schedule'

export const MAX_ATTEMPTS = 3

export type DeliveryStatus = 'sent' | 'failed' | 'skipped'
export type Delivery = {
  schedule_id: string
  run_at: number
  recipient: string
  status: DeliveryStatus
  period: string
  centers: string[]
  formats: string[]
  message_id: string
  error: string
}

export function scheduleTimezone(s: ScheduleSpec): string {
  return s.timezone ?? centerConfig(s.centers[0]!).timezone
}

async function logDelivery(d: Delivery, now: number): Promise<void> {
  await getClickHouse().insert({
    table: 'report_deliveries',
    values: [{ ...d, run_at: chTs(d.run_at), logged_at: chTs(now) }],
    format: 'JSONEachRow',
  })
}

async function previousAttempts(scheduleId: string, runAt: number): Promise<Map<string, { done: boolean; failures: number }>> {
  const rows = await queryRows<{ recipient: string; done: string; failures: string }>(
    `SELECT recipient, countIf(status IN ('sent', 'skipped')) AS done, countIf(status = 'failed') AS failures
     FROM report_deliveries WHERE schedule_id = {id:String} AND run_at = {run:DateTime64(3, 'UTC')}
     GROUP BY recipient LIMIT 1000`,
    { id: scheduleId, run: chTs(runAt) },
  )
  return new Map(rows.map((r) => [r.recipient, { done: Number(r.done) > 0, failures: Number(r.failures) }]))
}

/** One recipient of one occurrence: skipped (with the reason), sent, or failed. */
async function deliver(s: ScheduleSpec, runAt: number, rec: ScheduleSpec['recipients'][number]): Promise<Omit<Delivery, 'schedule_id' | 'run_at' | 'recipient'>> {
  const period = runPeriod(s, scheduleTimezone(s), runAt)
  const base = { period: periodLabel(period), centers: [] as string[], formats: [] as string[], message_id: '', error: '' }
  const user = findUserByUsername(rec.user)
  if (!user) return { ...base, status: 'skipped', error: 'unknown_user' }
  if (user.disabled) return { ...base, status: 'skipped', error: 'user_disabled' }
  const who: Principal = { kind: 'user', id: user.id, name: user.name, roles: user.roles, centers: user.centers }
  if (!can(who, 'reports') || !can(who, 'export')) return { ...base, status: 'skipped', error: 'no_permission' }
  const centers = scopeCenters(who, s.centers) ?? s.centers
  if (centers.length === 0) return { ...base, status: 'skipped', error: 'no_center_in_scope' }
  const to = rec.email ?? (user.username.includes('@') ? user.username : null)
  if (!to) return { ...base, status: 'skipped', centers, error: 'no_email_address' }
  try {
    const report = await buildReport({ period, centers, locale: s.locale }, centers)
    const t = reportTranslator(s.locale, 'reports')
    const attachments = []
    if (s.formats.includes('pdf')) attachments.push({ filename: reportFileName(report, 'pdf'), content: await recipientPdf(user, period, centers, s.locale), contentType: 'application/pdf' })
    if (s.formats.includes('xlsx')) attachments.push({ filename: reportFileName(report, 'xlsx'), content: Buffer.from(await reportXlsx(report)), contentType: XLSX_MIME })
    const { messageId } = await sendEmail({
      to,
      subject: t('scheduled.mail.subject', { period: base.period, centers: centers.join(', ') }),
      text: t('scheduled.mail.body', { period: base.period, centers: centers.join(', '), schedule: s.id }),
      attachments,
    })
    return { ...base, status: 'sent', centers, formats: attachments.map((a) => a.filename.split('.').pop()!), message_id: messageId }
  } catch (e) {
    return { ...base, status: 'failed', centers, error: String((e as Error).message ?? e).slice(0, 500) }
  }
}

/**
 * The PDF the recipient would export: the print page rendered by headless Chromium (as the
 * reports' PDF export does) with a session of that recipient minted for two minutes, so the page
 * applies their own roles and center scope.
 */
async function recipientPdf(user: UserRecord, period: ReturnType<typeof runPeriod>, centers: string[], locale: 'fr' | 'en'): Promise<Buffer> {
  const session = await localSessionCookie({ id: user.id, name: user.name, src: 'local', sv: user.sessionVersion }, false, 120)
  const t = reportTranslator(locale, 'reports')
  const bytes = await renderPdf({
    path: `/reports/print?${reportQuery({ period, centers, locale })}`,
    forwardHeaders: { cookie: `${session.name}=${session.value}`, 'accept-language': locale },
    readySelector: '[data-print-ready="1"]',
    footer: { pageOf: t('pdf.pageOf', { page: '{page}', pages: '{pages}' }) },
    footerLeftFrom: '[data-print-footer]',
  })
  return Buffer.from(bytes)
}

/**
 * Sends what is due at `now`; returns the deliveries logged by this call. Due deliveries are
 * claimed first (./claim.ts): with several schedulers, each recipient's copy goes out from one.
 */
export async function runDueSchedules(now: number, schedules: ScheduleSpec[] = loadSchedules(), claim: ClaimOptions = {}): Promise<Delivery[]> {
  const out: Delivery[] = []
  for (const s of schedules) {
    if (!s.enabled) continue
    const runAt = latestOccurrence(s, scheduleTimezone(s), now)
    const before = await previousAttempts(s.id, runAt)
    const due = s.recipients.filter((rec) => {
      const prev = before.get(rec.user)
      return !(prev && (prev.done || prev.failures >= MAX_ATTEMPTS))
    })
    if (due.length === 0) continue
    const mine = await claimDeliveries(s.id, runAt, [...new Set(due.map((r) => r.user))], claim)
    for (const rec of due) {
      if (!mine.has(rec.user)) continue
      const d: Delivery = { schedule_id: s.id, run_at: runAt, recipient: rec.user, ...(await deliver(s, runAt, rec)) }
      await logDelivery(d, now)
      out.push(d)
    }
  }
  return out
}

export async function listDeliveries(limit = 200): Promise<(Omit<Delivery, 'run_at'> & { run_at: string; logged_at: string })[]> {
  return queryRows(
    `SELECT schedule_id, toString(run_at) AS run_at, recipient, status, period, centers, formats, message_id, error, toString(logged_at) AS logged_at
     FROM report_deliveries ORDER BY logged_at DESC LIMIT {limit:UInt32}`,
    { limit: Math.min(Math.max(1, limit), 1000) },
  )
}

const g = globalThis as unknown as { __plateauReportScheduler?: { timer: NodeJS.Timeout; tick: () => Promise<void> } }

/** Starts the once-a-minute loop (first run now: a run missed during downtime goes out at start). */
export function startReportScheduler(log: (m: string) => void = console.log): void {
  if (g.__plateauReportScheduler || process.env.PLATEAU_REPORT_SCHEDULER === '0') return
  let busy = false
  const tick = async () => {
    if (busy || !emailConfigured()) return
    busy = true
    try {
      for (const d of await runDueSchedules(Date.now())) log(`[plateau] scheduled report ${d.schedule_id} → ${d.recipient}: ${d.status}${d.error ? ` (${d.error})` : ''}`)
    } catch (e) {
      log(`[plateau] scheduled reports: ${(e as Error).message}`)
    } finally {
      busy = false
    }
  }
  const timer = setInterval(tick, 60_000)
  timer.unref()
  g.__plateauReportScheduler = { timer, tick }
  void tick()
}

/**
 * A schedule was saved from the app: check now rather than within the minute (a new schedule's
 * latest occurrence is already due, so its first report goes out right away).
 */
export function pokeReportScheduler(): void {
  const s = g.__plateauReportScheduler
  if (s) setTimeout(() => void s.tick(), 0).unref()
}
