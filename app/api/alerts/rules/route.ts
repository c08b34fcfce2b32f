import { withAuth } from '@/lib/auth/guard'
import { boundedJson } from '@/lib/responseLimits'
import { parseRuleInput, ruleProblem, ruleYaml, saveRule, visibleRules } from '@/lib/alerts/admin'
import { lastAlertsError } from '@/lib/alerts/load'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/**
 * GET /api/alerts/rules — the alert rules the caller may manage (admins: all; managers: rules of
 * their centers), secrets masked, each with its YAML for the edit form; `fileError` when the
 * rules file on disk is invalid (the engine keeps the last good rules).
 * POST /api/alerts/rules { rule } or { yaml } — create a rule (201); 400 invalid, 403 not your
 * center, 409 id taken.
 */
export const GET = withAuth('alerts', async (_req, _ctx, who) => {
  const rules = visibleRules(who)
  return boundedJson({ rules: rules.map((r) => ({ rule: r, yaml: ruleYaml(r) })), fileError: who.kind === 'user' && who.roles.includes('admin') ? lastAlertsError() : null })
})

export const POST = withAuth('alerts', async (req, _ctx, who) => {
  try {
    const rule = parseRuleInput(await req.json().catch(() => null))
    return Response.json({ rule: await saveRule(who, rule, 'create') }, { status: 201 })
  } catch (e) {
    return ruleProblem(e)
  }
})
