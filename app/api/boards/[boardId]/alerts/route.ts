import { boardDenied, canSeeBoard, jsonError, scopeCenters, withAuth } from '@/lib/auth/guard'
import { getBoard, getPlaylist } from '@/lib/boards/load'
import { boundedJson } from '@/lib/responseLimits'
import { localeOf, visibleAlerts } from '@/lib/alerts/visible'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/**
 * GET /api/boards/<boardId>/alerts[?playlist=<id>&locale=fr] — the alerts firing in the board's centers
 * (within the viewer's), in the screen's language (default the board's), for the wall-screen banner. Same access as
 * the board's figures (/api/boards/<boardId>).
 */
export const GET = withAuth('boards', async (req, ctx: { params: Promise<{ boardId: string }> }, who) => {
  const { boardId } = await ctx.params
  const playlistId = new URL(req.url).searchParams.get('playlist')
  const viaPlaylist = playlistId ? getPlaylist(playlistId) : null
  const allowedViaPlaylist = !!viaPlaylist && viaPlaylist.entries.some((e) => e.board === boardId) && canSeeBoard(who, viaPlaylist.id)
  if (!allowedViaPlaylist) {
    const denied = boardDenied(who, boardId)
    if (denied) return denied
  }
  const board = getBoard(boardId)
  if (!board) return jsonError(404, 'not_found', `no board ${boardId} in the boards configuration`)
  return boundedJson(visibleAlerts(scopeCenters(who, board.centers === '*' ? null : board.centers), localeOf(req, board.locale)))
})
