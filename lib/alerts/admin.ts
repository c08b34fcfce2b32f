/**
 * Alert rules edited from the admin pages: the same file the engine reads (PLATEAU_ALERTS),
 * changed one rule at a time and written atomically (temporary file + rename), so hot reload
 * (lib/alerts/load, by mtime) picks the change up and a crash never leaves half a file. The
 * other rules, and their comments, are kept as written (YAML document edit).
 *
 * Who may do what: admins every rule; managers only rules whose scope names one of their centers
 * (rules without a center watch every center: admins only). Webhook secrets never leave the
 * server in full: they come back as MASKED_SECRET, and a rule saved with MASKED_SECRET keeps the
 * stored secret of that webhook.
 */
import { stringify } from 'yaml'
import { effectiveCenters, type Principal } from '../auth/principal'
import { editYamlList, ListEditError, listEditProblem, plainEntry as plain, rawEntry } from '../yaml-list-file'
import { alertsPath, getRules, invalidateRules, parseAlerts } from './load'
import { checkWebhookUrl } from '../notify/webhook'
import { Rule as RuleSchema, type Rule } from './schema'

export const MASKED_SECRET = '••••••••'

export { ListEditError as RuleAdminError }
const RuleAdminError = ListEditError

export function canManageRule(who: Principal, rule: Pick<Rule, 'scope'>): boolean {
  if (who.kind !== 'user' || !who.roles.some((r) => r === 'admin' || r === 'manager')) return false
  const centers = effectiveCenters(who)
  if (centers === '*') return true
  return !!rule.scope.center && centers.includes(rule.scope.center)
}

/** A rule as the admin pages show it: env: references in full, literal secrets masked. */
export function redactRule(rule: Rule): Rule {
  return {
    ...rule,
    recipients: { ...rule.recipients, webhooks: rule.recipients.webhooks.map((w) => (w.secret && !w.secret.startsWith('env:') ? { ...w, secret: MASKED_SECRET } : w)) },
  }
}

export function visibleRules(who: Principal, rules: readonly Rule[] = getRules()): Rule[] {
  return rules.filter((r) => canManageRule(who, r)).map(redactRule)
}

/** Parse what the page or an API client sent: a rule object, or one rule in YAML. */
export function parseRuleInput(body: unknown): Rule {
  const r = RuleSchema.safeParse(rawEntry(body, 'rule'))
  if (!r.success) throw new RuleAdminError(400, r.error.issues.map((i) => `${i.path.join('.') || '(rule)'}: ${i.message}`).join('; ').slice(0, 2000))
  return r.data
}

/**
 * Create (id new) or replace (mode 'update', id existing) one rule. The whole file is validated
 * before it is written: a rule that would make the file invalid is refused, nothing written.
 */
export async function saveRule(who: Principal, input: Rule, mode: 'create' | 'update', id = input.id): Promise<Rule> {
  const file = alertsPath()
  const saved = await editYamlList(
    file,
    'rules',
    async ({ doc, seq, text }) => {
      if (!canManageRule(who, input)) throw new RuleAdminError(403, input.scope.center ? `not your center: ${input.scope.center}` : 'a rule without a center watches every center: admins only')
      const current = parseAlerts(text, file)
      const idx = current.findIndex((r) => r.id === id)
      if (mode === 'create' && idx >= 0) throw new RuleAdminError(409, `a rule ${id} already exists`)
      if (mode === 'update') {
        if (idx < 0 || !canManageRule(who, current[idx]!)) throw new RuleAdminError(404, `no rule ${id}`)
        if (input.id !== id && current.some((r) => r.id === input.id)) throw new RuleAdminError(409, `a rule ${input.id} already exists`)
      }
      // Masked secrets keep the stored one (same URL, else same position).
      const before = idx >= 0 ? current[idx]! : null
      const webhooks = input.recipients.webhooks.map((w, i) => {
        if (w.secret !== MASKED_SECRET) return w
        const old = before?.recipients.webhooks.find((o) => o.url === w.url) ?? before?.recipients.webhooks[i]
        if (!old?.secret) throw new RuleAdminError(400, `webhook ${i + 1}: no stored secret to keep, type the secret`)
        return { ...w, secret: old.secret }
      })
      const rule: Rule = { ...input, recipients: { ...input.recipients, webhooks } }
      // SSRF: loopback / private / link-local targets refused now (and again at delivery). A name
      // that does not resolve from here is accepted: delivery checks it again when it does.
      for (const [i, w] of webhooks.entries())
        await checkWebhookUrl(w.url).catch((e: Error) => {
          if (!/^cannot resolve/.test(e.message)) throw new RuleAdminError(400, `webhook ${i + 1}: ${e.message}`)
        })
      const node = doc.createNode(plain(rule))
      if (idx >= 0) seq.items[idx] = node
      else seq.items.push(node)
      return rule
    },
    (text) => void parseAlerts(text, file), // whole-file checks (duplicate ids, channels without targets)
  )
  invalidateRules() // re-read now rather than within a second
  return redactRule(saved)
}

export async function deleteRule(who: Principal, id: string): Promise<void> {
  const file = alertsPath()
  await editYamlList(
    file,
    'rules',
    ({ seq, text }) => {
      const current = parseAlerts(text, file)
      const idx = current.findIndex((r) => r.id === id)
      if (idx < 0 || !canManageRule(who, current[idx]!)) throw new RuleAdminError(404, `no rule ${id}`)
      seq.items.splice(idx, 1)
    },
    () => {},
  )
  invalidateRules()
}

/** One rule as YAML for the edit form (secrets masked). */
export function ruleYaml(rule: Rule): string {
  return stringify(plain(redactRule(rule)))
}

/** A refused admin change as an HTTP answer (other errors are rethrown). */
export const ruleProblem = listEditProblem
