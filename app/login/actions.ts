'use server'
/**
 * The sign-in form's action. A server action, so the browser POSTs the form whether or not the
 * page's JavaScript has loaded: the password never lands in a URL (issue 14).
 */
import { cookies, headers } from 'next/headers'
import { redirect } from 'next/navigation'
import { safeCallbackPath } from '@/lib/auth/guard'
import { localSessionCookie } from '@/lib/auth/local-sign-in'
import { authorizeCredentials, localLoginEnabled, TOO_MANY_ATTEMPTS } from '@/lib/auth/options'

export type SignInState = { error: 'invalid' | 'tooMany' | 'error'; username: string } | null

export async function signInWithPassword(_prev: SignInState, form: FormData): Promise<SignInState> {
  const username = String(form.get('username') ?? '').slice(0, 200)
  if (!localLoginEnabled()) return { error: 'error', username }
  const h = new Headers(await headers())
  const callbackUrl = safeCallbackPath(String(form.get('callbackUrl') ?? ''), '/')
  let user
  try {
    user = await authorizeCredentials(username, form.get('password'), h)
  } catch (e) {
    if ((e as Error).message === TOO_MANY_ATTEMPTS) return { error: 'tooMany', username }
    console.error('[plateau] sign-in failed:', (e as Error).message)
    return { error: 'error', username }
  }
  if (!user) return { error: 'invalid', username }
  const proto = h.get('x-forwarded-proto')?.split(',')[0]?.trim()
  const c = await localSessionCookie(user, proto === 'https')
  ;(await cookies()).set(c.name, c.value, c.options)
  redirect(callbackUrl) // relative and sanitised: never an open redirect
}
