'use client'
/**
 * The contacts behind a figure: a dialog listing the contacts of a drill-down set (abandoned,
 * handled, outside service level…) for the report's window and selection, narrowed by the row
 * clicked (a queue, a day, an agent…) and by filters, paginated (the engine's
 * /api/kpis/contacts), with a streamed CSV export of all of them (/api/contacts/export).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useTranslations } from 'next-intl'
import { useEffect, useRef, useState } from 'react'
import { useFormat } from '@/components/format'
import { CHANNELS, DIRECTIONS } from '@/lib/contract/vocabulary'
import { DRILL_SETS, type DrillSet } from '@/lib/kpi/definitions'
import type { ContactList, ContactListRow } from '@/lib/queries/contactSets'
import { useDimensionLabel } from './text'

export type DrillScope = {
  set: DrillSet
  /** ISO instants, `to` exclusive. */
  from: string
  to: string
  centers: string[]
  lines: string[]
  queues?: string[]
  channels?: string[]
  directions?: string[]
  agents?: string[]
  /** What the user clicked, shown in the title (a queue, a day…). */
  context?: string
}

const PAGE_SIZE = 50

/**
 * Durations in the table: whole minutes and seconds (`m:ss`, minutes not wrapped into hours:
 * 3 725 s → `62:05`), the unit the column headers name.
 */
export function minSec(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—'
  const total = Math.round(Math.abs(seconds))
  const sign = seconds < 0 && total > 0 ? '-' : ''
  return `${sign}${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`
}

export function drillQuery(s: DrillScope, extra: Record<string, string> = {}): URLSearchParams {
  const q = new URLSearchParams({ window: 'custom', from: s.from, to: s.to, set: s.set })
  const put = (k: string, v?: string[]) => v?.length && q.set(k, v.join(','))
  put('centers', s.centers)
  put('lines', s.lines)
  put('queues', s.queues)
  put('channels', s.channels)
  put('directions', s.directions)
  put('agents', s.agents)
  for (const [k, v] of Object.entries(extra)) q.set(k, v)
  return q
}

