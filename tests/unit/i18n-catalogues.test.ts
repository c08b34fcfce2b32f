import fs from 'node:fs'
import path from 'node:path'
import { createTranslator } from 'use-intl/core'
import { describe, expect, it } from 'vitest'
import { LOCALES } from '@/lib/i18n/config'
import { flattenMessages, icuArguments } from '@/lib/i18n/catalogue'
import { NAMESPACES, getMessages } from '@/lib/i18n/messages'
import { AGENT_STATES, CHANNELS, DIRECTIONS, OUTCOMES } from '@/lib/contract/vocabulary'

const ROOT = path.resolve(__dirname, '../../messages')
const KEY_SEGMENT = /^[A-Za-z0-9_]+$/

function readCatalogue(locale: string, ns: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(ROOT, locale, `${ns}.json`), 'utf8'))
}

function jsonFiles(locale: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, locale))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort()
}

/** Structural differences between two trees: keys on one side only, string vs object. */
function diffTrees(a: unknown, b: unknown, prefix: string, nameA: string, nameB: string): string[] {
  const isObj = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v)
  if (!isObj(a) || !isObj(b)) {
    if (isObj(a) !== isObj(b)) return [`${prefix}: object in ${isObj(a) ? nameA : nameB} only`]
    return []
  }
  const out: string[] = []
  const ra = a as Record<string, unknown>
  const rb = b as Record<string, unknown>
  for (const k of Object.keys(ra)) if (!(k in rb)) out.push(`${prefix}.${k}: missing in ${nameB}`)
  for (const k of Object.keys(rb)) if (!(k in ra)) out.push(`${prefix}.${k}: missing in ${nameA}`)
  for (const k of Object.keys(ra)) if (k in rb) out.push(...diffTrees(ra[k], rb[k], `${prefix}.${k}`, nameA, nameB))
  return out
}

