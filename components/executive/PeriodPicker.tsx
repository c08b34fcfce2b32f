'use client'
/** Month range (from..to, inclusive) with presets. */
import { useTranslations } from 'next-intl'
import { useEffect, useState } from 'react'
import { PERIOD_PRESETS, presetRange, type MonthRange } from '@/lib/periods/calendar'

export function PeriodPicker({ value, max, now, timeZone, onChange }: { value: MonthRange; max: string; now: number; timeZone: string; onChange: (r: MonthRange) => void }) {
  const t = useTranslations('executive.period')
  const [from, setFrom] = useState(value.from)
  const [to, setTo] = useState(value.to)
  useEffect(() => {
    setFrom(value.from)
    setTo(value.to)
  }, [value.from, value.to])
  const valid = /^\d{4}-\d{2}$/.test(from) && /^\d{4}-\d{2}$/.test(to) && from <= to && to <= max
  return (
    <form
      className="flex flex-wrap items-end gap-2 text-sm"
      onSubmit={(e) => {
        e.preventDefault()
        if (valid) onChange({ from, to })
      }}
      aria-label={t('label')}
    >
      <label className="flex flex-col">
        <span className="text-xs text-slate-600">{t('from')}</span>
        <input type="month" className="rounded border border-slate-300 bg-white px-2 py-1" value={from} max={max} onChange={(e) => setFrom(e.target.value)} name="from" required />
      </label>
      <label className="flex flex-col">
        <span className="text-xs text-slate-600">{t('to')}</span>
        <input type="month" className="rounded border border-slate-300 bg-white px-2 py-1" value={to} max={max} onChange={(e) => setTo(e.target.value)} name="to" required />
      </label>
      <button type="submit" disabled={!valid} className="rounded bg-slate-900 px-3 py-1.5 font-medium text-white disabled:opacity-40">
        {t('apply')}
      </button>
      <div className="flex flex-wrap gap-1" role="group" aria-label={t('label')}>
        {PERIOD_PRESETS.map((p) => {
          const r = presetRange(p, now, timeZone)
          const active = r.from === value.from && r.to === value.to
          return (
            <button
              key={p}
              type="button"
              aria-pressed={active}
              onClick={() => onChange(r)}
              className={`rounded-full border px-2.5 py-1 text-xs ${active ? 'border-slate-900 bg-slate-900 text-white' : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-100'}`}
            >
              {t(`presets.${p}`)}
            </button>
          )
        })}
      </div>
    </form>
  )
}
