import { requirePage } from '@/lib/auth/guard'
import { publicDisplayLink, readDisplayLinks } from '@/lib/auth/display-links'
import { DisplayLinksAdmin } from './DisplayLinksAdmin'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Display links' }

export default async function DisplayLinksPage() {
  await requirePage('admin')
  return (
    <main className="mx-auto max-w-5xl p-8">
      <h1 className="text-2xl font-semibold">Display links</h1>
      <p className="mt-1 text-sm text-slate-600">
        A display link shows one board on a wall screen without sign-in, read-only. Revoking it blanks that screen at its next refresh.
      </p>
      <DisplayLinksAdmin initial={readDisplayLinks().map(publicDisplayLink)} />
    </main>
  )
}
