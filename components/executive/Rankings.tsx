/** Centers ranked by margin (highest first) and by cost per contact (lowest first). */
import { useTranslations } from 'next-intl'
import { useFormat } from '@/components/format'
import type { RankingRow } from '@/lib/executive/types'

function RankList({ id, title, rows, good }: { id: string; title: string; rows: RankingRow[]; good: 'high' | 'low' }) {
  const t = useTranslations('executive.rankings')
  const f = useFormat()
  const max = Math.max(1e-9, ...rows.map((r) => Math.abs(r.value ?? 0)))
  return (
    <section aria-labelledby={id} className="min-w-0 flex-1" data-ranking={id}>
      <h3 id={id} className="mb-2 text-sm font-semibold text-slate-700">
        {title}
      </h3>
      <ol className="space-y-1.5">
        {rows.map((r) => {
          const w = r.value === null ? 0 : (Math.abs(r.value) / max) * 100
          const negative = (r.value ?? 0) < 0
          return (
            <li key={r.centerId} className="grid grid-cols-[2rem_minmax(0,1fr)_7.5rem] items-center gap-2 text-sm" data-center={r.centerId}>
              <span className="text-right font-semibold text-slate-500 tabular-nums" aria-label={`${t('rank')} ${r.rank || '—'}`}>
                {r.rank || '—'}
              </span>
              <span className="min-w-0">
                <span className="block truncate">{r.name}</span>
                <span className="mt-0.5 block h-1.5 rounded bg-slate-100" aria-hidden>
                  <span
                    className={`block h-1.5 rounded ${negative ? 'bg-red-500' : good === 'high' ? 'bg-emerald-500' : 'bg-sky-500'}`}
                    style={{ width: `${w}%` }}
                  />
                </span>
              </span>
              <span className={`text-right tabular-nums ${negative ? 'text-red-700' : 'text-ink'}`}>
                {r.value === null ? t('noValue') : f.currency(r.value, { currency: r.currency ?? undefined })}
              </span>
            </li>
          )
        })}
      </ol>
    </section>
  )
}

export function Rankings({ byMargin, byCostPerContact }: { byMargin: RankingRow[]; byCostPerContact: RankingRow[] }) {
  const t = useTranslations('executive.rankings')
  return (
    <section aria-labelledby="exec-rankings" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm print:break-inside-avoid" data-section="rankings">
      <h2 id="exec-rankings" className="mb-3 text-lg font-semibold">
        {t('title')}
      </h2>
      <div className="flex flex-col gap-6 md:flex-row print:flex-row">
        <RankList id="rank-margin" title={t('byMargin')} rows={byMargin} good="high" />
        <RankList id="rank-cpc" title={t('byCostPerContact')} rows={byCostPerContact} good="low" />
      </div>
    </section>
  )
}
