'use client'
/**
 * A board laid out to fill the screen exactly: a header strip and a grid whose rows share the
 * remaining height (no scrolling at any resolution); every size inside a tile derives from the
 * tile's box (container units), so 1920×1080 and 3840×2160 show the same layout at 1× and 2×.
 */
import { peakRow } from '@/lib/forecast/ahead-view'
import { useTranslations } from 'next-intl'
import type React from 'react'
import { useFormat } from '@/components/format'
import { KpiTile, useKpiTitle } from '@/components/kpi'
import { ChannelIcon, useChannelName } from '@/components/kpi/ChannelIcon'
import { STATUS_TEXT_CLASS, StatusIcon } from '@/components/kpi/StatusIcon'
import { channelTrendKey } from '@/lib/live/channel-tiles'
import { EmailBacklogTile } from '@/components/live/EmailBacklogTile'
import { AgentName } from '@/components/agents/AgentName'
import { agentAlert, byTimeInState } from '@/lib/agents/directory'
import type { Board, KpiTileSpec, PanelTileSpec, TileSpec } from '@/lib/boards/schema'
import type { KpiResult, Snapshot } from '@/lib/live/types'
import type { KpiKey } from '@/lib/kpi/definitions'

export type ClientBoard = Pick<Board, 'id' | 'columns' | 'tiles' | 'theme' | 'refreshSeconds' | 'staleAfterSeconds' | 'locale' | 'alertSound'> & { title: string; timezone: string }

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
        <div
          key={i}
          className="flex min-h-0 min-w-0"
          style={{ gridColumn: `span ${Math.min(tile.span, board.columns)} / span ${Math.min(tile.span, board.columns)}` }}
          data-tile-channel={'kpi' in tile && tile.channel ? tile.channel : undefined}
        >
          <BoardTile tile={tile} snapshot={snapshot} />
        </div>
      ))}
    </div>
  )
}

function BoardTile({ tile, snapshot }: { tile: TileSpec; snapshot: Snapshot | undefined }) {
  if ('kpi' in tile) {
    if (tile.channel) return <ChannelTile tile={tile as KpiTileSpec & { channel: string }} snapshot={snapshot} />
    return <KpiTile appearance="wall" result={snapshot?.kpis[tile.kpi] ?? placeholder(tile.kpi)} trend={snapshot?.trends[tile.kpi]} compare="lastWeek" className="flex-1" />
  }
  return <Panel tile={tile} snapshot={snapshot} />
}

/** `{ kpi, channel }`: that channel's figure against its own target; the channel (pictogram and name) under the title. */
function ChannelTile({ tile, snapshot }: { tile: KpiTileSpec & { channel: string }; snapshot: Snapshot | undefined }) {
  const kpiTitle = useKpiTitle(tile.kpi)
  const channelName = useChannelName()
  const result = snapshot?.channels?.find((c) => c.channel === tile.channel)?.kpis[tile.kpi]
  return (
    <KpiTile
      appearance="wall"
      result={result ?? placeholder(tile.kpi)}
      trend={snapshot?.trends[channelTrendKey(tile.channel, tile.kpi)]}
      title={kpiTitle}
      subtitle={
        <>
          <ChannelIcon channel={tile.channel} className="size-[1.1em] shrink-0" />
          <span className="truncate">{channelName(tile.channel)}</span>
        </>
      }
      className="flex-1"
    />
  )
}

function placeholder(key: KpiKey): KpiResult {
  return { key, value: null, previous: null, change: null, changeIsGood: null, target: null, status: null, unit: 'count' }
}

/** A size container (lengths inside are shares of the panel's box) with an inner padded column. */
const PANEL_FRAME = 'relative min-h-0 min-w-0 flex-1 overflow-hidden rounded-[1vh] border-[0.4vh] border-slate-700 bg-slate-900 [container-type:size]'
const PANEL_INNER = 'absolute inset-0 flex flex-col px-[4cqw] pt-[4cqh] pb-[3cqh]'

