import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, ResolvedConfig, parseConfig, queueSettings } from '@/lib/config'

const example = fs.readFileSync(path.join(__dirname, '../../config/plateau.example.yaml'), 'utf8')

describe('centers configuration', () => {
  it('the example file describes the five demo centers of docs/architecture.md', () => {
    const cfg = new ResolvedConfig(parseConfig(example))
    const ids = cfg.configuredCenters().map((c) => [c.id, c.reportingLine, c.sourcing, c.timezone])
    expect(ids).toEqual([
      ['paris-sales', 'sales', 'in_house', 'Europe/Paris'],
      ['lyon-leads', 'marketing', 'outsourced', 'Europe/Paris'],
      ['bruxelles-care', 'customer_service', 'in_house', 'Europe/Brussels'],
      ['charleroi-care', 'customer_service', 'outsourced', 'Europe/Brussels'],
      ['paris-hq', 'general_management', 'in_house', 'Europe/Paris'],
    ])
    expect(cfg.center('bruxelles-care').queues.map((q) => q.id)).toEqual(['care-voice', 'care-chat', 'care-email', 'complaints-voice', 'retention-voice'])
    for (const c of cfg.configuredCenters()) expect(c.cost?.model).toBe(c.sourcing)
  })

  it('resolves per-queue overrides over center targets over defaults', () => {
    const cfg = new ResolvedConfig(parseConfig(example))
    const sales = cfg.center('paris-sales')
    expect(queueSettings(sales, 'sales-orders-voice').serviceLevel).toEqual({ thresholdSeconds: 20, target: 0.8 })
    expect(queueSettings(sales, 'sales-orders-chat').serviceLevel).toEqual({ thresholdSeconds: 60, target: 0.8 })
    expect(queueSettings(sales, 'not-listed').serviceLevel).toEqual({ thresholdSeconds: 20, target: 0.8 })
    const leads = cfg.center('lyon-leads')
    expect(leads.targets.serviceLevel).toEqual({ thresholdSeconds: 30, target: 0.8 }) // center override
    expect(queueSettings(leads, 'leads-email')).toMatchObject({ serviceLevel: { thresholdSeconds: 14400, target: 0.9 }, shortAbandonSeconds: 0 })
    expect(cfg.center('paris-hq').targets.asaSeconds).toBe(30) // from defaults
  })

  it('unknown centers get the defaults and configured: false', () => {
    const cfg = new ResolvedConfig(parseConfig(example))
    expect(cfg.center('madrid-pilot')).toMatchObject({
      id: 'madrid-pilot',
      name: 'madrid-pilot',
      configured: false,
      reportingLine: null,
      sourcing: null,
      timezone: 'Europe/Paris',
      currency: 'EUR',
      cost: null,
    })
  })

  it('an empty file is valid (every center unconfigured)', () => {
    expect(new ResolvedConfig(parseConfig('')).configuredCenters()).toEqual([])
  })

  it('rejects bad files with every problem and its path', () => {
    const bad = `
centers:
  - { id: a, name: A, reportingLine: sales, sourcing: in_house, timezone: Mars/Olympus, cost: { model: outsourced, pricePerHandledContact: 3 } }
  - { id: a, name: A2, reportingLine: finance, sourcing: outsourced, cost: { model: outsourced } }
`
    let msg = ''
    try {
      parseConfig(bad, 'test.yaml')
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError)
      msg = (e as Error).message
    }
    expect(msg).toMatch(/^test\.yaml: invalid configuration/)
    expect(msg).toMatch(/centers\.0\.timezone: unknown IANA time zone/)
    expect(msg).toMatch(/centers\.0\.cost\.model: cost model outsourced does not match sourcing in_house/)
    expect(msg).toMatch(/centers\.1\.reportingLine/)
    expect(msg).toMatch(/centers\.1\.cost: outsourced cost needs exactly one of pricePerHandledContact or pricePerAgentHour/)
  })

  it('rejects duplicate ids, unknown keys and invalid YAML', () => {
    expect(() => parseConfig('centers:\n  - { id: a, name: A, reportingLine: sales, sourcing: in_house }\n  - { id: a, name: B, reportingLine: sales, sourcing: in_house }')).toThrow(/duplicate center id a/)
    expect(() => parseConfig('centres: []')).toThrow(/Unrecognized key/)
    expect(() => parseConfig('centers: [')).toThrow(/invalid YAML/)
  })
})
