import { NextResponse, type NextRequest } from 'next/server'
import { proxyDecision } from './lib/auth/proxy-logic'

/** CSRF origin check + requested path for sign-in redirects. Authorization: lib/auth/guard.ts. */
export function proxy(req: NextRequest) {
  const d = proxyDecision(req.method, req.nextUrl.pathname, req.nextUrl.search, req.headers)
  if ('refuse' in d) return d.refuse
  const headers = new Headers(req.headers)
  for (const [k, v] of Object.entries(d.setHeaders)) headers.set(k, v)
  return NextResponse.next({ request: { headers } })
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
}
