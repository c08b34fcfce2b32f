import type { Metadata, Viewport } from 'next'
import { notFound } from 'next/navigation'
import { WallScreen } from '@/components/wallboard/BoardScreen'
import { requireBoardPage, scopeCenters } from '@/lib/auth/guard'
import { clientBoard, type ClientBoardData } from '@/lib/boards/client-board'
import { getBoard, getPlaylist } from '@/lib/boards/load'
import { titleIn } from '@/lib/boards/schema'
import { getBoardSnapshot } from '@/lib/live/board-snapshot'
import type { Snapshot } from '@/lib/live/types'
import { LocaleScope } from '@/lib/i18n/LocaleScope'

export const dynamic = 'force-dynamic'

export const viewport: Viewport = { themeColor: '#020617', colorScheme: 'dark' }

type Params = { params: Promise<{ boardId: string }> }

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { boardId } = await params
  const b = getBoard(boardId) ?? getPlaylist(boardId)
  if (!b) return { title: 'Plateau' }
  const locale = b.kind === 'board' ? b.locale : (b.locale ?? getBoard(b.entries[0]!.board)?.locale ?? 'fr')
  return { title: `${titleIn(b.title, locale)} — Plateau`, robots: { index: false } }
}

/**
 * /wallboard/<id> — a wall screen: a board, or a playlist rotating boards. Board definitions
 * come from config/boards.yaml on the server; the board's language applies whatever the
 * screen's browser says. Display links (/display/<token>) land here with a display principal.
 */
export default async function BoardPage({ params }: Params) {
  const { boardId } = await params
  const who = await requireBoardPage(boardId)
  const board = getBoard(boardId)
  const playlist = board ? null : getPlaylist(boardId)
  if (!board && !playlist) notFound()

  const firstBoard = board ?? getBoard(playlist!.entries[0]!.board)!
  const locale = board ? board.locale : (playlist!.locale ?? firstBoard.locale)
  let initial: Snapshot | null = null
  try {
    const { snapshot } = await getBoardSnapshot(firstBoard, scopeCenters(who, firstBoard.centers === '*' ? null : firstBoard.centers))
    initial = { ...snapshot, servedAt: Date.now() }
  } catch (e) {
    console.error(`[plateau] /wallboard/${boardId}: first figures unavailable, the screen will poll`, e)
  }

  let content
  if (board) {
    content = <WallScreen mode="board" board={clientBoard(board)} initial={initial} />
  } else {
    const boards: Record<string, ClientBoardData> = {}
    for (const e of playlist!.entries) {
      const b = getBoard(e.board)
      if (b) boards[b.id] = clientBoard(b, locale)
    }
    const entries = playlist!.entries.filter((e) => boards[e.board])
    content = <WallScreen mode="playlist" playlist={{ id: playlist!.id, title: titleIn(playlist!.title, locale), entries }} boards={boards} initial={initial} />
  }
  return (
    <LocaleScope locale={locale} timeZone={clientBoard(firstBoard).timezone}>
      {content}
    </LocaleScope>
  )
}
