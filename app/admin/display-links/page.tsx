import type { Metadata } from 'next'
import { getTranslations } from 'next-intl/server'
import { RevocableSecretsAdmin } from '@/components/admin/RevocableSecretsAdmin'
import { requirePage } from '@/lib/auth/guard'
import { publicDisplayLink, readDisplayLinks } from '@/lib/auth/display-links'
import { getBoards } from '@/lib/boards/load'

export const dynamic = 'force-dynamic'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('admin.secrets'))('displayLinks.title') }
}

export default async function DisplayLinksPage() {
  await requirePage('admin')
  const t = await getTranslations('admin.secrets')
  return (
    <main className="mx-auto max-w-5xl p-8">
      <h1 className="text-2xl font-semibold">{t('displayLinks.title')}</h1>
      <p className="mt-1 text-sm text-slate-600">{t('displayLinks.intro')}</p>
      <RevocableSecretsAdmin kind="displayLinks" initial={readDisplayLinks().map(publicDisplayLink)} boards={[...getBoards().boards.keys()]} />
    </main>
  )
}
