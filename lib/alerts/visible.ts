/**
 * The firing alerts a screen shows (the in-app channel): the caller's centers only, most severe
 * first, at most BANNER_MAX (the total says how many more). Asking also keeps the alert tick
 * running (alertsTick is coalesced to one evaluation per tick).
 */
import { activeAlerts, alertsTick } from './tick'
import type { ActiveAlert } from './engine'

export const BANNER_MAX = 50

export type BannerAlert = Omit<ActiveAlert, 'text'> & { text: string }
export type AlertsBody = { total: number; alerts: BannerAlert[] }

export function visibleAlerts(centers: string[] | null, locale: 'en' | 'fr'): AlertsBody {
  alertsTick()
  const all = activeAlerts(centers)
  return { total: all.length, alerts: all.slice(0, BANNER_MAX).map((a) => ({ ...a, text: a.text[locale] })) }
}

export function localeOf(req: Request, fallback: 'en' | 'fr' = 'en'): 'en' | 'fr' {
  const q = new URL(req.url).searchParams.get('locale')
  return q === 'fr' || q === 'en' ? q : fallback
}
