'use client'
import { useState, type FormEvent } from 'react'
import { adminFetch, button, dangerButton, input } from '../api'

type Key = { id: string; name: string; hint: string; createdAt: string; createdBy: string; revokedAt?: string | null; ratePerSec?: number; burst?: number }

export function ApiKeysAdmin({ initial }: { initial: Key[] }) {
  const [keys, setKeys] = useState(initial)
  const [secret, setSecret] = useState<string | null>(null)
  const [err, setErr] = useState<string | null>(null)
  const reload = async () => setKeys((await adminFetch<{ keys: Key[] }>('/api/admin/api-keys')).keys)

  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const form = e.currentTarget
    const fd = new FormData(form)
    setErr(null)
    try {
      const rate = String(fd.get('rate') ?? '').trim()
      const r = await adminFetch<{ secret: string }>('/api/admin/api-keys', {
        method: 'POST',
        body: { name: fd.get('name'), ratePerSec: rate ? Number(rate) : undefined },
      })
      setSecret(r.secret)
      form.reset()
      await reload()
    } catch (e) {
      setErr((e as Error).message)
    }
  }

  return (
    <div className="mt-6 space-y-6">
      {err && <p className="rounded bg-red-50 p-2 text-sm text-red-800">{err}</p>}
      {secret && (
        <div className="rounded border border-amber-300 bg-amber-50 p-3 text-sm" role="status">
          New key — copy it now, it will not be shown again:
          <code className="mt-1 block break-all font-mono" data-testid="new-api-key">
            {secret}
          </code>
        </div>
      )}
      <table className="w-full text-left text-sm">
        <thead className="border-b text-slate-500">
          <tr>
            <th className="py-1">Name</th>
            <th>Starts with</th>
            <th>Created</th>
            <th>Limit</th>
            <th>Status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.id} className="border-b">
              <td className="py-1">{k.name}</td>
              <td className="font-mono">{k.hint}…</td>
              <td>
                {k.createdAt.slice(0, 16).replace('T', ' ')} {k.createdBy && `by ${k.createdBy}`}
              </td>
              <td>{k.ratePerSec !== undefined ? `${k.ratePerSec}/s` : 'default'}</td>
              <td>{k.revokedAt ? `revoked ${k.revokedAt.slice(0, 16).replace('T', ' ')}` : 'active'}</td>
              <td className="text-right">
                {!k.revokedAt && (
                  <button
                    className={dangerButton}
                    onClick={async () => {
                      if (!window.confirm(`Revoke "${k.name}"? Producers using it get 401 immediately.`)) return
                      try {
                        await adminFetch(`/api/admin/api-keys/${k.id}`, { method: 'DELETE' })
                        await reload()
                      } catch (e) {
                        setErr((e as Error).message)
                      }
                    }}
                  >
                    revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={create} className="flex flex-wrap items-center gap-3 rounded-lg border border-slate-200 bg-white p-4" aria-label="New API key">
        <input className={input} name="name" placeholder="name (e.g. acd-paris)" required />
        <input className={input} name="rate" type="number" min={0} step="any" placeholder="requests/s (default)" />
        <button className={button} type="submit">
          Create key
        </button>
      </form>
    </div>
  )
}
