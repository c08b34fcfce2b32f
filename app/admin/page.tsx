import Link from 'next/link'
import { getTranslations } from 'next-intl/server'
import { requirePage } from '@/lib/auth/guard'
import { authMode } from '@/lib/auth/config'
import { ConnectorSources } from '@/components/admin/ConnectorSources'

export const dynamic = 'force-dynamic'

export async function generateMetadata() {
  const t = await getTranslations('admin')
  return { title: t('title') }
}

/** /admin — admin only. */
export default async function AdminHome() {
  const who = await requirePage('admin')
  const t = await getTranslations('admin')
  return (
    <main className="mx-auto max-w-4xl p-8" id="main">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      {who.kind === 'user' ? <p className="mt-1 text-sm text-slate-600">{t('signedInAs', { name: who.name })}</p> : null}
      {authMode() === 'off' && (
        <p className="mt-4 rounded bg-amber-100 p-3 text-sm text-amber-900" role="alert">
          {t('authOff')}
        </p>
      )}
      <ul className="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <AdminCard href="/admin/users" title={t('users')} text={t('cards.users')} />
        <AdminCard href="/admin/api-keys" title={t('apiKeys')} text={t('cards.apiKeys')} />
        <AdminCard href="/admin/display-links" title={t('displayLinks')} text={t('cards.displayLinks')} />
        <AdminCard href="/admin/dead-letters" title={t('deadLetters.title')} text={t('cards.deadLetters')} />
        <AdminCard href="/admin/alerts" title={t('alertRules')} text={t('cards.alertRules')} />
      </ul>
      <ConnectorSources />
    </main>
  )
}

function AdminCard({ href, title, text }: { href: string; title: string; text: string }) {
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <Link href={href} className="font-medium text-sky-700 underline">
        {title}
      </Link>
      <p className="mt-1 text-sm text-slate-600">{text}</p>
    </li>
  )
}
