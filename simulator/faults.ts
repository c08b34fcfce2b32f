/**
 * Delivery faults between the engine and an output, so the pipeline's defences are exercised:
 * duplicates (the same event again, same event_id), late events (held back and released after
 * later events: out of order), and malformed messages (invalid JSON or schema violations).
 * Deterministic for a given seed. Malformed messages are extra copies: the valid stream stays
 * complete, so KPIs are unaffected by them.
 */
import type { PlateauEvent } from '../lib/contract/events'
import { eventKey } from '../lib/contract/events'
import { EventHeap } from './heap'
import { hash32, Rng } from './rng'

export type FaultRates = { duplicates: number; late: number; malformed: number }
export const NO_FAULTS: FaultRates = { duplicates: 0, late: 0, malformed: 0 }

/** A raw message that is not a valid event (the pipeline must dead-letter it). */
export class Malformed {
  constructor(
    readonly raw: string,
    readonly key: string,
    readonly kind: string,
  ) {}
}

export type Emitted = PlateauEvent | Malformed

export type FaultCounts = { duplicates: number; late: number; malformed: number }

type Held = { t: number; seq: number; e: PlateauEvent }

export class FaultInjector {
  readonly counts: FaultCounts = { duplicates: 0, late: 0, malformed: 0 }
  private readonly rng: Rng
  private readonly held = new EventHeap<Held>()
  private seq = 0

  constructor(
    readonly rates: FaultRates,
    seed: number,
    /** How late a late event is, in ms of stream time: uniform in [min, max]. */
    private readonly lateMs: [number, number] = [2_000, 240_000],
  ) {
    this.rng = new Rng(hash32(seed, 'faults'))
  }

  get active(): boolean {
    return this.rates.duplicates > 0 || this.rates.late > 0 || this.rates.malformed > 0
  }

  get heldCount(): number {
    return this.held.size
  }

  /** One engine event at stream time `t` → zero or more emitted items appended to `out`. */
  push(e: PlateauEvent, t: number, out: Emitted[]): void {
    this.release(t, out)
    const r = this.rng
    if (r.chance(this.rates.late)) {
      this.counts.late++
      this.held.push({ t: t + r.uniform(this.lateMs[0], this.lateMs[1]), seq: this.seq++, e })
    } else out.push(e)
    if (r.chance(this.rates.duplicates)) {
      this.counts.duplicates++
      // a retry shortly after, or much later (a producer re-sending a batch)
      if (r.chance(0.5)) out.push(e)
      else this.held.push({ t: t + r.uniform(1_000, 600_000), seq: this.seq++, e })
    }
    if (r.chance(this.rates.malformed)) {
      this.counts.malformed++
      out.push(this.corrupt(e))
    }
  }

  /** Release held events due at or before stream time `t`. */
  release(t: number, out: Emitted[]): void {
    for (let h = this.held.peek(); h && h.t <= t; h = this.held.peek()) out.push(this.held.pop()!.e)
  }

  /** Release everything still held (end of a run). */
  flush(out: Emitted[]): void {
    for (let h = this.held.pop(); h; h = this.held.pop()) out.push(h.e)
  }

  private corrupt(e: PlateauEvent): Malformed {
    const key = eventKey(e)
    const o: Record<string, unknown> = { ...e, event_id: `${e.event_id}-x` }
    const kind = this.rng.int(7)
    switch (kind) {
      case 0: {
        const s = JSON.stringify(o)
        return new Malformed(s.slice(0, Math.max(1, Math.floor(s.length * this.rng.uniform(0.2, 0.9)))), key, 'truncated JSON')
      }
      case 1:
        delete o.center_id
        return new Malformed(JSON.stringify(o), key, 'missing center_id')
      case 2:
        o.type = 'contact.teleported'
        return new Malformed(JSON.stringify(o), key, 'unknown type')
      case 3:
        o.ts = String(o.ts).replace(/([+-]\d\d:\d\d|Z)$/, '')
        return new Malformed(JSON.stringify(o), key, 'ts without offset')
      case 4:
        o.v = 2
        return new Malformed(JSON.stringify(o), key, 'wrong version')
      case 5:
        if (e.type === 'contact.ended') o.talk_s = -Math.abs(e.talk_s) - 1
        else if (e.type === 'contact.queued') o.channel = 'fax'
        else if (e.type === 'agent.state') o.state = 'napping'
        else o.event_id = ''
        return new Malformed(JSON.stringify(o), key, 'invalid field value')
      default:
        return new Malformed(`${JSON.stringify(o).slice(0, 40)}\u0000garbage`, key, 'binary garbage')
    }
  }
}

export function serialize(x: Emitted): string {
  return x instanceof Malformed ? x.raw : JSON.stringify(x)
}

export function keyOf(x: Emitted): string {
  return x instanceof Malformed ? x.key : eventKey(x)
}
