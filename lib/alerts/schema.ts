/**
 * Alert rules file (YAML, path from PLATEAU_ALERTS, default config/alerts.yaml; absent = no
 * rules). See docs/alerts.md and config/alerts.example.yaml.
 *
 * A KPI rule watches one KPI over one scope (center, queue, channel, reporting line — each
 * optional) against a value or the target in force; an agent rule watches every agent of a
 * center for time spent in one state (after-call work, break…).
 */
import 'server-only'
import { z } from 'zod'
import { CHANNELS } from '../contract/vocabulary'
import { REPORTING_LINES } from '../config/schema'
import { isKpiKey, type KpiKey } from '../kpi/definitions'
import { AGENT_STATES } from '../contract/vocabulary'

export const SEVERITIES = ['info', 'warning', 'critical'] as const
export type Severity = (typeof SEVERITIES)[number]
export const ALERT_CHANNELS = ['in_app', 'webhook', 'email'] as const
export type AlertChannel = (typeof ALERT_CHANNELS)[number]
export const WEBHOOK_FORMATS = ['json', 'slack', 'teams'] as const
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number]

const id = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (at most 64)')
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM')

export const Scope = z
  .object({
    center: z.string().min(1).max(64).optional(),
    queue: z.string().min(1).max(128).optional(),
    channel: z.enum(CHANNELS).optional(),
    line: z.enum(REPORTING_LINES).optional(),
  })
  .strict()
export type Scope = z.infer<typeof Scope>

export const Webhook = z
  .object({
    url: z.string().url().max(2048),
    format: z.enum(WEBHOOK_FORMATS).default('json'),
    /** HMAC-SHA256 key of the X-Plateau-Signature header; may name an env variable as env:NAME. */
    secret: z.string().min(1).max(512).optional(),
  })
  .strict()
export type Webhook = z.infer<typeof Webhook>

const common = {
  id,
  name: z.string().min(1).max(200).optional(),
  severity: z.enum(SEVERITIES).default('warning'),
  /** How long the condition must hold before the rule fires. */
  holdSeconds: z.number().int().min(0).max(86_400).default(0),
  /** No webhook / e-mail in this local window of the scope's center (in-app still shows); a firing still on at its end is sent then. */
  quietHours: z.object({ from: hhmm, to: hhmm }).strict().optional(),
  channels: z.array(z.enum(ALERT_CHANNELS)).min(1).default(['in_app']),
  recipients: z
    .object({
      emails: z.array(z.string().email().max(254)).max(50).default([]),
      webhooks: z.array(Webhook).max(10).default([]),
    })
    .strict()
    .default({ emails: [], webhooks: [] }),
  enabled: z.boolean().default(true),
  /** Language of the webhook and e-mail messages. */
  locale: z.enum(['en', 'fr']).default('en'),
}

export const KpiRule = z
  .object({
    ...common,
    kpi: z.string().refine(isKpiKey, 'unknown KPI (see lib/kpi/definitions.ts)') as unknown as z.ZodType<KpiKey>,
    scope: Scope.default({}),
    condition: z
      .object({
        op: z.enum(['above', 'below']),
        /** A number in the KPI's unit (percent KPIs: 0–1 shares as the engine gives them), or 'target'. */
        value: z.union([z.number().finite(), z.literal('target')]),
      })
      .strict(),
    /** Hysteresis: fired → resolved only once the figure is back past this margin (KPI unit) on the good side. */
    clearMargin: z.number().finite().min(0).default(0),
  })
  .strict()
export type KpiRule = z.infer<typeof KpiRule>

export const AgentRule = z
  .object({
    ...common,
    agentState: z.enum(AGENT_STATES),
    /** Fires for an agent in that state for more than this many minutes. */
    minutes: z.number().positive().max(24 * 60),
    scope: z.object({ center: z.string().min(1).max(64) }).strict(),
  })
  .strict()
export type AgentRule = z.infer<typeof AgentRule>

export const Rule = z.union([KpiRule, AgentRule])
export type Rule = KpiRule | AgentRule

export function isAgentRule(r: Rule): r is AgentRule {
  return 'agentState' in r
}

export const AlertsFile = z
  .object({ rules: z.array(Rule).max(10_000).default([]) })
  .strict()
  .superRefine((f, ctx) => {
    const seen = new Set<string>()
    f.rules.forEach((r, i) => {
      if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id ${r.id}` })
      seen.add(r.id)
      if (r.channels.includes('webhook') && !r.recipients.webhooks.length) ctx.addIssue({ code: 'custom', path: ['rules', i, 'recipients', 'webhooks'], message: 'channel webhook needs a webhook' })
      if (r.channels.includes('email') && !r.recipients.emails.length) ctx.addIssue({ code: 'custom', path: ['rules', i, 'recipients', 'emails'], message: 'channel email needs a recipient' })
    })
  })
export type AlertsFile = z.infer<typeof AlertsFile>
