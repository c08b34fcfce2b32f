/**
 * Translation outside React: exports (CSV headers, XLSX sheet names, PDF text), route
 * handlers, scripts and tests. Pure and synchronous (catalogues are bundled), no request
 * context needed:
 *
 *   const t = getTranslator('fr', 'kpi')
 *   t('asa.label')            // 'Temps moyen d’attente (TMA)'
 *   const tAll = getTranslator('fr')
 *   tAll('common.channels.voice')
 */
import 'server-only'
import { createTranslator, type NamespaceKeys, type NestedKeyOf } from 'use-intl/core'
import { DEFAULT_TIME_ZONE, type AppLocale } from './config'
import { getMessages, type Messages } from './messages'

export function getTranslator<NS extends NamespaceKeys<Messages, NestedKeyOf<Messages>> = never>(
  locale: AppLocale,
  namespace?: NS,
) {
  return createTranslator<Messages, NS>({
    locale,
    messages: getMessages(locale),
    namespace,
    timeZone: DEFAULT_TIME_ZONE,
  })
}
