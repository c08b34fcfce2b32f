import type { Metadata } from 'next'
import { getTranslations } from 'next-intl/server'
import { RevocableSecretsAdmin } from '@/components/admin/RevocableSecretsAdmin'
import { requirePage } from '@/lib/auth/guard'
import { eventsLimits, publicApiKey, readApiKeys } from '@/lib/auth/api-keys'

export const dynamic = 'force-dynamic'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('admin.secrets'))('apiKeys.title') }
}

export default async function ApiKeysPage() {
  await requirePage('admin')
  const t = await getTranslations('admin.secrets')
  const lim = eventsLimits()
  const envKeys = (process.env.PLATEAU_API_KEYS || '').split(',').filter((s) => s.trim()).length
  return (
    <main className="mx-auto max-w-5xl p-8">
      <h1 className="text-2xl font-semibold">{t('apiKeys.title')}</h1>
      <p className="mt-1 text-sm text-slate-600">
        {t('apiKeys.intro', { rate: lim.ratePerSec, burst: lim.burst, kib: Math.round(lim.maxBytes / 1024), envKeys })}
      </p>
      <RevocableSecretsAdmin kind="apiKeys" initial={readApiKeys().map(publicApiKey)} />
    </main>
  )
}
