/**
 * Demo traffic behind `npm start`: the simulator (ingest/simulator) in live mode, feeding the
 * in-process pipeline. It backfills today since local midnight at full speed (so "today so
 * far" is meaningful and every center shows data within seconds), then follows the clock.
 * When the centers are closed right now (night, Sunday) the simulated floor runs on a shifted
 * business clock so the demo is always busy; timestamps stay real (PLATEAU_DEMO_CLOCK=real
 * turns that off). A small share of duplicates, late events and malformed messages exercises
 * the pipeline's defences; malformed ones are dead-lettered with the reason the validator gives.
 *
 * Environment: PLATEAU_SCENARIO (scenario file, default scenarios/default.yaml),
 * PLATEAU_DEMO_SEED, PLATEAU_DEMO_CLOCK (auto | real), PLATEAU_DEMO_BACKFILL (today | none).
 */
import { parseEvent, type PlateauEvent } from './events'
import { ingestEvents } from './pipeline'
import { deadLetter, type DeadLetterRow } from './rows'
import { Malformed, type Emitted } from './simulator/faults'
import { startLive, type LiveHandle } from './simulator/runner'
import { loadScenario } from './simulator/scenario'
import type { Sink } from './simulator/sinks'

/** Hands simulator batches to ingestEvents, a few chunks in flight at a time; never throws. */
export class PipelineSink implements Sink {
  readonly name = 'in-process pipeline'
  delivered = 0
  rejected = 0
  private inflight = new Set<Promise<void>>()
  private lastError = 0

  async write(batch: Emitted[]): Promise<void> {
    for (let i = 0; i < batch.length; i += 5000) {
      const good: PlateauEvent[] = []
      const dead: DeadLetterRow[] = []
      for (const x of batch.slice(i, i + 5000)) {
        if (x instanceof Malformed) {
          const r = parseEvent(x.raw)
          if (r.ok) good.push(r.event)
          else dead.push(deadLetter(x.raw, r.reason, { source: 'demo' }))
        } else good.push(x)
      }
      while (this.inflight.size >= 4) await Promise.race(this.inflight)
      const p = ingestEvents(good, dead)
        .then(() => {
          this.delivered += good.length
          this.rejected += dead.length
        })
        .catch((e: Error) => {
          if (Date.now() - this.lastError > 30_000) console.warn(`[plateau] demo: ingest failed: ${e.message}`)
          this.lastError = Date.now()
        })
        .finally(() => this.inflight.delete(p))
      this.inflight.add(p)
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.inflight)
  }
}

export function startDemo(): () => void {
  let live: LiveHandle
  try {
    live = startLive({
      scenario: loadScenario(),
      seed: Number(process.env.PLATEAU_DEMO_SEED || 2026),
      sink: new PipelineSink(),
      faults: { duplicates: 0.002, late: 0.002, malformed: 0.001 },
      backfill: process.env.PLATEAU_DEMO_BACKFILL === 'none' ? 'none' : 'today',
      businessClock: process.env.PLATEAU_DEMO_CLOCK === 'real' ? 'real' : 'auto',
      log: (m) => console.log(`[plateau] demo: ${m}`),
    })
  } catch (e) {
    console.error(`[plateau] demo traffic not started: ${(e as Error).message}`)
    return () => {}
  }
  live.done.catch((e: Error) => console.error(`[plateau] demo traffic stopped: ${e.message}`))
  return () => void live.stop()
}
