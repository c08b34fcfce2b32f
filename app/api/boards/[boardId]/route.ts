import { boundedJson } from '@/lib/responseLimits'
import { boardDenied, canSeeBoard, jsonError, scopeCenters, withAuth } from '@/lib/auth/guard'
import { getBoard, getPlaylist } from '@/lib/boards/load'
import { getBoardSnapshot } from '@/lib/live/board-snapshot'
import { snapshotResponse } from '@/lib/live/response'

export const dynamic = 'force-dynamic'

/**
 * GET /api/boards/<boardId>[?playlist=<playlistId>] — a board's figures for a wall screen.
 * Access: `boards` + this board (a display link sees only its board; a link to a playlist sees
 * the boards of that playlist when it says so with ?playlist=). Centers: the board's, within the
 * viewer's. The server computes each distinct board once per tick however many screens poll it;
 * if that fails, the last good figures come back with `stale: true`.
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
  const allowed = scopeCenters(who, board.centers === '*' ? null : board.centers)
  try {
    const { snapshot, stale } = await getBoardSnapshot(board, allowed)
    return snapshotResponse(snapshot, stale)
  } catch (e) {
    console.error(`[plateau] /api/boards/${boardId} failed`, e)
    return boundedJson({ error: 'unavailable', message: 'figures temporarily unavailable' }, { status: 503, headers: { 'retry-after': '1' } })
  }
})
