/**
 * The report as files. CSV and XLSX are written from the MonthlyReport object (the same one
 * the JSON, the page and the PDF print page show), with the generic writers of lib/export.
 *
 * Both carry, for every KPI, the engine's raw value as a number (CSV: full precision with the
 * locale's decimal mark; XLSX: a number cell with a format), so spreadsheets can compute with
 * them; the CSV summary also has the value as shown on screen.
 */
import 'server-only'
import { toCsv, type CsvCell, type CsvOptions } from '../export/csv'
import { workbookBuffer, type XlsxColumn, type XlsxSheetSpec } from '../export/xlsx'
import type { KpiValue } from '../kpi/result'
import { kpiLabel, kpiUnit } from '../kpi/definitions'
import { headerText, periodHeader, type HeaderLine } from '../periods/label'
import { reportTranslator as getTranslator, dimensionLabel, kpiColumnHeader, periodLabel, qualityNotes, reportFormat, reportTitle, statusLabel, unitHint } from './labels'
import { comparisonFlagWith, coverageTextWith, type Tfn } from './text'
import { UNALLOCATED } from './unallocated'
import { roundRaw } from './round'
import type { Breakdown, MonthlyReport, ReportRow, ReportSection, ReportTable } from './types'

type Tr = ReturnType<typeof getTranslator<'reports'>>

const valueOf = (kpis: KpiValue[], key: string): number | null => kpis.find((k) => k.key === key)?.value ?? null

/** The lines at the top of every file: title, period, centers, zone, generation date. */
export function headerLines(r: MonthlyReport): HeaderLine[] {
  const t = getTranslator(r.locale, 'reports')
  const tc = getTranslator(r.locale, 'common')
  const tr = t as unknown as Tfn
  return periodHeader({
    tCommon: tc as unknown as Tfn,
    locale: r.locale,
    period: r.period,
    scope: [
      [t('pdf.centers'), r.selection.centers.map((c) => c.name).join(', ') || t('scope.none')],
      [tc('timezone'), r.period.timezone],
      [t('coverage.label'), coverageTextWith(tr, r, r.coverage)],
    ],
    previous: { period: r.previousPeriod, flag: comparisonFlagWith(tr, r.previousCoverage) },
    lastYear: { period: r.lastYearPeriod, flag: comparisonFlagWith(tr, r.lastYearCoverage) },
    generatedAt: r.generatedAt,
    timezone: r.period.timezone,
  })
}

function rowLabelColumns(kind: 'daily' | 'interval' | 'centers' | Breakdown, t: Tr): string[] {
  switch (kind) {
    case 'daily':
      return [t('columns.date')]
    case 'interval':
      return [t('columns.date'), t('columns.time')]
    case 'centers':
      return [t('columns.center')]
    case 'queue':
      return [t('columns.center'), t('columns.queue')]
    case 'agent':
      return [t('columns.center'), t('columns.agent')]
    case 'channel':
      return [t('columns.channel')]
    case 'direction':
      return [t('columns.direction')]
  }
}

function rowLabelValues(r: MonthlyReport, kind: 'daily' | 'interval' | 'centers' | Breakdown, row: ReportRow): string[] {
  const centerName = (id?: string) => r.selection.centers.find((c) => c.id === id)?.name ?? id ?? ''
  switch (kind) {
    case 'daily':
      return [row.date ?? row.id]
    case 'interval':
      return [row.date ?? '', row.time ?? '']
    case 'centers':
      return [row.name]
    case 'queue':
      return [centerName(row.center), row.name]
    case 'agent':
      return [centerName(row.center), row.name === UNALLOCATED ? getTranslator(r.locale, 'reports')('columns.unallocated') : row.name]
    case 'channel':
    case 'direction':
      return [dimensionLabel(kind, row.name, r.locale)]
  }
}

// ---------------------------------------------------------------- CSV

export { roundRaw }

function summaryHeader(t: Tr): string[] {
  return [
    t('columns.key'),
    t('summary.kpi'),
    t('columns.unit'),
    t('summary.value'),
    t('columns.valueText'),
    t('summary.previous'),
    t('summary.change'),
    t('summary.lastYear'),
    t('summary.changeLastYear'),
    t('summary.target'),
    t('summary.status'),
  ]
}

