import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { NextIntlClientProvider } from 'next-intl'
import { describe, expect, it, vi } from 'vitest'
import type { AppLocale } from '@/lib/i18n/config'
import { getMessages } from '@/lib/i18n/messages'
import { getTranslator } from '@/lib/i18n/translator'
import { findRawKeys } from '../helpers/raw-keys'

vi.mock('next/navigation', () => ({
  usePathname: () => '/reports',
  useRouter: () => ({ refresh: () => {}, push: () => {} }),
}))
vi.mock('@/lib/i18n/actions', () => ({ setLocaleAction: async () => ({ ok: true }) }))

const { AppHeader } = await import('@/components/AppHeader')
const { KpiValue, FormattedDateTime } = await import('@/components/format')

function render(locale: AppLocale, node: ReturnType<typeof createElement>) {
  return renderToStaticMarkup(
    createElement(NextIntlClientProvider, { locale, messages: getMessages(locale), timeZone: 'Europe/Paris', children: node }),
  )
}
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()

describe('AppHeader + LocaleSwitcher', () => {
  it('renders translated navigation in French, marks the current page, no raw keys', () => {
    const html = render('fr', createElement(AppHeader, { userName: 'Claire' }))
    for (const label of ['Temps réel', 'Écrans muraux', 'Rapports', 'Direction', 'Administration', 'Se déconnecter', 'Connecté en tant que Claire'])
      expect(text(html)).toContain(label)
    expect(html).toMatch(/<a aria-current="page"[^>]*href="\/reports"|href="\/reports"[^>]*aria-current="page"/)
    expect(html).toContain('aria-label="Navigation principale"')
    expect(html).toContain('aria-label="Changer de langue"')
    expect(html).toMatch(/<button[^>]*lang="fr"[^>]*aria-pressed="true"/)
    expect(html).toMatch(/<button[^>]*lang="en"[^>]*aria-pressed="false"/)
    expect(findRawKeys(text(html))).toEqual([])
  })

  it('renders English labels and can restrict the entries shown', () => {
    const html = render('en', createElement(AppHeader, { items: ['live', 'reports'], showSignOut: false }))
    expect(text(html)).toContain('Live')
    expect(text(html)).toContain('Reports')
    expect(text(html)).not.toContain('Executive')
    expect(text(html)).not.toContain('Sign out')
    expect(html).toMatch(/<button[^>]*lang="en"[^>]*aria-pressed="true"/)
  })
})

describe('format components', () => {
  it('use the provider locale unless a locale is given', () => {
    expect(render('fr', createElement(KpiValue, { value: 0.125, unit: 'percent' }))).toBe('<span class="tabular-nums">12,5\u00A0%</span>')
    expect(render('fr', createElement(KpiValue, { value: 0.125, unit: 'percent', locale: 'en' }))).toBe('<span class="tabular-nums">12.5%</span>')
    expect(render('en', createElement(FormattedDateTime, { value: '2026-11-22T10:05:00Z' }))).toBe(
      '<time dateTime="2026-11-22T10:05:00.000Z">22/11/2026 11:05</time>',
    )
  })
})

describe('getTranslator (exports, route handlers)', () => {
  it('translates without a request', () => {
    expect(getTranslator('fr', 'kpi')('aht.label')).toBe('Durée moyenne de traitement (DMT)')
    expect(getTranslator('en', 'kpi')('aht.label')).toBe('Average handle time (AHT)')
    expect(getTranslator('fr')('common.dataAge', { seconds: 12 })).toBe('Données vieilles de 12\u00A0s')
    expect(getTranslator('fr', 'common')('rowCount', { count: 1234 })).toBe('1\u202F234 lignes')
    expect(getTranslator('en', 'common')('rowCount', { count: 1 })).toBe('1 row')
  })
})
