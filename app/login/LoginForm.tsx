'use client'
import { signIn, signOut } from 'next-auth/react'
import { useActionState } from 'react'
import { signInWithPassword } from './actions'
import type { LoginStrings } from './strings'

export function LoginForm(props: {
  strings: LoginStrings
  callbackUrl: string
  local: boolean
  oidc: { id: string; name: string } | null
  defaultUsername: string
}) {
  const t = props.strings
  // A server action: the browser POSTs this form even before hydration (no password in the URL).
  const [state, formAction, busy] = useActionState(signInWithPassword, null)
  const error = state ? (state.error === 'tooMany' ? t.tooMany : state.error === 'invalid' ? t.invalid : t.error) : null

  return (
    <div className="mt-6 space-y-4">
      {props.oidc && (
        <button
          type="button"
          className="w-full rounded bg-slate-900 px-4 py-2 font-medium text-white hover:bg-slate-700"
          onClick={() => void signIn(props.oidc!.id, { callbackUrl: props.callbackUrl })}
        >
          {t.sso} {props.oidc.name}
        </button>
      )}
      {props.oidc && props.local && <p className="text-center text-xs uppercase text-slate-500">{t.or}</p>}
      {props.local && (
        <form action={formAction} className="space-y-3" aria-label={t.title}>
          <input type="hidden" name="callbackUrl" value={props.callbackUrl} />
          <label className="block text-sm">
            {t.username}
            <input
              name="username"
              autoComplete="username"
              required
              defaultValue={state?.username ?? props.defaultUsername}
              className="mt-1 w-full rounded border border-slate-300 px-3 py-2"
            />
          </label>
          <label className="block text-sm">
            {t.password}
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              autoFocus={!!props.defaultUsername}
              className="mt-1 w-full rounded border border-slate-300 px-3 py-2"
            />
          </label>
          {error && (
            <p className="text-sm text-red-700" role="alert">
              {error}
            </p>
          )}
          <button type="submit" disabled={busy} className="w-full rounded bg-sky-700 px-4 py-2 font-medium text-white hover:bg-sky-600 disabled:opacity-50">
            {t.submit}
          </button>
        </form>
      )}
    </div>
  )
}

export function SignOutButton({ label }: { label: string }) {
  return (
    <button type="button" className="text-sky-700 underline" onClick={() => void signOut({ callbackUrl: '/login' })}>
      {label}
    </button>
  )
}
