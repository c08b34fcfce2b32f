/**
 * Loads the alert rules (PLATEAU_ALERTS, default config/alerts.yaml), validated, re-read when the
 * file's mtime changes (checked at most once a second) like lib/config. A missing file means no
 * rules; an invalid edit keeps the last good rules and reports the error (lastAlertsError).
 */
import 'server-only'
import fs from 'node:fs'
import path from 'node:path'
import { parse as parseYaml } from 'yaml'
import { AlertsFile, type Rule } from './schema'

export class AlertsConfigError extends Error {}

export function alertsPath(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.PLATEAU_ALERTS || path.join(process.cwd(), 'config', 'alerts.yaml'))
}

export function parseAlerts(text: string, source = 'alerts'): Rule[] {
  let raw: unknown
  try {
    raw = parseYaml(text) ?? {}
  } catch (e) {
    throw new AlertsConfigError(`${source}: invalid YAML: ${(e as Error).message}`)
  }
  const r = AlertsFile.safeParse(raw)
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`)
    throw new AlertsConfigError(`${source}: invalid alert rules:\n${lines.join('\n')}`)
  }
  return r.data.rules
}

type Cache = { path: string; mtimeMs: number; checkedAt: number; rules: Rule[]; error: string | null }
const g = globalThis as unknown as { __plateauAlerts?: Cache; __plateauAlertsOverride?: Rule[] }

export function getRules(now = Date.now()): Rule[] {
  if (g.__plateauAlertsOverride) return g.__plateauAlertsOverride
  const file = alertsPath()
  const c = g.__plateauAlerts
  if (c && c.path === file && now - c.checkedAt < 1000) return c.rules
  const mtimeMs = fs.statSync(/*turbopackIgnore: true*/ file, { throwIfNoEntry: false })?.mtimeMs ?? -1
  if (c && c.path === file && c.mtimeMs === mtimeMs) {
    c.checkedAt = now
    return c.rules
  }
  let rules: Rule[] = []
  let error: string | null = null
  if (mtimeMs >= 0) {
    try {
      rules = parseAlerts(fs.readFileSync(/*turbopackIgnore: true*/ file, 'utf8'), file)
    } catch (e) {
      error = (e as Error).message
      rules = c && c.path === file ? c.rules : []
      console.error(`alerts: ${error} (keeping the previous rules)`)
    }
  }
  g.__plateauAlerts = { path: file, mtimeMs, checkedAt: now, rules, error }
  return rules
}

export function lastAlertsError(): string | null {
  return g.__plateauAlerts?.error ?? null
}

/** Tests and benches: these rules instead of the file (YAML text or parsed; null restores the file). */
export function setRulesOverride(rules: Rule[] | string | null): void {
  g.__plateauAlertsOverride = rules === null ? undefined : typeof rules === 'string' ? parseAlerts(rules) : rules
}

/** After this process rewrote the file (admin pages): read it again on the next getRules. */
export function invalidateRules(): void {
  g.__plateauAlerts = undefined
}
