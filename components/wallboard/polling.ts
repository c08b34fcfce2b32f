'use client'
/**
 * Polling a snapshot API with TanStack Query for screens that must never freeze or blank:
 * - refetch every `intervalMs` whatever happens (errors included, tab hidden included);
 * - each request times out (a hung connection never stops the polling);
 * - the last good data stays on screen on errors (TanStack keeps `data`);
 * - 401 (signed out, display link revoked) and 404 (board removed) are reported separately.
 * Nothing accumulates: one cache entry per key, replaced on each success.
 */
import { useQuery } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import type { Snapshot } from '@/lib/live/types'

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message)
  }
}

export async function fetchJson<T>(url: string, signal: AbortSignal | undefined, timeoutMs: number): Promise<T> {
  const ctl = new AbortController()
  const onAbort = () => ctl.abort()
  signal?.addEventListener('abort', onAbort)
  const timer = setTimeout(() => ctl.abort(), timeoutMs)
  try {
    const res = await fetch(url, { signal: ctl.signal, cache: 'no-store', headers: { accept: 'application/json' }, credentials: 'same-origin' })
    if (!res.ok) {
      let message = res.statusText
      try {
        message = ((await res.json()) as { message?: string }).message ?? message
      } catch {
        /* not JSON */
      }
      throw new HttpError(res.status, message)
    }
    return (await res.json()) as T
  } finally {
    clearTimeout(timer)
    signal?.removeEventListener('abort', onAbort)
  }
}

export function useSnapshot<T extends Snapshot>(key: readonly unknown[], url: string | null, intervalMs: number, initial?: T) {
  // Server-rendered figures go straight into the cache: the screen is never empty on load.
  const [initialAt] = useState(() => Date.now())
  const q = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => fetchJson<T>(url!, signal, Math.max(3000, intervalMs * 3)),
    enabled: url !== null,
    refetchInterval: intervalMs,
    refetchIntervalInBackground: true,
    refetchOnWindowFocus: false,
    retry: false,
    staleTime: 0,
    gcTime: 60_000,
    ...(initial ? { initialData: initial, initialDataUpdatedAt: initialAt } : {}),
  })
  const status = q.error instanceof HttpError ? q.error.status : null
  return {
    data: q.data,
    dataUpdatedAt: q.dataUpdatedAt,
    error: q.error,
    /** 401: the viewer lost access (signed out / display link revoked). */
    unauthorized: status === 401 || status === 403,
    notFound: status === 404,
    isPending: q.isPending,
  }
}

/**
 * Re-renders every `ms` and returns Date.now() — 0 during the server render and hydration, so
 * that server and browser render the same text (no hydration mismatch); callers treat 0 as
 * "not yet known".
 */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(0)
  useEffect(() => {
    setNow(Date.now())
    const t = setInterval(() => setNow(Date.now()), ms)
    return () => clearInterval(t)
  }, [ms])
  return now
}

/**
 * Age of the figures on screen in seconds, measured without trusting the server's clock:
 * time since the browser received them + how old they already were when sent.
 */
export function dataAgeSeconds(snapshot: Snapshot | undefined, receivedAt: number, now: number): number | null {
  if (!snapshot || !receivedAt || !now) return null
  const atSend = Math.max(0, snapshot.servedAt - snapshot.generatedAt)
  return Math.max(0, Math.floor((now - receivedAt + atSend) / 1000))
}
