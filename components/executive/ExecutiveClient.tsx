'use client'
/**
 * /executive in the browser: period picker, exports, and the report. The first view comes from
 * the server (no loading flash); other periods are fetched from /api/executive with
 * react-query and the URL is kept in step (shareable, reloadable).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useTranslations } from 'next-intl'
import { useLocale } from 'next-intl'
import { useState } from 'react'
import { currentMonth, type MonthRange } from '@/lib/executive/period'
import type { ExecutiveView } from '@/lib/executive/types'
import { ExecutiveReport, PeriodLine } from './ExecutiveReport'
import { PeriodPicker } from './PeriodPicker'

function query(r: MonthRange, centers: string[] | null, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({ from: r.from, to: r.to, ...extra })
  if (centers?.length) q.set('centers', centers.join(','))
  return q.toString()
}

async function fetchView(r: MonthRange, centers: string[] | null): Promise<ExecutiveView> {
  const res = await fetch(`/api/executive?${query(r, centers)}`, { headers: { accept: 'application/json' } })
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { message?: string } | null
    throw new Error(body?.message ?? `HTTP ${res.status}`)
  }
  return (await res.json()) as ExecutiveView
}

export function ExecutiveClient({ initialView, centers }: { initialView: ExecutiveView; centers: string[] | null }) {
  const t = useTranslations('executive')
  const locale = useLocale()
  const initial = { from: initialView.period.from, to: initialView.period.to }
  const [range, setRange] = useState<MonthRange>(initial)
  const isInitial = range.from === initial.from && range.to === initial.to
  const q = useQuery({
    queryKey: ['executive', range.from, range.to, centers?.join(',') ?? ''],
    queryFn: () => fetchView(range, centers),
    initialData: isInitial ? initialView : undefined,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  })
  const view = q.data ?? initialView
  const tz = initialView.period.timezone
  // The server's clock (no hydration mismatch around a month boundary).
  const now = initialView.generatedAt
  const change = (r: MonthRange) => {
    setRange(r)
    window.history.replaceState(null, '', `/executive?${query(r, centers)}`)
  }
  const exportHref = (format: 'pdf' | 'xlsx') => `/api/executive/export?${query(range, centers, { format, locale })}`
  return (
    <div className="flex flex-col gap-5">
      <div className="flex flex-wrap items-end justify-between gap-4 print:hidden">
        <PeriodPicker value={range} max={currentMonth(now, tz)} now={now} timeZone={tz} onChange={change} />
        <div className="flex items-center gap-2 text-sm" role="group" aria-label={t('export.label')}>
          <span className="text-slate-600">{t('export.label')}</span>
          <a href={exportHref('pdf')} className="rounded border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-100" title={t('export.pdfTitle')} data-export="pdf" download>
            {t('export.pdf')}
          </a>
          <a href={exportHref('xlsx')} className="rounded border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-100" title={t('export.xlsxTitle')} data-export="xlsx" download>
            {t('export.xlsx')}
          </a>
        </div>
      </div>
      {q.isError ? (
        <p role="alert" className="rounded bg-red-50 p-3 text-sm text-red-800">
          {t('errors.load')} {(q.error as Error).message}
        </p>
      ) : null}
      <div aria-busy={q.isFetching} className={q.isFetching && q.isPlaceholderData ? 'opacity-60 transition-opacity' : ''}>
        <PeriodLine view={view} />
        <div className="mt-4">
          <ExecutiveReport view={view} />
        </div>
      </div>
    </div>
  )
}