function Panel({ tile, snapshot }: { tile: PanelTileSpec; snapshot: Snapshot | undefined }) {
  const t = useTranslations('wallboard')
  if (tile.panel === 'agents_by_state') return <AgentsPanel snapshot={snapshot} title={t('panels.agents_by_state')} wide={tile.span >= 2} />
  if (tile.panel === 'queues') return <QueuesPanel snapshot={snapshot} rows={tile.rows} title={t('panels.queues')} />
  if (tile.panel === 'staffing_ahead') return <AheadPanel snapshot={snapshot} rows={tile.rows} title={t('panels.staffing_ahead')} />
  if (tile.panel === 'compliance') return <CompliancePanel snapshot={snapshot} title={t('panels.compliance')} />
  if (tile.panel === 'agents') return <AgentListPanel snapshot={snapshot} rows={tile.rows} title={t('panels.agents')} />
  if (tile.panel === 'email_backlog')
    return snapshot?.emailBacklog ? (
      <EmailBacklogTile backlog={snapshot.emailBacklog} appearance="wall" className="flex-1" />
    ) : (
      <section className={PANEL_FRAME} data-board-tile="email_backlog" aria-label={t('panels.email_backlog')}>
        <div className={PANEL_INNER}>
          <h2 className="truncate text-[clamp(12px,min(12cqh,5cqw),220px)] font-semibold text-slate-200">{t('panels.email_backlog')}</h2>
          <p className="mt-[3cqh] text-[clamp(12px,min(20cqh,8cqw),400px)] font-bold text-slate-400">—</p>
        </div>
      </section>
    )
  return <StaffingPanel snapshot={snapshot} rows={tile.rows} title={t('panels.staffing')} />
}

/** Per queue: the busiest interval of the next 4 hours (agents needed) vs staffed now; no forecast → why, never 0. */
function AheadPanel({ snapshot, rows, title }: { snapshot: Snapshot | undefined; rows: number; title: string }) {
  const t = useTranslations('wallboard')
  const f = useFormat()
  const list = (snapshot?.ahead ?? [])
    .flatMap((c) => c.queues.map((q) => ({ q, peak: peakRow(q), tz: c.timezone })))
    .sort((a, b) => (a.peak?.gap ?? Infinity) - (b.peak?.gap ?? Infinity))
    .slice(0, rows)
  return (
    <WallTable
      title={title}
      tile="staffing_ahead"
      rows={rows}
      headers={[t('columns.queue'), t('ahead.peak'), t('columns.staffed'), t('columns.gap')]}
      body={list.map(({ q, peak, tz }) => (
        <tr key={`${q.centerId}/${q.queueId}`} className="border-t border-slate-800" data-ahead-row={q.queueId} data-ahead-status={q.status}>
          <td className="truncate py-[0.12em] pr-[0.3em]">{q.queueName}</td>
          {q.status !== 'ok' ? (
            <td colSpan={3} className="truncate text-right text-slate-400">
              {q.status === 'insufficient_history' ? t('ahead.insufficient') : t('ahead.closed')}
            </td>
          ) : (
            <>
              <td className="text-right tabular-nums">
                {f.integer(peak?.needed ?? null)}
                {peak ? <span className="ml-[0.3em] text-[0.6em] text-slate-400">{f.time(peak.start, { timeZone: tz })}</span> : null}
              </td>
              <td className="text-right tabular-nums">{f.number(peak?.staffedNow ?? null, { maximumFractionDigits: 1 })}</td>
              <td className={`text-right tabular-nums ${peak?.gap != null && peak.gap < 0 ? 'text-red-300' : ''}`}>
                {peak?.gap == null ? f.integer(null) : f.number(peak.gap, { signDisplay: 'exceptZero', maximumFractionDigits: 1 })}
              </td>
            </>
          )}
        </tr>
      ))}
    />
  )
}

