// Types next-intl uses for `useTranslations`, `getTranslations`, `useLocale`…: keys are checked
// at compile time against the English catalogue (messages/en/*.json), locales are 'en' | 'fr'.
import type { AppLocale } from './config'
import type { Messages } from './messages'

declare module 'next-intl' {
  interface AppConfig {
    Locale: AppLocale
    Messages: Messages
  }
}
