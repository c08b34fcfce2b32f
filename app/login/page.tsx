import { cookies, headers } from 'next/headers'
import { LOCALE_COOKIE, resolveLocale } from '@/lib/i18n/config'
import { authMode, oidcConfig } from '@/lib/auth/config'
import { currentPrincipal, safeCallbackPath } from '@/lib/auth/guard'
import { localLoginEnabled } from '@/lib/auth/options'
import { ensureFirstAdmin, readUsers, WeakAdminPasswordError } from '@/lib/auth/users'
import { LOGIN_STRINGS } from './strings'
import { LoginForm, SignOutButton } from './LoginForm'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Sign in — Plateau' }

type Search = { callbackUrl?: string; error?: string; need?: string }

/** Public: the sign-in page (local accounts and/or OIDC), with the first-run hint. */
export default async function LoginPage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams
  const c = await cookies()
  const h = await headers()
  const locale = resolveLocale({ cookie: c.get(LOCALE_COOKIE)?.value, acceptLanguage: h.get('accept-language') })
  const t = LOGIN_STRINGS[locale]
  const callbackUrl = safeCallbackPath(typeof sp.callbackUrl === 'string' ? sp.callbackUrl : null, '/')
  const error = typeof sp.error === 'string' ? sp.error : undefined

  const adminRefused = await ensureFirstAdmin().then(
    () => false,
    (e) => {
      console.error('[plateau] first-run admin:', (e as Error).message)
      return e instanceof WeakAdminPasswordError
    },
  )
  const mode = authMode()
  const local = localLoginEnabled()
  const oidc = oidcConfig()
  const firstRun = mode === 'on' && local ? readUsers().firstRun : null
  const who = await currentPrincipal()

  return (
    <main className="mx-auto mt-16 max-w-md rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="text-2xl font-semibold">{t.title}</h1>
      {mode === 'off' && (
        <p className="mt-4 rounded bg-amber-100 p-3 text-sm text-amber-900" role="alert">
          {t.authOff} <a className="underline" href={callbackUrl}>{t.continue}</a>
        </p>
      )}
      {error === 'forbidden' && (
        <p className="mt-4 rounded bg-red-50 p-3 text-sm text-red-800" role="alert">
          {t.forbidden}
          {sp.need ? ` (${String(sp.need).slice(0, 60)})` : ''}. {t.forbiddenHint}
        </p>
      )}
      {error === 'display_revoked' && (
        <p className="mt-4 rounded bg-red-50 p-3 text-sm text-red-800" role="alert" data-testid="display-revoked">
          {t.displayRevoked}
        </p>
      )}
      {error && !['forbidden', 'display_revoked', 'CredentialsSignin'].includes(error) && (
        <p className="mt-4 rounded bg-red-50 p-3 text-sm text-red-800" role="alert">
          {t.error} ({error.slice(0, 60)})
        </p>
      )}
      {error === 'CredentialsSignin' && <p className="mt-4 rounded bg-red-50 p-3 text-sm text-red-800" role="alert">{t.invalid}</p>}
      {who && who.kind === 'user' && mode === 'on' && (
        <div className="mt-4 flex items-center justify-between rounded bg-slate-100 p-3 text-sm">
          <span>
            {t.signedInAs} <strong>{who.name}</strong> ({who.roles.join(', ') || '—'})
          </span>
          <SignOutButton label={t.signOut} />
        </div>
      )}
      {firstRun && (
        <div className="mt-4 rounded bg-sky-50 p-3 text-sm text-sky-900" data-testid="first-run-hint">
          <p>{firstRun.source === 'env' ? t.firstRunEnv : t.firstRunGenerated}</p>
          {firstRun.source === 'generated' && (
            <p className="mt-1 text-xs">
              {t.firstRunLost} <code className="break-all">npx tsx lib/auth/cli.ts reset-password admin</code>
            </p>
          )}
        </div>
      )}
      {adminRefused && (
        <p className="mt-4 rounded bg-red-50 p-3 text-sm text-red-800" role="alert" data-testid="admin-password-refused">
          {t.adminPasswordRefused}
        </p>
      )}
      {mode === 'on' && !local && !oidc && <p className="mt-4 text-sm text-red-800">{t.noProvider}</p>}
      {mode === 'on' && (
        <LoginForm
          strings={t}
          callbackUrl={callbackUrl}
          local={local}
          oidc={oidc ? { id: 'oidc', name: oidc.name } : null}
          defaultUsername={firstRun ? firstRun.username : ''}
        />
      )}
    </main>
  )
}
