import { withAuth } from '@/lib/auth/guard'
import { deleteRule, parseRuleInput, ruleProblem as problem, saveRule } from '@/lib/alerts/admin'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

type Ctx = { params: Promise<{ ruleId: string }> }

/**
 * PUT /api/alerts/rules/<id> { rule } or { yaml } — replace a rule (a webhook secret sent back
 * masked keeps the stored one). DELETE /api/alerts/rules/<id>. Both: the rule must be one the
 * caller may manage before and after (managers: their centers) — otherwise 404 / 403.
 */
export const PUT = withAuth('alerts', async (req, ctx: Ctx, who) => {
  const { ruleId } = await ctx.params
  try {
    const rule = parseRuleInput(await req.json().catch(() => null))
    return Response.json({ rule: await saveRule(who, rule, 'update', ruleId) })
  } catch (e) {
    return problem(e)
  }
})

export const DELETE = withAuth('alerts', async (_req, ctx: Ctx, who) => {
  const { ruleId } = await ctx.params
  try {
    await deleteRule(who, ruleId)
    return new Response(null, { status: 204 })
  } catch (e) {
    return problem(e)
  }
})
