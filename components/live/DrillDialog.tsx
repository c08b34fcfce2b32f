'use client'
/**
 * The contacts behind a figure ("show me the abandoned calls", not only 7.3 %): a modal dialog
 * with one page of contacts at a time, fetched from /api/live/contacts with the same filters as
 * the figure. Escape or the close button closes it (and removes it from the URL).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { AgentName } from '@/components/agents/AgentName'
import { useLocale, useTranslations } from 'next-intl'
import { useEffect, useRef } from 'react'
import { useFormat } from '@/components/format'
import { useKpiTitle } from '@/components/kpi'
import type { DrillPage } from '@/lib/live/types'
import { fetchJson } from '@/components/wallboard/polling'
import { filterQuery, type Drill, type LiveFilters } from './url-state'

export const DRILL_PAGE_SIZE = 25

const SET_TITLE_KPI: Record<string, string> = {
  waiting_now: 'waiting_now',
  waiting: 'still_waiting',
  offered: 'offered',
  answered: 'answered',
  abandoned: 'abandoned',
  short_abandoned: 'short_abandons',
  sl_missed: 'service_level',
  handled: 'handled',
}

/** All the contacts of the set (not one page) as CSV, in the viewer's language. */
export function drillExportUrl(filters: LiveFilters, drill: Drill, locale: string): string {
  const sp = new URLSearchParams(filterQuery(filters))
  sp.set('set', drill.set)
  if (drill.queue) sp.set('queue', drill.queue)
  if (drill.center) sp.set('center', drill.center)
  sp.set('locale', locale)
  return `/api/live/contacts/export?${sp.toString().replace(/%2C/gi, ',')}`
}

export function drillUrl(filters: LiveFilters, drill: Drill): string {
  const sp = new URLSearchParams(filterQuery(filters))
  sp.set('set', drill.set)
  if (drill.queue) sp.set('queue', drill.queue)
  if (drill.center) sp.set('center', drill.center)
  sp.set('page', String(drill.page))
  sp.set('pageSize', String(DRILL_PAGE_SIZE))
  return `/api/live/contacts?${sp.toString().replace(/%2C/gi, ',')}`
}

