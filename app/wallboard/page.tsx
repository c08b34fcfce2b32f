import type { Metadata } from 'next'
import Link from 'next/link'
import { getLocale, getTranslations } from 'next-intl/server'
import { AppHeader } from '@/components/AppHeader'
import { navItemsFor } from '@/components/live/navItems'
import { can, canSeeBoard, requirePage } from '@/lib/auth/guard'
import { boardsProblem, getBoards } from '@/lib/boards/load'
import { titleIn } from '@/lib/boards/schema'
import { getConfig } from '@/lib/config'
import { createFormat } from '@/lib/i18n/format'

export const dynamic = 'force-dynamic'

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('wallboard')
  return { title: t('title') }
}

/** /wallboard — the boards and playlists defined on the server (config/boards.yaml). */
export default async function WallboardIndex() {
  const who = await requirePage('boards')
  const t = await getTranslations('wallboard')
  const tc = await getTranslations('common')
  const locale = await getLocale()
  const f = createFormat(locale)
  const cfg = getBoards()
  const boards = [...cfg.boards.values()].filter((b) => canSeeBoard(who, b.id))
  const playlists = [...cfg.playlists.values()].filter((p) => canSeeBoard(who, p.id))
  const problem = can(who, 'admin') ? boardsProblem() : null
  return (
    <>
      <AppHeader items={navItemsFor(who)} userName={who.kind === 'user' ? who.name : undefined} />
      <main className="mx-auto max-w-5xl space-y-8 px-6 py-6">
        <div>
          <h1 className="text-2xl font-semibold text-ink">{t('title')}</h1>
          <p className="mt-1 text-sm text-slate-600">{t('intro')}</p>
        </div>
        {problem ? (
          <pre role="alert" className="overflow-x-auto rounded-md bg-amber-100 p-3 text-xs whitespace-pre-wrap text-amber-950">
            {t('configProblem')}
            {'\n'}
            {problem}
          </pre>
        ) : null}
        <section>
          <h2 className="text-lg font-semibold text-ink">{t('boards')}</h2>
          {boards.length === 0 ? <p className="mt-2 text-sm text-slate-500">{tc('noData')}</p> : null}
          <ul className="mt-3 grid gap-3 sm:grid-cols-2">
            {boards.map((b) => (
              <li key={b.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
                <Link href={`/wallboard/${b.id}`} className="font-medium text-sky-700 underline" data-board-link={b.id}>
                  {titleIn(b.title, locale)}
                </Link>
                <p className="mt-1 text-sm text-slate-600">
                  {t('boardSummary', {
                    tiles: f.integer(b.tiles.length),
                    centers: b.centers === '*' ? tc('allCenters') : b.centers.map((c) => getCenterName(c)).join(', '),
                    seconds: f.integer(b.refreshSeconds),
                  })}
                </p>
              </li>
            ))}
          </ul>
        </section>
        <section>
          <h2 className="text-lg font-semibold text-ink">{t('playlists')}</h2>
          {playlists.length === 0 ? <p className="mt-2 text-sm text-slate-500">{tc('noData')}</p> : null}
          <ul className="mt-3 grid gap-3 sm:grid-cols-2">
            {playlists.map((p) => (
              <li key={p.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
                <Link href={`/wallboard/${p.id}`} className="font-medium text-sky-700 underline">
                  {titleIn(p.title, locale)}
                </Link>
                <p className="mt-1 text-sm text-slate-600">
                  {p.entries
                    .map((e) => t('playlistEntry', { board: titleIn(cfg.boards.get(e.board)?.title ?? e.board, locale), seconds: f.integer(e.seconds) }))
                    .join(' → ')}
                </p>
              </li>
            ))}
          </ul>
        </section>
        <p className="text-sm text-slate-500">{t('displayLinksHint')}</p>
      </main>
    </>
  )
}

function getCenterName(id: string): string {
  return getConfig().center(id).name
}
