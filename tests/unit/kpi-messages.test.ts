/**
 * messages/{en,fr}/kpi.json are generated from lib/kpi/definitions.ts (the one place a KPI's
 * label, short label and formula are written) by scripts/gen-kpi-messages.ts.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { LOCALES } from '@/lib/i18n/config'
import { getMessages, type KpiMessageKey } from '@/lib/i18n/messages'
import { KPI_DEFINITIONS, KPI_KEYS, type KpiKey } from '@/lib/kpi/definitions'
import { generateKpiMessages, HAND_WRITTEN_KEYS, kpiMessagesFile, renderKpiMessages } from '../../scripts/gen-kpi-messages'

const read = (file: string) => fs.readFileSync(file, 'utf8')

// Compile-time too (npx tsc): the catalogue's KPI keys are exactly the engine's.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const keysMatch: Same<KpiMessageKey, KpiKey> = true

describe('kpi message catalogues', () => {
  it.each(LOCALES)('messages/%s/kpi.json is current (run `npx tsx scripts/gen-kpi-messages.ts`)', (locale) => {
    const file = kpiMessagesFile(locale, path.resolve(__dirname, '../..'))
    const text = read(file)
    expect(text).toBe(renderKpiMessages(locale, JSON.parse(text)))
  })

  it('has exactly one entry per engine KPI plus the hand-written keys (no stale KPI, none missing)', () => {
    expect(keysMatch).toBe(true)
    for (const locale of LOCALES) {
      const kpi = getMessages(locale).kpi as Record<string, unknown>
      expect(Object.keys(kpi).sort(), locale).toEqual([...KPI_KEYS, ...HAND_WRITTEN_KEYS].sort())
    }
  })

  it('every label, short label and formula is the definition’s text, in both locales', () => {
    for (const locale of LOCALES) {
      const kpi = getMessages(locale).kpi as unknown as Record<string, { label: string; short: string; formula: string }>
      for (const d of KPI_DEFINITIONS) {
        expect(kpi[d.key], `${locale} kpi.${d.key}`).toEqual({ label: d.label[locale], short: d.short[locale], formula: d.formula[locale] })
      }
    }
  })

  it('the renderer drops KPIs the engine does not have, keeps hand-written keys, rejects ICU braces', () => {
    const defs = [
      { key: 'offered', label: { en: 'Offered', fr: 'Présentés' }, short: { en: 'Off.', fr: 'Prés.' }, formula: { en: 'Entered a queue.', fr: 'Entrés en file.' } },
    ]
    const current = { agents_by_state: { label: 'x', short: 'x', formula: 'x' }, offered: { label: 'old', short: 'old', formula: 'old' }, tile: { formula: 'Formule', nested: { a: 'b' } } }
    const out = JSON.parse(renderKpiMessages('fr', current, defs))
    expect(out).toEqual({ offered: { label: 'Présentés', short: 'Prés.', formula: 'Entrés en file.' }, tile: { formula: 'Formule', nested: { a: 'b' } } })
    expect(Object.keys(out)).toEqual(['offered', 'tile'])
    expect(() => renderKpiMessages('en', current, [{ ...defs[0]!, formula: { en: 'Wait {n} s', fr: 'x' } }])).toThrow(/ICU/)
    expect(() => renderKpiMessages('en', current, [{ ...defs[0]!, short: { en: ' ', fr: 'x' } }])).toThrow(/empty/)
    expect(() => renderKpiMessages('en', { offered: {} }, defs)).toThrow(/"tile"/)
    expect(() => renderKpiMessages('en', current, [{ ...defs[0]!, key: 'tile' }])).toThrow(/collides/)
  })

  it('--check reports a stale file and writing fixes it (temp copy of the catalogues)', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-kpi-messages-'))
    for (const locale of LOCALES) {
      fs.mkdirSync(path.join(root, 'messages', locale), { recursive: true })
      fs.copyFileSync(kpiMessagesFile(locale, path.resolve(__dirname, '../..')), kpiMessagesFile(locale, root))
    }
    expect(generateKpiMessages({ root, check: true })).toEqual([])
    // a hand edit of a KPI text in the catalogue (the drift this generator exists to prevent)
    const fr = kpiMessagesFile('fr', root)
    const edited = JSON.parse(read(fr)) as Record<string, Record<string, string>>
    edited.answered!.formula = 'Contacts décrochés, comptés dans l’intervalle où ils ont été décrochés.'
    edited.agents_by_state = { label: 'Téléconseillers par état', short: 'Téléconseillers', formula: 'Par état.' }
    fs.writeFileSync(fr, JSON.stringify(edited, null, 2))
    expect(generateKpiMessages({ root, check: true })).toEqual([fr])
    expect(generateKpiMessages({ root })).toEqual([fr])
    expect(generateKpiMessages({ root, check: true })).toEqual([])
    const fixed = JSON.parse(read(fr)) as Record<string, Record<string, string>>
    expect(fixed.answered!.formula).toBe(KPI_DEFINITIONS.find((d) => d.key === 'answered')!.formula.fr)
    expect(fixed.agents_by_state).toBeUndefined()
    fs.rmSync(root, { recursive: true, force: true })
  })
})
