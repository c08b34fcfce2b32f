/** Binary min-heap of timed simulation events, ordered by (t, seq) so equal times stay FIFO. */
export type Timed = { t: number; seq: number }

export class EventHeap<T extends Timed> {
  private h: T[] = []

  get size(): number {
    return this.h.length
  }

  peek(): T | undefined {
    return this.h[0]
  }

  push(x: T): void {
    const h = this.h
    let i = h.length
    h.push(x)
    while (i > 0) {
      const p = (i - 1) >> 1
      const hp = h[p]!
      if (hp.t < x.t || (hp.t === x.t && hp.seq < x.seq)) break
      h[i] = hp
      i = p
    }
    h[i] = x
  }

  pop(): T | undefined {
    const h = this.h
    const n = h.length
    if (n === 0) return undefined
    const top = h[0]!
    const last = h.pop()!
    if (n > 1) {
      const m = n - 1
      let i = 0
      for (;;) {
        let c = 2 * i + 1
        if (c >= m) break
        const r = c + 1
        if (r < m) {
          const hc = h[c]!
          const hr = h[r]!
          if (hr.t < hc.t || (hr.t === hc.t && hr.seq < hc.seq)) c = r
        }
        const hc = h[c]!
        if (last.t < hc.t || (last.t === hc.t && last.seq < hc.seq)) break
        h[i] = hc
        i = c
      }
      h[i] = last
    }
    return top
  }
}
