/**
 * Status shown three ways at once — colour, a distinct shape and a text label — so colour is
 * never the only signal (colour-blind viewers, grey-scale screens, far away).
 */
import type { KpiStatus } from '@/lib/live/types'

export const STATUS_TEXT_CLASS: Record<KpiStatus | 'none', { light: string; dark: string }> = {
  good: { light: 'text-green-700', dark: 'text-green-400' },
  warn: { light: 'text-amber-700', dark: 'text-amber-300' },
  bad: { light: 'text-red-700', dark: 'text-red-400' },
  none: { light: 'text-slate-500', dark: 'text-slate-400' },
}

export const STATUS_BORDER_CLASS: Record<KpiStatus | 'none', { light: string; dark: string }> = {
  good: { light: 'border-green-600', dark: 'border-green-500' },
  warn: { light: 'border-amber-500', dark: 'border-amber-400' },
  bad: { light: 'border-red-600', dark: 'border-red-500' },
  none: { light: 'border-slate-200', dark: 'border-slate-700' },
}

/** good: check in a circle; warn: exclamation in a triangle; bad: cross in an octagon; none: dash. */
export function StatusIcon({ status, className, title }: { status: KpiStatus | null; className?: string; title?: string }) {
  const common = { className, viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 2.5, strokeLinecap: 'round' as const, strokeLinejoin: 'round' as const }
  const label = title ? { role: 'img', 'aria-label': title } : { 'aria-hidden': true }
  switch (status) {
    case 'good':
      return (
        <svg {...common} {...label} data-status-icon="good">
          <circle cx="12" cy="12" r="10" />
          <path d="M7 12.5l3.2 3.2L17 9" />
        </svg>
      )
    case 'warn':
      return (
        <svg {...common} {...label} data-status-icon="warn">
          <path d="M12 2.8L22 20.5H2L12 2.8z" />
          <path d="M12 9.5v5" />
          <path d="M12 17.6v.1" />
        </svg>
      )
    case 'bad':
      return (
        <svg {...common} {...label} data-status-icon="bad">
          <path d="M8 2h8l6 6v8l-6 6H8l-6-6V8z" />
          <path d="M9 9l6 6M15 9l-6 6" />
        </svg>
      )
    default:
      return (
        <svg {...common} {...label} data-status-icon="none">
          <path d="M7 12h10" />
        </svg>
      )
  }
}

/** ▲ / ▼ / ▬ for a change; the caller colours it by whether the change is good. */
export function ChangeArrow({ change, className }: { change: number | null; className?: string }) {
  const dir = change === null || change === 0 ? 'flat' : change > 0 ? 'up' : 'down'
  return (
    <svg className={className} viewBox="0 0 12 12" aria-hidden fill="currentColor" data-change={dir}>
      {dir === 'up' ? <path d="M6 1.5L11 9.5H1z" /> : dir === 'down' ? <path d="M6 10.5L1 2.5h10z" /> : <path d="M1 5h10v2H1z" />}
    </svg>
  )
}
