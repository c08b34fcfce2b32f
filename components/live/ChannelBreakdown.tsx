'use client'
/**
 * A speed figure per channel inside its headline tile (voice / chat / email), each with its
 * own target and status: a 20 s phone answer and a 4 h e-mail reply are not judged against
 * one target. Large figures, channel pictogram and name, status as colour + shape + words.
 */
import { useTranslations } from 'next-intl'
import { useFormat } from '@/components/format'
import { ChannelIcon, useChannelName } from '@/components/kpi/ChannelIcon'
import { STATUS_TEXT_CLASS, StatusIcon } from '@/components/kpi/StatusIcon'
import type { ChannelKpis, KpiStatus } from '@/lib/live/types'

const STATUS_KEY: Record<KpiStatus | 'none', 'good' | 'warning' | 'bad' | 'none'> = { good: 'good', warn: 'warning', bad: 'bad', none: 'none' }

export function ChannelBreakdown({ kpiKey, channels }: { kpiKey: string; channels: ChannelKpis[] }) {
  const t = useTranslations('live')
  const tc = useTranslations('common')
  const tt = useTranslations('kpi.tile')
  const f = useFormat()
  const channelName = useChannelName()
  return (
    <ul className="mt-3 space-y-2 border-t border-slate-100 pt-2" aria-label={t('byChannel.label')} data-channel-breakdown={kpiKey}>
      {channels.map(({ channel, kpis }) => {
        const r = kpis[kpiKey]
        const status: KpiStatus | 'none' = r?.status ?? 'none'
        const unit = r?.unit ?? 'count'
        const statusText = tc(`status.${STATUS_KEY[status]}`)
        return (
          <li key={channel} className="flex min-w-0 items-center gap-2" data-channel={channel} data-status={status}>
            <ChannelIcon channel={channel} className="size-6 shrink-0 text-slate-500" />
            <div className="min-w-0 flex-1 leading-tight">
              <div className="truncate text-base font-medium text-slate-700" data-channel-label>
                {channelName(channel)}
              </div>
              {r?.target !== null && r?.target !== undefined ? (
                <div className="truncate text-xs text-slate-500 tabular-nums" data-channel-target>
                  {tt('target', { value: f.kpi(r.target, unit) })}
                </div>
              ) : null}
            </div>
            <span className={`shrink-0 text-2xl font-semibold tabular-nums ${status === 'none' ? 'text-ink' : STATUS_TEXT_CLASS[status].light}`} data-channel-value>
              {f.kpi(r?.value ?? null, unit)}
            </span>
            {/* no target: no pictogram next to the figure (a dash would read as a minus sign) */}
            {status === 'none' ? (
              <span className="sr-only">{statusText}</span>
            ) : (
              <span className={`shrink-0 ${STATUS_TEXT_CLASS[status].light}`}>
                <StatusIcon status={status} title={statusText} className="size-5" />
              </span>
            )}
          </li>
        )
      })}
    </ul>
  )
}
