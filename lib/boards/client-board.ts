/**
 * What a screen needs to know about a board, resolved on the server (title in the screen's
 * language, time zone): the browser never reads board definitions from anywhere else.
 */
import 'server-only'
import { getConfig } from '../config'
import { titleIn, type Board } from './schema'

export type ClientBoardData = {
  id: string
  title: string
  timezone: string
  columns: number
  tiles: Board['tiles']
  theme: Board['theme']
  refreshSeconds: Board['refreshSeconds']
  staleAfterSeconds: number
  locale: Board['locale']
  alertSound: boolean
}

export function boardTimezone(board: Board): string {
  if (board.timezone) return board.timezone
  const cfg = getConfig()
  const first = board.centers === '*' ? null : board.centers[0]
  return first ? cfg.center(first).timezone : cfg.raw.defaults.timezone
}

export function clientBoard(board: Board, locale: Board['locale'] = board.locale): ClientBoardData {
  return {
    id: board.id,
    title: titleIn(board.title, locale),
    timezone: boardTimezone(board),
    columns: board.columns,
    tiles: board.tiles,
    theme: board.theme,
    refreshSeconds: board.refreshSeconds,
    staleAfterSeconds: board.staleAfterSeconds,
    locale,
    alertSound: board.alertSound,
  }
}
