import { z } from 'zod'
import { jsonError, scopeCenters, withAuth } from '@/lib/auth/guard'
import { acknowledgeAlert, activeAlerts } from '@/lib/alerts/tick'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

const Body = z.strictObject({ ruleId: z.string().min(1).max(64), subject: z.string().min(1).max(200) })

/**
 * POST /api/alerts/ack { ruleId, subject } — acknowledge a firing alert from /live. Needs `live`
 * and a signed-in person (display links cannot); the alert must be within the caller's centers
 * (otherwise 404, as for an alert that is not firing: nothing leaks). Stored in alert_events as
 * an 'acknowledged' row naming who.
 */
export const POST = withAuth('live', async (req, _ctx, who) => {
  if (who.kind !== 'user') return jsonError(403, 'forbidden', 'only a signed-in person can acknowledge')
  let raw: unknown
  try {
    raw = await req.json()
  } catch {
    return jsonError(400, 'bad_request', 'body must be JSON { ruleId, subject }')
  }
  const p = Body.safeParse(raw)
  if (!p.success) return jsonError(400, 'bad_request', 'body must be { ruleId, subject }')
  const { ruleId, subject } = p.data
  const visible = activeAlerts(scopeCenters(who, null)).some((a) => a.ruleId === ruleId && a.subject === subject)
  if (!visible || !(await acknowledgeAlert(ruleId, subject, who.name))) return jsonError(404, 'not_found', 'no such firing alert in your centers')
  return Response.json({ ok: true, acknowledgedBy: who.name }, { headers: { 'cache-control': 'no-store' } })
})