function kpiListRows(r: MonthlyReport, kpis: Array<KpiValue & { lastYear?: number | null; lastYearChange?: number | null }>): CsvCell[][] {
  const f = reportFormat(r)
  return kpis.map((k) => [
    k.key,
    kpiLabel(k.key, r.locale),
    unitHint(k.unit, r.locale, k.currency ?? r.currency),
    roundRaw(k.value, k.unit),
    f.kpi(k.value, k.unit, k.currency),
    roundRaw(k.previous, k.unit),
    roundRaw(k.change, k.unit),
    roundRaw(k.lastYear, k.unit),
    roundRaw(k.lastYearChange, k.unit),
    roundRaw(k.target, k.unit),
    statusLabel(k.status, r.locale),
  ])
}

function wideRows(r: MonthlyReport, kind: 'daily' | 'interval' | 'centers' | Breakdown, table: ReportTable): CsvCell[][] {
  return table.rows.map((row) => [...rowLabelValues(r, kind, row), ...table.keys.map((k) => roundRaw(valueOf(row.kpis, k), kpiUnit(k)))])
}

function wideHeader(r: MonthlyReport, kind: 'daily' | 'interval' | 'centers' | Breakdown, keys: string[], t: Tr): string[] {
  return [...rowLabelColumns(kind, t), ...keys.map((k) => kpiColumnHeader(k, r.locale, r.currency))]
}

const ALL_CSV_SECTIONS: ReportSection[] = ['summary', 'reporting_line', 'cost', 'daily', 'centers', 'queue', 'channel', 'direction', 'agent', 'interval', 'forecast', 'compliance', 'quality', 'definitions']

/** The report as CSV: every section stacked (a title line before each table), or one section as a plain table. */
export function reportCsv(r: MonthlyReport, o: CsvOptions, section: ReportSection | 'all' = 'all'): string {
  const t = getTranslator(r.locale, 'reports')
  const blocks: Array<{ title: string | null; rows: CsvCell[][] }> = []
  const only = section !== 'all'
  const add = (s: ReportSection, title: string, rows: CsvCell[][]) => {
    if (only && s !== section) return
    blocks.push({ title: only ? null : title, rows })
  }
  add('summary', t('sections.summary'), [summaryHeader(t), ...kpiListRows(r, r.summary)])
  const tc = getTranslator(r.locale, 'common')
  if (!only || section === 'reporting_line') {
    const rows: CsvCell[][] = [[tc('reportingLine'), ...summaryHeader(t).slice(0, 5)]]
    for (const b of r.reportingLines) for (const row of kpiListRows(r, b.kpis)) rows.push([dimensionLabel('reporting_line', b.line, r.locale), ...row.slice(0, 5)])
    add('reporting_line', t('sections.reportingLine'), rows)
  }
  add('cost', t('sections.cost'), [wideHeader(r, 'centers', r.cost.keys, t), ...wideRows(r, 'centers', { keys: r.cost.keys, rows: r.cost.byCenter }), [t('columns.total'), ...r.cost.keys.map((k) => roundRaw(valueOf(r.cost.total, k), kpiUnit(k)))]])
  add('daily', t('sections.daily'), [wideHeader(r, 'daily', r.daily.keys, t), ...wideRows(r, 'daily', r.daily)])
  add('centers', t('sections.centers'), [wideHeader(r, 'centers', r.centers.keys, t), ...wideRows(r, 'centers', r.centers)])
  for (const b of ['queue', 'channel', 'direction', 'agent'] as const) {
    add(b, t(`sections.${b}`), [wideHeader(r, b, r.breakdowns[b].keys, t), ...wideRows(r, b, r.breakdowns[b])])
  }
  const fcAt = intervalForecast(r)
  add('interval', `${t('sections.interval')} — ${t('picker.minutes', { n: r.interval.size })}`, [
    [...wideHeader(r, 'interval', r.interval.keys, t), ...(fcAt ? [t('forecast.intervalForecast')] : [])],
    ...wideRows(r, 'interval', r.interval).map((cells, i) => (fcAt ? [...cells, roundRaw(fcAt(r.interval.rows[i]!), 'count')] : cells)),
  ])
  add('forecast', t('sections.forecast'), forecastRows(r, t))
  add('compliance', t('sections.compliance'), complianceRows(r, t))
  add('quality', t('sections.quality'), qualityNotes(r).map((n) => [n]))
  add('definitions', t('sections.definitions'), [
    [t('definitions.key'), t('definitions.label'), t('definitions.unit'), t('definitions.formula'), t('definitions.bucketedOn'), t('definitions.variant'), t('definitions.settings')],
    ...r.definitions.map((d) => [d.key, d.label, unitHint(kpiUnit(d.key), r.locale, r.currency), d.formula, d.bucketedOn, d.variant ?? '', d.settings.join(', ')]),
  ])

  const lines: CsvCell[][] = []
  if (!only) {
    lines.push([reportTitle(r)])
    for (const [a, b] of headerLines(r)) lines.push(b ? [a, b] : [a])
  }
  for (const b of blocks) {
    if (lines.length) lines.push([])
    if (b.title) lines.push([b.title])
    lines.push(...b.rows)
  }
  return toCsv(lines, o)
}

