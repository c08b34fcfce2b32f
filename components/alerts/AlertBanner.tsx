'use client'
/**
 * The in-app alert channel: a banner listing the alerts firing now. Never colour alone — each
 * alert has a warning icon and its severity in words, then the rule's message. On /live each
 * alert has an Acknowledge button (who acknowledged shows afterwards); on wall boards an
 * optional short tone plays when a new alert appears (board flag `alertSound`).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useLocale, useTranslations } from 'next-intl'
import { useEffect, useRef, useState } from 'react'
import { useFormat } from '@/components/format'
import type { AlertsBody, BannerAlert } from '@/lib/alerts/visible'
import { fetchJson } from '@/components/wallboard/polling'

const SEVERITY_CLASS: Record<BannerAlert['severity'], string> = {
  critical: 'border-red-700 bg-red-50 text-red-950',
  warning: 'border-amber-600 bg-amber-50 text-amber-950',
  info: 'border-sky-700 bg-sky-50 text-sky-950',
}

function WarningIcon({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 24 24" aria-hidden className={className} fill="none" stroke="currentColor" strokeWidth={2.2} strokeLinejoin="round" strokeLinecap="round">
      <path d="M12 3 2 21h20L12 3Z" />
      <path d="M12 10v5M12 18v.1" />
    </svg>
  )
}

function beep(): boolean {
  try {
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext
    if (!Ctx) return false
    const ctx = new Ctx()
    const osc = ctx.createOscillator()
    const gain = ctx.createGain()
    osc.frequency.value = 880
    gain.gain.setValueAtTime(0.2, ctx.currentTime)
    gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.6)
    osc.connect(gain).connect(ctx.destination)
    osc.start()
    osc.stop(ctx.currentTime + 0.6)
    osc.onended = () => void ctx.close()
    return true
  } catch {
    return false
  }
}

export function AlertBanner({ url, intervalMs = 2000, canAcknowledge = false, sound = false, appearance = 'panel' }: { url: string; intervalMs?: number; canAcknowledge?: boolean; sound?: boolean; appearance?: 'panel' | 'wall' }) {
  const t = useTranslations('alerts')
  const locale = useLocale()
  const f = useFormat()
  const qc = useQueryClient()
  const full = `${url}${url.includes('?') ? '&' : '?'}locale=${locale}`
  const q = useQuery({
    queryKey: ['alerts', full],
    queryFn: ({ signal }) => fetchJson<AlertsBody>(full, signal, Math.max(3000, intervalMs * 3)),
    refetchInterval: intervalMs,
    refetchIntervalInBackground: true,
    refetchOnWindowFocus: false,
    retry: false,
  })
  const [busy, setBusy] = useState<string | null>(null)
  const [failed, setFailed] = useState<string | null>(null)
  const seen = useRef<Set<string> | null>(null)
  const [tones, setTones] = useState(0)
  const alerts = q.data?.alerts ?? []
  const keys = alerts.map((a) => `${a.ruleId}\u0000${a.subject}\u0000${a.firedAt}`).join('\n')

  useEffect(() => {
    const now = new Set(keys ? keys.split('\n') : [])
    const before = seen.current
    seen.current = now
    if (!sound || before === null) return
    if ([...now].some((k) => !before.has(k)) && beep()) setTones((n) => n + 1)
  }, [keys, sound])

  async function acknowledge(a: BannerAlert) {
    const id = `${a.ruleId}\u0000${a.subject}`
    setBusy(id)
    setFailed(null)
    try {
      const res = await fetch('/api/alerts/ack', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ruleId: a.ruleId, subject: a.subject }), credentials: 'same-origin' })
      if (!res.ok) setFailed(id)
      await qc.invalidateQueries({ queryKey: ['alerts', full] })
    } catch {
      setFailed(id)
    } finally {
      setBusy(null)
    }
  }

  if (!alerts.length) return <div role="status" aria-live="polite" className="sr-only" data-alerts="0" data-alert-tones={tones} />
  const wall = appearance === 'wall'
  return (
    <section
      role="alert"
      aria-label={t('banner.title', { count: q.data!.total })}
      data-testid="alert-banner"
      data-alerts={q.data!.total}
      data-alert-tones={tones}
      className={wall ? 'shrink-0 space-y-[0.6vh] border-b border-slate-800 px-[1.5vw] py-[0.8vh] text-[min(3vh,1.8vw)]' : 'space-y-2'}
    >
      <h2 className={wall ? 'sr-only' : 'flex items-center gap-2 text-sm font-semibold text-ink'}>
        <WarningIcon className="size-4" />
        {t('banner.title', { count: q.data!.total })}
      </h2>
      <ul className={wall ? 'space-y-[0.6vh]' : 'space-y-2'}>
        {alerts.map((a) => {
          const id = `${a.ruleId}\u0000${a.subject}`
          return (
            <li key={id} data-alert={a.ruleId} data-severity={a.severity} className={`flex flex-wrap items-center gap-x-3 gap-y-1 rounded border-l-4 px-3 py-2 ${SEVERITY_CLASS[a.severity]}`}>
              <WarningIcon className={wall ? 'size-[1.2em] shrink-0' : 'size-5 shrink-0'} />
              <span className="sr-only">{t('banner.icon')}:</span>
              <strong className="uppercase tracking-wide">{t(`severity.${a.severity}`)}</strong>
              <span className="min-w-0 flex-1" data-alert-text>
                {a.text}
              </span>
              <span className="text-xs tabular-nums opacity-80" suppressHydrationWarning>
                {t('banner.since', { time: f.time(a.firedAt) })}
              </span>
              {a.acknowledgedBy ? (
                <span className="text-xs font-medium" data-acknowledged-by>
                  ✓ {t('banner.acknowledgedBy', { who: a.acknowledgedBy })}
                </span>
              ) : canAcknowledge ? (
                <button
                  type="button"
                  disabled={busy === id}
                  onClick={() => void acknowledge(a)}
                  className="rounded border border-current bg-white px-2 py-0.5 text-xs font-semibold hover:bg-slate-100 disabled:opacity-50"
                >
                  {t('banner.acknowledge')}
                </button>
              ) : null}
              {failed === id ? (
                <span role="status" className="text-xs font-semibold">
                  {t('banner.ackFailed')}
                </span>
              ) : null}
            </li>
          )
        })}
      </ul>
      {q.data!.total > alerts.length ? <p className="text-xs">{t('banner.more', { count: q.data!.total - alerts.length })}</p> : null}
    </section>
  )
}
