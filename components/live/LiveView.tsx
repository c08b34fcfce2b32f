'use client'
/**
 * The supervisor's live view: KPI tiles (with target, status, 60-minute trend and formula),
 * agents by state, reporting-line KPIs, queue / agent / staffing tables, drill-down to the
 * contacts behind a count. When the scope mixes channels, the speed tiles also show each
 * channel's figure against that channel's own target. Polls /api/live every 2 s; filters, sort orders and the open
 * drill-down live in the URL.
 */
import { usePathname, useRouter, useSearchParams } from 'next/navigation'
import { useTranslations } from 'next-intl'
import { useCallback, useMemo, useState } from 'react'
import { useFormat } from '@/components/format'
import { KpiTile, useKpiTitle } from '@/components/kpi'
import { StaleBanner } from '@/components/wallboard/StaleBanner'
import { AlertBanner } from '@/components/alerts/AlertBanner'
import { dataAgeSeconds, useNow, useSnapshot } from '@/components/wallboard/polling'
import { AGENT_STATES } from '@/lib/live/agent-states'
import type { CenterOption, KpiResult, LineKpis, QueueOption, Snapshot } from '@/lib/live/types'
import type { KpiKey } from '@/lib/kpi/definitions'
import { StaffingAhead } from '@/components/forecast/StaffingAhead'
import { DrillDialog } from './DrillDialog'
import { Filters } from './Filters'
import { ChannelBreakdown } from './ChannelBreakdown'
import { EmailBacklogTile } from './EmailBacklogTile'
import { useChannelName } from '@/components/kpi/ChannelIcon'
import { AgentTable, OutboundTable, QueueTable, StaffingTable, StateBadge } from './tables'
import { filterQuery, liveUrlSearch, parseLiveUrl, type LiveFilters, type LiveUrlState } from './url-state'

export const LIVE_POLL_MS = 2000
export const LIVE_STALE_AFTER_S = 8

/** The headline tiles, in order; `drill` = the contact set behind the figure. */
export const LIVE_TILES: { key: KpiKey; drill?: string }[] = [
  { key: 'waiting_now', drill: 'waiting_now' },
  { key: 'longest_wait_now', drill: 'waiting_now' },
  { key: 'service_level', drill: 'sl_missed' },
  { key: 'asa', drill: 'answered' },
  { key: 'abandonment_rate', drill: 'abandoned' },
  { key: 'aht', drill: 'handled' },
  { key: 'occupancy' },
  { key: 'offered', drill: 'offered' },
  { key: 'abandoned', drill: 'abandoned' },
]