export function DrillDialog({
  drill,
  filters,
  centerName,
  centerTimezone,
  queueName,
  onPage,
  onClose,
  canExport = false,
}: {
  drill: Drill
  /** The viewer may export files: a link to the whole set as CSV. */
  canExport?: boolean
  filters: LiveFilters
  centerName: (id: string) => string
  /** Times are shown in each contact's center time zone. */
  centerTimezone: (id: string) => string | undefined
  queueName: (center: string, id: string) => string
  onPage: (page: number) => void
  onClose: () => void
}) {
  const t = useTranslations('live')
  const tc = useTranslations('common')
  const f = useFormat()
  const locale = useLocale()
  const ref = useRef<HTMLDialogElement>(null)
  const url = drillUrl(filters, drill)
  const q = useQuery({
    queryKey: ['drill', url],
    queryFn: ({ signal }) => fetchJson<DrillPage>(url, signal, 15_000),
    placeholderData: keepPreviousData,
    retry: 1,
    staleTime: 5_000,
  })
  useEffect(() => {
    const d = ref.current
    if (d && !d.open) d.showModal()
  }, [])
  const setTitle = useKpiTitle(SET_TITLE_KPI[drill.set] ?? drill.set)
  const data = q.data
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1
  const showCenter = new Set(data?.rows.map((r) => r.centerId)).size > 1
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      onCancel={onClose}
      className="m-auto max-h-[85vh] w-[min(1100px,95vw)] overflow-hidden rounded-xl p-0 shadow-2xl backdrop:bg-slate-900/50"
      aria-labelledby="drill-title"
      data-testid="drill-dialog"
    >
      <div className="flex max-h-[85vh] flex-col">
        <header className="flex items-start justify-between gap-4 border-b border-slate-200 px-5 py-3">
          <div>
            <h2 id="drill-title" className="text-lg font-semibold text-ink">
              {t('drill.title', { figure: setTitle })}
            </h2>
            <p className="text-sm text-slate-500">
              {drill.queue ? `${queueName(drill.center ?? '', drill.queue)} · ` : ''}
              {data ? tc('rowCount', { count: data.total }) : tc('loading')}
            </p>
          </div>
          <button type="button" onClick={() => ref.current?.close()} className="rounded-md px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100" autoFocus>
            {tc('close')}
          </button>
        </header>
        <div className="min-h-0 flex-1 overflow-auto">
          {q.isError && !data ? <p className="p-5 text-red-700">{t('drill.error')}</p> : null}
          <table className="w-full border-collapse text-sm tabular-nums" data-testid="drill-table" aria-busy={q.isFetching}>
            <thead className="sticky top-0 bg-slate-50 text-xs text-slate-600">
              <tr>
                <th className="px-3 py-2 text-left font-medium">{t('drill.columns.contact')}</th>
                {showCenter ? <th className="px-3 py-2 text-left font-medium">{tc('center')}</th> : null}
                <th className="px-3 py-2 text-left font-medium">{tc('queue')}</th>
                <th className="px-3 py-2 text-left font-medium">{tc('channel')}</th>
                <th className="px-3 py-2 text-left font-medium">{t('drill.columns.queuedAt')}</th>
                <th className="px-3 py-2 text-right font-medium">{t('drill.columns.wait')}</th>
                <th className="px-3 py-2 text-left font-medium">{t('drill.columns.outcome')}</th>
                <th className="px-3 py-2 text-left font-medium">{tc('agent')}</th>
                <th className="px-3 py-2 text-right font-medium">{t('drill.columns.handle')}</th>
              </tr>
            </thead>
            <tbody>
              {data && data.rows.length === 0 ? (
                <tr>
                  <td colSpan={9} className="px-3 py-6 text-center text-slate-500">
                    {tc('noData')}
                  </td>
                </tr>
              ) : null}
              {data?.rows.map((r) => (
                <tr key={`${r.centerId}/${r.contactId}`} className="border-t border-slate-100" data-contact-id={r.contactId}>
                  <td className="px-3 py-1.5 font-mono text-xs">{r.contactId}</td>
                  {showCenter ? <td className="px-3 py-1.5">{centerName(r.centerId)}</td> : null}
                  <td className="px-3 py-1.5">{queueName(r.centerId, r.queueId)}</td>
                  <td className="px-3 py-1.5">{isChannel(r.channel) ? tc(`channels.${r.channel}`) : r.channel || tc('unknown')}</td>
                  <td className="px-3 py-1.5">{f.dateTime(r.queuedAt, { seconds: true, timeZone: centerTimezone(r.centerId) })}</td>
                  <td className="px-3 py-1.5 text-right">{f.duration(r.waitS)}</td>
                  <td className="px-3 py-1.5">
                    {r.abandonedAt && !r.answeredAt
                      ? t('drill.outcome.abandoned', { time: f.time(r.abandonedAt, { seconds: true, timeZone: centerTimezone(r.centerId) }) })
                      : r.answeredAt
                        ? t('drill.outcome.answered', { time: f.time(r.answeredAt, { seconds: true, timeZone: centerTimezone(r.centerId) }) })
                        : t('drill.outcome.waiting')}
                  </td>
                  <td className="px-3 py-1.5">{r.agent ? <AgentName {...r.agent} /> : r.agentId || '—'}</td>
                  <td className="px-3 py-1.5 text-right">{f.duration(r.handleS)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <footer className="flex items-center justify-between gap-4 border-t border-slate-200 px-5 py-3 text-sm">
          <span className="text-slate-600" data-testid="drill-page">
            {tc('pageOf', { page: f.integer(drill.page), pages: f.integer(pages) })}
          </span>
          <div className="flex gap-2">
            {canExport ? (
              <a href={drillExportUrl(filters, drill, locale)} download className="rounded-md bg-slate-900 px-3 py-1 font-medium text-white hover:bg-slate-700" data-testid="drill-export">
                {t('drill.exportCsv')}
              </a>
            ) : null}
            <button type="button" disabled={drill.page <= 1} onClick={() => onPage(drill.page - 1)} className="rounded-md border border-slate-300 px-3 py-1 disabled:opacity-40">
              {tc('previous')}
            </button>
            <button type="button" disabled={drill.page >= pages} onClick={() => onPage(drill.page + 1)} className="rounded-md border border-slate-300 px-3 py-1 disabled:opacity-40">
              {tc('next')}
            </button>
          </div>
        </footer>
      </div>
    </dialog>
  )
}

const CHANNEL_SET = new Set(['voice', 'chat', 'email', 'sms', 'social', 'mail'])
function isChannel(c: string): c is 'voice' | 'chat' | 'email' | 'sms' | 'social' | 'mail' {
  return CHANNEL_SET.has(c)
}
