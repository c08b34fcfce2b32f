/**
 * One parser per route family (live, reports, executive), used by the pages and the API routes,
 * and one error for a bad parameter: ParamError, whose message names the parameter (the
 * routes answer it with 400 through withAuth — tests/unit/auth.test.ts).
 */
import { describe, expect, it } from 'vitest'
import { parseComplianceParams } from '@/lib/compliance/params'
import { CsvOptionError, csvOptions } from '@/lib/export/csv'
import { parseExecutiveExportParams, parseExecutiveParams } from '@/lib/executive/request'
import { liveViewParams, parseDrillParams, parseLiveExportParams, parseLiveParams } from '@/lib/live/params'
import { ParamError } from '@/lib/params'
import { PeriodError, resolvePeriod } from '@/lib/periods/calendar'
import { parseReportParams } from '@/lib/reports/params'

const problem = (f: () => unknown): string => {
  try {
    f()
  } catch (e) {
    expect(e).toBeInstanceOf(ParamError)
    return (e as Error).message
  }
  throw new Error('expected a ParamError')
}

describe('live parameters', () => {
  it('the same parse from URLSearchParams (routes) and a Next.js searchParams object (page)', () => {
    const fromUrl = parseLiveParams(new URLSearchParams('centers=a,b&centers=c&line=sales&channels=voice'))
    const fromPage = parseLiveParams({ centers: ['a,b', 'c'], line: 'sales', channels: 'voice' })
    expect(fromUrl).toEqual({ centers: ['a', 'b', 'c'], line: 'sales', queues: [], channels: ['voice'] })
    expect(fromPage).toEqual(fromUrl)
  })

  it('bad input names the parameter', () => {
    expect(problem(() => parseLiveParams(new URLSearchParams('channels=fax')))).toMatch(/^channels\.0: /)
    expect(problem(() => parseLiveParams(new URLSearchParams('line=finance')))).toMatch(/^line: /)
    expect(problem(() => parseLiveParams(new URLSearchParams('foo=1')))).toMatch(/foo/)
    expect(problem(() => parseLiveParams(new URLSearchParams(`centers=${'x'.repeat(129)}`)))).toMatch(/^centers\.0: /)
    expect(problem(() => parseDrillParams(new URLSearchParams('set=everything')))).toMatch(/^set: /)
    expect(problem(() => parseDrillParams(new URLSearchParams('set=abandoned&pageSize=5000')))).toMatch(/^pageSize: /)
    expect(problem(() => parseLiveExportParams(new URLSearchParams('set=abandoned&locale=de')))).toMatch(/^locale: /)
    expect(problem(() => parseLiveExportParams(new URLSearchParams('set=abandoned&page=2')))).toMatch(/page/)
  })

  it('drill-down and export parse their own keys', () => {
    expect(parseDrillParams(new URLSearchParams('set=abandoned&page=2&queue=q1&center=a'))).toMatchObject({ set: 'abandoned', page: 2, pageSize: 25, queue: 'q1', center: 'a' })
    expect(parseLiveExportParams(new URLSearchParams('set=waiting_now&sep=;&locale=fr'))).toMatchObject({ set: 'waiting_now', sep: ';', locale: 'fr' })
  })

  it('the page reads its filters only, and opens unfiltered on filters it cannot read', () => {
    expect(liveViewParams({ centers: 'a', tab: 'agents' })).toEqual({ centers: ['a'], line: null, queues: [], channels: [] })
    expect(liveViewParams({ centers: 'a', channels: 'fax' })).toEqual({ centers: [], line: null, queues: [], channels: [] })
  })
})

describe('executive parameters', () => {
  const now = Date.parse('2026-11-22T12:00:00Z')
  it('the same parse from URLSearchParams and a searchParams object', () => {
    const q = `from=2026-01&to=2026-03&centers=a,b&now=${now}`
    const a = parseExecutiveParams(new URLSearchParams(q))
    expect(a).toEqual({ range: { from: '2026-01', to: '2026-03' }, centers: ['a', 'b'], now })
    expect(parseExecutiveParams({ from: '2026-01', to: '2026-03', centers: 'a,b', now: String(now) })).toEqual(a)
  })

  it('bad input names the parameter; a period error is a parameter error', () => {
    expect(problem(() => parseExecutiveParams(new URLSearchParams('from=2026-13')))).toMatch(/^from: .*YYYY-MM/)
    expect(problem(() => parseExecutiveParams(new URLSearchParams(`from=2026-05&to=2026-01&now=${now}`)))).toMatch(/after/)
    expect(problem(() => parseExecutiveParams(new URLSearchParams(`centers=${'x'.repeat(129)}`)))).toMatch(/^centers: /)
    expect(() => parseExecutiveParams(new URLSearchParams('from=2026-13'))).toThrow(PeriodError)
    expect(problem(() => parseExecutiveExportParams(new URLSearchParams('format=docx')))).toBe('format: expected pdf or xlsx')
    expect(problem(() => parseExecutiveExportParams(new URLSearchParams('from=2026-01&to=2026-01')))).toBe('format: expected pdf or xlsx')
    expect(problem(() => parseExecutiveExportParams(new URLSearchParams('format=pdf&locale=de')))).toBe('locale: expected en or fr')
    expect(parseExecutiveExportParams(new URLSearchParams(`format=xlsx&locale=fr&from=2026-02&now=${now}`))).toMatchObject({ format: 'xlsx', locale: 'fr', range: { from: '2026-02', to: '2026-02' } })
    expect(parseExecutiveExportParams(new URLSearchParams(`format=pdf&now=${now}`)).locale).toBeNull()
  })
})

describe('report parameters', () => {
  const now = Date.parse('2026-11-22T12:00:00Z')
  it('bad input names the parameter', () => {
    expect(problem(() => parseReportParams(new URLSearchParams('month=2026-1'), now))).toMatch(/^month: /)
    expect(problem(() => parseReportParams(new URLSearchParams('interval=5'), now))).toMatch(/^interval: /)
    expect(problem(() => parseReportParams({ line: ['sales', 'nope'] }, now))).toMatch(/^line\.1: /)
  })
  it('a period out of range and a bad separator are parameter errors too', () => {
    expect(problem(() => resolvePeriod({ kind: 'range', from: '2026-10-10', to: '2026-10-01' }, 'Europe/Paris'))).toBeTruthy()
    expect(problem(() => csvOptions('en', 'pipe'))).toMatch(/^sep must be one of/)
    expect(() => csvOptions('en', 'pipe')).toThrow(CsvOptionError)
  })
})

describe('compliance parameters', () => {
  it('a ParamError naming each bad parameter; good ones parsed', () => {
    const q = (s: string) => new URLSearchParams(s)
    expect(parseComplianceParams(q('center=paris-sales&from=2026-11-01&to=2026-11-30'))).toEqual({ center: 'paris-sales', from: '2026-11-01', to: '2026-11-30' })
    expect(problem(() => parseComplianceParams(q('center=paris-sales&from=2026-11-30&to=2026-11-01')))).toMatch(/^from: from must not be after to/)
    expect(problem(() => parseComplianceParams(q('center=paris-sales&from=2026-01-01&to=2026-12-31')))).toMatch(/to: at most 93 days/)
    const both = problem(() => parseComplianceParams(q('from=11/01/2026&to=2026-11-30&extra=1')))
    expect(both).toMatch(/center: /)
    expect(both).toMatch(/from: YYYY-MM-DD/)
  })
})
