/**
 * Detects message keys rendered as text instead of their translation, e.g. `kpi.asa.label`
 * or `live.queueTable`. next-intl renders `namespace.key` when a message is missing (or a
 * branch like `kpi.asa` is rendered as a message), so a token is reported when it looks like
 * a key (`^[a-z]+(\.[A-Za-z0-9_]+)+$`) AND either exists in the catalogue (`known: true`) or
 * starts with one of our namespaces (`known: false`: a missing message).
 *
 * Playwright:
 *   import { expectNoRawKeys } from '../helpers/raw-keys'
 *   await page.goto('/live'); await expectNoRawKeys(page, '/live fr')
 * Plain text (exports, server HTML):
 *   expect(findRawKeys(csvText)).toEqual([])
 */
import type { Page } from '@playwright/test'
import { LOCALES } from '../../lib/i18n/config'
import { branchPaths, flattenMessages } from '../../lib/i18n/catalogue'
import { NAMESPACES, getMessages } from '../../lib/i18n/messages'

export const RAW_KEY_PATTERN = /^[a-z]+(\.[A-Za-z0-9_]+)+$/

let keys: Set<string> | undefined
/** Every key (leaf and branch) of every locale's catalogue, dotted with its namespace. */
export function catalogueKeys(): Set<string> {
  if (!keys) {
    keys = new Set()
    for (const locale of LOCALES) {
      const messages = getMessages(locale)
      for (const k of Object.keys(flattenMessages(messages))) keys.add(k)
      for (const k of branchPaths(messages)) keys.add(k)
    }
  }
  return keys
}

export interface RawKeyHit {
  token: string
  /** true: the key exists in the catalogue; false: a namespaced key with no message. */
  known: boolean
}

/** Raw message keys found in rendered text. `allow`: tokens that are legitimately shown. */
export function findRawKeys(text: string, options: { allow?: readonly string[] } = {}): RawKeyHit[] {
  const known = catalogueKeys()
  const namespaces = new Set<string>(NAMESPACES)
  const allow = new Set(options.allow ?? [])
  const seen = new Set<string>()
  const hits: RawKeyHit[] = []
  for (const raw of text.split(/[\s"'“”‘’«»()[\]{}<>,;:!?|/\\=`*]+/)) {
    const token = raw.replace(/^[^A-Za-z0-9_]+/, '').replace(/[^A-Za-z0-9_]+$/, '')
    if (!token || seen.has(token) || allow.has(token) || !RAW_KEY_PATTERN.test(token)) continue
    seen.add(token)
    if (known.has(token)) hits.push({ token, known: true })
    else if (namespaces.has(token.split('.')[0]!)) hits.push({ token, known: false })
  }
  return hits
}

/** Throws with the list of raw keys, if any. */
export function assertNoRawKeys(text: string, where = 'text', options?: { allow?: readonly string[] }): void {
  const hits = findRawKeys(text, options)
  if (hits.length) {
    const list = hits.map((h) => `${h.token}${h.known ? '' : ' (no such message)'}`).join(', ')
    throw new Error(`raw message keys rendered in ${where}: ${list}`)
  }
}

/** Visible text of the page plus the text users meet in attributes (tooltips, labels). */
export async function pageText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts = [document.title, document.body.innerText]
    for (const el of Array.from(document.querySelectorAll('[title],[aria-label],[placeholder],[alt],[aria-description]'))) {
      for (const a of ['title', 'aria-label', 'placeholder', 'alt', 'aria-description']) {
        const v = el.getAttribute(a)
        if (v) parts.push(v)
      }
    }
    return parts.join('\n')
  })
}

/** Playwright: fails when the current page shows a raw message key (text or tooltip). */
export async function expectNoRawKeys(page: Page, where?: string, options?: { allow?: readonly string[] }): Promise<void> {
  assertNoRawKeys(await pageText(page), where ?? page.url(), options)
}