export function DrillPanel({ scope, onClose, timeZone, sep }: { scope: DrillScope; onClose: () => void; timeZone: string; sep: string }) {
  const t = useTranslations('reports')
  const tc = useTranslations('common')
  const dim = useDimensionLabel()
  const f = useFormat({ timeZone })
  const [s, setS] = useState<DrillScope>(scope)
  const [page, setPage] = useState(1)
  const dialog = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    setS(scope)
    setPage(1)
  }, [scope])
  useEffect(() => {
    const d = dialog.current
    if (d && !d.open) d.showModal()
  }, [])
  const query = useQuery({
    queryKey: ['report-drill', s, page],
    queryFn: async (): Promise<ContactList> => {
      const res = await fetch(`/api/kpis/contacts?${drillQuery(s, { page: String(page), pageSize: String(PAGE_SIZE) })}`)
      if (!res.ok) throw new Error(`HTTP ${res.status}`)
      return res.json()
    },
    placeholderData: keepPreviousData,
  })
  const data = query.data
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1
  const set = (patch: Partial<DrillScope>) => {
    setS((x) => ({ ...x, ...patch }))
    setPage(1)
  }
  const exportHref = `/api/contacts/export?${drillQuery(s, sep ? { sep } : {})}`
  const outcome = (r: ContactListRow) =>
    [r.outcome.sale ? tc('outcomes.sale') : '', r.outcome.lead ? tc('outcomes.lead') : '', r.outcome.retentionSave ? tc('outcomes.retention_saved') : ''].filter(Boolean).join(', ')
  const yesNo = (b: boolean | null) => (b === null ? '—' : b ? tc('yes') : tc('no'))
  const c = (k: Parameters<typeof t>[0]) => t(k)
  return (
    <dialog
      ref={dialog}
      onClose={onClose}
      className="m-auto w-[min(96vw,80rem)] max-h-[90vh] rounded-xl border border-slate-300 p-0 shadow-2xl backdrop:bg-slate-900/40"
      aria-labelledby="drill-title"
      data-testid="drill-panel"
    >
      <div className="flex max-h-[90vh] flex-col gap-3 p-4">
        <header className="flex flex-wrap items-start justify-between gap-2">
          <div>
            <h2 id="drill-title" className="text-lg font-semibold">
              {t('drill.title')} — {t(`drill.sets.${s.set}`)}
            </h2>
            {s.context ? <p className="text-sm text-slate-600">{s.context}</p> : null}
          </div>
          <button type="button" className="rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100" onClick={() => dialog.current?.close()}>
            {t('drill.close')}
          </button>
        </header>
        <div className="flex flex-wrap items-end gap-3 text-sm">
          <label className="flex flex-col">
            <span className="text-slate-600">{t('drill.set')}</span>
            <select className="rounded border border-slate-300 bg-white px-2 py-1" value={s.set} onChange={(e) => set({ set: e.target.value as DrillSet })} data-testid="drill-set">
              {DRILL_SETS.filter((x) => x !== 'waiting_now').map((x) => (
                <option key={x} value={x}>
                  {t(`drill.sets.${x}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col">
            <span className="text-slate-600">{tc('channel')}</span>
            <select className="rounded border border-slate-300 bg-white px-2 py-1" value={s.channels?.[0] ?? ''} onChange={(e) => set({ channels: e.target.value ? [e.target.value] : undefined })}>
              <option value="">{t('drill.any')}</option>
              {CHANNELS.map((x) => (
                <option key={x} value={x}>
                  {dim('channel', x)}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col">
            <span className="text-slate-600">{tc('direction')}</span>
            <select className="rounded border border-slate-300 bg-white px-2 py-1" value={s.directions?.[0] ?? ''} onChange={(e) => set({ directions: e.target.value ? [e.target.value] : undefined })}>
              <option value="">{t('drill.any')}</option>
              {DIRECTIONS.map((x) => (
                <option key={x} value={x}>
                  {dim('direction', x)}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col">
            <span className="text-slate-600">{tc('queue')}</span>
            <input
              className="rounded border border-slate-300 px-2 py-1"
              defaultValue={s.queues?.join(',') ?? ''}
              onBlur={(e) => set({ queues: e.target.value.trim() ? e.target.value.split(',').map((x) => x.trim()).filter(Boolean) : undefined })}
            />
          </label>
          <label className="flex flex-col">
            <span className="text-slate-600">{tc('agent')}</span>
            <input
              className="rounded border border-slate-300 px-2 py-1"
              defaultValue={s.agents?.join(',') ?? ''}
              onBlur={(e) => set({ agents: e.target.value.trim() ? e.target.value.split(',').map((x) => x.trim()).filter(Boolean) : undefined })}
            />
          </label>
          <a className="ml-auto rounded bg-slate-900 px-3 py-1.5 font-medium text-white hover:bg-slate-700" href={exportHref} download data-testid="drill-export">
            {t('drill.exportCsv')}
          </a>
        </div>
        <div className="min-h-0 flex-1 overflow-auto rounded border border-slate-200" aria-busy={query.isFetching}>
          {query.isError ? (
            <p role="alert" className="p-3 text-sm text-bad">
              {t('errors.loadFailed')}
            </p>
          ) : data && data.rows.length === 0 ? (
            <p className="p-3 text-sm text-slate-600">{t('drill.noRows')}</p>
          ) : (
            <table className="w-full border-collapse text-xs tabular-nums">
              <thead className="sticky top-0 bg-slate-100 text-left">
                <tr>
                  {(['center', 'contactId', 'queue', 'channel', 'direction', 'agent', 'queuedAt', 'answeredAt', 'abandonedAt', 'wrappedAt', 'waitMin', 'talkMin', 'holdMin', 'wrapMin', 'transferred', 'resolved', 'outcome', 'revenue', 'csat', 'nps'] as const).map((k) => (
                    <th key={k} scope="col" className="px-1.5 py-1 font-medium whitespace-nowrap">
                      {c(`drill.columns.${k}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data?.rows.map((r) => (
                  <tr key={`${r.centerId}|${r.contactId}|${r.at}`} className="border-t border-slate-100" data-contact={r.contactId}>
                    <td className="px-1.5 py-0.5 whitespace-nowrap" title={r.centerId}>
                      {r.centerName}
                    </td>
                    <td className="px-1.5 py-0.5 font-mono whitespace-nowrap" data-contact-id>
                      {r.contactId}
                    </td>
                    <td className="px-1.5 py-0.5 whitespace-nowrap" title={r.queueId}>
                      {r.queueName || '—'}
                    </td>
                    <td className="px-1.5 py-0.5">{dim('channel', r.channel)}</td>
                    <td className="px-1.5 py-0.5">{dim('direction', r.direction)}</td>
                    <td className="px-1.5 py-0.5">{r.agentId || '—'}</td>
                    <td className="px-1.5 py-0.5 whitespace-nowrap">{f.dateTime(r.queuedAt, { seconds: true })}</td>
                    <td className="px-1.5 py-0.5 whitespace-nowrap">{f.dateTime(r.answeredAt, { seconds: true })}</td>
                    <td className="px-1.5 py-0.5 whitespace-nowrap">{f.dateTime(r.abandonedAt, { seconds: true })}</td>
                    <td className="px-1.5 py-0.5 whitespace-nowrap">{f.dateTime(r.wrappedAt, { seconds: true })}</td>
                    <td className="px-1.5 py-0.5 text-right whitespace-nowrap" data-duration="wait">{minSec(r.waitS)}</td>
                    <td className="px-1.5 py-0.5 text-right whitespace-nowrap" data-duration="talk">{minSec(r.talkS)}</td>
                    <td className="px-1.5 py-0.5 text-right whitespace-nowrap" data-duration="hold">{minSec(r.holdS)}</td>
                    <td className="px-1.5 py-0.5 text-right whitespace-nowrap" data-duration="wrap">{minSec(r.acwS)}</td>
                    <td className="px-1.5 py-0.5">{yesNo(r.transferred)}</td>
                    <td className="px-1.5 py-0.5">{yesNo(r.resolved)}</td>
                    <td className="px-1.5 py-0.5">{outcome(r) || '—'}</td>
                    <td className="px-1.5 py-0.5 text-right">{f.currency(r.revenue)}</td>
                    <td className="px-1.5 py-0.5 text-right">{f.integer(r.csat)}</td>
                    <td className="px-1.5 py-0.5 text-right">{f.integer(r.nps)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <footer className="flex items-center justify-between text-sm">
          <span className="text-slate-600" data-testid="drill-total">
            {data && data.total > 0
              ? t('drill.pageInfo', { from: f.integer((page - 1) * PAGE_SIZE + 1), to: f.integer(Math.min(page * PAGE_SIZE, data.total)), total: f.integer(data.total) })
              : query.isFetching
                ? tc('loading')
                : ''}
          </span>
          <span className="flex items-center gap-2">
            <button type="button" className="rounded border border-slate-300 px-3 py-1 disabled:opacity-40" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
              {tc('previous')}
            </button>
            <span className="tabular-nums">{tc('pageOf', { page, pages })}</span>
            <button type="button" className="rounded border border-slate-300 px-3 py-1 disabled:opacity-40" disabled={page >= pages} onClick={() => setPage((p) => p + 1)} data-testid="drill-next">
              {tc('next')}
            </button>
          </span>
        </footer>
      </div>
    </dialog>
  )
}
