'use client'
import { useLocale, useTranslations } from 'next-intl'
import { useRouter } from 'next/navigation'
import { useTransition } from 'react'
import { LOCALES, LOCALE_NAMES, type AppLocale } from '@/lib/i18n/config'
import { setLocaleAction } from '@/lib/i18n/actions'

/** FR | EN toggle. Stores the choice in the `plateau-locale` cookie, then re-renders the page. */
export function LocaleSwitcher({ className = '' }: { className?: string }) {
  const current = useLocale()
  const t = useTranslations('nav')
  const router = useRouter()
  const [pending, startTransition] = useTransition()

  function choose(locale: AppLocale) {
    if (locale === current) return
    startTransition(async () => {
      await setLocaleAction(locale)
      router.refresh()
    })
  }

  return (
    <div
      role="group"
      aria-label={t('switchLanguage')}
      data-testid="locale-switcher"
      className={`inline-flex items-center rounded-md border border-slate-300 text-xs font-semibold ${pending ? 'opacity-60' : ''} ${className}`}
    >
      {LOCALES.map((locale, i) => {
        const active = locale === current
        return (
          <button
            key={locale}
            type="button"
            lang={locale}
            aria-pressed={active}
            title={t('switchTo', { language: LOCALE_NAMES[locale] })}
            disabled={pending}
            onClick={() => choose(locale)}
            className={[
              'px-2 py-1 uppercase',
              i > 0 ? 'border-l border-slate-300' : '',
              active ? 'bg-slate-800 text-white' : 'text-slate-700 hover:bg-slate-100',
            ].join(' ')}
          >
            {locale}
          </button>
        )
      })}
    </div>
  )
}
