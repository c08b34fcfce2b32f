/**
 * The agent directory and the agent panel's rules (lib/agents/directory.ts, lib/config): names
 * from the configuration with the id kept, unknown agents kept and marked, per-center limits for
 * long after-call work and long breaks (a reason's own limit first), longest in state first.
 */
import { describe, expect, it } from 'vitest'
import { AgentDirectory, agentAlert, agentLabel, byTimeInState, stateLimit } from '@/lib/agents/directory'
import { parseConfig, ResolvedConfig } from '@/lib/config/load'

const YAML = `
version: 1
defaults:
  agentThresholds: { wrapUpSeconds: 120, breakSeconds: 900, breakReasonSeconds: { lunch: 3600 } }
centers:
  - id: c1
    name: One
    reportingLine: customer_service
    sourcing: in_house
    agentThresholds: { wrapUpSeconds: 60 }
    agents:
      - { id: c1-care-01, name: Camille Martin, team: Care, site: Lyon }
      - { id: c1-care-02, name: Hugo Petit }
  - id: c2
    name: Two
    reportingLine: sales
    sourcing: in_house
    agentThresholds: { breakReasonSeconds: { lunch: 2700 } }
`
const cfg = new ResolvedConfig(parseConfig(YAML))

describe('agent directory', () => {
  const dir = new AgentDirectory(['c1', 'c2', 'c3'].map((id) => cfg.center(id)))

  it('gives the configured name, team and site, keeping the id', () => {
    expect(dir.info('c1', 'c1-care-01')).toEqual({ centerId: 'c1', agentId: 'c1-care-01', name: 'Camille Martin', team: 'Care', site: 'Lyon', inDirectory: true })
    expect(dir.info('c1', 'c1-care-02')).toMatchObject({ name: 'Hugo Petit', team: null, site: null, inDirectory: true })
    expect(agentLabel(dir.info('c1', 'c1-care-01'))).toBe('Camille Martin')
  })

  it('an agent not in the directory (or of an unconfigured center) keeps its id, marked', () => {
    expect(dir.info('c1', 'c1-care-99')).toEqual({ centerId: 'c1', agentId: 'c1-care-99', name: null, team: null, site: null, inDirectory: false })
    expect(agentLabel(dir.info('c3', 'x-7'))).toBe('x-7')
    // the same id in another center is another person
    expect(dir.info('c2', 'c1-care-01').inDirectory).toBe(false)
  })

  it('refuses duplicate agent ids in a center, with the path', () => {
    const dup = YAML.replace('id: c1-care-02', 'id: c1-care-01')
    expect(() => parseConfig(dup)).toThrow(/centers\.0\.agents\.1\.id: duplicate agent id c1-care-01/)
  })
})

describe('long after-call work / long break', () => {
  const c1 = cfg.center('c1').agentThresholds
  const c2 = cfg.center('c2').agentThresholds
  const c3 = cfg.center('c3').agentThresholds // unconfigured: the defaults

  it('resolves center over defaults, reason limits merged', () => {
    expect(c1).toEqual({ wrapUpSeconds: 60, breakSeconds: 900, breakReasonSeconds: { lunch: 3600 } })
    expect(c2).toEqual({ wrapUpSeconds: 120, breakSeconds: 900, breakReasonSeconds: { lunch: 2700 } })
    expect(c3).toEqual({ wrapUpSeconds: 120, breakSeconds: 900, breakReasonSeconds: { lunch: 3600 } })
  })

  it('flags time in state strictly beyond the limit of that state (and reason)', () => {
    // wrap-up: c1 60 s, c2 120 s
    expect(agentAlert('wrap_up', null, 61, c1)).toBe('long_wrap_up')
    expect(agentAlert('wrap_up', null, 60, c1)).toBeNull()
    expect(agentAlert('wrap_up', null, 61, c2)).toBeNull()
    expect(agentAlert('wrap_up', null, 121, c2)).toBe('long_wrap_up')
    // break: 900 s, unless its reason has its own limit (lunch: 3600 s in c1, 2700 s in c2)
    expect(agentAlert('break', 'break', 901, c1)).toBe('long_break')
    expect(agentAlert('break', 'lunch', 901, c1)).toBeNull()
    expect(agentAlert('break', 'lunch', 2701, c2)).toBe('long_break')
    expect(agentAlert('break', 'lunch', 2701, c1)).toBeNull()
    expect(stateLimit('break', 'coffee', c1)).toBe(900)
    // other states and unknown figures are never flagged
    expect(agentAlert('on_contact', null, 99_999, c1)).toBeNull()
    expect(agentAlert('available', null, 99_999, c1)).toBeNull()
    expect(agentAlert('wrap_up', null, null, c1)).toBeNull()
    expect(agentAlert('wrap_up', null, 500, undefined)).toBeNull()
    // a center without a wrap-up limit
    expect(agentAlert('wrap_up', null, 500, { wrapUpSeconds: null, breakSeconds: null, breakReasonSeconds: {} })).toBeNull()
  })

  it('orders the panel by time in state, longest first; unknown last; ties by name', () => {
    const rows = [
      { agentId: 'a', name: 'Zoé', timeInStateS: 30 },
      { agentId: 'b', name: null, timeInStateS: null },
      { agentId: 'c', name: 'Anna', timeInStateS: 600 },
      { agentId: 'd', name: 'Bruno', timeInStateS: 30 },
    ]
    expect(byTimeInState(rows).map((r) => r.agentId)).toEqual(['c', 'd', 'a', 'b'])
  })
})
