// next-intl request configuration (found by the plugin in next.config.js). No locale routing:
// URLs stay /live, /reports…; the locale comes from the cookie / Accept-Language
// (lib/i18n/server.ts getLocale), or from an explicit override such as
// getTranslations({ locale: 'fr', namespace: 'wallboard' }) for a board's configured language.
import { getRequestConfig } from 'next-intl/server'
import { DEFAULT_TIME_ZONE, isLocale } from '@/lib/i18n/config'
import { getMessages } from '@/lib/i18n/messages'
import { getLocale } from '@/lib/i18n/server'

export default getRequestConfig(async ({ locale: override }) => {
  const locale = isLocale(override) ? override : await getLocale()
  return { locale, messages: getMessages(locale), timeZone: DEFAULT_TIME_ZONE }
})
