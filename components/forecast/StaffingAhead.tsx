'use client'
/**
 * /live "next 4 hours": per queue of one center, the forecast offered, AHT and agents needed
 * per upcoming interval (Erlang A when the callers' patience is known, else Erlang C) against
 * agents staffed now; a queue without a forecast says why ("insufficient history", closed) —
 * never 0. Below, today's intraday curve, forecast vs actual. Polls /api/forecast?view=ahead
 * once a minute (a forecast moves slowly).
 */
import { useQuery } from '@tanstack/react-query'
import { useTranslations } from 'next-intl'
import { useState } from 'react'
import { useFormat } from '@/components/format'
import { fetchJson } from '@/components/wallboard/polling'
import type { AheadCenter, AheadQueue } from '@/lib/forecast/ahead-view'
import type { CenterOption } from '@/lib/live/types'

type Option = Pick<CenterOption, 'id' | 'name'>
import { IntradayChart } from './IntradayChart'

export const AHEAD_POLL_MS = 60_000

export function StaffingAhead({ centers, selected, queues }: { centers: Option[]; selected: string[]; queues: string[] }) {
  const t = useTranslations('live.ahead')
  // A filtered center not in the options (unconfigured, no data today yet) is still forecast.
  const options: Option[] = selected.length ? selected.map((id) => centers.find((c) => c.id === id) ?? { id, name: id }) : centers
  const [chosen, setChosen] = useState<string | null>(null)
  const center = options.find((c) => c.id === chosen) ?? options[0]
  const q = useQuery({
    queryKey: ['ahead', center?.id],
    queryFn: ({ signal }) => fetchJson<AheadCenter>(`/api/forecast?center=${encodeURIComponent(center!.id)}&view=ahead&interval=30&hours=4`, signal, 20_000),
    enabled: !!center,
    refetchInterval: AHEAD_POLL_MS,
    refetchOnWindowFocus: false,
    retry: 1,
  })
  if (!center) return null
  const data = q.data
  const shown = (data?.queues ?? []).filter((x) => !queues.length || queues.includes(x.queueId))
  return (
    <section aria-label={t('title')} className="space-y-3" data-testid="staffing-ahead">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-lg font-semibold text-ink">{t('title')}</h2>
        {options.length > 1 ? (
          <label className="flex items-center gap-2 text-sm text-slate-700">
            {t('center')}
            <select className="rounded border border-slate-300 px-2 py-1" value={center.id} onChange={(e) => setChosen(e.target.value)} name="ahead-center">
              {options.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      {!data ? (
        <p className="text-sm text-slate-500">{q.isError ? t('error') : t('loading')}</p>
      ) : (
        <>
          <div className="grid gap-3 lg:grid-cols-2">
            {shown.map((x) => (
              <QueueAhead key={x.queueId} q={x} timezone={data.timezone} />
            ))}
          </div>
          <IntradayChart points={data.intraday} timezone={data.timezone} />
        </>
      )}
    </section>
  )
}

function QueueAhead({ q, timezone }: { q: AheadQueue; timezone: string }) {
  const t = useTranslations('live.ahead')
  const f = useFormat({ timeZone: timezone })
  const note =
    q.status === 'insufficient_history'
      ? t('status.insufficient_history', { days: q.historyDays ?? 0, needed: q.neededDays ?? 14 })
      : q.status === 'closed'
        ? q.reason === 'public_holiday'
          ? t('status.closedHoliday')
          : t('status.closed')
        : q.rows.length === 0
          ? t('status.noIntervals')
          : null
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-3" data-ahead-queue={q.queueId} data-ahead-status={q.status}>
      <div className="mb-1 flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="text-sm font-semibold text-slate-700">{q.queueName}</h3>
        {q.model ? (
          <span className="text-xs text-slate-500" data-ahead-model={q.model}>
            {q.model === 'erlang_a' ? t('model.erlang_a', { patience: f.duration(q.patienceS) }) : t('model.erlang_c')}
            {q.levelFactor !== 1 ? ` · ${t('level', { factor: f.number(q.levelFactor, { maximumFractionDigits: 2 }) })}` : ''}
          </span>
        ) : null}
      </div>
      {note ? (
        <p className="text-sm text-slate-600" data-ahead-note>
          {note}
        </p>
      ) : (
        <table className="w-full text-sm tabular-nums">
          <thead>
            <tr className="text-xs text-slate-500">
              <th className="text-left font-medium">{t('columns.interval')}</th>
              <th className="text-right font-medium">{t('columns.offered')}</th>
              <th className="text-right font-medium">{t('columns.aht')}</th>
              <th className="text-right font-medium">{t('columns.needed')}</th>
              <th className="text-right font-medium">{t('columns.staffed')}</th>
              <th className="text-right font-medium">{t('columns.gap')}</th>
            </tr>
          </thead>
          <tbody>
            {q.rows.map((r) => (
              <tr key={r.start} className="border-t border-slate-100" data-ahead-row>
                <td>{f.time(r.start)}</td>
                <td className="text-right">{f.number(r.offered, { maximumFractionDigits: 1 })}</td>
                <td className="text-right">{f.duration(r.ahtS)}</td>
                <td className="text-right font-semibold" data-needed>
                  {f.integer(r.needed)}
                </td>
                <td className="text-right">{f.number(r.staffedNow, { maximumFractionDigits: 1 })}</td>
                <td className={`text-right ${r.gap !== null && r.gap < 0 ? 'text-bad' : ''}`}>{r.gap === null ? f.integer(null) : f.number(r.gap, { signDisplay: 'exceptZero', maximumFractionDigits: 1 })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