export function LiveView({
  centers,
  queues,
  initial,
  canExport = false,
}: {
  /** The viewer may export files (the drill-down's CSV link). */
  canExport?: boolean
  centers: CenterOption[]
  queues: QueueOption[]
  /** Figures computed by the server for the filters of the first render (`query` = their API query string). */
  initial?: { query: string; snapshot: Snapshot } | null
}) {
  const t = useTranslations('live')
  const tc = useTranslations('common')
  const f = useFormat()
  const router = useRouter()
  const pathname = usePathname()
  const sp = useSearchParams()
  const state = useMemo(() => parseLiveUrl(new URLSearchParams(sp?.toString() ?? '')), [sp])
  const filters: LiveFilters = { centers: state.centers, line: state.line, queues: state.queues, channels: state.channels }
  const fq = filterQuery(filters)

  const go = useCallback(
    (next: LiveUrlState) => router.replace(`${pathname}${liveUrlSearch(next)}`, { scroll: false }),
    [router, pathname],
  )
  const snap = useSnapshot<Snapshot>(['live', fq], `/api/live${fq ? `?${fq}` : ''}`, LIVE_POLL_MS, initial && initial.query === fq ? initial.snapshot : undefined)
  const data = snap.data
  const now = useNow(1000)
  const age = dataAgeSeconds(snap.data, snap.dataUpdatedAt, now)
  const elapsedS = snap.data && now ? Math.max(0, (now - snap.dataUpdatedAt) / 1000 + (snap.data.servedAt - snap.data.generatedAt) / 1000) : 0

  const channelName = useChannelName()
  const centerMap = useMemo(() => new Map(centers.map((c) => [c.id, c])), [centers])
  const centerName = useCallback((id: string) => centerMap.get(id)?.name ?? id, [centerMap])
  const queueName = useCallback((center: string, id: string) => queues.find((q) => q.id === id && (!center || q.centerId === center))?.name ?? id, [queues])
  const shownCenters = new Set(data?.queues?.map((q) => q.centerId) ?? [])
  const outboundRows = (data?.queues ?? []).filter((q) => q.direction === 'outbound')
  const [outboundSort, setOutboundSort] = useState<string | null>(null)
  const multiCenter = (state.centers.length === 0 ? centers.length : state.centers.length) > 1 || shownCenters.size > 1

  const allAgents = data?.agents ?? []
  const agentRows = state.showOffline ? allAgents : allAgents.filter((a) => a.state !== 'offline' && a.state !== null)
  const offlineCount = allAgents.length - allAgents.filter((a) => a.state !== 'offline' && a.state !== null).length

  const openDrill = (set: string, queue?: { centerId: string; queueId: string }) =>
    go({ ...state, drill: { set, queue: queue?.queueId ?? null, center: queue?.centerId ?? null, page: 1 } })

  return (
    <div className="relative">
      <StaleBanner ageSeconds={age} staleAfterSeconds={LIVE_STALE_AFTER_S} appearance="panel" />
      <div className="mx-auto max-w-[1600px] space-y-5 px-6 py-5">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h1 className="text-2xl font-semibold text-ink">{t('title')}</h1>
          <p className="text-sm text-slate-500 tabular-nums" data-updated>
            {data ? t('updatedAt', { time: f.time(data.generatedAt, { seconds: true }) }) : tc('loading')}
          </p>
        </div>
        <AlertBanner url="/api/alerts" intervalMs={LIVE_POLL_MS} canAcknowledge />
        <Filters filters={filters} centers={centers} queues={queues} onChange={(nf) => go({ ...state, ...nf, drill: null })} />

        <section aria-label={t('tilesLabel')} className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-5">
          {LIVE_TILES.map(({ key, drill }) => {
            const r = data?.kpis[key]
            // Per channel (only sent when the scope has more than one channel).
            const split = data?.channels && data.channels.length > 1 && data.channels.some((c) => c.kpis[key]) ? data.channels : null
            const perChannelTargets = split !== null && (r?.target ?? null) === null && split.some((c) => (c.kpis[key]?.target ?? null) !== null)
            return (
              <KpiTile
                key={key}
                result={r ?? emptyResult(key)}
                trend={data?.trends[key]}
                onDrill={drill && r?.value ? () => openDrill(drill) : undefined}
                drillLabel={t('drill.open')}
                noTargetLabel={perChannelTargets ? t('byChannel.targetsPerChannel') : undefined}
                compare="lastWeek"
              >
                {split ? <ChannelBreakdown kpiKey={key} channels={split} /> : null}
              </KpiTile>
            )
          })}
          <AgentsByStateTile kpis={data?.kpis ?? {}} agents={data?.agents} />
          {data?.emailBacklog ? <EmailBacklogTile backlog={data.emailBacklog} /> : null}
        </section>
        {data?.headlineChannels?.length && !state.channels.length ? (
          <p className="-mt-2 text-xs text-slate-500" data-headline-note>
            {t('headline.realtime', { channels: headlineNames(data.headlineChannels, channelName, data.channels?.map((c) => c.channel)) })}
          </p>
        ) : null}

        {data?.lines && data.lines.length > 0 ? <LineKpiSection lines={data.lines} trends={data.trends} /> : null}

        <QueueTable
          rows={(data?.queues ?? []).filter((q) => q.direction !== 'outbound')}
          sort={state.queueSort}
          onSort={(s) => go({ ...state, queueSort: s })}
          showCenter={multiCenter}
          onDrill={(set, q) => openDrill(set, q)}
        />
        {outboundRows.length ? <OutboundTable rows={outboundRows} sort={outboundSort} onSort={setOutboundSort} showCenter={multiCenter} /> : null}
        <StaffingTable rows={data?.staffing ?? []} showCenter={multiCenter} centerName={centerName} />
        <StaffingAhead centers={centers} selected={state.centers} queues={state.queues} />
        <div className="space-y-2">
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" checked={state.showOffline} onChange={(e) => go({ ...state, showOffline: e.target.checked })} name="offline" />
            {t('showOffline')}
            <span className="text-slate-500">({tc('agentCount', { count: offlineCount })})</span>
          </label>
          <AgentTable
            rows={agentRows}
            elapsedS={elapsedS}
            sort={state.agentSort}
            onSort={(s) => go({ ...state, agentSort: s })}
            showCenter={multiCenter}
            centerName={centerName}
            thresholds={data?.agentThresholds}
          />
        </div>
      </div>
      {state.drill ? (
        <DrillDialog
          key={`${state.drill.set}/${state.drill.queue ?? ''}`}
          drill={state.drill}
          filters={filters}
          centerName={centerName}
          centerTimezone={(id) => centerMap.get(id)?.timezone}
          queueName={queueName}
          onPage={(page) => go({ ...state, drill: { ...state.drill!, page } })}
          onClose={() => go({ ...state, drill: null })}
          canExport={canExport}
        />
      ) : null}
    </div>
  )
}

