'use client'
/**
 * Queue, agent and staffing tables of the supervisor view. Every figure is an engine result
 * (KpiResult) formatted by lib/i18n/format; status is shown by icon + colour.
 */
import { useLocale, useTranslations } from 'next-intl'
import { AgentName } from '@/components/agents/AgentName'
import { agentAlert, type Thresholds } from '@/lib/agents/directory'
import { useFormat } from '@/components/format'
import { useKpiTitle } from '@/components/kpi'
import { STATUS_TEXT_CLASS, StatusIcon } from '@/components/kpi/StatusIcon'
import { STATE_TONE, type AgentState } from '@/lib/live/agent-states'
import { OUTBOUND_TABLE_KEYS, QUEUE_TABLE_KEYS } from '@/lib/live/columns'
import type { AgentRow, KpiResult, QueueRow, StaffingRow } from '@/lib/live/types'
import { SortableTable, parseSort, sortParam, type Column, type Sort } from './SortableTable'

export function KpiCell({ r, onDrill, drillLabel, drillSet }: { r: KpiResult | undefined; onDrill?: () => void; drillLabel?: string; drillSet?: string }) {
  const f = useFormat()
  const tc = useTranslations('common')
  const st = r?.status ?? null
  const text = f.kpi(r?.value ?? null, r?.unit ?? 'count')
  const content = (
    <span className={`inline-flex items-center justify-end gap-1 ${st ? STATUS_TEXT_CLASS[st].light : ''}`}>
      {st ? <StatusIcon status={st} className="size-3.5 shrink-0" title={tc(`status.${st === 'warn' ? 'warning' : st}`)} /> : null}
      {text}
    </span>
  )
  if (onDrill && r?.value) {
    return (
      <button
        type="button"
        onClick={onDrill}
        className="underline decoration-dotted underline-offset-2 hover:decoration-solid"
        aria-label={drillLabel ? `${drillLabel}: ${text}` : undefined}
        data-drill-set={drillSet}
      >
        {content}
      </button>
    )
  }
  return content
}

const DRILLABLE: Partial<Record<(typeof QUEUE_TABLE_KEYS)[number], string>> = { waiting_now: 'waiting_now', offered: 'offered', answered: 'answered', abandoned: 'abandoned' }

function useQueueKpiHeaders(): Record<(typeof QUEUE_TABLE_KEYS)[number], string> {
  return {
    waiting_now: useKpiTitle('waiting_now'),
    longest_wait_now: useKpiTitle('longest_wait_now'),
    offered: useKpiTitle('offered'),
    answered: useKpiTitle('answered'),
    abandoned: useKpiTitle('abandoned'),
    abandonment_rate: useKpiTitle('abandonment_rate'),
    service_level: useKpiTitle('service_level'),
    asa: useKpiTitle('asa'),
    aht: useKpiTitle('aht'),
  }
}

export function QueueTable({
  rows,
  sort,
  onSort,
  showCenter,
  onDrill,
}: {
  rows: QueueRow[]
  sort: string | null
  onSort: (s: string) => void
  showCenter: boolean
  onDrill: (set: string, q: QueueRow) => void
}) {
  const t = useTranslations('live')
  const tc = useTranslations('common')
  const locale = useLocale()
  const headers = useQueueKpiHeaders()
  const columns: Column<QueueRow>[] = [
    ...(showCenter ? [{ id: 'center', header: tc('center'), sortValue: (r: QueueRow) => r.centerName, cell: (r: QueueRow) => r.centerName }] : []),
    { id: 'queue', header: tc('queue'), sortValue: (r) => r.queueName, cell: (r) => <span className="font-medium text-ink">{r.queueName}</span> },
    { id: 'channel', header: tc('channel'), sortValue: (r) => r.channel, cell: (r) => (r.channel && isChannel(r.channel) ? tc(`channels.${r.channel}`) : tc('unknown')) },
    ...QUEUE_TABLE_KEYS.map(
      (k): Column<QueueRow> => ({
        id: k,
        header: headers[k],
        align: 'right',
        sortValue: (r) => r.kpis[k]?.value ?? null,
        cell: (r) => {
          const set = DRILLABLE[k]
          return <KpiCell r={r.kpis[k]} onDrill={set ? () => onDrill(set, r) : undefined} drillLabel={t('drill.open')} drillSet={set} />
        },
      }),
    ),
  ]
  const s = parseSort(sort, { id: 'waiting_now', dir: 'desc' })
  return (
    <SortableTable
      caption={t('queueTable')}
      columns={columns}
      rows={rows}
      rowKey={(r) => `${r.centerId}/${r.queueId}/${r.channel ?? ''}`}
      sort={s}
      onSort={(x: Sort) => onSort(sortParam(x))}
      locale={locale}
      empty={tc('noData')}
      testId="queue-table"
    />
  )
}


