'use client'
/**
 * A wall screen: one board (or a playlist rotating boards), polled every 1–2 s, never blank:
 * the last figures stay up with a "data is N s old" banner while the server is unreachable,
 * and everything resumes by itself. Keeps the screen awake where the browser allows it.
 */
import { useQueryClient } from '@tanstack/react-query'
import { useTranslations } from 'next-intl'
import { useEffect, useState } from 'react'
import { useFormat } from '@/components/format'
import type { Snapshot } from '@/lib/live/types'
import { RecoverBoundary, useSelfHealing } from './AutoRecover'
import { BoardGrid, type ClientBoard } from './BoardView'
import { dataAgeSeconds, fetchJson, useNow, useSnapshot } from './polling'
import { StaleBanner } from './StaleBanner'
import { AlertBanner } from '@/components/alerts/AlertBanner'
import { useWakeLock } from './useWakeLock'

export function boardDataUrl(boardId: string, playlistId?: string): string {
  return `/api/boards/${encodeURIComponent(boardId)}${playlistId ? `?playlist=${encodeURIComponent(playlistId)}` : ''}`
}

const THEME_CLASS: Record<ClientBoard['theme'], string> = {
  dark: 'bg-slate-950 text-white',
  'dark-high-contrast': 'bg-black text-white',
}

function Frame({ theme, children, boardId, wake }: { theme: ClientBoard['theme']; children: React.ReactNode; boardId: string; wake: string }) {
  return (
    <div className={`fixed inset-0 flex flex-col overflow-hidden ${THEME_CLASS[theme]}`} data-board={boardId} data-wake-lock={wake}>
      {children}
    </div>
  )
}

function Crashed() {
  const t = useTranslations('wallboard')
  return (
    <div className="fixed inset-0 flex items-center justify-center bg-slate-950 text-[4vh] text-slate-200" data-board-crashed>
      {t('recovering')}
    </div>
  )
}

type PlaylistInfo = { id: string; title: string; position: number; count: number }

/**
 * The whole screen: wake lock, self-healing (crash → reload when the server answers, daily
 * refresh), then one board or a playlist.
 */
export function WallScreen(
  props:
    | { mode: 'board'; board: ClientBoard; initial?: Snapshot | null }
    | { mode: 'playlist'; playlist: { id: string; title: string; entries: { board: string; seconds: number }[] }; boards: Record<string, ClientBoard>; initial?: Snapshot | null },
) {
  const wake = useWakeLock()
  useSelfHealing()
  return (
    <RecoverBoundary fallback={<Crashed />}>
      {props.mode === 'board' ? (
        <LiveBoard board={props.board} initial={props.initial ?? undefined} wake={wake} />
      ) : (
        <PlaylistScreen playlist={props.playlist} boards={props.boards} initial={props.initial} wake={wake} />
      )}
    </RecoverBoundary>
  )
}

function LiveBoard({ board, initial, playlist, wake }: { board: ClientBoard; initial?: Snapshot; playlist?: PlaylistInfo; wake: string }) {
  const t = useTranslations('wallboard')
  const f = useFormat({ timeZone: board.timezone })
  const key = ['board', board.id, playlist?.id ?? null] as const
  const snap = useSnapshot<Snapshot>(key, boardDataUrl(board.id, playlist?.id), board.refreshSeconds * 1000, initial)
  const now = useNow(1000)
  const age = dataAgeSeconds(snap.data, snap.dataUpdatedAt, now)
  // No data at all yet and the server is unreachable: still say so rather than show nothing.
  const ageShown = age ?? (snap.error && now ? Math.floor((now - mountedAt(board.id)) / 1000) : null)

  if (snap.unauthorized) {
    return (
      <Frame theme={board.theme} boardId={board.id} wake={wake}>
        <div className="flex flex-1 flex-col items-center justify-center gap-[3vh] text-center text-[4vh] text-slate-200" data-access-lost>
          <p>{t('accessLost')}</p>
          <a href={`/login?callbackUrl=${encodeURIComponent(`/wallboard/${playlist?.id ?? board.id}`)}`} className="text-[3vh] text-sky-300 underline">
            {t('signIn')}
          </a>
        </div>
      </Frame>
    )
  }

  return (
    <Frame theme={board.theme} boardId={board.id} wake={wake}>
      <StaleBanner ageSeconds={snap.notFound ? null : ageShown} staleAfterSeconds={board.staleAfterSeconds} />
      <header className="flex h-[7vh] shrink-0 items-center justify-between gap-[2vw] border-b border-slate-800 px-[1.5vw] text-[min(3.6vh,2.2vw)]">
        <h1 className="truncate font-bold tracking-tight">{board.title}</h1>
        <div className="flex shrink-0 items-center gap-[2vw] text-slate-300 tabular-nums">
          {playlist ? (
            <span data-playlist-position>
              {t('playlistPosition', { position: f.integer(playlist.position), count: f.integer(playlist.count) })}
            </span>
          ) : null}
          {snap.data ? (
            <span suppressHydrationWarning data-updated>
              {t('updatedAt', { time: f.time(snap.data.generatedAt, { seconds: true }) })}
            </span>
          ) : null}
          <span className="font-semibold text-white" data-clock>
            {now ? f.time(now) : ''}
          </span>
        </div>
      </header>
      {snap.notFound ? null : (
        <AlertBanner url={`/api/boards/${encodeURIComponent(board.id)}/alerts${playlist ? `?playlist=${encodeURIComponent(playlist.id)}` : ''}`} intervalMs={board.refreshSeconds * 1000} sound={board.alertSound} appearance="wall" />
      )}
      {snap.notFound ? (
        <div className="flex flex-1 items-center justify-center text-[4vh] text-slate-300">{t('boardGone')}</div>
      ) : (
        <BoardGrid board={board} snapshot={snap.data} />
      )}
    </Frame>
  )
}

const mounted = new Map<string, number>()
function mountedAt(id: string): number {
  if (!mounted.has(id)) mounted.set(id, Date.now())
  return mounted.get(id)!
}

/** A playlist: shows each board for its time, prefetching the next one so a switch is instant. */
function PlaylistScreen({
  playlist,
  boards,
  initial,
  wake,
}: {
  playlist: { id: string; title: string; entries: { board: string; seconds: number }[] }
  boards: Record<string, ClientBoard>
  initial?: Snapshot | null
  wake: string
}) {
  const [index, setIndex] = useState(0)
  const qc = useQueryClient()
  const entries = playlist.entries
  const entry = entries[index % entries.length]!
  useEffect(() => {
    const next = entries[(index + 1) % entries.length]!
    const prefetch = setTimeout(
      () => {
        void qc.prefetchQuery({
          queryKey: ['board', next.board, playlist.id],
          queryFn: ({ signal }) => fetchJson<Snapshot>(boardDataUrl(next.board, playlist.id), signal, 5000),
          staleTime: 0,
        })
      },
      Math.max(0, entry.seconds * 1000 - 3000),
    )
    const advance = setTimeout(() => setIndex((i) => (i + 1) % entries.length), entry.seconds * 1000)
    return () => {
      clearTimeout(prefetch)
      clearTimeout(advance)
    }
  }, [index, entry.seconds, entries, playlist.id, qc])
  const board = boards[entry.board]!
  return (
    <LiveBoard
      key={`${entry.board}:${index}`}
      board={board}
      initial={index === 0 ? (initial ?? undefined) : undefined}
      wake={wake}
      playlist={{ id: playlist.id, title: playlist.title, position: (index % entries.length) + 1, count: entries.length }}
    />
  )
}