/** Forecast offered of an interval row, when the report's forecast section is at the interval table's size. */
function intervalForecast(r: MonthlyReport): ((row: ReportRow) => number | null) | null {
  if (!r.sections.includes('forecast') || !r.forecast || r.forecast.intervalMin !== r.interval.size || !Object.keys(r.forecast.byInterval).length) return null
  return (row) => r.forecast.byInterval[`${row.date} ${row.time}`] ?? null
}

const centerNameOf = (r: MonthlyReport, id: string) => r.selection.centers.find((c) => c.id === id)?.name ?? id

function forecastRows(r: MonthlyReport, t: Tr): CsvCell[][] {
  return [
    [t('columns.center'), t('columns.queue'), t('forecast.wape'), t('forecast.bias'), t('forecast.forecast'), t('forecast.actual'), t('forecast.daysForecast'), t('forecast.daysWithout')],
    ...(r.forecast?.rows ?? []).map((x) => [centerNameOf(r, x.centerId), x.queueName, roundRaw(x.wape, 'ratio'), roundRaw(x.bias, 'ratio'), x.daysForecast ? roundRaw(x.forecast, 'count') : null, x.daysForecast ? roundRaw(x.actual, 'count') : null, x.daysForecast, x.daysWithout]),
  ]
}

/** Per center the counts, then the offending contacts (the drill) — customer, contact, times. */
function complianceRows(r: MonthlyReport, t: Tr): CsvCell[][] {
  const rows: CsvCell[][] = [[t('columns.center'), t('compliance.attempts'), t('compliance.outsideHours'), t('compliance.overCap'), t('compliance.withoutCustomerId'), t('compliance.abandonedDaysOver'), t('compliance.worstAbandon'), t('compliance.cap')]]
  for (const c of r.compliance?.rows ?? []) {
    rows.push([centerNameOf(r, c.centerId), c.attempts, c.outsideHours, c.attemptCap === null ? null : c.overCapConsumers, c.attemptCap === null ? null : c.withoutCustomerId, c.abandonedCap === null ? null : c.abandonedDaysOver, roundRaw(c.worstAbandonRate, 'ratio'), roundRaw(c.abandonedCap, 'ratio')])
  }
  for (const c of r.compliance?.rows ?? []) {
    for (const v of c.drill.outsideHours) rows.push([centerNameOf(r, c.centerId), t('compliance.lists.outsideHours'), v.customerId ?? '', v.contactId, v.campaignId ?? '', v.local, t(`compliance.reasons.${v.reason as 'weekday' | 'public_holiday' | 'outside_hours'}`)])
    for (const v of c.drill.overCap) rows.push([centerNameOf(r, c.centerId), t('compliance.lists.overCap'), v.customerId, v.attempts, v.cap, v.times.join(' '), v.contactIds.join(' ')])
    for (const v of c.drill.abandoned) rows.push([centerNameOf(r, c.centerId), t('compliance.lists.abandoned'), v.campaignId ?? '', v.date, v.live, v.abandoned, roundRaw(v.rate, 'ratio')])
  }
  return rows
}

// ---------------------------------------------------------------- XLSX

type SummaryRow = KpiValue & { label: string; lastYear?: number | null; lastYearChange?: number | null; statusText: string }

