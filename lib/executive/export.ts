/**
 * XLSX and PDF of the executive view, with the same figures as the screen:
 * - XLSX: built from the same ExecutiveView object the page renders (lib/export/xlsx writes
 *   real numbers with number formats; labels from the same catalogues).
 * - PDF: headless Chromium prints /executive/print, which renders the same components as the
 *   page from the same getExecutiveView call (lib/export/pdf).
 */
import 'server-only'
import { workbookBuffer, type XlsxColumn, type XlsxSheetSpec } from '../export/xlsx'
import { renderPdf, type RenderPdfOptions } from '../export/pdf'
import type { AppLocale } from '../i18n/config'
import { formatMonth } from '../i18n/format'
import { getTranslator } from '../i18n/translator'
import { kpiLabel, kpiUnit, type KpiKey } from '../kpi/definitions'
import { periodLabel as periodLabelWith, type Tfn } from '../periods/label'
import { groupKindLabel, groupLabel, momChanges, viewHeaderLines, type Translate } from './labels'
import { COST_VIEW_KPIS, PROFIT_VIEW_KPIS, QUALITY_KPIS, TREND_KPIS, type ExecutiveView, type GroupRow, type WhatIfRow } from './types'
import type { WhatIfScenario } from './whatif'

type Row = Record<string, unknown>

/** The executive period's name: `October 2026`, `January 2026 to March 2026`. */
export function periodLabel(locale: AppLocale, from: string, to: string): string {
  return periodLabelWith(getTranslator(locale, 'common') as unknown as Tfn, locale, { kind: 'months', from, to })
}

/** Header lines of the files (the page's period line says the same: labels.ts viewHeaderLines). */
export function headerLines(locale: AppLocale, view: ExecutiveView): string[] {
  return viewHeaderLines(getTranslator(locale, 'common') as unknown as Tfn, locale, view)
}

const unitOf = kpiUnit

function groupRows(view: ExecutiveView): GroupRow[] {
  return [view.total, ...view.reportingLines, ...view.sourcing, ...view.centers]
}

function kpiColumns(locale: AppLocale, keys: readonly KpiKey[]): XlsxColumn<GroupRow>[] {
  return keys.map((k) => ({
    key: k,
    header: kpiLabel(k, locale, 'label', 'executive'),
    unit: unitOf(k),
    currency: (r: GroupRow) => r.currency ?? 'EUR',
    value: (r: GroupRow) => r.kpis[k]?.value ?? null,
  }))
}

function scenarioCells(prefix: string, s: WhatIfScenario | undefined): Row {
  return {
    [`${prefix}agents`]: s?.agents ?? null,
    [`${prefix}sl`]: s?.serviceLevel ?? null,
    [`${prefix}asa`]: s?.asaS ?? null,
    [`${prefix}ab`]: s?.abandonmentRate ?? null,
    [`${prefix}cost`]: s?.addedCost ?? null,
    [`${prefix}risk`]: s?.revenueAtRisk ?? null,
  }
}

