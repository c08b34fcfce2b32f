'use client'
/**
 * The e-mail backlog, apart from the real-time headline: the oldest e-mail still waiting (big,
 * judged against the center's `emailOldestWaitSeconds`, or each center's when they differ) and
 * how many wait; per center when the scope has several. Panel (/live) and wall (boards).
 */
import { useTranslations } from 'next-intl'
import { useFormat } from '@/components/format'
import { KpiTile } from '@/components/kpi'
import { STATUS_TEXT_CLASS, StatusIcon } from '@/components/kpi/StatusIcon'
import type { EmailBacklog } from '@/lib/live/email-backlog'

export function EmailBacklogTile({ backlog, appearance = 'panel', className }: { backlog: EmailBacklog; appearance?: 'panel' | 'wall'; className?: string }) {
  const t = useTranslations('live.emailBacklog')
  const f = useFormat()
  const wall = appearance === 'wall'
  const several = backlog.centers.length > 1
  return (
    <div className={`flex min-h-0 min-w-0 ${className ?? ''}`} data-email-backlog>
      <KpiTile
        appearance={appearance}
        result={backlog.oldest}
        title={t('title')}
        noTargetLabel={backlog.targetsPerCenter ? t('targetsPerCenter') : undefined}
        className="flex-1"
      >
        <p className={wall ? 'mt-[1cqh] truncate text-[clamp(10px,min(8cqh,5cqw),160px)] text-slate-300' : 'mt-1 text-sm text-slate-600'} data-email-waiting>
          {t('waiting', { count: backlog.waiting })}
        </p>
        {several ? (
          <ul className={wall ? 'mt-[1cqh] space-y-[0.5cqh] text-[clamp(9px,min(6cqh,3.6cqw),120px)] text-slate-300' : 'mt-2 space-y-0.5 text-xs text-slate-600'} aria-label={t('perCenter')}>
            {backlog.centers.map((c) => {
              const st = c.oldest.status ?? 'none'
              return (
                <li key={c.centerId} className="flex min-w-0 items-center justify-between gap-2" data-email-center={c.centerId}>
                  <span className="truncate" title={c.configured ? c.centerId : t('notConfigured', { id: c.centerId })}>
                    {c.centerName}
                    {c.configured ? null : <span className="ml-1 italic">({t('notConfiguredShort')})</span>}
                  </span>
                  <span className={`flex shrink-0 items-center gap-1 tabular-nums ${STATUS_TEXT_CLASS[st][wall ? 'dark' : 'light']}`}>
                    {c.oldest.status ? <StatusIcon status={c.oldest.status} className={wall ? 'size-[0.9em]' : 'size-3'} /> : null}
                    {t('centerLine', {
                      count: c.waiting,
                      oldest: f.kpi(c.oldest.value, 'seconds'),
                      target: c.oldest.target === null ? t('noTarget') : f.kpi(c.oldest.target, 'seconds'),
                    })}
                  </span>
                </li>
              )
            })}
          </ul>
        ) : null}
      </KpiTile>
    </div>
  )
}
