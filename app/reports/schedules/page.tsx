import { getTranslations } from 'next-intl/server'
import { requirePage } from '@/lib/auth/guard'
import { loadSchedules } from '@/lib/scheduled-reports/config'
import { visibleSchedules } from '@/lib/scheduled-reports/visible'

export const dynamic = 'force-dynamic'

/** /reports/schedules — scheduled reports and their delivery log, for the caller's centers (read-only). */
export default async function ReportSchedulesPage() {
  const who = await requirePage('export')
  const t = await getTranslations('reports.scheduled')
  const { schedules, deliveries } = await visibleSchedules(who, loadSchedules())
  const when = (s: (typeof schedules)[number]) =>
    s.cadence === 'monthly' ? t('monthlyAt', { day: s.day ?? 0, time: s.time }) : t('weeklyAt', { weekday: t(`weekday.${s.weekday ?? 'mon'}`), time: s.time })
  return (
    <main className="mx-auto max-w-6xl p-8">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="mt-1 text-sm text-slate-600">{t('intro')}</p>
      <h2 className="mt-6 text-lg font-semibold">{t('schedules')}</h2>
      {schedules.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">{t('noSchedules')}</p>
      ) : (
        <table className="mt-2 w-full text-sm">
          <thead>
            <tr className="text-left">
              <th>{t('columns.id')}</th>
              <th>{t('columns.when')}</th>
              <th>{t('columns.centers')}</th>
              <th>{t('columns.recipients')}</th>
              <th>{t('columns.formats')}</th>
              <th>{t('columns.enabled')}</th>
            </tr>
          </thead>
          <tbody>
            {schedules.map((s) => (
              <tr key={s.id} data-schedule={s.id}>
                <td>{s.id}</td>
                <td>{when(s)}</td>
                <td>{s.centers.join(', ')}</td>
                <td>{s.recipients.map((r) => r.user).join(', ')}</td>
                <td>{s.formats.join(', ')}</td>
                <td>{s.enabled ? t('yes') : t('no')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 className="mt-6 text-lg font-semibold">{t('deliveries')}</h2>
      {deliveries.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">{t('noDeliveries')}</p>
      ) : (
        <table className="mt-2 w-full text-sm">
          <thead>
            <tr className="text-left">
              <th>{t('columns.loggedAt')}</th>
              <th>{t('columns.id')}</th>
              <th>{t('columns.period')}</th>
              <th>{t('columns.recipient')}</th>
              <th>{t('columns.status')}</th>
              <th>{t('columns.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d, i) => (
              <tr key={i}>
                <td>{d.logged_at} UTC</td>
                <td>{d.schedule_id}</td>
                <td>{d.period}</td>
                <td>{d.recipient}</td>
                <td>{t(`status.${d.status}`)}</td>
                <td>{d.error || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  )
}
