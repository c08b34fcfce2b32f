/**
 * Outbound compliance as shown (report section — also the PDF — and the board tile): an attempt
 * cap that could not be checked because calls had no customer id shows "—" and how many calls
 * lacked it, never a 0; found consumers still show, beside the unchecked count. en + fr.
 */
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { NextIntlClientProvider } from 'next-intl'
import { describe, expect, it } from 'vitest'
import type { AppLocale } from '@/lib/i18n/config'
import { getMessages } from '@/lib/i18n/messages'
import type { MonthlyReport } from '@/lib/reports/types'
import type { ComplianceCenterRow } from '@/lib/reports/plan-sections'
import type { ComplianceTiles } from '@/lib/live/board-forecast'
import { findRawKeys } from '../helpers/raw-keys'

const { ComplianceSection } = await import('@/components/reports/PlanSections')
const { BoardGrid } = await import('@/components/wallboard/BoardView')

const render = (locale: AppLocale, node: ReturnType<typeof createElement>) =>
  renderToStaticMarkup(createElement(NextIntlClientProvider, { locale, messages: getMessages(locale), timeZone: 'Europe/Paris', children: node }))
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()
const cell = (html: string, attr: string) => text(html.match(new RegExp(`<td[^>]*${attr}[^>]*>(.*?)</td>`))![1]!)

const row = (over: Partial<ComplianceCenterRow>): ComplianceCenterRow => ({
  centerId: 'ob',
  configured: true,
  attempts: 8,
  outsideHours: 0,
  overCapConsumers: 0,
  withoutCustomerId: 0,
  abandonedDaysOver: 0,
  worstAbandonRate: null,
  abandonedCap: null,
  attemptCap: 4,
  drill: { outsideHours: [], overCap: [], abandoned: [] },
  listsTruncated: false,
  ...over,
})
const report = (r: ComplianceCenterRow) =>
  ({ compliance: { rows: [r], centersLeftOut: 0 }, selection: { centers: [{ id: 'ob', name: 'Outbound' }] }, period: { timezone: 'Europe/Paris' } }) as unknown as MonthlyReport

describe('report compliance section', () => {
  it('5 calls without customer id and none found: "—" and the count, not 0 (en, fr)', () => {
    const html = render('en', createElement(ComplianceSection, { report: report(row({ overCapConsumers: null, withoutCustomerId: 5 })) }))
    expect(text(html)).toContain('Calls without customer id (not checked against the attempt cap)')
    expect(cell(html, 'data-over-cap')).toBe('—')
    expect(cell(html, 'data-without-customer-id')).toBe('5')
    const fr = render('fr', createElement(ComplianceSection, { report: report(row({ overCapConsumers: null, withoutCustomerId: 5 })) }))
    expect(text(fr)).toContain('Appels sans identifiant client (non vérifiés au regard du plafond d’appels)')
    expect(cell(fr, 'data-over-cap')).toBe('—')
    expect(findRawKeys(text(html) + text(fr))).toEqual([])
  })
  it('every call identified: a real 0; found consumers show beside the unchecked count', () => {
    expect(cell(render('en', createElement(ComplianceSection, { report: report(row({})) })), 'data-over-cap')).toBe('0')
    const html = render('en', createElement(ComplianceSection, { report: report(row({ overCapConsumers: 2, withoutCustomerId: 3 })) }))
    expect([cell(html, 'data-over-cap'), cell(html, 'data-without-customer-id')]).toEqual(['2', '3'])
  })
})

describe('board compliance tile', () => {
  const board = { id: 'b', title: 'B', timezone: 'Europe/Paris', columns: 2, tiles: [{ panel: 'compliance', span: 2 }] } as unknown as Parameters<typeof BoardGrid>[0]['board']
  const tiles = (over: Partial<ComplianceTiles>): ComplianceTiles => ({ centers: ['ob'], outsideHours: 0, overCapConsumers: 0, withoutCustomerId: 0, abandon: null, hasAttemptCap: true, hasAbandonedCap: false, ...over })
  const overCap = (html: string) =>
    [...html.match(/data-compliance="overCap"[^]*?<\/div>/)![0].matchAll(/<dd[^>]*>(.*?)<\/dd>/g)].map((m) => text(m[1]!))
  const snap = (c: ComplianceTiles) => ({ compliance: c }) as unknown as Parameters<typeof BoardGrid>[0]['snapshot']
  it('none found, 5 calls without id: "—" and "5 calls without customer id" (en, fr)', () => {
    expect(overCap(render('en', createElement(BoardGrid, { board, snapshot: snap(tiles({ overCapConsumers: null, withoutCustomerId: 5 })) })))).toEqual(['—', '5 calls without customer id'])
    expect(overCap(render('fr', createElement(BoardGrid, { board, snapshot: snap(tiles({ overCapConsumers: null, withoutCustomerId: 1 })) })))).toEqual(['—', '1 appel sans identifiant client'])
  })
  it('every call identified: 0 alone', () => {
    expect(overCap(render('en', createElement(BoardGrid, { board, snapshot: snap(tiles({})) })))).toEqual(['0'])
  })
})
