import { displayCookie } from '@/lib/auth/cookies'
import { boardPath, resolveDisplayToken } from '@/lib/auth/display-links'

export const dynamic = 'force-dynamic'

/**
 * GET /display/<token> — the URL a wall screen opens (no sign-in). A valid token is kept in an
 * HttpOnly cookie and the screen is sent to its board (/wallboard/<boardId>), where
 * requirePage/withAuth see a `display` principal limited to that board. An unknown or revoked
 * token → 404 and the cookie is cleared.
 */
export async function GET(req: Request, ctx: { params: Promise<{ token: string }> }) {
  const { token } = await ctx.params
  const who = resolveDisplayToken(token)
  const headers = new Headers({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-robots-tag': 'noindex' })
  if (!who) {
    for (const c of displayCookie(req, null)) headers.append('set-cookie', c)
    headers.set('content-type', 'text/html; charset=utf-8')
    return new Response(REVOKED_HTML, { status: 404, headers })
  }
  for (const c of displayCookie(req, token)) headers.append('set-cookie', c)
  headers.set('location', boardPath(who.boardId))
  return new Response(null, { status: 303, headers })
}

const REVOKED_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Plateau — display link not valid</title>
<meta name="viewport" content="width=device-width,initial-scale=1"></head>
<body style="margin:0;height:100vh;display:flex;align-items:center;justify-content:center;background:#0f172a;color:#e2e8f0;font:2rem system-ui,sans-serif;text-align:center">
<div><p>This display link was revoked or is not valid.</p><p style="font-size:1.4rem;opacity:.7">Ce lien d’affichage a été révoqué ou n’est pas valide.</p></div></body></html>`
