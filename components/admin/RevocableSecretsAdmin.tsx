'use client'
/**
 * "A revocable secret with a name" (lib/auth/secret-list.ts): producer API keys and wall-screen
 * display links share this table, the create form and revocation. The secret is shown once, at
 * creation; the list shows its first characters only.
 */
import { useTranslations } from 'next-intl'
import { useState, type FormEvent } from 'react'
import { adminFetch, button, dangerButton, input } from './api'

export type SecretRow = { id: string; name: string; hint: string; createdAt: string; createdBy: string; revokedAt?: string | null; ratePerSec?: number; boardId?: string }

type Kind = 'apiKeys' | 'displayLinks'
const ENDPOINT: Record<Kind, string> = { apiKeys: '/api/admin/api-keys', displayLinks: '/api/admin/display-links' }
const LIST_KEY: Record<Kind, 'keys' | 'links'> = { apiKeys: 'keys', displayLinks: 'links' }

const minute = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`

export function RevocableSecretsAdmin({ kind, initial, boards = [] }: { kind: Kind; initial: SecretRow[]; boards?: string[] }) {
  const t = useTranslations('admin.secrets')
  const [rows, setRows] = useState(initial)
  const [created, setCreated] = useState<string | null>(null)
  const [err, setErr] = useState<string | null>(null)
  const reload = async () => setRows((await adminFetch<Record<string, SecretRow[]>>(ENDPOINT[kind]))[LIST_KEY[kind]] ?? [])

  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const form = e.currentTarget
    const fd = new FormData(form)
    setErr(null)
    try {
      if (kind === 'apiKeys') {
        const rate = String(fd.get('rate') ?? '').trim()
        const r = await adminFetch<{ secret: string }>(ENDPOINT[kind], { method: 'POST', body: { name: fd.get('name'), ratePerSec: rate ? Number(rate) : undefined } })
        setCreated(r.secret)
      } else {
        const r = await adminFetch<{ path: string }>(ENDPOINT[kind], { method: 'POST', body: { boardId: fd.get('boardId'), name: fd.get('name') || undefined } })
        setCreated(`${window.location.origin}${r.path}`)
      }
      form.reset()
      await reload()
    } catch (e) {
      setErr((e as Error).message)
    }
  }

  async function revoke(r: SecretRow) {
    if (!window.confirm(t(`${kind}.confirmRevoke`, { name: r.name || r.boardId || r.id }))) return
    try {
      await adminFetch(`${ENDPOINT[kind]}/${r.id}`, { method: 'DELETE' })
      await reload()
    } catch (e) {
      setErr((e as Error).message)
    }
  }

  return (
    <div className="mt-6 space-y-6">
      {err && (
        <p role="alert" className="rounded bg-red-50 p-2 text-sm text-red-800">
          {err}
        </p>
      )}
      {created && (
        <div className="rounded border border-amber-300 bg-amber-50 p-3 text-sm" role="status">
          {t(`${kind}.copyOnce`)}
          <code className="mt-1 block break-all font-mono" data-testid={kind === 'apiKeys' ? 'new-api-key' : 'new-display-link'}>
            {created}
          </code>
        </div>
      )}
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">{t('none')}</p>
      ) : (
        <table className="w-full text-left text-sm" data-testid={`${kind}-list`}>
          <thead className="border-b text-slate-500">
            <tr>
              <th className="py-1">{t('columns.name')}</th>
              {kind === 'displayLinks' && <th>{t('columns.board')}</th>}
              <th>{t('columns.hint')}</th>
              <th>{t('columns.created')}</th>
              {kind === 'apiKeys' && <th>{t('columns.limit')}</th>}
              <th>{t('columns.status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className="border-b" data-secret={r.id}>
                <td className="py-1">{r.name || '—'}</td>
                {kind === 'displayLinks' && <td className="font-mono">{r.boardId}</td>}
                <td className="font-mono">{r.hint}…</td>
                <td>{r.createdBy ? t('createdBy', { at: minute(r.createdAt), by: r.createdBy }) : minute(r.createdAt)}</td>
                {kind === 'apiKeys' && <td>{r.ratePerSec !== undefined ? t('perSecond', { n: r.ratePerSec }) : t('defaultLimit')}</td>}
                <td>{r.revokedAt ? t('revokedAt', { at: minute(r.revokedAt) }) : t('active')}</td>
                <td className="text-right">
                  {!r.revokedAt && (
                    <button className={dangerButton} onClick={() => void revoke(r)}>
                      {t('revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={create} className="flex flex-wrap items-center gap-3 rounded-lg border border-slate-200 bg-white p-4" aria-label={t(`${kind}.formLabel`)}>
        {kind === 'apiKeys' ? (
          <>
            <input className={input} name="name" aria-label={t('columns.name')} placeholder={t('apiKeys.namePlaceholder')} required />
            <input className={input} name="rate" aria-label={t('columns.limit')} type="number" min={0} step="any" placeholder={t('apiKeys.ratePlaceholder')} />
          </>
        ) : (
          <>
            <select className={input} name="boardId" aria-label={t('columns.board')} required defaultValue="">
              <option value="" disabled>
                {t('displayLinks.boardPlaceholder')}
              </option>
              {boards.map((b) => (
                <option key={b} value={b}>
                  {b}
                </option>
              ))}
            </select>
            <input className={input} name="name" aria-label={t('columns.name')} placeholder={t('displayLinks.namePlaceholder')} />
          </>
        )}
        <button className={button} type="submit">
          {t(`${kind}.create`)}
        </button>
      </form>
    </div>
  )
}
