import { getTranslations } from 'next-intl/server'
import { YamlListAdmin, type YamlListRow } from '@/components/admin/YamlListAdmin'
import { can, requirePage } from '@/lib/auth/guard'
import { canManageSchedule, scheduleYaml } from '@/lib/scheduled-reports/admin'
import { loadSchedules } from '@/lib/scheduled-reports/config'
import { visibleSchedules } from '@/lib/scheduled-reports/visible'

export const dynamic = 'force-dynamic'

const TEMPLATE = `id: my-monthly-report
cadence: monthly
day: 2
time: "07:00"
centers: [CENTER_ID]
recipients:
  - { user: USERNAME, email: name@example.com }
formats: [pdf, xlsx]
locale: fr
`

/**
 * /reports/schedules — scheduled reports and their delivery log, for the caller's centers.
 * Managers and admins create, edit and delete the schedules they may manage (all their centers).
 */
export default async function ReportSchedulesPage() {
  const who = await requirePage('export')
  const t = await getTranslations('reports.scheduled')
  const all = loadSchedules()
  const { schedules, deliveries } = await visibleSchedules(who, all)
  const editor = can(who, 'alerts')
  const when = (s: (typeof schedules)[number]) =>
    s.cadence === 'monthly' ? t('monthlyAt', { day: s.day ?? 0, time: s.time }) : t('weeklyAt', { weekday: t(`weekday.${s.weekday ?? 'mon'}`), time: s.time })
  const rows: YamlListRow[] = schedules.map((s) => {
    const full = all.find((x) => x.id === s.id)!
    const editable = editor && canManageSchedule(who, full)
    return {
      id: s.id,
      cells: [when(s), s.centers.join(', '), s.recipients.map((r) => r.user).join(', '), s.formats.join(', ')],
      enabled: s.enabled,
      // only schedules the caller may change carry their whole text (other centers stay hidden)
      yaml: editable ? scheduleYaml(full) : '',
      editable,
    }
  })
  return (
    <main className="mx-auto max-w-6xl p-8">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="mt-1 text-sm text-slate-600">{t('intro')}</p>
      <h2 className="mt-6 text-lg font-semibold">{t('schedules')}</h2>
      <div className="mt-2">
        <YamlListAdmin
          ns="reports.scheduled"
          endpoint="/api/report-schedules"
          kind="schedule"
          template={TEMPLATE}
          columns={(['when', 'centers', 'recipients', 'formats'] as const).map((c) => t(`columns.${c}`))}
          rows={rows}
          canCreate={editor}
        />
      </div>
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