/** Outbound compliance today: calls outside allowed hours, consumers over the cap, worst campaign's abandon rate vs cap. */
function CompliancePanel({ snapshot, title }: { snapshot: Snapshot | undefined; title: string }) {
  const t = useTranslations('wallboard')
  const f = useFormat()
  const c = snapshot?.compliance
  const figures = c
    ? [
        { key: 'outsideHours', value: f.integer(c.outsideHours), bad: c.outsideHours > 0, sub: null },
        {
          key: 'overCap',
          value: c.hasAttemptCap ? f.integer(c.overCapConsumers) : f.integer(null),
          bad: (c.overCapConsumers ?? 0) > 0,
          sub: c.hasAttemptCap && c.withoutCustomerId > 0 ? t('compliance.withoutCustomerId', { count: c.withoutCustomerId }) : null,
        },
        {
          key: 'abandon',
          value: c.hasAbandonedCap && c.abandon ? f.percent(c.abandon.rate, { maximumFractionDigits: 1 }) : f.percent(null),
          bad: !!c.abandon?.over,
          sub: c.abandon ? t('compliance.cap', { cap: f.percent(c.abandon.cap, { maximumFractionDigits: 1 }) }) : null,
        },
      ]
    : []
  return (
    <section className={PANEL_FRAME} data-board-tile="compliance" aria-label={title}>
      <div className={PANEL_INNER}>
        <h2 className="shrink-0 truncate text-[clamp(12px,min(12cqh,5cqw),220px)] leading-tight font-semibold text-slate-200">{title}</h2>
        {c && c.centers.length === 0 ? (
          <p className="mt-[3cqh] text-[clamp(10px,min(8cqh,4cqw),120px)] text-slate-400">{t('compliance.notConfigured')}</p>
        ) : (
          <dl className="mt-[3cqh] grid min-h-0 flex-1 grid-cols-3 gap-x-[3cqw]">
            {figures.map((x) => (
              <div key={x.key} className="flex min-h-0 min-w-0 flex-col justify-center overflow-hidden" data-compliance={x.key}>
                <dt className="line-clamp-2 text-[clamp(10px,min(7cqh,2.6cqw),150px)] leading-tight text-slate-300">{t(`compliance.${x.key as 'outsideHours' | 'overCap' | 'abandon'}`)}</dt>
                <dd className={`truncate leading-none font-bold tabular-nums text-[clamp(18px,min(26cqh,9cqw),800px)] ${x.bad ? 'text-red-300' : 'text-white'}`}>{x.value}</dd>
                {x.sub ? <dd className="truncate text-[clamp(10px,min(6cqh,2.4cqw),120px)] text-slate-400">{x.sub}</dd> : null}
              </div>
            ))}
          </dl>
        )}
      </div>
    </section>
  )
}

const STATE_TEXT: Record<string, string> = {
  available: 'text-green-300',
  on_contact: 'text-sky-300',
  wrap_up: 'text-violet-300',
  break: 'text-amber-300',
  training: 'text-amber-300',
  meeting: 'text-amber-300',
  offline: 'text-slate-400',
}

/** Agents longest in their state first: name (id on hover), state, time in state; long after-call work / break in red with the words. */
function AgentListPanel({ snapshot, rows, title }: { snapshot: Snapshot | undefined; rows: number; title: string }) {
  const t = useTranslations('wallboard')
  const tc = useTranslations('common')
  const f = useFormat()
  const list = byTimeInState((snapshot?.agents ?? []).filter((a) => a.state !== null && a.state !== 'offline')).slice(0, rows)
  return (
    <WallTable
      title={title}
      tile="agents"
      rows={rows}
      headers={[tc('agent'), tc('state'), tc('timeInState')]}
      body={list.map((a) => {
        const alert = agentAlert(a.state, a.reason, a.timeInStateS, snapshot?.agentThresholds?.[a.centerId])
        return (
          <tr key={`${a.centerId}/${a.agentId}`} className={`border-t border-slate-800 ${alert ? 'bg-red-950' : ''}`} data-agent-row={a.agentId} data-agent-alert={alert ?? undefined}>
            <td className="truncate py-[0.12em] pr-[0.3em]">
              <AgentName agentId={a.agentId} name={a.name} team={a.team} site={a.site} inDirectory={a.inDirectory} markClassName="ml-[0.3em] text-[0.7em] italic text-slate-400" />
            </td>
            <td className={`truncate text-right ${STATE_TEXT[a.state ?? ''] ?? ''}`}>{a.state ? tc(`agentStates.${a.state}`) : tc('unknown')}</td>
            <td className={`truncate text-right tabular-nums ${alert ? 'font-bold text-red-300' : ''}`}>
              {f.duration(a.timeInStateS)}
              {alert ? <span className="ml-[0.3em] text-[0.6em]">{t(`agentAlerts.${alert}`)}</span> : null}
            </td>
          </tr>
        )
      })}
    />
  )
}

