/**
 * Settings in force for a group (lib/kpi/groupSettings): speed targets (service level, ASA)
 * are per queue, so per channel — a group of one channel uses its queues' common settings,
 * else the center's; a group mixing channels whose targets differ has no speed target.
 */
import { describe, expect, it } from 'vitest'
import { parseConfig, queueSettings, ResolvedConfig } from '@/lib/config'
import { kpiDefinition } from '@/lib/kpi/definitions'
import { groupSettings } from '@/lib/kpi/groupSettings'
import { kpiValue } from '@/lib/kpi/result'

const cfg = new ResolvedConfig(
  parseConfig(`
defaults:
  targets: { serviceLevel: { thresholdSeconds: 20, target: 0.8 }, asaSeconds: 30 }
centers:
  - id: care
    name: Care
    reportingLine: customer_service
    sourcing: in_house
    targets: { maxAbandonRate: 0.06 }
    queues:
      - { id: care-voice, channel: voice }
      - { id: vip-voice, channel: voice, serviceLevel: { thresholdSeconds: 10, target: 0.9 } }
      - { id: care-chat, channel: chat, serviceLevel: { thresholdSeconds: 45 } }
      - { id: care-email, channel: email, serviceLevel: { thresholdSeconds: 86400, target: 0.9 }, asaSeconds: 14400 }
  - id: sales
    name: Sales
    reportingLine: sales
    sourcing: in_house
    queues:
      - { id: sales-voice, channel: voice }
      - { id: sales-email, channel: email, serviceLevel: { thresholdSeconds: 86400, target: 0.9 }, asaSeconds: 14400 }
      - { id: sales-email-vip, channel: email, serviceLevel: { thresholdSeconds: 3600, target: 0.9 }, asaSeconds: 1800 }
`),
)
const defaults = cfg.center('\0')
const care = cfg.center('care')
const sales = cfg.center('sales')
const asa = kpiDefinition('asa')

describe('group settings per channel', () => {
  it('a queue may set its own ASA target; unlisted queues and queues without one use the center’s', () => {
    expect(queueSettings(care, 'care-email').asaSeconds).toBe(14400)
    expect(queueSettings(care, 'care-voice').asaSeconds).toBe(30)
    expect(queueSettings(care, 'not-listed').asaSeconds).toBe(30)
    expect(groupSettings([care], 'care-email', defaults).targets.asaSeconds).toBe(14400) // a queue row
    expect(groupSettings([care], null, defaults).targets.asaSeconds).toBe(30) // unchanged without channels
  })

  it('one channel: the settings its queues share, else the center’s', () => {
    const email = groupSettings([care], null, defaults, { channels: ['email'] })
    expect(email.targets).toMatchObject({ asaSeconds: 14400, serviceLevel: 0.9, maxAbandonRate: 0.06 })
    expect(email.serviceLevel).toEqual({ thresholdSeconds: 86400, target: 0.9 })
    const chat = groupSettings([care], null, defaults, { channels: ['chat'] })
    expect(chat.serviceLevel).toEqual({ thresholdSeconds: 45, target: 0.8 })
    // care-voice (20 s / 80 %) and vip-voice (10 s / 90 %) differ → the center's
    const voice = groupSettings([care], null, defaults, { channels: ['voice'] })
    expect(voice.serviceLevel).toEqual({ thresholdSeconds: 20, target: 0.8 })
    expect(voice.targets.asaSeconds).toBe(30)
    // ...unless a queue filter leaves one of them
    expect(groupSettings([care], null, defaults, { channels: ['voice'], queues: ['vip-voice', 'care-email'] }).targets.serviceLevel).toBe(0.9)
    // sales' two e-mail queues differ → sales' own settings for e-mail (30 s)
    expect(groupSettings([sales], null, defaults, { channels: ['email'] }).targets.asaSeconds).toBe(30)
  })

  it('one channel over several centers: only the centers with queues of that channel count, and they must agree', () => {
    const chat = groupSettings([care, sales], null, defaults, { channels: ['chat'] })
    expect(chat.serviceLevel).toEqual({ thresholdSeconds: 45, target: 0.8 }) // sales has no chat queue
    const email = groupSettings([care, sales], null, defaults, { channels: ['email'] })
    expect(email.targets.asaSeconds).toBeNull() // 14 400 s (care) vs 30 s (sales)
    // a channel no center configures: the centers' own settings
    expect(groupSettings([care], null, defaults, { channels: ['sms'] }).targets.asaSeconds).toBe(30)
  })

  it('mixed channels with different speed targets: no speed target; other targets unchanged', () => {
    const mixed = groupSettings([care], null, defaults, { channels: ['voice', 'chat', 'email'] })
    expect(mixed.targets.asaSeconds).toBeNull() // 30 s, 30 s, 14 400 s
    expect(mixed.targets.serviceLevel).toBeNull() // 80 %, 80 %, 90 %
    expect(mixed.targets.maxAbandonRate).toBe(0.06)
    expect(mixed.serviceLevel).toEqual(defaults.targets.serviceLevel) // threshold for Erlang C
    // channels that agree keep their shared target: 80 % (each contact within its own queue's threshold)
    const same = groupSettings([care], null, defaults, { channels: ['voice', 'chat'] })
    expect(same.targets.asaSeconds).toBe(30)
    expect(same.targets.serviceLevel).toBe(0.8)
    expect(same.serviceLevel).toEqual(defaults.targets.serviceLevel) // 20 s vs 45 s: no common threshold
  })
})
