import { useTranslations } from 'next-intl'

/** The channel's name in the current language (its id when it has none). */
export function useChannelName(): (channel: string) => string {
  const tc = useTranslations('common')
  return (channel) => {
    const k = `channels.${channel}` as Parameters<typeof tc>[0]
    return tc.has(k) ? tc(k) : channel || tc('unknown')
  }
}

/**
 * One pictogram per contact channel, drawn in the current text colour, so a channel reads at a
 * glance next to (never instead of) its name: phone, speech bubble, envelope, mobile, share,
 * posted letter.
 */
export function ChannelIcon({ channel, className }: { channel: string; className?: string }) {
  const common = {
    className,
    viewBox: '0 0 24 24',
    fill: 'none',
    stroke: 'currentColor',
    strokeWidth: 2,
    strokeLinecap: 'round' as const,
    strokeLinejoin: 'round' as const,
    'aria-hidden': true,
    'data-channel-icon': channel,
  }
  switch (channel) {
    case 'voice':
      return (
        <svg {...common}>
          <path d="M5 3h3.5l1.8 4.6-2.3 1.5a12 12 0 0 0 6 6l1.5-2.3L20 14.5V18a2 2 0 0 1-2 2A16 16 0 0 1 3 5a2 2 0 0 1 2-2z" />
        </svg>
      )
    case 'chat':
      return (
        <svg {...common}>
          <path d="M4 5h16v11H9l-5 4z" />
          <path d="M8 9.5h8M8 12.5h5" />
        </svg>
      )
    case 'email':
      return (
        <svg {...common}>
          <rect x="3" y="5" width="18" height="14" rx="2" />
          <path d="M3.5 6.5L12 13l8.5-6.5" />
        </svg>
      )
    case 'sms':
      return (
        <svg {...common}>
          <rect x="6" y="2.5" width="12" height="19" rx="2" />
          <path d="M9 8h6M9 11h4M11 18.5h2" />
        </svg>
      )
    case 'social':
      return (
        <svg {...common}>
          <circle cx="6" cy="12" r="2.5" />
          <circle cx="18" cy="6" r="2.5" />
          <circle cx="18" cy="18" r="2.5" />
          <path d="M8.2 10.8l7.6-3.6M8.2 13.2l7.6 3.6" />
        </svg>
      )
    case 'mail':
      return (
        <svg {...common}>
          <path d="M4 9l8-5 8 5v11H4z" />
          <path d="M4 9l8 6 8-6" />
        </svg>
      )
    default:
      return (
        <svg {...common}>
          <circle cx="12" cy="12" r="8" />
        </svg>
      )
  }
}
