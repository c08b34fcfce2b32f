'use client'
/**
 * A board laid out to fill the screen exactly: a header strip and a grid whose rows share the
 * remaining height (no scrolling at any resolution); every size inside a tile derives from the
 * tile's box (container units), so 1920×1080 and 3840×2160 show the same layout at 1× and 2×.
 */
import { useTranslations } from 'next-intl'
import { useFormat } from '@/components/format'
import { KpiTile } from '@/components/kpi'
import { STATUS_TEXT_CLASS, StatusIcon } from '@/components/kpi/StatusIcon'
import type { Board, PanelTileSpec, TileSpec } from '@/lib/boards/schema'
import type { KpiResult, Snapshot } from '@/lib/boards/types'

export type ClientBoard = Pick<Board, 'id' | 'columns' | 'tiles' | 'theme' | 'refreshSeconds' | 'staleAfterSeconds' | 'locale'> & { title: string; timezone: string }

export function boardRows(board: Pick<Board, 'columns' | 'tiles'>): number {
  const cells = board.tiles.reduce((n, t) => n + Math.min(t.span, board.columns), 0)
  return Math.max(1, Math.ceil(cells / board.columns))
}

export function BoardGrid({ board, snapshot }: { board: ClientBoard; snapshot: Snapshot | undefined }) {
  const rows = boardRows(board)
  return (
    <div
      className="grid min-h-0 flex-1 gap-[1vh] p-[1vh]"
      style={{ gridTemplateColumns: `repeat(${board.columns}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${rows}, minmax(0, 1fr))` }}
      data-board-grid
    >
      {board.tiles.map((tile, i) => (
        <div key={i} className="flex min-h-0 min-w-0" style={{ gridColumn: `span ${Math.min(tile.span, board.columns)} / span ${Math.min(tile.span, board.columns)}` }}>
          <BoardTile tile={tile} snapshot={snapshot} />
        </div>
      ))}
    </div>
  )
}

function BoardTile({ tile, snapshot }: { tile: TileSpec; snapshot: Snapshot | undefined }) {
  if ('kpi' in tile) {
    return <KpiTile appearance="wall" result={snapshot?.kpis[tile.kpi] ?? placeholder(tile.kpi)} trend={snapshot?.trends[tile.kpi]} className="flex-1" />
  }
  return <Panel tile={tile} snapshot={snapshot} />
}

function placeholder(key: string): KpiResult {
  return { key, value: null, previous: null, change: null, changeIsGood: null, target: null, status: null, unit: 'count' }
}

const PANEL_FRAME = '@container flex min-h-0 min-w-0 flex-1 flex-col overflow-hidden rounded-[1.2cqmin] border-[0.6cqmin] border-slate-700 bg-slate-900 px-[3cqw] py-[3cqh]'

function Panel({ tile, snapshot }: { tile: PanelTileSpec; snapshot: Snapshot | undefined }) {
  const t = useTranslations('wallboard')
  if (tile.panel === 'agents_by_state') return <AgentsPanel snapshot={snapshot} title={t('panels.agents_by_state')} />
  if (tile.panel === 'queues') return <QueuesPanel snapshot={snapshot} rows={tile.rows} title={t('panels.queues')} />
  return <StaffingPanel snapshot={snapshot} rows={tile.rows} title={t('panels.staffing')} />
}

const STATE_KPIS = [
  { key: 'agents_available', tone: 'bg-green-500', text: 'text-green-300' },
  { key: 'agents_on_contact', tone: 'bg-sky-500', text: 'text-sky-300' },
  { key: 'agents_wrap_up', tone: 'bg-violet-500', text: 'text-violet-300' },
  { key: 'agents_not_ready', tone: 'bg-amber-500', text: 'text-amber-300' },
] as const

function AgentsPanel({ snapshot, title }: { snapshot: Snapshot | undefined; title: string }) {
  const t = useTranslations('wallboard')
  const f = useFormat()
  const values = STATE_KPIS.map((s) => ({ ...s, v: snapshot?.kpis[s.key]?.value ?? null }))
  const total = values.reduce((n, s) => n + (s.v ?? 0), 0)
  return (
    <section className={PANEL_FRAME} data-board-tile="agents_by_state" aria-label={title}>
      <h2 className="truncate text-[clamp(14px,min(11cqh,5cqw),200px)] leading-tight font-semibold text-slate-200">{title}</h2>
      <div className="mt-[2cqh] flex h-[8cqh] w-full shrink-0 overflow-hidden rounded-[1cqmin] bg-slate-800" aria-hidden>
        {values.map((s) => (total > 0 && s.v ? <div key={s.key} className={s.tone} style={{ width: `${(100 * s.v) / total}%` }} /> : null))}
      </div>
      <dl className="mt-[3cqh] grid min-h-0 flex-1 grid-cols-4 gap-[2cqw]">
        {values.map((s) => (
          <div key={s.key} className="flex min-w-0 flex-col justify-center" data-agent-state={s.key}>
            <dt className="flex items-center gap-[1cqw] truncate text-[clamp(12px,min(8cqh,3.2cqw),140px)] text-slate-300">
              <span className={`inline-block size-[0.8em] shrink-0 rounded-sm ${s.tone}`} aria-hidden />
              <span className="truncate">{t(`agentStates.${s.key}`)}</span>
            </dt>
            <dd className={`truncate text-[clamp(20px,min(32cqh,11cqw),700px)] leading-none font-bold tabular-nums ${s.text}`}>{f.integer(s.v)}</dd>
          </div>
        ))}
      </dl>
    </section>
  )
}

