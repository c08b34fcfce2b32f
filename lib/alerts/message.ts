/**
 * What a firing / resolution says, in the rule's language: one text line, an e-mail, and the
 * webhook bodies (plain JSON, Slack incoming-webhook, Teams MessageCard).
 */
import 'server-only'
import { kpiDefinition } from '../kpi/definitions'
import { formatKpiValue } from '../i18n/format'
import { getTranslator } from '../i18n/translator'
import type { AppLocale } from '../i18n/config'
import type { AgentState } from '../contract/vocabulary'
import { isAgentRule, type Rule, type WebhookFormat } from './schema'

export type AlertMessage = {
  kind: 'firing' | 'resolved'
  ruleId: string
  ruleName: string
  severity: Rule['severity']
  kpi: string | null
  agentState: string | null
  scope: Rule['scope']
  subject: string
  value: number | null
  threshold: number | null
  at: string
  firedAt: string
}

function scopeText(rule: Rule, locale: AppLocale): string {
  const s = rule.scope as Record<string, string | undefined>
  const parts = ['center', 'line', 'queue', 'channel'].filter((k) => s[k]).map((k) => `${k}=${s[k]}`)
  return parts.length ? parts.join(', ') : getTranslator(locale, 'alerts')('message.allCenters')
}

export function messageText(m: AlertMessage, rule: Rule, locale: AppLocale = 'en'): string {
  const t = getTranslator(locale, 'alerts')
  const severity = t(`severity.${m.severity}`)
  const scope = scopeText(rule, locale)
  if (isAgentRule(rule)) {
    const state = getTranslator(locale, 'common')(`agentStates.${rule.agentState as AgentState}`)
    const agent = m.subject.replace(/^agent:/, '')
    if (m.kind === 'resolved') return t('message.agentResolved', { rule: m.ruleName, agent, state, scope })
    return t('message.agentFiring', { severity, rule: m.ruleName, agent, state, minutes: Math.floor(m.value ?? 0), threshold: m.threshold ?? 0, scope })
  }
  const def = kpiDefinition(rule.kpi)
  const fmt = (v: number | null) => (v === null ? '—' : formatKpiValue(v, def.unit, locale))
  const kpi = def.label[locale]
  const vars = { severity, rule: m.ruleName, kpi, value: fmt(m.value), threshold: fmt(m.threshold), scope }
  return m.kind === 'firing' ? t('message.firing', vars) : t('message.resolved', vars)
}

export function emailOf(m: AlertMessage, rule: Rule, locale: AppLocale = 'en'): { subject: string; text: string } {
  const t = getTranslator(locale, 'alerts')
  const subject = m.kind === 'firing' ? t('message.subjectFiring', { severity: t(`severity.${m.severity}`), rule: m.ruleName }) : t('message.subjectResolved', { rule: m.ruleName })
  return { subject, text: `${messageText(m, rule, locale)}\n${t('message.firedAt', { time: m.firedAt.replace('T', ' ').slice(0, 19) })}\n\nrule: ${m.ruleId}\nsubject: ${m.subject}\n` }
}

const TEAMS_COLOUR = { info: '2E86DE', warning: 'F0A30A', critical: 'D13438' } as const

export function webhookBody(format: WebhookFormat, m: AlertMessage, rule: Rule, locale: AppLocale = 'en'): string {
  const text = messageText(m, rule, locale)
  if (format === 'slack') return JSON.stringify({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `${m.kind === 'firing' ? ':rotating_light:' : ':white_check_mark:'} ${text}` } }] })
  if (format === 'teams')
    return JSON.stringify({
      '@type': 'MessageCard',
      '@context': 'https://schema.org/extensions',
      summary: text,
      themeColor: m.kind === 'firing' ? TEAMS_COLOUR[m.severity] : '107C10',
      title: emailOf(m, rule, locale).subject,
      text,
    })
  return JSON.stringify({ ...m, text })
}
