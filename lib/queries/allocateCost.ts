/**
 * Cost allocation: each base row's cost from its center's cost model (lib/kpi/cost); when rows
 * are finer than the center (by queue, channel, direction or agent), agent time and fixed
 * costs are shared by handle time within the center and bucket (by offered contacts when
 * nothing was handled).
 */
import 'server-only'
import { getConfig } from '../config'
import { handleSeconds } from '../kpi/components'
import { sliceCost } from '../kpi/cost'
import type { Slices } from './readSlices'

export function allocateCost({ base, split, byAgent, centerAgentSeconds }: Slices): void {
  const cfg = getConfig()
  const totals = new Map<string, { handle: number; offered: number; rows: number }>()
  for (const b of base.values()) {
    const ck = JSON.stringify([b.center, b.bucket])
    const t = totals.get(ck) ?? { handle: 0, offered: 0, rows: 0 }
    t.handle += handleSeconds(b.c)
    t.offered += b.c.offered
    t.rows += 1
    totals.set(ck, t)
  }
  for (const b of base.values()) {
    const center = cfg.center(b.center)
    if (!center.cost) {
      b.c.cost_missing = 1
      continue
    }
    const ck = JSON.stringify([b.center, b.bucket])
    const t = totals.get(ck)!
    const share = !split && !byAgent ? 1 : t.handle > 0 ? handleSeconds(b.c) / t.handle : t.offered > 0 ? b.c.offered / t.offered : t.rows === 1 ? 1 : 0
    const agentSeconds = !split ? b.c.logged_s : (centerAgentSeconds.get(ck) ?? 0) * share
    b.c.cost =
      sliceCost(center, b.from, b.to, {
        agentSeconds,
        handled: b.c.handled,
        voiceSeconds: b.c.voice_wait_ms / 1000 + b.c.voice_handle_s,
        fixedShare: share,
      }) ?? 0
  }
}
