import type { Metadata } from 'next'
import Link from 'next/link'
import { getTranslations } from 'next-intl/server'
import { requirePage } from '@/lib/auth/guard'
import { deliveryLog } from '@/lib/alerts/log'

export const dynamic = 'force-dynamic'

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('alerts.admin.log')
  return { title: t('title') }
}

const num = (v: number | null) => (v === null ? '—' : String(Math.round(v * 1000) / 1000))

/** /admin/alerts/log — alert transitions, alert deliveries and scheduled-report deliveries of the caller's centers. */
export default async function DeliveryLogPage() {
  const who = await requirePage('alerts')
  const t = await getTranslations('alerts.admin')
  const tr = await getTranslations('reports.scheduled')
  const log = await deliveryLog(who)
  const none = <p className="text-sm text-slate-600">{t('log.none')}</p>
  return (
    <>
      <main className="mx-auto max-w-6xl space-y-4 p-8">
        <div className="flex flex-wrap items-baseline justify-between gap-3">
          <h1 className="text-2xl font-semibold">{t('log.title')}</h1>
          <Link href="/admin/alerts" className="text-sky-700 underline">
            {t('rulesLink')}
          </Link>
        </div>
        <p className="text-sm text-slate-600">{t('log.intro')}</p>

        <h2 className="text-lg font-semibold">{t('log.events')}</h2>
        {log.events.length === 0 ? none : (
          <table className="w-full text-left text-sm" data-testid="alert-events">
            <thead>
              <tr>
                <th>{t('log.at')}</th>
                <th>{t('log.rule')}</th>
                <th>{t('log.subject')}</th>
                <th>{t('log.center')}</th>
                <th>{t('log.kind')}</th>
                <th>{t('log.value')}</th>
                <th>{t('log.threshold')}</th>
                <th>{t('log.by')}</th>
              </tr>
            </thead>
            <tbody>
              {log.events.map((e, i) => (
                <tr key={i} className="border-t border-slate-200" data-kind={e.kind}>
                  <td className="tabular-nums">{e.at}</td>
                  <td>{e.rule_id}</td>
                  <td>{e.subject}</td>
                  <td>{e.center_id || '—'}</td>
                  <td>{t(`log.kinds.${e.kind as 'firing' | 'resolved' | 'acknowledged'}`)}</td>
                  <td>{num(e.value)}</td>
                  <td>{num(e.threshold)}</td>
                  <td>{e.acknowledged_by || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}

        <h2 className="text-lg font-semibold">{t('log.alertDeliveries')}</h2>
        {log.alertDeliveries.length === 0 ? none : (
          <table className="w-full text-left text-sm" data-testid="alert-deliveries">
            <thead>
              <tr>
                <th>{t('log.at')}</th>
                <th>{t('log.rule')}</th>
                <th>{t('log.kind')}</th>
                <th>{t('log.channel')}</th>
                <th>{t('log.target')}</th>
                <th>{t('log.attempts')}</th>
                <th>{t('log.result')}</th>
                <th>{t('log.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {log.alertDeliveries.map((d, i) => (
                <tr key={i} className="border-t border-slate-200">
                  <td className="tabular-nums">{d.at}</td>
                  <td>{d.rule_id}</td>
                  <td>{t(`log.kinds.${d.kind as 'firing' | 'resolved'}`)}</td>
                  <td>{d.channel}</td>
                  <td className="break-all">{d.target}</td>
                  <td>{d.attempts}</td>
                  <td>{d.ok ? `✓ ${t('log.ok')}` : `✗ ${t('log.failed')}`}</td>
                  <td>{[d.status, d.error].filter(Boolean).join(' — ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}

        <h2 className="text-lg font-semibold">{t('log.reportDeliveries')}</h2>
        {log.reportDeliveries.length === 0 ? none : (
          <table className="w-full text-left text-sm" data-testid="report-deliveries">
            <thead>
              <tr>
                <th>{t('log.at')}</th>
                <th>{t('log.schedule')}</th>
                <th>{t('log.period')}</th>
                <th>{t('log.recipient')}</th>
                <th>{t('log.status')}</th>
                <th>{t('log.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {log.reportDeliveries.map((d, i) => (
                <tr key={i} className="border-t border-slate-200">
                  <td className="tabular-nums">{d.logged_at}</td>
                  <td>{d.schedule_id}</td>
                  <td>{d.period}</td>
                  <td>{d.recipient}</td>
                  <td>{tr(`status.${d.status}`)}</td>
                  <td>{d.error || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </main>
    </>
  )
}
