/**
 * A history day carries its open contacts over (SimOptions.closeAt, simulator/history.ts): no
 * contact starts after the day's midnight, agent states after it are the next day's, and every
 * contact the day started ends with an outcome — the e-mails queued in the evening are answered
 * the next morning. Without the carry-over (the run cut at midnight) e-mails stay queued with no
 * outcome: the phantom backlog of issue 17.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { PlateauEvent } from '@/lib/contract/events'
import { Malformed } from '@/simulator/faults'
import { historyRun, CARRY_MAX_DAYS } from '@/simulator/history'
import { run } from '@/simulator/runner'
import { loadScenario } from '@/simulator/scenario'
import { MemorySink } from '@/simulator/sinks'
import { TzClock } from '@/simulator/time'

const sc = loadScenario('scenarios/default.yaml', { scale: 0.3 })
const tz = TzClock.get(sc.centers[0]!.timezone)
const SEED = 11
// Tuesday 3 November 2026 (Paris): e-mails arrive into the evening, agents log in on Wednesday.
const day = tz.day(Date.parse('2026-11-03T12:00:00Z'))
const r = historyRun(sc, SEED, day)
const FAR = r.carryUntil + 86_400_000

async function dayEvents(carry: boolean): Promise<PlateauEvent[]> {
  const sink = new MemorySink()
  await run({ scenario: sc, seed: SEED, from: r.from, speed: 'max', clockOffset: 0, sink, clock: () => FAR, ...(carry ? { to: r.carryUntil, closeAt: r.to } : { to: r.to - 1 }) })
  return sink.items.filter((x): x is PlateauEvent => !(x instanceof Malformed))
}

type Story = { queued: number; channel: string; answered: number[]; wrapped: number; abandoned: boolean; lastEndTransferred: boolean }

function stories(events: PlateauEvent[]): Map<string, Story> {
  const out = new Map<string, Story>()
  for (const e of events) {
    if (e.type === 'agent.state') continue
    const t = Date.parse(e.ts)
    if (e.type === 'contact.queued') out.set(e.contact_id, { queued: t, channel: e.channel, answered: [], wrapped: 0, abandoned: false, lastEndTransferred: false })
    const s = out.get(e.contact_id)
    if (!s) continue
    if (e.type === 'contact.answered') s.answered.push(t)
    if (e.type === 'contact.wrapped') s.wrapped++
    if (e.type === 'contact.abandoned') s.abandoned = true
    if (e.type === 'contact.ended') s.lastEndTransferred = e.transferred === true
  }
  return out
}

/** Finished: abandoned, or every answered leg wrapped and the last one not handed on. */
const finished = (s: Story) => s.abandoned || (s.answered.length > 0 && s.wrapped === s.answered.length && !s.lastEndTransferred)

describe('history day carry-over', () => {
  let carried: PlateauEvent[]
  let cut: PlateauEvent[]
  beforeAll(async () => {
    ;[carried, cut] = await Promise.all([dayEvents(true), dayEvents(false)])
  })

  it('cut at midnight, e-mails are left queued with no outcome (the phantom backlog)', () => {
    const open = [...stories(cut).values()].filter((s) => !finished(s))
    expect(open.filter((s) => s.channel === 'email').length).toBeGreaterThan(0)
  })

  it('carried over, every contact the day started has an outcome', () => {
    const all = [...stories(carried).values()]
    expect(all.length).toBeGreaterThan(1000)
    expect(all.filter((s) => !finished(s))).toEqual([])
    // the same contacts as the cut run (same ids: the carry-over only adds their later events)
    expect(new Set(stories(carried).keys())).toEqual(new Set(stories(cut).keys()))
  })

  it('e-mails queued in the evening are answered the next day, within the carry-over limit', () => {
    const late = [...stories(carried).values()].filter((s) => s.channel === 'email' && s.answered.length && s.answered[0]! >= r.to)
    expect(late.length).toBeGreaterThan(0)
    for (const s of late) {
      expect(s.queued).toBeLessThan(r.to)
      expect(tz.day(s.answered[0]!)).toBeGreaterThan(day)
      expect(s.answered[0]!).toBeLessThan(r.from + (1 + CARRY_MAX_DAYS) * 86_400_000)
    }
  })

  it('after midnight: no new contact, no agent state (those are the next day’s run)', () => {
    const after = carried.filter((e) => Date.parse(e.ts) >= r.to)
    expect(after.length).toBeGreaterThan(0)
    expect(after.filter((e) => e.type === 'contact.queued' || e.type === 'agent.state')).toEqual([])
    // before midnight both runs are the same events
    const before = (es: PlateauEvent[]) => es.filter((e) => Date.parse(e.ts) < r.to).map((e) => e.event_id)
    expect(before(carried)).toEqual(before(cut))
  })
})
