'use client'
import { useState, type FormEvent } from 'react'
import { adminFetch, button, dangerButton, input } from '../api'

type Link = { id: string; boardId: string; name: string; hint: string; centers: string[] | '*'; createdAt: string; createdBy: string; revokedAt?: string | null }

export function DisplayLinksAdmin({ initial }: { initial: Link[] }) {
  const [links, setLinks] = useState(initial)
  const [created, setCreated] = useState<string | null>(null)
  const [err, setErr] = useState<string | null>(null)
  const reload = async () => setLinks((await adminFetch<{ links: Link[] }>('/api/admin/display-links')).links)

  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const form = e.currentTarget
    const fd = new FormData(form)
    setErr(null)
    try {
      const r = await adminFetch<{ path: string }>('/api/admin/display-links', {
        method: 'POST',
        body: { boardId: fd.get('boardId'), name: fd.get('name') || undefined },
      })
      setCreated(`${window.location.origin}${r.path}`)
      form.reset()
      await reload()
    } catch (e) {
      setErr((e as Error).message)
    }
  }

  return (
    <div className="mt-6 space-y-6">
      {err && <p className="rounded bg-red-50 p-2 text-sm text-red-800">{err}</p>}
      {created && (
        <div className="rounded border border-amber-300 bg-amber-50 p-3 text-sm" role="status">
          Open this URL on the wall screen — copy it now, it will not be shown again:
          <code className="mt-1 block break-all font-mono" data-testid="new-display-link">
            {created}
          </code>
        </div>
      )}
      <table className="w-full text-left text-sm">
        <thead className="border-b text-slate-500">
          <tr>
            <th className="py-1">Name</th>
            <th>Board</th>
            <th>Token starts with</th>
            <th>Created</th>
            <th>Status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {links.map((l) => (
            <tr key={l.id} className="border-b">
              <td className="py-1">{l.name || '—'}</td>
              <td className="font-mono">{l.boardId}</td>
              <td className="font-mono">{l.hint}…</td>
              <td>
                {l.createdAt.slice(0, 16).replace('T', ' ')} {l.createdBy && `by ${l.createdBy}`}
              </td>
              <td>{l.revokedAt ? `revoked ${l.revokedAt.slice(0, 16).replace('T', ' ')}` : 'active'}</td>
              <td className="text-right">
                {!l.revokedAt && (
                  <button
                    className={dangerButton}
                    onClick={async () => {
                      if (!window.confirm(`Revoke the display link "${l.name || l.boardId}"? The screen blanks at its next refresh.`)) return
                      try {
                        await adminFetch(`/api/admin/display-links/${l.id}`, { method: 'DELETE' })
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
      <form onSubmit={create} className="flex flex-wrap items-center gap-3 rounded-lg border border-slate-200 bg-white p-4" aria-label="New display link">
        <input className={input} name="boardId" placeholder="board id" required />
        <input className={input} name="name" placeholder="where (e.g. Paris floor TV 2)" />
        <button className={button} type="submit">
          Create link
        </button>
      </form>
    </div>
  )
}
