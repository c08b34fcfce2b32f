import NextAuth from 'next-auth'
import { authOptions } from '@/lib/auth/options'

export const dynamic = 'force-dynamic'

/** Auth.js endpoints: /api/auth/csrf, /signin, /callback/<provider>, /session, /signout, /providers. Public by design. */
async function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }): Promise<Response> {
  return (NextAuth as unknown as (req: Request, ctx: unknown, o: ReturnType<typeof authOptions>) => Promise<Response>)(req, ctx, authOptions())
}
export { handler as GET, handler as POST }
