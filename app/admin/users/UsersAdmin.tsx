'use client'
import { useTranslations } from 'next-intl'
import { useState, type FormEvent } from 'react'
import type { PublicUser } from '@/lib/auth/users'
import { adminFetch, button, dangerButton, input } from '@/components/admin/api'

function centersText(c: string[] | '*'): string {
  return c === '*' ? '*' : c.join(', ')
}
function parseCenters(s: string): string[] | '*' {
  const t = s.trim()
  if (t === '*') return '*'
  return t.split(/[\s,]+/).filter(Boolean)
}

export function UsersAdmin({ initial, roles, selfId }: { initial: PublicUser[]; roles: string[]; selfId: string }) {
  const t = useTranslations('admin.usersPage')
  const [users, setUsers] = useState(initial)
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null)
  const reload = async () => setUsers((await adminFetch<{ users: PublicUser[] }>('/api/admin/users')).users)
  const run = async (f: () => Promise<unknown>, okText: string) => {
    try {
      await f()
      await reload()
      setMsg({ ok: true, text: okText })
    } catch (e) {
      setMsg({ ok: false, text: (e as Error).message })
    }
  }

  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const form = e.currentTarget
    const fd = new FormData(form)
    await run(
      () =>
        adminFetch('/api/admin/users', {
          method: 'POST',
          body: {
            username: fd.get('username'),
            name: fd.get('name') || undefined,
            password: fd.get('password'),
            roles: fd.getAll('roles'),
            centers: parseCenters(String(fd.get('centers') ?? '')),
            locale: fd.get('locale') || undefined,
          },
        }).then(() => form.reset()),
      t('created'),
    )
  }

  return (
    <div className="mt-6 space-y-8">
      {msg && (
        <p role="status" className={`rounded p-2 text-sm ${msg.ok ? 'bg-green-50 text-green-800' : 'bg-red-50 text-red-800'}`}>
          {msg.text}
        </p>
      )}
      <table className="w-full text-left text-sm">
        <thead className="border-b text-slate-500">
          <tr>
            <th className="py-1">{t('username')}</th>
            <th>{t('name')}</th>
            <th>{t('roles')}</th>
            <th>{t('centers')}</th>
            <th>{t('status')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} className="border-b align-top" data-testid={`user-${u.username}`}>
              <td className="py-1 font-mono">{u.username}</td>
              <td>{u.name}</td>
              <td>{u.roles.join(', ') || '—'}</td>
              <td>{centersText(u.centers)}</td>
              <td>{u.disabled ? t('disabled') : t('active')}</td>
              <td className="space-x-1 whitespace-nowrap py-1 text-right">
                <button
                  className={dangerButton}
                  onClick={() => {
                    const pw = window.prompt(t('promptPassword', { user: u.username }))
                    if (pw) void run(() => adminFetch(`/api/admin/users/${u.id}`, { method: 'PATCH', body: { password: pw } }), t('passwordChanged'))
                  }}
                >
                  {t('password')}
                </button>
                <button
                  className={dangerButton}
                  onClick={() => {
                    const c = window.prompt(t('promptCenters', { user: u.username }), centersText(u.centers))
                    if (c !== null) void run(() => adminFetch(`/api/admin/users/${u.id}`, { method: 'PATCH', body: { centers: parseCenters(c) } }), t('centersUpdated'))
                  }}
                >
                  {t('centersAction')}
                </button>
                <button
                  className={dangerButton}
                  onClick={() => {
                    const r = window.prompt(t('promptRoles', { user: u.username, roles: roles.join(', ') }), u.roles.join(', '))
                    if (r !== null)
                      void run(
                        () => adminFetch(`/api/admin/users/${u.id}`, { method: 'PATCH', body: { roles: r.split(/[\s,]+/).filter(Boolean) } }),
                        t('rolesUpdated'),
                      )
                  }}
                >
                  {t('rolesAction')}
                </button>
                {u.id !== selfId && (
                  <>
                    <button
                      className={dangerButton}
                      onClick={() => void run(() => adminFetch(`/api/admin/users/${u.id}`, { method: 'PATCH', body: { disabled: !u.disabled } }), u.disabled ? t('enabled') : t('disabledDone'))}
                    >
                      {u.disabled ? t('enable') : t('disable')}
                    </button>
                    <button
                      className={dangerButton}
                      onClick={() => {
                        if (window.confirm(t('confirmDelete', { user: u.username }))) void run(() => adminFetch(`/api/admin/users/${u.id}`, { method: 'DELETE' }), t('deleted'))
                      }}
                    >
                      {t('delete')}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <form onSubmit={create} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" aria-label={t('newUser')}>
        <h2 className="font-medium">{t('newUser')}</h2>
        <div className="flex flex-wrap gap-3">
          <input className={input} name="username" placeholder={t('phUsername')} required />
          <input className={input} name="name" placeholder={t('phName')} />
          <input className={input} name="password" type="password" placeholder={t('phPassword')} required minLength={10} autoComplete="new-password" />
          <input className={input} name="centers" placeholder={t('phCenters')} />
          <select className={input} name="locale" defaultValue="">
            <option value="">{t('localeBrowser')}</option>
            <option value="fr">français</option>
            <option value="en">English</option>
          </select>
        </div>
        <div className="flex flex-wrap gap-4 text-sm">
          {roles.map((r) => (
            <label key={r} className="flex items-center gap-1">
              <input type="checkbox" name="roles" value={r} /> {r}
            </label>
          ))}
        </div>
        <button className={button} type="submit">
          {t('create')}
        </button>
      </form>
    </div>
  )
}
