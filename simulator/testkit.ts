/**
 * Helpers for tests (here and in other modules' tests): a one-queue scenario with controlled
 * staffing and behaviour, and running the engine into an array.
 */
import type { PlateauEvent } from '../lib/contract/events'
import { simulate, type SimStats } from './engine'
import { compileScenario, type Scenario } from './scenario'

export type OneQueueOptions = {
  id?: string
  channel?: 'voice' | 'chat' | 'email'
  volume: number
  curve?: number[]
  hours?: Record<string, string>
  days?: Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', number>
  agents: number
  shift?: { days?: string; start: string; end: string }
  talk?: { mean: number; cv: number }
  acw?: { mean: number; cv: number }
  patience?: { mean: number; cv: number } | null
  noise?: number
  timezone?: string
  chatConcurrency?: number
  extra?: Record<string, unknown>
}

const FLAT = new Array(24).fill(1)

export function oneQueueScenario(o: OneQueueOptions): Scenario {
  const hours = o.hours ?? { 'mon-sat': '08:00-20:00' }
  return compileScenario({
    version: 1,
    name: 'test',
    breaks: [],
    centers: [
      {
        id: 'test-center',
        name: 'Test',
        reporting_line: 'customer_service',
        sourcing: 'in_house',
        timezone: o.timezone ?? 'Europe/Paris',
        hours,
        queues: [
          {
            id: o.id ?? 'q',
            channel: o.channel ?? 'voice',
            skill: 's',
            volume: o.volume,
            curve: o.curve ?? FLAT,
            days: o.days,
            noise: o.noise ?? 0,
            talk_s: o.talk ?? { mean: 300, cv: 0.6 },
            acw_s: o.acw ?? { mean: 30, cv: 0.5 },
            answer_delay_s: { mean: 2, cv: 0.3 },
            patience_s: o.patience === undefined ? { mean: 120, cv: 1 } : o.patience,
            ...(o.extra ?? {}),
          },
        ],
        teams: [
          {
            id: 't',
            size: o.agents,
            skills: ['s'],
            absence: 0,
            chat_concurrency: o.chatConcurrency ?? 2,
            shifts: [{ days: o.shift?.days ?? 'mon-sat', start: o.shift?.start ?? '07:30', end: o.shift?.end ?? '20:30', count: o.agents }],
          },
        ],
      },
    ],
  })
}

export function collect(scenario: Scenario, from: number, to: number, seed = 1): { events: PlateauEvent[]; stats: SimStats } {
  const events: PlateauEvent[] = []
  const { stats } = simulate({ scenario, seed, from, to, onEvent: (e) => events.push(e) })
  return { events, stats }
}
