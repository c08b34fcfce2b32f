'use client'
import { useLocale, useTranslations } from 'next-intl'
import { formatInteger } from '@/lib/i18n/format'

/**
 * "Data is N s old — reconnecting…": shown over the top of the screen (no layout shift, no
 * scrolling) as soon as the figures are older than `staleAfterSeconds`; disappears by itself
 * when fresh data arrives. role=status so assistive technology announces it.
 */
export function StaleBanner({
  ageSeconds,
  staleAfterSeconds,
  appearance = 'wall',
}: {
  ageSeconds: number | null
  staleAfterSeconds: number
  appearance?: 'wall' | 'panel'
}) {
  const t = useTranslations('wallboard')
  const locale = useLocale()
  const stale = ageSeconds !== null && ageSeconds >= staleAfterSeconds
  if (!stale) return <div role="status" aria-live="polite" className="sr-only" data-stale="false" />
  const seconds = formatInteger(ageSeconds, locale)
  return (
    <div
      role="status"
      aria-live="polite"
      data-stale="true"
      data-testid="stale-banner"
      className={
        appearance === 'wall'
          ? 'absolute inset-x-0 top-0 z-50 flex items-center justify-center gap-[1.5vh] bg-amber-400 px-[2vw] py-[1.2vh] text-[min(4.2vh,2.4vw)] font-bold text-slate-950 shadow-2xl'
          : 'sticky top-0 z-40 flex items-center justify-center gap-2 bg-amber-300 px-4 py-2 text-sm font-semibold text-slate-950'
      }
    >
      <svg viewBox="0 0 24 24" aria-hidden className="size-[1.1em] shrink-0" fill="none" stroke="currentColor" strokeWidth={2.5} strokeLinecap="round">
        <path d="M2 8.8a15 15 0 0 1 20 0M5.5 12.4a10 10 0 0 1 13 0M9 16a5 5 0 0 1 6 0M12 19.5v.1M3 3l18 18" />
      </svg>
      <span className="tabular-nums">{t('staleBanner', { seconds })}</span>
    </div>
  )
}
