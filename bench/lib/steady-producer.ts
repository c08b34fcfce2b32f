/**
 * Child process of bench/ingest.ts (freshness): produces contact-center events at a steady rate
 * and reports every request to the parent over IPC, so the parent (which runs the consumer and
 * the KPI poller on its embedded store) can match "produced at" with "visible at".
 *
 * Request k carries the events of tick k; its contacts are named `f-<k, 6 digits>-c<n>`, so the
 * parent can count, per tick, how many of its queued contacts a contacts_v query already sees.
 * Event timestamps are 30 minutes in the past (valid; a contact's later events would otherwise
 * be dated in the future); the produce time is what the parent measures from.
 *
 * argv[2]: JSON { brokers, topic, rate, seconds, tickMs }
 */
import { generateEvents, toMessage } from '../../tests/helpers/contact-events'
import { openProducer } from '../../tests/helpers/pipeline'
import { tickPrefix, type TickReport } from './ticks'

async function main() {
  const o = JSON.parse(process.argv[2]!) as { brokers: string[]; topic: string; rate: number; seconds: number; tickMs: number }
  const perTick = Math.round((o.rate * o.tickMs) / 1000)
  const ticks = Math.round((o.seconds * 1000) / o.tickMs)
  const producer = await openProducer(o.brokers)
  const t0 = Date.now() + 200
  for (let tick = 0; tick < ticks; tick++) {
    const events = generateEvents({ events: perTick, seed: 1_000_000 + tick, prefix: tickPrefix(tick), startMs: Date.now() - 30 * 60_000, gapMs: 50 })
    const queued = events.filter((e) => e.type === 'contact.queued').length
    const wait = t0 + tick * o.tickMs - Date.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    const sentAt = Date.now()
    await producer.send({ topic: o.topic, acks: -1, messages: events.map(toMessage) })
    const report: TickReport = { tick, sentAt, ackedAt: Date.now(), events: events.length, queued }
    process.send!(report)
  }
  await producer.disconnect()
  process.send!({ done: true })
  process.disconnect()
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
