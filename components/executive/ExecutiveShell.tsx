'use client'
/**
 * /executive controls: the period picker and the exports. The report itself is rendered on the
 * server (children); choosing another period navigates (the URL is the state: shareable,
 * reloadable, back/forward work) and the report is dimmed until the new one arrives.
 */
import { useLocale, useTranslations } from 'next-intl'
import { usePathname, useRouter } from 'next/navigation'
import { useTransition, type ReactNode } from 'react'
import { currentMonth, type MonthRange } from '@/lib/periods/calendar'
import { PeriodPicker } from './PeriodPicker'

function query(r: MonthRange, centers: string[] | null, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({ from: r.from, to: r.to, ...extra })
  if (centers?.length) q.set('centers', centers.join(','))
  return q.toString()
}

export function ExecutiveShell({
  range,
  centers,
  now,
  timeZone,
  children,
}: {
  range: MonthRange
  centers: string[] | null
  /** The server's clock when the view was computed (no hydration mismatch around a month boundary). */
  now: number
  timeZone: string
  children: ReactNode
}) {
  const t = useTranslations('executive')
  const locale = useLocale()
  const router = useRouter()
  const pathname = usePathname()
  const [pending, startTransition] = useTransition()
  const change = (r: MonthRange) => startTransition(() => router.push(`${pathname}?${query(r, centers)}`, { scroll: false }))
  const exportHref = (format: 'pdf' | 'xlsx') => `/api/executive/export?${query(range, centers, { format, locale })}`
  return (
    <div className="flex flex-col gap-5">
      <div className="flex flex-wrap items-end justify-between gap-4 print:hidden">
        <PeriodPicker value={range} max={currentMonth(now, timeZone)} now={now} timeZone={timeZone} onChange={change} />
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
      <div aria-busy={pending} className={pending ? 'pointer-events-none opacity-60 transition-opacity' : 'transition-opacity'}>
        {children}
      </div>
    </div>
  )
}