/** The workbook's sheets (exported for tests). */
export function executiveSheets(view: ExecutiveView, locale: AppLocale): XlsxSheetSpec<any>[] {
  const t = getTranslator(locale) as unknown as Translate
  const title = t('executive.title')
  const lines = headerLines(locale, view)
  const split = (r: GroupRow) => groupKindLabel(t, r.kind)
  const name = (r: GroupRow) => groupLabel(t, r)
  const groupCols: XlsxColumn<GroupRow>[] = [
    { key: 'kind', header: t('executive.xlsx.groupKind'), unit: 'text', value: split },
    { key: 'name', header: t('executive.split.group'), unit: 'text', value: name },
  ]

  // Summary: every figure of the two views and quality for all centers, with the previous period.
  const summaryRows: Row[] = []
  const addSummary = (view_: string, keys: readonly KpiKey[]) => {
    for (const k of keys) {
      const r = view.total.kpis[k]
      summaryRows.push({ view: view_, kpi: kpiLabel(k, locale, 'label', 'executive'), unit: unitOf(k), value: r?.value ?? null, previous: r?.previous ?? null, change: r?.change ?? null })
    }
  }
  addSummary(t('executive.costCenterView'), COST_VIEW_KPIS)
  addSummary(t('executive.profitCenterView'), PROFIT_VIEW_KPIS)
  addSummary(t('executive.quality.title'), QUALITY_KPIS)
  const cur = view.total.currency ?? 'EUR'
  const summary: XlsxSheetSpec<Row> = {
    name: t('executive.sheets.summary'),
    title,
    lines: [...lines, t('executive.allCenters')],
    columns: [
      { key: 'view', header: t('executive.split.group'), unit: 'text' },
      { key: 'kpi', header: t('executive.xlsx.kpi'), unit: 'text' },
      { key: 'value', header: t('executive.xlsx.value'), unit: (r) => r.unit as never, currency: cur },
      { key: 'previous', header: t('executive.xlsx.previous'), unit: (r) => r.unit as never, currency: cur },
      { key: 'change', header: t('executive.xlsx.change'), unit: (r) => (r.unit === 'percent' ? 'percent' : (r.unit as never)), currency: cur },
    ],
    rows: summaryRows,
  }

  const all = groupRows(view)
  const costSheet: XlsxSheetSpec<GroupRow> = {
    name: t('executive.sheets.cost'),
    title: t('executive.costCenterView'),
    lines,
    columns: [...groupCols, ...kpiColumns(locale, ['handled', ...COST_VIEW_KPIS])],
    rows: all,
  }
  const profitSheet: XlsxSheetSpec<GroupRow> = {
    name: t('executive.sheets.profit'),
    title: t('executive.profitCenterView'),
    lines,
    columns: [...groupCols, ...kpiColumns(locale, ['handled', ...PROFIT_VIEW_KPIS])],
    rows: all,
  }

  // Trend: one row per group and month, each figure with its month-over-month change.
  const trendRows: Row[] = []
  for (const s of view.trend.series) {
    const changes = Object.fromEntries(TREND_KPIS.map((k) => [k, momChanges(s.values[k] ?? [])]))
    view.trend.months.forEach((m, i) => {
      const row: Row = { kind: groupKindLabel(t, s.kind), name: groupLabel(t, s), month: formatMonth(`${m}-01`, locale), currency: view.total.currency ?? 'EUR' }
      for (const k of TREND_KPIS) {
        row[k] = s.values[k]?.[i] ?? null
        row[`${k}_mom`] = changes[k]![i] ?? null
      }
      trendRows.push(row)
    })
  }
  const trendSheet: XlsxSheetSpec<Row> = {
    name: t('executive.sheets.trend'),
    title: t('executive.trend.title'),
    lines,
    columns: [
      { key: 'kind', header: t('executive.xlsx.groupKind'), unit: 'text' },
      { key: 'name', header: t('executive.split.group'), unit: 'text' },
      { key: 'month', header: t('executive.trend.month'), unit: 'text' },
      ...TREND_KPIS.flatMap((k): XlsxColumn<Row>[] => [
        { key: k, header: kpiLabel(k, locale, 'label', 'executive'), unit: unitOf(k), currency: (r) => String(r.currency) },
        { key: `${k}_mom`, header: `${kpiLabel(k, locale, 'label', 'executive')} — ${t('executive.trend.mom')}`, unit: unitOf(k), currency: (r) => String(r.currency) },
      ]),
    ],
    rows: trendRows,
  }

  const rankingRows: Row[] = [
    ...view.rankings.byMargin.map((r) => ({ ranking: t('executive.rankings.byMargin'), rank: r.rank || null, center: r.name, value: r.value, unit: 'currency', currency: r.currency ?? 'EUR' })),
    ...view.rankings.byCostPerContact.map((r) => ({ ranking: t('executive.rankings.byCostPerContact'), rank: r.rank || null, center: r.name, value: r.value, unit: 'currency', currency: r.currency ?? 'EUR' })),
  ]
  const rankingSheet: XlsxSheetSpec<Row> = {
    name: t('executive.sheets.rankings'),
    title: t('executive.rankings.title'),
    lines,
    columns: [
      { key: 'ranking', header: t('executive.rankings.title'), unit: 'text' },
      { key: 'rank', header: t('executive.rankings.rank'), unit: 'integer' },
      { key: 'center', header: t('executive.xlsx.center'), unit: 'text' },
      { key: 'value', header: t('executive.xlsx.value'), unit: 'currency', currency: (r) => String(r.currency) },
    ],
    rows: rankingRows,
  }

  const qualityKeys: KpiKey[] = ['cost_per_contact', 'cost_per_resolved_contact', ...QUALITY_KPIS]
  const qualitySheet: XlsxSheetSpec<(typeof view.quality)[number]> = {
    name: t('executive.sheets.quality'),
    title: t('executive.quality.title'),
    lines: [...lines, t('executive.quality.hint')],
    columns: [
      { key: 'name', header: t('executive.xlsx.center'), unit: 'text' },
      { key: 'sourcing', header: t('common.sourcing'), unit: 'text', value: (r) => (r.sourcing ? t(`common.sourcingTypes.${r.sourcing}`) : t('common.unknown')) },
      ...qualityKeys.flatMap((k): XlsxColumn<(typeof view.quality)[number]>[] => [
        { key: k, header: kpiLabel(k, locale, 'label', 'executive'), unit: unitOf(k), currency: (r) => r.currency ?? 'EUR', value: (r) => r.kpis[k]?.value ?? null },
        ...((QUALITY_KPIS as readonly string[]).includes(k)
          ? [{ key: `${k}_prev`, header: `${kpiLabel(k, locale, 'label', 'executive')} — ${t('executive.xlsx.previous')}`, unit: unitOf(k), value: (r: (typeof view.quality)[number]) => r.kpis[k]?.previous ?? null }]
          : []),
      ]),
      {
        key: 'flag',
        header: t('executive.xlsx.flag'),
        unit: 'text',
        value: (r) =>
          r.alert
            ? `${t('executive.quality.flag')} (${t('executive.quality.flagDetail', { kpis: r.collapsing.map((k) => kpiLabel(k, locale, 'short', 'executive')).join(', ') })})`
            : t('executive.quality.ok'),
      },
    ],
    rows: view.quality,
  }

  const whatIfRows: Row[] = view.whatIf.map((w: WhatIfRow) => ({
    center: w.centerName,
    queue: w.queueName,
    channel: w.channel ? t(`common.channels.${w.channel}`) : '',
    currency: w.currency ?? 'EUR',
    arrivals: w.result?.arrivalsPerHour ?? null,
    traffic: w.result?.trafficErlangs ?? null,
    openHours: w.result?.openHours ?? null,
    source: w.result ? t(`executive.whatIf.baselineSource.${w.result.baselineSource}`) : '',
    ...scenarioCells('m_', w.result?.minus),
    ...scenarioCells('b_', w.result?.base),
    ...scenarioCells('p_', w.result?.plus),
  }))
  const scenarioCols = (prefix: string, label: string): XlsxColumn<Row>[] => [
    { key: `${prefix}agents`, header: `${label} — ${t('executive.whatIf.agents')}`, unit: 'integer' },
    { key: `${prefix}sl`, header: `${label} — ${t('executive.whatIf.serviceLevel')}`, unit: 'percent' },
    { key: `${prefix}asa`, header: `${label} — ${t('executive.whatIf.asa')}`, unit: 'seconds' },
    { key: `${prefix}ab`, header: `${label} — ${t('executive.whatIf.abandonment')}`, unit: 'percent' },
    ...(prefix === 'b_'
      ? []
      : ([
          { key: `${prefix}cost`, header: `${label} — ${t('executive.whatIf.addedCost')}`, unit: 'currency', currency: (r: Row) => String(r.currency) },
          { key: `${prefix}risk`, header: `${label} — ${t('executive.whatIf.revenueAtRisk')}`, unit: 'currency', currency: (r: Row) => String(r.currency) },
        ] as XlsxColumn<Row>[])),
  ]
  const whatIfSheet: XlsxSheetSpec<Row> = {
    name: t('executive.sheets.whatIf'),
    title: t('executive.whatIf.title'),
    lines: [...lines, t('executive.whatIf.hint')],
    columns: [
      { key: 'center', header: t('executive.xlsx.center'), unit: 'text' },
      { key: 'queue', header: t('executive.whatIf.queue'), unit: 'text' },
      { key: 'channel', header: t('common.channel'), unit: 'text' },
      { key: 'arrivals', header: t('executive.whatIf.arrivalsPerHour', { value: '' }).trim(), unit: 'ratio' },
      { key: 'traffic', header: t('executive.whatIf.traffic', { value: '' }).trim(), unit: 'ratio' },
      { key: 'openHours', header: t('executive.whatIf.openHours', { value: '' }).replace(/\s+/g, ' ').trim(), unit: 'number' },
      { key: 'source', header: t('executive.whatIf.baseline'), unit: 'text' },
      ...scenarioCols('m_', t('executive.whatIf.minusOne')),
      ...scenarioCols('b_', t('executive.whatIf.baseline')),
      ...scenarioCols('p_', t('executive.whatIf.plusOne')),
    ],
    rows: whatIfRows,
    notes: [t('executive.whatIf.addedCostHint'), t('executive.whatIf.revenueAtRiskHint')],
  }

  return [summary, costSheet, profitSheet, trendSheet, rankingSheet, qualitySheet, whatIfSheet]
}

