import { boundedJson } from '@/lib/responseLimits'
import { can, canSeeBoard, effectiveCenters, withAuth } from '@/lib/auth/guard'
import { boardsProblem, getBoards } from '@/lib/boards/load'
import { titleIn } from '@/lib/boards/schema'
import { LOCALE_COOKIE, resolveLocale } from '@/lib/i18n/config'

export const dynamic = 'force-dynamic'

/**
 * GET /api/boards — the boards and playlists the caller may open (a display link: only its
 * own). Admins also get `problem` when the last edit of config/boards.yaml was invalid (the
 * previous configuration stays in force).
 */
export const GET = withAuth('boards', async (req, _ctx, who) => {
  const cfg = getBoards()
  const cookie = (req.headers.get('cookie') ?? '')
    .split(';')
    .map((c) => c.trim().split('='))
    .find(([k]) => k === LOCALE_COOKIE)?.[1]
  const locale = resolveLocale({ cookie, acceptLanguage: req.headers.get('accept-language') })
  // A caller scoped to some centers sees only those of each board's center ids (never other centers' ids).
  const scope = effectiveCenters(who)
  const visibleCenters = (ids: '*' | string[]) => (ids === '*' || scope === '*' ? ids : ids.filter((c) => scope.includes(c)))
  const boards = [...cfg.boards.values()]
    .filter((b) => canSeeBoard(who, b.id))
    .map((b) => ({ id: b.id, title: titleIn(b.title, locale), centers: visibleCenters(b.centers), locale: b.locale, tiles: b.tiles.length, refreshSeconds: b.refreshSeconds }))
  const playlists = [...cfg.playlists.values()]
    .filter((p) => canSeeBoard(who, p.id))
    .map((p) => ({ id: p.id, title: titleIn(p.title, locale), entries: p.entries }))
  return boundedJson({ boards, playlists, ...(can(who, 'admin') ? { problem: boardsProblem() } : {}) })
})