function KpiCell({ r, className }: { r: KpiResult | undefined; className?: string }) {
  const f = useFormat()
  const st = r?.status ?? 'none'
  return (
    <span className={`flex items-center justify-end gap-[0.3em] tabular-nums ${st === 'none' ? 'text-white' : STATUS_TEXT_CLASS[st].dark} ${className ?? ''}`}>
      {r?.status ? <StatusIcon status={r.status} className="size-[0.8em] shrink-0" /> : null}
      {f.kpi(r?.value ?? null, r?.unit ?? 'count')}
    </span>
  )
}

function QueuesPanel({ snapshot, rows, title }: { snapshot: Snapshot | undefined; rows: number; title: string }) {
  const t = useTranslations('wallboard')
  const list = [...(snapshot?.queues ?? [])]
    .sort((a, b) => (b.kpis.waiting_now?.value ?? 0) - (a.kpis.waiting_now?.value ?? 0) || (b.kpis.offered?.value ?? 0) - (a.kpis.offered?.value ?? 0))
    .slice(0, rows)
  const fontCqh = Math.min(9, 70 / (rows + 1.6))
  return (
    <section className={PANEL_FRAME} data-board-tile="queues" aria-label={title}>
      <table className="w-full min-h-0 table-fixed border-collapse text-slate-200" style={{ fontSize: `clamp(12px, min(${fontCqh}cqh, 4.2cqw), 160px)` }}>
        <caption className="truncate pb-[1cqh] text-left font-semibold">{title}</caption>
        <thead>
          <tr className="text-left text-[0.75em] text-slate-400">
            <th className="w-[46%] truncate font-medium">{t('columns.queue')}</th>
            <th className="truncate text-right font-medium">{t('columns.waiting')}</th>
            <th className="truncate text-right font-medium">{t('columns.longestWait')}</th>
            <th className="truncate text-right font-medium">{t('columns.serviceLevel')}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((q) => (
            <tr key={`${q.centerId}/${q.queueId}`} className="border-t border-slate-800" data-queue-row={q.queueId}>
              <td className="truncate py-[0.15em]">{q.queueName}</td>
              <td><KpiCell r={q.kpis.waiting_now} /></td>
              <td><KpiCell r={q.kpis.longest_wait_now} /></td>
              <td><KpiCell r={q.kpis.service_level} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

function StaffingPanel({ snapshot, rows, title }: { snapshot: Snapshot | undefined; rows: number; title: string }) {
  const t = useTranslations('wallboard')
  const f = useFormat()
  const list = [...(snapshot?.staffing ?? [])]
    .sort((a, b) => (b.needed.value ?? 0) - (b.staffed.value ?? 0) - ((a.needed.value ?? 0) - (a.staffed.value ?? 0)))
    .slice(0, rows)
  const fontCqh = Math.min(9, 70 / (rows + 1.6))
  return (
    <section className={PANEL_FRAME} data-board-tile="staffing" aria-label={title}>
      <table className="w-full table-fixed border-collapse text-slate-200" style={{ fontSize: `clamp(12px, min(${fontCqh}cqh, 4.2cqw), 160px)` }}>
        <caption className="truncate pb-[1cqh] text-left font-semibold">{title}</caption>
        <thead>
          <tr className="text-left text-[0.75em] text-slate-400">
            <th className="w-[46%] truncate font-medium">{t('columns.queue')}</th>
            <th className="truncate text-right font-medium">{t('columns.needed')}</th>
            <th className="truncate text-right font-medium">{t('columns.staffed')}</th>
            <th className="truncate text-right font-medium">{t('columns.gap')}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((s) => {
            const gap = s.staffed.value !== null && s.needed.value !== null ? s.staffed.value - s.needed.value : null
            const st = gap === null ? null : gap >= 0 ? 'good' : gap >= -1 ? 'warn' : 'bad'
            return (
              <tr key={`${s.centerId}/${s.queueId}`} className="border-t border-slate-800" data-staffing-row={s.queueId}>
                <td className="truncate py-[0.15em]">{s.queueName}</td>
                <td className="text-right tabular-nums">{f.integer(s.needed.value)}</td>
                <td className="text-right tabular-nums">{f.integer(s.staffed.value)}</td>
                <td>
                  <span className={`flex items-center justify-end gap-[0.3em] tabular-nums ${STATUS_TEXT_CLASS[st ?? 'none'].dark}`}>
                    {st ? <StatusIcon status={st} className="size-[0.8em] shrink-0" /> : null}
                    {gap === null ? f.integer(null) : f.number(gap, { signDisplay: 'exceptZero', maximumFractionDigits: 0 })}
                  </span>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </section>
  )
}
