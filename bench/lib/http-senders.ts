/**
 * Child process of bench/http-ingest.ts: `concurrency` senders POST NDJSON bodies of `lines`
 * events each to `url` until `events` are sent; reports request times. The events are
 * generated here (same generator and seed as the parent's), so no body crosses the IPC channel.
 * argv[2]: JSON { url, key, events, lines, concurrency, seed, prefix }
 */
import { generateEvents } from '../../tests/helpers/contact-events'

type Args = { url: string; key: string; events: number; lines: number; concurrency: number; seed: number; prefix: string }
const a = JSON.parse(process.argv[2]!) as Args

async function main() {
  const events = generateEvents({ events: a.events, seed: a.seed, prefix: a.prefix })
  const bodies: string[] = []
  for (let i = 0; i < events.length; i += a.lines) bodies.push(events.slice(i, i + a.lines).map((e) => JSON.stringify(e)).join('\n') + '\n')
  let next = 0
  const times: number[] = []
  let accepted = 0
  const failures: string[] = []
  process.send!({ ready: true })
  await new Promise<void>((r) => process.once('message', () => r()))
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: a.concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!
        const s = performance.now()
        const res = await fetch(a.url, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${a.key}` }, body })
        const j = (await res.json()) as { accepted?: number }
        times.push(performance.now() - s)
        if (res.status !== 202) failures.push(`${res.status} ${JSON.stringify(j).slice(0, 200)}`)
        accepted += j.accepted ?? 0
      }
    }),
  )
  process.send!({ seconds: (performance.now() - t0) / 1000, accepted, times, failures: failures.slice(0, 3) })
  setTimeout(() => process.exit(0), 50)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