export async function executiveXlsx(view: ExecutiveView, locale: AppLocale): Promise<Uint8Array> {
  const t = getTranslator(locale) as unknown as Translate
  return workbookBuffer({ locale, title: t('executive.title'), subject: periodLabel(locale, view.period.from, view.period.to), created: new Date(view.generatedAt) }, executiveSheets(view, locale))
}

export function exportFilename(kind: 'pdf' | 'xlsx', from: string, to: string): string {
  return `plateau-executive-${from === to ? from : `${from}_${to}`}.${kind}`
}

/** Prints /executive/print with the caller's session (same guard, same scope). */
export async function executivePdf(opts: { query: string; locale: AppLocale; from: string; to: string; forwardHeaders: Record<string, string>; baseUrl?: string }): Promise<Uint8Array> {
  const t = getTranslator(opts.locale) as unknown as Translate
  const o: RenderPdfOptions = {
    path: `/executive/print?${opts.query}`,
    forwardHeaders: opts.forwardHeaders,
    readySelector: '[data-print-ready="1"]',
    landscape: true,
    footer: { left: t('executive.pdf.footer', { period: periodLabel(opts.locale, opts.from, opts.to) }), pageOf: t('executive.pdf.pageOf', { page: '{page}', pages: '{pages}' }) },
    baseUrl: opts.baseUrl,
  }
  return renderPdf(o)
}
