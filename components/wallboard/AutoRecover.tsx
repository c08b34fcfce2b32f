'use client'
/**
 * Wall screens run unattended: nobody should ever need a ladder to press F5.
 * - A rendering error shows a dark "reconnecting" screen (never a white page) and reloads the
 *   page as soon as the server answers /api/health again.
 * - A failed script chunk (server redeployed while the screen was up) does the same.
 * - Once a day, in the quiet hour, the page reloads itself when the server is reachable:
 *   whatever a browser may leak over weeks is returned.
 */
import { Component, useEffect, type ReactNode } from 'react'

const RELOAD_HOUR = 4

async function serverUp(): Promise<boolean> {
  try {
    const r = await fetch('/api/health', { cache: 'no-store' })
    return r.status < 500
  } catch {
    return false
  }
}

/** Reload when /api/health answers; keep probing every 5 s until then. */
export function reloadWhenServerUp(): () => void {
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  const probe = async () => {
    if (stopped) return
    if (await serverUp()) window.location.reload()
    else timer = setTimeout(probe, 5000)
  }
  timer = setTimeout(probe, 3000)
  return () => {
    stopped = true
    clearTimeout(timer)
  }
}

type Props = { children: ReactNode; fallback: ReactNode }

export class RecoverBoundary extends Component<Props, { failed: boolean }> {
  state = { failed: false }
  private stop: (() => void) | null = null
  static getDerivedStateFromError() {
    return { failed: true }
  }
  componentDidCatch(error: unknown) {
    console.error('[plateau] board crashed, reloading when the server answers', error)
    this.stop ??= reloadWhenServerUp()
  }
  componentWillUnmount() {
    this.stop?.()
  }
  render() {
    return this.state.failed ? this.props.fallback : this.props.children
  }
}

/** Chunk-load failures and the daily refresh. Mount once per screen. */
export function useSelfHealing(): void {
  useEffect(() => {
    let stop: (() => void) | null = null
    const onError = (e: ErrorEvent | PromiseRejectionEvent) => {
      const msg = String('reason' in e ? (e.reason as Error)?.message ?? e.reason : e.message)
      if (/ChunkLoadError|Loading chunk|Failed to fetch dynamically imported module|Importing a module script failed/i.test(msg)) stop ??= reloadWhenServerUp()
    }
    window.addEventListener('error', onError)
    window.addEventListener('unhandledrejection', onError)
    const started = Date.now()
    const daily = setInterval(() => {
      const d = new Date()
      if (d.getHours() === RELOAD_HOUR && Date.now() - started > 2 * 3600_000) void serverUp().then((up) => up && window.location.reload())
    }, 10 * 60_000)
    return () => {
      window.removeEventListener('error', onError)
      window.removeEventListener('unhandledrejection', onError)
      clearInterval(daily)
      stop?.()
    }
  }, [])
}