/** The report as an .xlsx workbook: summary, reporting line, cost, daily, centers, breakdowns, intervals, data quality, definitions. */
export async function reportXlsx(r: MonthlyReport): Promise<Uint8Array> {
  const t = getTranslator(r.locale, 'reports')
  const tc = getTranslator(r.locale, 'common')
  const title = reportTitle(r)
  const colon = r.locale === 'fr' ? '\u00a0: ' : ': '
  const lines = headerText(headerLines(r), r.locale)
  const notes = qualityNotes(r)
  const cur = (row: { currency?: string }) => row.currency ?? r.currency ?? 'EUR'

  const summaryRows: SummaryRow[] = r.summary.map((k) => ({ ...k, label: kpiLabel(k.key, r.locale), statusText: statusLabel(k.status, r.locale) }))
  const unitOf = (row: { unit: KpiValue['unit'] }) => row.unit
  const summaryColumns: XlsxColumn<SummaryRow>[] = [
    { key: 'label', header: t('summary.kpi'), unit: 'text', width: 44 },
    { key: 'value', header: t('summary.value'), unit: unitOf, currency: cur, width: 16 },
    { key: 'previous', header: t('summary.previous'), unit: unitOf, currency: cur, width: 16 },
    { key: 'change', header: t('summary.change'), unit: unitOf, currency: cur, width: 14 },
    { key: 'lastYear', header: t('summary.lastYear'), unit: unitOf, currency: cur, width: 16 },
    { key: 'lastYearChange', header: t('summary.changeLastYear'), unit: unitOf, currency: cur, width: 14 },
    { key: 'target', header: t('summary.target'), unit: unitOf, currency: cur, width: 12 },
    { key: 'statusText', header: t('summary.status'), unit: 'text', width: 14 },
    { key: 'key', header: t('columns.key'), unit: 'text', width: 28 },
  ]

  type LineRow = SummaryRow & { line: string }
  const lineRows: LineRow[] = r.reportingLines.flatMap((b) =>
    b.kpis.map((k) => ({ ...k, line: dimensionLabel('reporting_line', b.line, r.locale), label: kpiLabel(k.key, r.locale), statusText: statusLabel(k.status, r.locale) })),
  )

  const wide = (kind: 'daily' | 'interval' | 'centers' | Breakdown, table: ReportTable, extraRows: ReportRow[] = []): XlsxSheetSpec<ReportRow> => {
    const labelCols = rowLabelColumns(kind, t)
    const columns: XlsxColumn<ReportRow>[] = [
      ...labelCols.map((h, i) => ({
        key: `_l${i}`,
        header: h,
        unit: kind === 'daily' || (kind === 'interval' && i === 0) ? ('date' as const) : ('text' as const),
        value: (row: ReportRow) => (row.id === '__total' ? (i === 0 ? t('columns.total') : '') : rowLabelValues(r, kind, row)[i]),
        width: kind === 'interval' && i === 1 ? 8 : undefined,
      })),
      ...table.keys.map((k) => ({
        key: k,
        header: kpiColumnHeader(k, r.locale, r.currency),
        unit: kpiUnit(k),
        currency: r.currency ?? 'EUR',
        value: (row: ReportRow) => valueOf(row.kpis, k),
        width: Math.min(24, Math.max(12, kpiLabel(k, r.locale).length * 0.8)),
      })),
    ]
    return { name: '', title, lines, columns, rows: [...table.rows, ...extraRows] }
  }
  const named = (name: string, spec: XlsxSheetSpec<ReportRow>) => ({ ...spec, name })

  const sheets: XlsxSheetSpec<any>[] = [
    { name: t('sheets.summary'), title, lines, columns: summaryColumns, rows: summaryRows, notes },
    {
      name: t('sheets.reportingLine'),
      title,
      lines,
      columns: [{ key: 'line', header: tc('reportingLine'), unit: 'text', width: 24 } as XlsxColumn<LineRow>, ...(summaryColumns as XlsxColumn<LineRow>[]).filter((c) => ['label', 'value', 'previous', 'change', 'target', 'statusText', 'key'].includes(c.key))],
      rows: lineRows,
    },
    named(t('sheets.cost'), wide('centers', { keys: r.cost.keys, rows: r.cost.byCenter }, [{ id: '__total', name: t('columns.total'), kpis: r.cost.total }])),
    named(t('sheets.daily'), wide('daily', r.daily)),
    named(t('sheets.centers'), wide('centers', r.centers)),
    named(t('sheets.queue'), wide('queue', r.breakdowns.queue)),
    named(t('sheets.channel'), wide('channel', r.breakdowns.channel)),
    named(t('sheets.direction'), wide('direction', r.breakdowns.direction)),
    named(t('sheets.agent'), wide('agent', r.breakdowns.agent)),
    (() => {
      const spec = wide('interval', r.interval)
      const fcAt = intervalForecast(r)
      const columns = fcAt ? [...spec.columns, { key: '_forecast', header: t('forecast.intervalForecast'), unit: 'number' as const, value: fcAt, width: 14 }] : spec.columns
      return { ...named(t('sheets.interval'), { ...spec, columns }), lines: [...lines, `${t('picker.intervalSize')}${colon}${t('picker.minutes', { n: r.interval.size })}`] }
    })(),
    { name: t('sheets.forecast'), title, lines, columns: textColumns(forecastRows(r, t)[0]!), rows: cellRows(forecastRows(r, t).slice(1)) },
    { name: t('sheets.compliance'), title, lines, columns: textColumns(complianceRows(r, t)[0]!), rows: cellRows(complianceRows(r, t).slice(1)), autoFilter: false },
    { name: t('sheets.quality'), title, lines, columns: [{ key: 'note', header: t('quality.title'), unit: 'text', width: 120 }], rows: notes.map((note) => ({ note })), autoFilter: false },
    {
      name: t('sheets.definitions'),
      title,
      columns: [
        { key: 'label', header: t('definitions.label'), unit: 'text', width: 40 },
        { key: 'formula', header: t('definitions.formula'), unit: 'text', width: 90 },
        { key: 'unitText', header: t('definitions.unit'), unit: 'text', width: 14 },
        { key: 'bucketedOn', header: t('definitions.bucketedOn'), unit: 'text', width: 40 },
        { key: 'variant', header: t('definitions.variant'), unit: 'text', width: 50 },
        { key: 'settingsText', header: t('definitions.settings'), unit: 'text', width: 40 },
        { key: 'key', header: t('definitions.key'), unit: 'text', width: 28 },
      ],
      rows: r.definitions.map((d) => ({ ...d, unitText: unitHint(kpiUnit(d.key), r.locale, r.currency), settingsText: d.settings.join(', ') })),
    },
  ]
  return workbookBuffer({ locale: r.locale, title, subject: periodLabel(r.period, r.locale) }, sheets)
}