const STATE_KPIS = [
  { key: 'agents_available', tone: 'bg-green-500', text: 'text-green-300' },
  { key: 'agents_on_contact', tone: 'bg-sky-500', text: 'text-sky-300' },
  { key: 'agents_wrap_up', tone: 'bg-violet-500', text: 'text-violet-300' },
  { key: 'agents_not_ready', tone: 'bg-amber-500', text: 'text-amber-300' },
] as const

function AgentsPanel({ snapshot, title, wide }: { snapshot: Snapshot | undefined; title: string; wide: boolean }) {
  const t = useTranslations('wallboard')
  const f = useFormat()
  const values = STATE_KPIS.map((s) => ({ ...s, v: snapshot?.kpis[s.key]?.value ?? null }))
  const total = values.reduce((n, s) => n + (s.v ?? 0), 0)
  return (
    <section className={PANEL_FRAME} data-board-tile="agents_by_state" aria-label={title}>
      <div className={PANEL_INNER}>
        <h2 className="shrink-0 truncate text-[clamp(12px,min(12cqh,5cqw),220px)] leading-tight font-semibold text-slate-200">{title}</h2>
        <div className="mt-[3cqh] flex h-[7cqh] w-full shrink-0 overflow-hidden rounded-md bg-slate-800" aria-hidden>
          {values.map((s) => (total > 0 && s.v ? <div key={s.key} className={s.tone} style={{ width: `${(100 * s.v) / total}%` }} /> : null))}
        </div>
        <dl className={`mt-[3cqh] grid min-h-0 flex-1 gap-x-[3cqw] gap-y-[2cqh] ${wide ? 'grid-cols-4' : 'grid-cols-2 grid-rows-2'}`}>
          {values.map((s) => (
            <div key={s.key} className="flex min-h-0 min-w-0 flex-col justify-center overflow-hidden" data-agent-state={s.key}>
              <dt className={`flex min-w-0 items-start gap-[0.3em] leading-tight text-slate-300 ${wide ? 'text-[clamp(10px,min(8cqh,2.3cqw),150px)]' : 'text-[clamp(10px,min(6cqh,5cqw),150px)]'}`}>
                <span className={`mt-[0.15em] inline-block size-[0.8em] shrink-0 rounded-sm ${s.tone}`} aria-hidden />
                <span className="line-clamp-2 break-words">{t(`agentStates.${s.key}`)}</span>
              </dt>
              <dd className={`truncate leading-none font-bold tabular-nums ${s.text} ${wide ? 'text-[clamp(18px,min(30cqh,10cqw),800px)]' : 'text-[clamp(18px,min(17cqh,18cqw),800px)]'}`}>{f.integer(s.v)}</dd>
            </div>
          ))}
        </dl>
      </div>
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

/** A table sized to its panel: `rows` body rows + caption + header always fit (font from the panel height). */
function WallTable({
  title,
  tile,
  rows,
  headers,
  body,
}: {
  title: string
  tile: string
  rows: number
  headers: string[]
  body: React.ReactNode
}) {
  // In em: caption ≈ 1.55, two-line header at 0.62 em ≈ 1.55, each row ≈ 1.5; the inner box is ≈ 93 % of the panel.
  const fontCqh = Math.min(11, 90 / (3.1 + rows * 1.5))
  return (
    <section className={PANEL_FRAME} data-board-tile={tile} aria-label={title}>
      <div className={PANEL_INNER}>
        <table className="w-full table-fixed border-collapse leading-tight text-slate-200" style={{ fontSize: `clamp(10px, min(${fontCqh.toFixed(2)}cqh, 4.6cqw), 200px)` }}>
          <caption className="truncate pb-[0.3em] text-left font-semibold">{title}</caption>
          <colgroup>
            <col className="w-[40%]" />
            {headers.slice(1).map((h) => (
              <col key={h} />
            ))}
          </colgroup>
          <thead>
            <tr className="text-[0.62em] text-slate-400">
              {headers.map((h, i) => (
                <th key={h} className={`pb-[0.2em] align-bottom font-medium ${i === 0 ? 'text-left' : 'text-right'}`}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{body}</tbody>
        </table>
      </div>
    </section>
  )
}

function QueuesPanel({ snapshot, rows, title }: { snapshot: Snapshot | undefined; rows: number; title: string }) {
  const t = useTranslations('wallboard')
  const list = [...(snapshot?.queues ?? [])]
    .sort((a, b) => (b.kpis.waiting_now?.value ?? 0) - (a.kpis.waiting_now?.value ?? 0) || (b.kpis.offered?.value ?? 0) - (a.kpis.offered?.value ?? 0))
    .slice(0, rows)
  return (
    <WallTable
      title={title}
      tile="queues"
      rows={rows}
      headers={[t('columns.queue'), t('columns.waiting'), t('columns.longestWait'), t('columns.serviceLevel')]}
      body={list.map((q) => (
        <tr key={`${q.centerId}/${q.queueId}`} className="border-t border-slate-800" data-queue-row={q.queueId}>
          <td className="truncate py-[0.12em] pr-[0.3em]">{q.queueName}</td>
          <td><KpiCell r={q.kpis.waiting_now} /></td>
          <td><KpiCell r={q.kpis.longest_wait_now} /></td>
          <td><KpiCell r={q.kpis.service_level} /></td>
        </tr>
      ))}
    />
  )
}

function StaffingPanel({ snapshot, rows, title }: { snapshot: Snapshot | undefined; rows: number; title: string }) {
  const t = useTranslations('wallboard')
  const f = useFormat()
  const list = [...(snapshot?.staffing ?? [])]
    .sort((a, b) => (b.needed.value ?? 0) - (b.staffed.value ?? 0) - ((a.needed.value ?? 0) - (a.staffed.value ?? 0)))
    .slice(0, rows)
  return (
    <WallTable
      title={title}
      tile="staffing"
      rows={rows}
      headers={[t('columns.queue'), t('columns.needed'), t('columns.staffed'), t('columns.gap')]}
      body={list.map((s) => {
        const gap = s.staffed.value !== null && s.needed.value !== null ? s.staffed.value - s.needed.value : null
        const st = s.staffed.status
        return (
          <tr key={`${s.centerId}/${s.queueId}`} className="border-t border-slate-800" data-staffing-row={s.queueId}>
            <td className="truncate py-[0.12em] pr-[0.3em]">{s.queueName}</td>
            <td className="text-right tabular-nums">{f.integer(s.needed.value)}</td>
            <td className="text-right tabular-nums">{f.number(s.staffed.value, { maximumFractionDigits: 1 })}</td>
            <td>
              <span className={`flex items-center justify-end gap-[0.3em] tabular-nums ${STATUS_TEXT_CLASS[st ?? 'none'].dark}`}>
                {st ? <StatusIcon status={st} className="size-[0.8em] shrink-0" /> : null}
                {gap === null ? f.integer(null) : f.number(gap, { signDisplay: 'exceptZero', maximumFractionDigits: 1 })}
              </span>
            </td>
          </tr>
        )
      })}
    />
  )
}
