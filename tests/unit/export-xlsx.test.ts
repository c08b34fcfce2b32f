import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { cellValue, numFmtFor, safeSheetName, workbookBuffer, type XlsxSheetSpec } from '@/lib/export/xlsx'

async function read(buf: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(buf) as unknown as ArrayBuffer)
  return wb
}

type Row = { label: string; unit: 'count' | 'percent' | 'seconds' | 'currency' | 'ratio' | 'score'; value: number | null; at?: number }

describe('XLSX builder', () => {
  it('sheet names: forbidden characters replaced, ≤ 31 chars, unique case-insensitively', () => {
    const used = new Set<string>()
    expect(safeSheetName('Files d’attente / canaux', used)).toBe('Files d’attente canaux')
    expect(safeSheetName('A'.repeat(40), used)).toBe('A'.repeat(31))
    expect(safeSheetName('a'.repeat(40), used)).toBe('a'.repeat(27) + ' (2)')
    expect(safeSheetName('[]:*?', used)).toBe('Sheet')
  })

  it('number formats per unit', () => {
    expect(numFmtFor('percent', 'fr')).toBe('0.0%')
    expect(numFmtFor('seconds', 'en')).toBe('[h]:mm:ss')
    expect(numFmtFor('count', 'en')).toBe('#,##0')
    expect(numFmtFor('currency', 'fr', 'EUR')).toBe('#,##0.00 "€"')
    expect(numFmtFor('currency', 'en', 'EUR')).toBe('"€"#,##0.00')
    expect(numFmtFor('text', 'en')).toBeUndefined()
  })

  it('cell values: durations in days, dates as wall-clock serials in the zone, text as text', () => {
    expect(cellValue(86_400, 'seconds')).toBe(1)
    expect(cellValue('12', 'count')).toBe(12)
    expect(cellValue(null, 'percent')).toBeNull()
    expect(cellValue('=HYPERLINK("x")', 'text')).toBe('=HYPERLINK("x")')
    // 2026-10-01T00:00 Paris = 2026-09-30T22:00Z → serial of 2026-10-01 00:00 (46296)
    expect(cellValue(Date.parse('2026-09-30T22:00:00Z'), 'datetime', 'Europe/Paris')).toBeCloseTo(46296, 9)
    expect(cellValue('2026-10-01', 'date', 'Europe/Paris')).toBeCloseTo(46296, 9)
  })

  it('writes a real workbook: numbers are numbers with formats, per-row units, title, notes, frozen header', async () => {
    const rows: Row[] = [
      { label: 'Offered', unit: 'count', value: 1234 },
      { label: 'Service level', unit: 'percent', value: 0.8523 },
      { label: 'AHT', unit: 'seconds', value: 275.5 },
      { label: 'Cost', unit: 'currency', value: 1234.56 },
      { label: 'ROI', unit: 'ratio', value: 1.3456 },
      { label: 'NPS', unit: 'score', value: -12.34 },
      { label: '=HYPERLINK("http://evil")', unit: 'count', value: null },
    ]
    const spec: XlsxSheetSpec<Row> = {
      name: 'Synthèse',
      title: 'Paris Ventes — octobre 2026',
      lines: ['Période : 01/10/2026 – 31/10/2026'],
      columns: [
        { key: 'label', header: 'Indicateur', unit: 'text' },
        { key: 'value', header: 'Valeur', unit: (r) => r.unit, currency: 'EUR' },
      ],
      rows,
      notes: ['3 événements tardifs'],
    }
    const wb = await read(await workbookBuffer({ locale: 'fr', title: 'Rapport' }, [spec, { ...spec, name: 'Synthèse' }]))
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Synthèse', 'Synthèse (2)'])
    const ws = wb.getWorksheet('Synthèse')!
    expect(ws.getCell('A1').value).toBe('Paris Ventes — octobre 2026')
    expect(ws.getCell('A4').value).toBe('Indicateur')
    const values = rows.map((_, i) => ws.getCell(5 + i, 2))
    // exceljs reads a number with a time format back as a Date: convert to the stored serial.
    const num = (v: ExcelJS.CellValue) => (v instanceof Date ? v.getTime() / 86_400_000 + 25_569 : v)
    const got = values.map((c) => num(c.value))
    const want = [1234, 0.8523, 275.5 / 86_400, 1234.56, 1.3456, -12.34, null]
    got.forEach((g, i) => (want[i] === null ? expect(g).toBeNull() : expect(g as number).toBeCloseTo(want[i]!, 12)))
    expect((got[2] as number) * 86_400).toBeCloseTo(275.5, 6)
    for (const c of values.slice(0, 6)) expect([ExcelJS.ValueType.Number, ExcelJS.ValueType.Date]).toContain(c.type)
    expect(values.slice(0, 6).map((c) => c.numFmt)).toEqual(['#,##0', '0.0%', '[h]:mm:ss', '#,##0.00 "€"', '0.00', '0.0'])
    // hostile text stays a string, never a formula
    const hostile = ws.getCell(11, 1)
    expect(hostile.type).toBe(ExcelJS.ValueType.String)
    expect(hostile.formula).toBeUndefined()
    expect(ws.getCell(13, 1).value).toBe('3 événements tardifs')
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 })
  })
})
