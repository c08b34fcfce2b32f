/**
 * What proxy.ts does on every request (kept here so it can be unit-tested):
 *  - CSRF: refuse cross-site state-changing requests (403 JSON) — except producer ingest
 *    (API key, no cookies), platform webhooks (signed: Twilio) and Auth.js callbacks (an IdP may POST back; Auth.js checks its own
 *    state/CSRF token there).
 *  - Tell pages which path was requested (PATH_HEADER), for the sign-in redirect.
 * Authorization itself is NOT done here: withAuth/requirePage decide, next to the data.
 */
import 'server-only'
import { csrfProblem } from './csrf'

export const PATH_HEADER = 'x-plateau-path'

const CSRF_EXEMPT = [/^\/api\/events\/?$/, /^\/api\/auth\/callback\//, /^\/api\/connectors\/twilio\/[^/]+\/?$/]

export function proxyDecision(method: string, pathname: string, search: string, headers: Headers): { refuse: Response } | { setHeaders: Record<string, string> } {
  if (!CSRF_EXEMPT.some((re) => re.test(pathname))) {
    const bad = csrfProblem(method, headers)
    if (bad)
      return {
        refuse: new Response(JSON.stringify({ error: 'csrf', message: bad }), {
          status: 403,
          headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
        }),
      }
  }
  return { setHeaders: { [PATH_HEADER]: pathname + search } }
}