describe('message catalogues', () => {
  it('every locale has the same namespace files, all registered in lib/i18n/messages.ts', () => {
    const expected = [...NAMESPACES].sort()
    for (const locale of LOCALES) expect(jsonFiles(locale), `messages/${locale}/`).toEqual(expected)
  })

  it('the loader serves exactly the files on disk', () => {
    for (const locale of LOCALES) {
      const loaded = getMessages(locale) as Record<string, unknown>
      expect(Object.keys(loaded).sort()).toEqual([...NAMESPACES].sort())
      for (const ns of NAMESPACES) expect(loaded[ns], `${locale}/${ns}`).toEqual(readCatalogue(locale, ns))
    }
  })

  it('no key exists in one locale and not the other (recursively, every namespace)', () => {
    const problems: string[] = []
    for (const ns of NAMESPACES) {
      const [first, ...rest] = LOCALES
      for (const other of rest) {
        problems.push(...diffTrees(readCatalogue(first, ns), readCatalogue(other, ns), `${ns}`, first, other))
      }
    }
    expect(problems).toEqual([])
  })

  it('every value is a non-empty string and every key segment is a plain identifier', () => {
    const problems: string[] = []
    for (const locale of LOCALES) {
      for (const ns of NAMESPACES) {
        const flat = flattenMessages(readCatalogue(locale, ns), ns)
        if (Object.keys(flat).length === 0) problems.push(`${locale}/${ns}: empty namespace`)
        for (const [key, value] of Object.entries(flat)) {
          if (typeof value !== 'string') problems.push(`${locale} ${key}: not a string (${JSON.stringify(value)})`)
          else if (value.trim() === '') problems.push(`${locale} ${key}: empty`)
          for (const seg of key.split('.')) if (!KEY_SEGMENT.test(seg)) problems.push(`${locale} ${key}: bad key segment "${seg}"`)
        }
      }
    }
    expect(problems).toEqual([])
  })

  it('ICU placeholders (arguments, plural/select, tags) are the same in every locale', () => {
    const problems: string[] = []
    const en = flattenMessages(getMessages('en'))
    for (const locale of LOCALES) {
      const flat = flattenMessages(getMessages(locale))
      for (const [key, value] of Object.entries(flat)) {
        try {
          const args = icuArguments(String(value))
          const ref = icuArguments(String(en[key]))
          if (JSON.stringify(args) !== JSON.stringify(ref)) problems.push(`${key}: ${locale} ${JSON.stringify(args)} vs en ${JSON.stringify(ref)}`)
        } catch (e) {
          problems.push(`${locale} ${key}: malformed ICU message: ${(e as Error).message}`)
        }
      }
    }
    expect(problems).toEqual([])
  })

  it('every message formats without error in its locale (next-intl runtime)', () => {
    const problems: string[] = []
    for (const locale of LOCALES) {
      const messages = getMessages(locale)
      const t = createTranslator({
        locale,
        messages,
        timeZone: 'Europe/Paris',
        onError: (e) => problems.push(`${locale}: ${e.message}`),
      })
      for (const [key, value] of Object.entries(flattenMessages(messages))) {
        const values: Record<string, string | number | Date | ((chunks: string) => string)> = {}
        for (const sig of icuArguments(String(value))) {
          if (sig.startsWith('<')) values[sig.slice(1, -1)] = (chunks: string) => chunks
          else {
            const [name, type] = sig.split(':') as [string, string | undefined]
            values[name] =
              type === 'plural' || type === 'selectordinal' || type === 'number' ? 3 : type === 'date' || type === 'time' ? new Date() : 'X'
          }
        }
        const out = (t.markup as (k: string, v: typeof values) => string)(key, values)
        if (!out || out === key) problems.push(`${locale} ${key}: rendered "${out}"`)
      }
    }
    expect(problems).toEqual([])
  })

  it('French typography: typographic apostrophe, no-break space before : ; ! ? » and % and after «', () => {
    const problems: string[] = []
    for (const [key, value] of Object.entries(flattenMessages(getMessages('fr')))) {
      const v = String(value)
      // An ASCII apostrophe is also ICU's escape character ('{' starts quoted text).
      if (v.includes("'")) problems.push(`${key}: use ’ (U+2019) instead of ' in "${v}"`)
      if (/ [:;!?»]/.test(v)) problems.push(`${key}: use U+00A0 (no-break space) before : ; ! ? » in "${v}"`)
      if (/[\d}] %/.test(v)) problems.push(`${key}: use U+00A0 between a number and % in "${v}"`)
      if (/« /.test(v)) problems.push(`${key}: use U+00A0 after « in "${v}"`)
      if (/\} (s|min|h|€|%)\b/.test(v)) problems.push(`${key}: use U+00A0 between a number and its unit in "${v}"`)
    }
    expect(problems).toEqual([])
  })

  it('every value of the event contract enums has a label (channels, directions, agent states, outcomes)', () => {
    for (const locale of LOCALES) {
      const c = getMessages(locale).common
      expect(Object.keys(c.channels).sort(), `${locale} channels`).toEqual([...CHANNELS].sort())
      expect(Object.keys(c.directions).sort(), `${locale} directions`).toEqual([...DIRECTIONS].sort())
      expect(Object.keys(c.agentStates).sort(), `${locale} agentStates`).toEqual([...AGENT_STATES].sort())
      expect(Object.keys(c.outcomes).sort(), `${locale} outcomes`).toEqual([...OUTCOMES].sort())
    }
  })

  it('every KPI entry has a label, a short label and a formula', () => {
    for (const locale of LOCALES) {
      for (const [key, entry] of Object.entries(getMessages(locale).kpi)) {
        if (key === 'tile') continue
        expect(Object.keys(entry).sort(), `${locale} kpi.${key}`).toEqual(['formula', 'label', 'short'])
      }
    }
  })

  it('French says TMA for ASA everywhere (as DMT for AHT), never the English abbreviation', () => {
    const strings: string[] = []
    const walk = (v: unknown) => {
      if (typeof v === 'string') strings.push(v)
      else if (v && typeof v === 'object') Object.values(v).forEach(walk)
    }
    walk(getMessages('fr'))
    expect(strings.filter((s) => /\bASA\b|\bAHT\b/.test(s))).toEqual([])
    expect(strings.some((s) => /\bTMA\b/.test(s))).toBe(true)
  })

  it('contact-center vocabulary is the one French professionals use', () => {
    const fr = getMessages('fr')
    expect(fr.kpi.answer_rate.label).toBe('Taux de décroché')
    expect(fr.kpi.asa.label).toBe('Temps moyen d’attente (TMA)')
    expect(fr.kpi.asa.short).toBe('TMA')
    expect(fr.kpi.abandonment_rate.label).toBe('Taux d’abandon')
    expect(fr.kpi.aht.label).toBe('Durée moyenne de traitement (DMT)')
    expect(fr.kpi.service_level.label).toBe('Niveau de service')
    expect(fr.kpi.occupancy.label).toBe('Taux d’occupation')
    expect(fr.kpi.csat.label).toBe('Satisfaction client (CSAT)')
    expect(fr.kpi.fcr_survey.label).toMatch(/^Taux de résolution au premier contact/)
    expect(fr.common.reportingLines).toEqual({
      sales: 'Direction commerciale',
      marketing: 'Marketing',
      customer_service: 'Relation client',
      general_management: 'Direction générale',
    })
    expect(fr.common.centerModels).toEqual({ cost_center: 'Centre de coûts', profit_center: 'Centre de profit' })
    expect(fr.common.agents).toBe('Téléconseillers')
    expect(fr.common.supervisors).toBe('Superviseurs')
    expect(fr.common.agentStates.wrap_up).toBe('Post-appel (ACW)')
    expect(fr.common.agentStates.on_contact).toBe('En communication')
  })
})

describe('icuArguments', () => {
  it('extracts simple, typed, plural, select and tag arguments', () => {
    expect(icuArguments('Data is {seconds} s old')).toEqual(['seconds'])
    expect(icuArguments('{count, plural, =0 {No rows} one {# row} other {# rows for {who}}}')).toEqual(['count:plural', 'who'])
    expect(icuArguments('{n, number, percent} on {d, date, short}')).toEqual(['d:date', 'n:number'])
    expect(icuArguments('{r, select, admin {A} other {B}}')).toEqual(['r:select(admin|other)'])
    expect(icuArguments('Press <b>{key}</b>')).toEqual(['<b>', 'key'])
    expect(icuArguments("It'''s '{literal}' {x}")).toEqual(['x'])
  })

  it('rejects malformed messages', () => {
    expect(() => icuArguments('Hello {name')).toThrow()
    expect(() => icuArguments('Hello name}')).toThrow()
    expect(() => icuArguments('{n, plural, one {x}}')).toThrow(/other/)
    expect(() => icuArguments('{bad name}')).toThrow()
  })

  it('a catalogue pair with different placeholders would be caught', () => {
    expect(icuArguments('Last updated {time}')).not.toEqual(icuArguments('Dernière mise à jour\u00a0: {heure}'))
  })
})
