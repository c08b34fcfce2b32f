'use client'
/**
 * Keeps the screen on (Screen Wake Lock API) where the browser allows it: acquired when the
 * page is visible, re-acquired when it becomes visible again or the lock is released by the
 * system, retried every minute. Returns the state for display/tests.
 */
import { useEffect, useState } from 'react'

export type WakeLockState = 'on' | 'off' | 'unsupported' | 'denied'

type Sentinel = { released: boolean; release(): Promise<void>; addEventListener(t: 'release', f: () => void): void }

export function useWakeLock(enabled = true): WakeLockState {
  const [state, setState] = useState<WakeLockState>('off')
  useEffect(() => {
    if (!enabled) return
    const nav = navigator as Navigator & { wakeLock?: { request(type: 'screen'): Promise<Sentinel> } }
    if (!nav.wakeLock) {
      setState('unsupported')
      return
    }
    let lock: Sentinel | null = null
    let disposed = false
    let pending = false
    const acquire = async () => {
      if (disposed || pending || (lock && !lock.released) || document.visibilityState !== 'visible') return
      pending = true
      try {
        const l = await nav.wakeLock!.request('screen')
        if (disposed) {
          void l.release()
          return
        }
        lock = l
        setState('on')
        l.addEventListener('release', () => {
          lock = null
          if (!disposed) setState('off')
        })
      } catch {
        if (!disposed) setState('denied')
      } finally {
        pending = false
      }
    }
    void acquire()
    const onVisible = () => void acquire()
    document.addEventListener('visibilitychange', onVisible)
    const retry = setInterval(() => void acquire(), 60_000)
    return () => {
      disposed = true
      clearInterval(retry)
      document.removeEventListener('visibilitychange', onVisible)
      if (lock && !lock.released) void lock.release()
    }
  }, [enabled])
  return state
}