function useOutboundKpiHeaders(): Record<(typeof OUTBOUND_TABLE_KEYS)[number], string> {
  return {
    dial_attempts: useKpiTitle('dial_attempts'),
    connect_rate: useKpiTitle('connect_rate'),
    handled_outbound: useKpiTitle('handled_outbound'),
    aht: useKpiTitle('aht'),
    sales: useKpiTitle('sales'),
    conversion_rate: useKpiTitle('conversion_rate'),
  }
}

/** Dialer queues: nobody waits in them, so attempts, connects and outcomes instead of queue figures. */
export function OutboundTable({ rows, sort, onSort, showCenter }: { rows: QueueRow[]; sort: string | null; onSort: (s: string) => void; showCenter: boolean }) {
  const t = useTranslations('live')
  const tc = useTranslations('common')
  const locale = useLocale()
  const headers = useOutboundKpiHeaders()
  const columns: Column<QueueRow>[] = [
    ...(showCenter ? [{ id: 'center', header: tc('center'), sortValue: (r: QueueRow) => r.centerName, cell: (r: QueueRow) => r.centerName }] : []),
    { id: 'queue', header: tc('queue'), sortValue: (r) => r.queueName, cell: (r) => <span className="font-medium text-ink">{r.queueName}</span> },
    ...OUTBOUND_TABLE_KEYS.map(
      (k): Column<QueueRow> => ({ id: k, header: headers[k], align: 'right', sortValue: (r) => r.kpis[k]?.value ?? null, cell: (r) => <KpiCell r={r.kpis[k]} /> }),
    ),
  ]
  return (
    <SortableTable
      caption={t('outboundTable')}
      columns={columns}
      rows={rows}
      rowKey={(r) => `${r.centerId}/${r.queueId}/${r.channel ?? ''}`}
      sort={parseSort(sort, { id: 'dial_attempts', dir: 'desc' })}
      onSort={(x: Sort) => onSort(sortParam(x))}
      locale={locale}
      empty={tc('noData')}
      testId="outbound-table"
    />
  )
}

const CHANNEL_SET = new Set(['voice', 'chat', 'email', 'sms', 'social', 'mail'])
function isChannel(c: string): c is 'voice' | 'chat' | 'email' | 'sms' | 'social' | 'mail' {
  return CHANNEL_SET.has(c)
}

const TONE_CLASS: Record<(typeof STATE_TONE)[AgentState], string> = {
  ok: 'bg-green-100 text-green-800 ring-green-600/30',
  busy: 'bg-sky-100 text-sky-800 ring-sky-600/30',
  wrap: 'bg-violet-100 text-violet-800 ring-violet-600/30',
  away: 'bg-amber-100 text-amber-900 ring-amber-600/30',
  off: 'bg-slate-100 text-slate-600 ring-slate-400/30',
}
const TONE_SHAPE: Record<(typeof STATE_TONE)[AgentState], string> = { ok: '●', busy: '◆', wrap: '■', away: '▲', off: '○' }

