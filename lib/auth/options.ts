/**
 * next-auth (Auth.js v4) configuration: local users (credentials) and an OIDC provider from env.
 * JWT sessions (no database). Built lazily at request time: secrets are read at run time, not build time.
 */
import 'server-only'
import crypto from 'node:crypto'
import type { NextAuthOptions } from 'next-auth'
import CredentialsProvider from 'next-auth/providers/credentials'
import { authSecret, oidcConfig, secureCookiesFromEnv } from './config'
import { mapOidcProfile } from './oidc'
import { BcryptBusyError } from './bcrypt-pool'
import { clientAddress } from './client-address'
import { refund, take } from './rate-limit'
import { isSessionRevoked, revokeSession } from './revoked-sessions'
import type { SessionClaims } from './session'
import { principalFromClaims, sessionMaxAgeS } from './session'
import { ensureFirstAdmin, verifyPassword } from './users'

export function localLoginEnabled(): boolean {
  return process.env.PLATEAU_LOCAL_LOGIN !== 'off'
}

// next-auth derives its own URL (redirects, OIDC redirect_uri) from NEXTAUTH_URL; without it,
// trust the Host header so `npm start` works on any host/port. Set NEXTAUTH_URL in production.
if (!process.env.NEXTAUTH_URL && process.env.AUTH_TRUST_HOST === undefined) process.env.AUTH_TRUST_HOST = 'true'

export type LocalUser = { id: string; name: string; src: 'local'; sv: number }

export const TOO_MANY_ATTEMPTS = 'too many sign-in attempts; wait a minute'

/**
 * Username + password of the sign-in form → the user, null (refused), or throws TOO_MANY_ATTEMPTS.
 * Used by the Credentials provider and by the login page's server action (app/login/actions.ts).
 */
export async function authorizeCredentials(rawUsername: unknown, rawPassword: unknown, headers: Headers): Promise<LocalUser | null> {
  await ensureFirstAdmin()
  const username = String(rawUsername ?? '').slice(0, 200)
  const password = String(rawPassword ?? '')
  const ip = clientAddress(headers)
  // Brute force: 10 failed attempts then 1 per 30 s per username; 30 then 1 per 3 s per client
  // address. Charged before comparing (parallel attempts cannot all pass a check made
  // before any of them is charged), given back when the password was right.
  const userKey = username.trim().toLowerCase()
  if (!take('login-user', userKey, 1 / 30, 10).ok) throw new Error(TOO_MANY_ATTEMPTS)
  if (!take('login-ip', ip, 1 / 3, 30).ok) {
    refund('login-user', userKey)
    throw new Error(TOO_MANY_ATTEMPTS)
  }
  let u
  try {
    u = await verifyPassword(username, password)
  } catch (e) {
    if (e instanceof BcryptBusyError) throw new Error(TOO_MANY_ATTEMPTS)
    throw e
  }
  if (!u) return null
  refund('login-user', userKey)
  refund('login-ip', ip)
  return { id: u.id, name: u.name || u.username, src: 'local', sv: u.sessionVersion }
}

export function authOptions(): NextAuthOptions {
  const oidc = oidcConfig()
  const providers: NextAuthOptions['providers'] = []
  if (localLoginEnabled()) {
    providers.push(
      CredentialsProvider({
        id: 'credentials',
        name: 'Plateau account',
        credentials: { username: { label: 'Username', type: 'text' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          return authorizeCredentials(credentials?.username, credentials?.password, new Headers((req?.headers ?? {}) as Record<string, string>))
        },
      }),
    )
  }
  if (oidc) {
    providers.push({
      id: 'oidc',
      name: oidc.name,
      type: 'oauth',
      wellKnown: `${oidc.issuer}/.well-known/openid-configuration`,
      clientId: oidc.clientId,
      clientSecret: oidc.clientSecret,
      idToken: true,
      checks: ['pkce', 'state'],
      authorization: { params: { scope: oidc.scope } },
      profile(profile: Record<string, unknown>) {
        return {
          id: String(profile.sub),
          name: String(profile.name ?? profile.preferred_username ?? profile.email ?? profile.sub),
          email: typeof profile.email === 'string' ? profile.email : null,
        }
      },
    })
  }
  return {
    secret: authSecret(),
    providers,
    session: { strategy: 'jwt', maxAge: sessionMaxAgeS(), updateAge: 3600 },
    jwt: { maxAge: sessionMaxAgeS() },
    useSecureCookies: secureCookiesFromEnv(),
    pages: { signIn: '/login', error: '/login' },
    callbacks: {
      async jwt({ token, user, account, profile }) {
        const t = token as SessionClaims
        if (user) t.sid = crypto.randomUUID()
        // a signed-out session refreshed through /api/auth/session: the new cookie carries no identity,
        // so it stays refused after the revocation entry has expired
        else if (isSessionRevoked(t)) return { revoked: true } as unknown as typeof token
        if (user && account?.provider === 'credentials') {
          const u = user as unknown as LocalUser
          t.src = 'local'
          t.sv = u.sv
        } else if (user && account?.provider === 'oidc' && oidc) {
          const m = mapOidcProfile((profile ?? {}) as Record<string, unknown>, oidc)
          t.src = 'oidc'
          t.roles = m.roles
          t.centers = m.centers
          const loc = (profile as Record<string, unknown> | undefined)?.locale
          if (typeof loc === 'string' && /^(fr|en)/i.test(loc)) t.locale = loc.slice(0, 2).toLowerCase() as 'fr' | 'en'
        }
        return t
      },
      async session({ session, token }) {
        const who = principalFromClaims(token as SessionClaims)
        const s = session as typeof session & { roles?: string[]; centers?: string[] | '*'; userId?: string }
        if (who && who.kind === 'user') {
          s.user = { ...(s.user ?? {}), name: who.name }
          s.roles = who.roles
          s.centers = who.centers
          s.userId = who.id
        }
        return s
      },
      async redirect({ url, baseUrl }) {
        if (url.startsWith('/') && !url.startsWith('//')) return `${baseUrl}${url}`
        try {
          if (new URL(url).origin === new URL(baseUrl).origin) return url
        } catch {
          /* fallthrough */
        }
        return baseUrl
      },
    },
    events: {
      async signOut({ token }) {
        if (token) await revokeSession(token as SessionClaims, sessionMaxAgeS())
      },
    },
    logger: {
      error(code, meta) {
        console.error(`[plateau] auth error ${code}`, meta instanceof Error ? meta.message : '')
      },
      warn(code) {
        if (code !== 'NEXTAUTH_URL' && code !== 'DEBUG_ENABLED') console.warn(`[plateau] auth warning ${code}`)
      },
      debug() {},
    },
  }
}
