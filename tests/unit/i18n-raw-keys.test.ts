import { describe, expect, it } from 'vitest'
import { assertNoRawKeys, catalogueKeys, findRawKeys } from '../helpers/raw-keys'

describe('raw message key detection', () => {
  it('knows the catalogue keys, leaves and branches', () => {
    const keys = catalogueKeys()
    expect(keys.has('kpi.asa.label')).toBe(true)
    expect(keys.has('kpi.asa')).toBe(true)
    expect(keys.has('nav.live')).toBe(true)
  })

  it('finds keys from the catalogue and namespaced keys with no message', () => {
    const text = 'Temps réel\nkpi.asa.label 12,5 %\n(live.notYetTranslated) tooltip: common.status.good.'
    expect(findRawKeys(text)).toEqual([
      { token: 'kpi.asa.label', known: true },
      { token: 'live.notYetTranslated', known: false },
      { token: 'common.status.good', known: true },
    ])
    expect(() => assertNoRawKeys(text, '/live')).toThrow(/kpi\.asa\.label.*live\.notYetTranslated \(no such message\)/)
  })

  it('does not flag ordinary text, numbers, URLs or other dotted words', () => {
    const text = 'Délai moyen de réponse (ASA) 1:05 — 1.234,56 € e.g. www.example.com paris-sales v1.2 Node.js foo.bar'
    expect(findRawKeys(text)).toEqual([])
    expect(() => assertNoRawKeys(text)).not.toThrow()
  })

  it('allows listed tokens', () => {
    expect(findRawKeys('see nav.live', { allow: ['nav.live'] })).toEqual([])
  })
})
