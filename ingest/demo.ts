/** Minimal demo traffic until the simulator lands: a few contacts per second for two centers. */
import { randomUUID } from 'node:crypto'
import type { PlateauEvent } from './events'
import { ingestEvents } from './pipeline'

export function startDemo(): () => void {
  const timers = new Set<NodeJS.Timeout>()
  const later = (ms: number, f: () => void) => {
    const t = setTimeout(() => (timers.delete(t), f()), ms)
    timers.add(t)
  }
  const emit = (e: Omit<PlateauEvent, 'event_id' | 'ts' | 'v'> & Record<string, unknown>) =>
    void ingestEvents([{ ...e, event_id: randomUUID(), ts: new Date().toISOString(), v: 1 } as PlateauEvent]).catch(() => {})
  const tick = setInterval(() => {
    const center_id = Math.random() < 0.5 ? 'paris-care' : 'brussels-sales'
    const contact_id = randomUUID()
    const queue_id = center_id === 'paris-care' ? 'care-voice' : 'sales-voice'
    emit({ type: 'contact.queued', center_id, contact_id, queue_id, channel: 'voice', direction: 'inbound' })
    const wait = Math.random() * 40_000
    if (Math.random() < 0.1) return later(wait, () => emit({ type: 'contact.abandoned', center_id, contact_id, queue_id }))
    const agent_id = `agent-${Math.floor(Math.random() * 20)}`
    later(wait, () => {
      emit({ type: 'contact.answered', center_id, contact_id, queue_id, agent_id })
      later(30_000 + Math.random() * 60_000, () => {
        emit({ type: 'contact.ended', center_id, contact_id, agent_id, talk_s: 60, hold_s: 5 })
        emit({ type: 'contact.wrapped', center_id, contact_id, agent_id, wrap_s: 20, resolved: Math.random() < 0.7 })
      })
    })
  }, 700)
  return () => {
    clearInterval(tick)
    timers.forEach(clearTimeout)
  }
}