/** A sheet of plain cells (numbers stay numbers): columns c0…cN headed by `header`. */
function textColumns(header: CsvCell[]): XlsxColumn<Record<string, CsvCell>>[] {
  return header.map((h, i) => ({ key: `c${i}`, header: String(h ?? ''), width: i === 0 ? 28 : 18 }))
}
function cellRows(rows: CsvCell[][]): Record<string, CsvCell>[] {
  return rows.map((cells) => Object.fromEntries(cells.map((c, i) => [`c${i}`, c])))
}

/**
 * File name, the same for every format of one request: `plateau-report-2026-10-paris-sales.csv`,
 * `…-2-centers.pdf`, `…-sales.xlsx` (a reporting line), `…-all.csv` (no center asked for: all in scope; a scope of one center is named after it).
 * Named after what was asked, not after how many centers that resolved to.
 */
export function reportFileName(r: MonthlyReport, ext: string): string {
  const asked = r.selection.requestedCenters.length ? r.selection.requestedCenters : r.selection.centers.length === 1 ? [r.selection.centers[0]!.id] : []
  return reportFileNameFor(r.period.month ?? `${r.period.firstDay}_${r.period.lastDay}`, asked, ext, r.selection.reportingLines)
}

export function reportFileNameFor(period: string, centerIds: string[], ext: string, lines: string[] = []): string {
  const centers = centerIds.length === 1 ? centerIds[0] : centerIds.length ? `${centerIds.length}-centers` : ''
  const scope = [lines.join('+'), centers].filter(Boolean).join('-') || 'all'
  return `plateau-report-${period}-${scope}.${ext}`.replace(/[^A-Za-z0-9._+-]/g, '_')
}
