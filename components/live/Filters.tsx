'use client'
/**
 * Center / reporting line / queue / channel filters of the supervisor view. Multi-selects are
 * native <details> + checkboxes (keyboard and screen-reader friendly, no library). Changes go to
 * the URL (see url-state.ts); the options are the caller's permitted centers only.
 */
import { useTranslations } from 'next-intl'
import type { CenterOption, QueueOption } from '@/lib/live/types'
import type { LiveFilters } from './url-state'

const CHANNELS = ['voice', 'chat', 'email', 'sms', 'social', 'mail'] as const
const LINES = ['sales', 'marketing', 'customer_service', 'general_management'] as const

function MultiSelect({
  label,
  allLabel,
  options,
  selected,
  onChange,
  name,
}: {
  label: string
  allLabel: string
  options: { value: string; label: string }[]
  selected: string[]
  onChange: (v: string[]) => void
  name: string
}) {
  const tc = useTranslations('common')
  const summary = selected.length === 0 ? allLabel : selected.length === 1 ? (options.find((o) => o.value === selected[0])?.label ?? selected[0]) : `${selected.length} / ${options.length}`
  return (
    <details className="group relative" data-filter={name}>
      <summary className="flex cursor-pointer list-none items-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:border-slate-400 focus-visible:outline-2 focus-visible:outline-sky-600">
        <span className="text-slate-500">{label}</span>
        <span className="max-w-48 truncate font-medium text-ink">{summary}</span>
        <span aria-hidden className="text-slate-400 group-open:rotate-180">▾</span>
      </summary>
      <div className="absolute z-30 mt-1 max-h-80 w-72 overflow-auto rounded-md border border-slate-200 bg-white p-2 shadow-lg">
        <button type="button" className="mb-1 w-full rounded px-2 py-1 text-left text-sm text-sky-700 hover:bg-slate-100" onClick={() => onChange([])}>
          {allLabel}
        </button>
        {options.length === 0 ? <p className="px-2 py-1 text-sm text-slate-500">{tc('noData')}</p> : null}
        {options.map((o) => (
          <label key={o.value} className="flex cursor-pointer items-center gap-2 rounded px-2 py-1 text-sm hover:bg-slate-50">
            <input
              type="checkbox"
              name={name}
              value={o.value}
              checked={selected.includes(o.value)}
              onChange={(e) => onChange(e.target.checked ? [...selected, o.value] : selected.filter((x) => x !== o.value))}
            />
            <span className="truncate">{o.label}</span>
          </label>
        ))}
      </div>
    </details>
  )
}

export function Filters({
  filters,
  centers,
  queues,
  onChange,
}: {
  filters: LiveFilters
  centers: CenterOption[]
  queues: QueueOption[]
  onChange: (f: LiveFilters) => void
}) {
  const t = useTranslations('live')
  const tc = useTranslations('common')
  const linesPresent = LINES.filter((l) => centers.some((c) => c.reportingLine === l))
  const visibleCenters = centers.filter((c) => !filters.line || c.reportingLine === filters.line)
  const centerIds = new Set((filters.centers.length ? filters.centers : visibleCenters.map((c) => c.id)).filter((id) => visibleCenters.some((c) => c.id === id)))
  const visibleQueues = queues.filter((q) => centerIds.has(q.centerId) && (!filters.channels.length || !q.channel || filters.channels.includes(q.channel)))
  const centerName = new Map(centers.map((c) => [c.id, c.name]))
  const multiCenter = centerIds.size > 1
  const active = filters.centers.length + filters.queues.length + filters.channels.length + (filters.line ? 1 : 0) > 0
  return (
    <div className="flex flex-wrap items-center gap-2" role="group" aria-label={tc('filters')}>
      <label className="flex items-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm">
        <span className="text-slate-500">{tc('reportingLine')}</span>
        <select
          className="bg-transparent font-medium text-ink focus:outline-none"
          value={filters.line ?? ''}
          name="line"
          onChange={(e) => onChange({ ...filters, line: e.target.value || null, centers: [], queues: [] })}
        >
          <option value="">{t('filters.allLines')}</option>
          {linesPresent.map((l) => (
            <option key={l} value={l}>
              {tc(`reportingLines.${l}`)}
            </option>
          ))}
        </select>
      </label>
      <MultiSelect
        name="centers"
        label={tc('centers')}
        allLabel={tc('allCenters')}
        options={visibleCenters.map((c) => ({ value: c.id, label: c.configured ? c.name : `${c.name} (${tc('unconfiguredCenter')})` }))}
        selected={filters.centers}
        onChange={(v) => onChange({ ...filters, centers: v, queues: filters.queues.filter((q) => queues.some((x) => x.id === q && (v.length === 0 || v.includes(x.centerId)))) })}
      />
      <MultiSelect
        name="queues"
        label={tc('queues')}
        allLabel={tc('allQueues')}
        options={visibleQueues.map((q) => ({ value: q.id, label: multiCenter ? `${q.name} — ${centerName.get(q.centerId) ?? q.centerId}` : q.name }))}
        selected={filters.queues}
        onChange={(v) => onChange({ ...filters, queues: v })}
      />
      <MultiSelect
        name="channels"
        label={tc('channel')}
        allLabel={t('filters.allChannels')}
        options={CHANNELS.map((c) => ({ value: c, label: tc(`channels.${c}`) }))}
        selected={filters.channels}
        onChange={(v) => onChange({ ...filters, channels: v })}
      />
      {active ? (
        <button type="button" className="rounded-md px-2 py-1.5 text-sm text-sky-700 hover:bg-slate-100" onClick={() => onChange({ centers: [], line: null, queues: [], channels: [] })}>
          {tc('reset')}
        </button>
      ) : null}
    </div>
  )
}
