'use client'
import { signIn, signOut } from 'next-auth/react'
import { useState, type FormEvent } from 'react'
import type { LoginStrings } from './strings'

export function LoginForm(props: {
  strings: LoginStrings
  callbackUrl: string
  local: boolean
  oidc: { id: string; name: string } | null
  defaultUsername: string
}) {
  const t = props.strings
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault()
    setBusy(true)
    setError(null)
    const fd = new FormData(e.currentTarget)
    try {
      const r = await signIn('credentials', {
        redirect: false,
        username: String(fd.get('username') ?? ''),
        password: String(fd.get('password') ?? ''),
        callbackUrl: props.callbackUrl,
      })
      if (r?.ok && !r.error) {
        // relative and already sanitised on the server: never an open redirect
        window.location.assign(props.callbackUrl)
        return
      }
      setError(r?.error && /too many/i.test(r.error) ? t.tooMany : t.invalid)
    } catch {
      setError(t.error)
    } finally {
      setBusy(false)
    }
  }

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
        <form onSubmit={onSubmit} className="space-y-3" aria-label={t.title}>
          <label className="block text-sm">
            {t.username}
            <input
              name="username"
              autoComplete="username"
              required
              defaultValue={props.defaultUsername}
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
