/**
 * The session cookie for a local user signed in by the login page's server action
 * (app/login/actions.ts): the same JWT, claims and cookie that Auth.js's credentials callback
 * writes — built through the same jwt callback (lib/auth/options.ts) and encoder.
 */
import { encode } from 'next-auth/jwt'
import { authSecret, secureCookiesFromEnv } from './config'
import { authOptions, type LocalUser } from './options'
import { SESSION_COOKIES, sessionMaxAgeS, type SessionClaims } from './session'

export type CookieToSet = { name: string; value: string; options: { httpOnly: true; sameSite: 'lax'; path: '/'; secure: boolean; maxAge: number } }

/**
 * `secure`: the browser talks HTTPS to us (Auth.js then names the cookie __Secure-…).
 * `maxAgeS`: shorter sessions for the server's own use (the scheduler printing a recipient's PDF).
 */
export async function localSessionCookie(user: LocalUser, requestIsHttps: boolean, maxAgeS = sessionMaxAgeS()): Promise<CookieToSet> {
  const opts = authOptions()
  const maxAge = maxAgeS
  const base = { name: user.name, email: null, picture: null, sub: user.id } as SessionClaims
  const jwt = opts.callbacks!.jwt!
  const token = (await jwt({
    token: base,
    user: user as never,
    account: { provider: 'credentials', type: 'credentials', providerAccountId: user.id },
    trigger: 'signIn',
  } as Parameters<typeof jwt>[0])) as SessionClaims
  const secure = opts.useSecureCookies ?? secureCookiesFromEnv() ?? requestIsHttps
  const [secureName, plainName] = SESSION_COOKIES
  return {
    name: secure ? secureName : plainName,
    value: await encode({ token, secret: authSecret(), maxAge }),
    options: { httpOnly: true, sameSite: 'lax', path: '/', secure, maxAge },
  }
}
