/**
 * The message catalogues: `messages/<locale>/<namespace>.json`, merged into one object per
 * locale `{ common: {...}, nav: {...}, ... }`. Static imports so the same loader works in
 * Next.js (server and client bundles), Vitest, tsx scripts and export code.
 *
 * Adding a namespace: create the file in BOTH locales, import it below and add it to
 * NAMESPACES (tests/unit/i18n-catalogues.test.ts fails if a file is not registered here).
 */
import type { AppLocale } from './config'

import enAdmin from '../../messages/en/admin.json'
import enAlerts from '../../messages/en/alerts.json'
import enAuth from '../../messages/en/auth.json'
import enCommon from '../../messages/en/common.json'
import enErrors from '../../messages/en/errors.json'
import enExecutive from '../../messages/en/executive.json'
import enKpi from '../../messages/en/kpi.json'
import enLive from '../../messages/en/live.json'
import enNav from '../../messages/en/nav.json'
import enReports from '../../messages/en/reports.json'
import enWallboard from '../../messages/en/wallboard.json'

import frAdmin from '../../messages/fr/admin.json'
import frAlerts from '../../messages/fr/alerts.json'
import frAuth from '../../messages/fr/auth.json'
import frCommon from '../../messages/fr/common.json'
import frErrors from '../../messages/fr/errors.json'
import frExecutive from '../../messages/fr/executive.json'
import frKpi from '../../messages/fr/kpi.json'
import frLive from '../../messages/fr/live.json'
import frNav from '../../messages/fr/nav.json'
import frReports from '../../messages/fr/reports.json'
import frWallboard from '../../messages/fr/wallboard.json'

export const NAMESPACES = [
  'common',
  'nav',
  'kpi',
  'errors',
  'live',
  'wallboard',
  'reports',
  'executive',
  'auth',
  'admin',
  'alerts',
] as const
export type Namespace = (typeof NAMESPACES)[number]

const en = {
  common: enCommon,
  nav: enNav,
  kpi: enKpi,
  errors: enErrors,
  live: enLive,
  wallboard: enWallboard,
  reports: enReports,
  executive: enExecutive,
  auth: enAuth,
  admin: enAdmin,
  alerts: enAlerts,
}

/** The shape of every catalogue (English is the reference for types). */
export type Messages = typeof en

// Typed as Messages: a key missing from a French file is a type error as well as a test failure.
const fr: Messages = {
  common: frCommon,
  nav: frNav,
  kpi: frKpi,
  errors: frErrors,
  live: frLive,
  wallboard: frWallboard,
  reports: frReports,
  executive: frExecutive,
  auth: frAuth,
  admin: frAdmin,
  alerts: frAlerts,
}

const CATALOGUES: Record<AppLocale, Messages> = { en, fr }

/** All namespaces of one locale. */
export function getMessages(locale: AppLocale): Messages {
  return CATALOGUES[locale]
}

/** Only some namespaces (e.g. to keep what is sent to the browser small). */
export function pickMessages<N extends Namespace>(locale: AppLocale, namespaces: readonly N[]): Pick<Messages, N> {
  const all = CATALOGUES[locale]
  const out = {} as Pick<Messages, N>
  for (const ns of namespaces) out[ns] = all[ns]
  return out
}

/** KPI keys that have `label`, `short` and `formula` messages in `kpi.json`. */
export type KpiMessageKey = Exclude<keyof Messages['kpi'], 'tile'>