/** The headline's channels as words: those the scope has (per-channel figures), else every real-time one. */
function headlineNames(channels: string[], name: (c: string) => string, present: string[] | undefined): string {
  const shown = present?.length ? channels.filter((c) => present.includes(c)) : channels
  return (shown.length ? shown : channels).map(name).join(', ')
}

function emptyResult(key: KpiKey): KpiResult {
  return { key, value: null, previous: null, change: null, changeIsGood: null, target: null, status: null, unit: 'count' }
}

/** Agents by state: the engine's four live counts, plus the finer split from the agent rows. */
function AgentsByStateTile({ kpis, agents }: { kpis: Record<string, KpiResult>; agents: Snapshot['agents'] }) {
  const t = useTranslations('live')
  const f = useFormat()
  const title = useKpiTitle('agents_logged_in')
  const counts = new Map<string, number>()
  for (const a of agents ?? []) if (a.state) counts.set(a.state, (counts.get(a.state) ?? 0) + 1)
  return (
    <KpiTile result={kpis.agents_logged_in ?? emptyResult('agents_logged_in')} title={title}>
      <ul className="mt-2 flex flex-wrap gap-1.5" aria-label={t('agentsByState')} data-testid="agents-by-state">
        {AGENT_STATES.filter((s) => s !== 'offline').map((s) => (
          <li key={s} className="flex items-center gap-1 text-xs">
            <StateBadge state={s} />
            <span className="font-semibold tabular-nums">{f.integer(counts.get(s) ?? 0)}</span>
          </li>
        ))}
      </ul>
    </KpiTile>
  )
}

function LineKpiSection({ lines, trends }: { lines: LineKpis[]; trends: Snapshot['trends'] }) {
  const t = useTranslations('live')
  const tc = useTranslations('common')
  return (
    <section aria-label={t('lineKpis')} className="space-y-2">
      <h2 className="text-lg font-semibold text-ink">{t('lineKpis')}</h2>
      {lines.map((l) => (
        <div key={l.line} data-line={l.line}>
          <h3 className="mb-1 text-sm font-medium text-slate-600">{isLine(l.line) ? tc(`reportingLines.${l.line}`) : l.line}</h3>
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
            {Object.values(l.kpis).map((r) => (
              <KpiTile key={r.key} result={r} trend={trends[`${l.line}:${r.key}`]} compare="lastWeek" />
            ))}
          </div>
        </div>
      ))}
    </section>
  )
}

const LINES = new Set(['sales', 'marketing', 'customer_service', 'general_management'])
function isLine(l: string): l is 'sales' | 'marketing' | 'customer_service' | 'general_management' {
  return LINES.has(l)
}