export function StateBadge({ state, reason }: { state: AgentState | null; reason?: string | null }) {
  const tc = useTranslations('common')
  if (!state) return <span className="text-slate-400">{tc('unknown')}</span>
  const tone = STATE_TONE[state]
  return (
    <span className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONE_CLASS[tone]}`} title={reason ?? undefined} data-agent-state={state}>
      <span aria-hidden>{TONE_SHAPE[tone]}</span>
      {tc(`agentStates.${state}`)}
    </span>
  )
}

/** Agent rows with live-ticking durations: the server's figure + time since it was received. */
export function AgentTable({
  rows,
  elapsedS,
  sort,
  onSort,
  showCenter,
  centerName,
  thresholds,
}: {
  rows: AgentRow[]
  elapsedS: number
  sort: string | null
  onSort: (s: string) => void
  showCenter: boolean
  centerName: (id: string) => string
  /** Per center: long after-call work / long break limits (highlighted). */
  thresholds?: Record<string, Thresholds>
}) {
  const hasTeams = rows.some((r) => r.team)
  const t = useTranslations('live')
  const tc = useTranslations('common')
  const locale = useLocale()
  const f = useFormat()
  const tick = (v: number | null) => (v === null ? null : v + elapsedS)
  const columns: Column<AgentRow>[] = [
    {
      id: 'agent',
      header: tc('agent'),
      sortValue: (r) => r.name ?? r.agentId,
      cell: (r) => <AgentName agentId={r.agentId} name={r.name} team={r.team} site={r.site} inDirectory={r.inDirectory} className="font-medium text-ink" />,
    },
    ...(hasTeams ? [{ id: 'team', header: tc('team'), sortValue: (r: AgentRow) => r.team, cell: (r: AgentRow) => r.team ?? '—' }] : []),
    ...(showCenter ? [{ id: 'center', header: tc('center'), sortValue: (r: AgentRow) => centerName(r.centerId), cell: (r: AgentRow) => centerName(r.centerId) }] : []),
    { id: 'state', header: tc('state'), sortValue: (r) => (r.state ? STATE_ORDER[r.state] : null), cell: (r) => <StateBadge state={r.state} reason={r.reason} /> },
    {
      id: 'timeInState',
      header: tc('timeInState'),
      align: 'right',
      sortValue: (r) => r.timeInStateS,
      cell: (r) => {
        const alert = agentAlert(r.state, r.reason, tick(r.timeInStateS), thresholds?.[r.centerId])
        return (
          <span className={alert ? 'font-semibold text-red-700' : undefined} data-agent-alert={alert ?? undefined}>
            {f.duration(tick(r.timeInStateS))}
            {alert ? <span className="ml-1 text-xs">({tc(`agentAlerts.${alert}`)})</span> : null}
          </span>
        )
      },
    },
    { id: 'handled', header: t('agentColumns.handledToday'), align: 'right', sortValue: (r) => r.handledToday, cell: (r) => f.integer(r.handledToday) },
    { id: 'aht', header: t('agentColumns.aht'), align: 'right', sortValue: (r) => r.ahtS, cell: (r) => f.duration(r.ahtS) },
    { id: 'current', header: t('agentColumns.currentContact'), align: 'right', sortValue: (r) => r.currentContactS, cell: (r) => f.duration(tick(r.currentContactS)) },
  ]
  const s = parseSort(sort, { id: 'state', dir: 'asc' })
  return (
    <SortableTable
      caption={t('agentTable')}
      columns={columns}
      rows={rows}
      rowKey={(r) => `${r.centerId}/${r.agentId}`}
      sort={s}
      onSort={(x) => onSort(sortParam(x))}
      locale={locale}
      empty={tc('noData')}
      testId="agent-table"
      maxHeightClass="max-h-[70vh]"
    />
  )
}

const STATE_ORDER: Record<AgentState, number> = { on_contact: 0, wrap_up: 1, available: 2, break: 3, training: 4, meeting: 5, offline: 6 }

export function StaffingTable({ rows, showCenter, centerName }: { rows: StaffingRow[]; showCenter: boolean; centerName: (id: string) => string }) {
  const t = useTranslations('live')
  const tc = useTranslations('common')
  const f = useFormat()
  return (
    <div className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full border-collapse text-sm" data-testid="staffing-table">
        <caption className="px-3 pt-2 text-left text-base font-semibold text-ink">{t('staffing.title')}</caption>
        <thead className="bg-slate-50 text-xs text-slate-600">
          <tr>
            {showCenter ? <th className="px-3 py-2 text-left font-medium">{tc('center')}</th> : null}
            <th className="px-3 py-2 text-left font-medium">{tc('queue')}</th>
            <th className="px-3 py-2 text-right font-medium">{t('staffing.arrivals')}</th>
            <th className="px-3 py-2 text-right font-medium">{t('staffing.aht')}</th>
            <th className="px-3 py-2 text-right font-medium">{t('staffing.target')}</th>
            <th className="px-3 py-2 text-right font-medium">{t('staffing.needed')}</th>
            <th className="px-3 py-2 text-right font-medium">{t('staffing.staffed')}</th>
            <th className="px-3 py-2 text-right font-medium">{t('staffing.gap')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={showCenter ? 8 : 7} className="px-3 py-4 text-center text-slate-500">
                {tc('noData')}
              </td>
            </tr>
          ) : (
            rows.map((r) => {
              const gap = r.needed.value !== null && r.staffed.value !== null ? r.staffed.value - r.needed.value : null
              const st = r.staffed.status
              return (
                <tr key={`${r.centerId}/${r.queueId}`} className="border-t border-slate-100 tabular-nums" data-staffing-row={r.queueId}>
                  {showCenter ? <td className="px-3 py-1.5">{centerName(r.centerId)}</td> : null}
                  <td className="px-3 py-1.5 font-medium text-ink">{r.queueName}</td>
                  <td className="px-3 py-1.5 text-right">{f.number(r.arrivalsPerHour, { maximumFractionDigits: 1 })}</td>
                  <td className="px-3 py-1.5 text-right">{f.duration(r.ahtS)}</td>
                  <td className="px-3 py-1.5 text-right">
                    {r.slTarget !== null && r.slThresholdS !== null ? t('staffing.slTarget', { target: f.percent(r.slTarget), seconds: f.integer(r.slThresholdS) }) : '—'}
                  </td>
                  <td className="px-3 py-1.5 text-right font-semibold">{f.integer(r.needed.value)}</td>
                  <td className="px-3 py-1.5 text-right">{f.number(r.staffed.value, { maximumFractionDigits: 1 })}</td>
                  <td className={`px-3 py-1.5 text-right ${st ? STATUS_TEXT_CLASS[st].light : ''}`}>
                    <span className="inline-flex items-center gap-1">
                      {st ? <StatusIcon status={st} className="size-3.5" title={tc(`status.${st === 'warn' ? 'warning' : st}`)} /> : null}
                      {gap === null ? '—' : f.number(gap, { signDisplay: 'exceptZero', maximumFractionDigits: 1 })}
                    </span>
                  </td>
                </tr>
              )
            })
          )}
        </tbody>
      </table>
      <p className="px-3 py-2 text-xs text-slate-500">{t('staffing.formula')}</p>
    </div>
  )
}
