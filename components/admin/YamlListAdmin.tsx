'use client'
/**
 * A list edited one entry at a time as YAML (alert rules, report schedules): the table, and an
 * editor whose text the server validates (it says what is wrong). POST `endpoint` creates,
 * PUT/DELETE `endpoint/<id>` change. Words come from the namespace `ns` (keys: new, edit, delete,
 * confirmDelete, save, cancel, saved, deleted, none, editorLabel, editorHelp, yes, no,
 * columns.id, columns.enabled, columns.actions).
 */
import { useRouter } from 'next/navigation'
import { useTranslations } from 'next-intl'
import { useState } from 'react'

export type YamlListRow = { id: string; name?: string; cells: string[]; enabled: boolean; yaml: string; editable?: boolean }

type Props = {
  /** Both namespaces hold the keys listed above. */
  ns: 'alerts.admin' | 'reports.scheduled'
  endpoint: string
  /** The editor's text for a new entry. */
  template: string
  /** Header labels of `cells`, between the id column and the enabled column. */
  columns: string[]
  rows: YamlListRow[]
  /** data-<kind>="<id>" on each row, data-<kind>-problem on the refusal. */
  kind: string
  /** May the caller create entries (edit buttons follow each row's `editable`). */
  canCreate?: boolean
}

export function YamlListAdmin({ ns, endpoint, template, columns, rows, kind, canCreate = true }: Props) {
  const t = useTranslations(ns as 'alerts.admin')
  const router = useRouter()
  const [editing, setEditing] = useState<{ id: string | null; yaml: string } | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function call(url: string, method: string, body?: unknown): Promise<boolean> {
    setBusy(true)
    setProblem(null)
    setNotice(null)
    try {
      const res = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' })
      if (!res.ok) {
        const j = (await res.json().catch(() => null)) as { message?: string } | null
        setProblem(j?.message ?? `HTTP ${res.status}`)
        return false
      }
      router.refresh()
      return true
    } finally {
      setBusy(false)
    }
  }

  async function save() {
    if (!editing) return
    const ok = await call(editing.id === null ? endpoint : `${endpoint}/${encodeURIComponent(editing.id)}`, editing.id === null ? 'POST' : 'PUT', { yaml: editing.yaml })
    if (ok) {
      setEditing(null)
      setNotice(t('saved'))
    }
  }

  async function remove(id: string) {
    if (!window.confirm(t('confirmDelete', { id }))) return
    if (await call(`${endpoint}/${encodeURIComponent(id)}`, 'DELETE')) setNotice(t('deleted'))
  }

  return (
    <div className="space-y-4">
      <div className="flex items-center gap-3">
        {canCreate ? (
          <button type="button" className="rounded bg-sky-700 px-3 py-1.5 text-sm font-semibold text-white" onClick={() => setEditing({ id: null, yaml: template })}>
            {t('new')}
          </button>
        ) : null}
        {notice ? (
          <span role="status" className="text-sm text-slate-700">
            ✓ {notice}
          </span>
        ) : null}
      </div>
      {editing ? (
        <form
          className="space-y-2 rounded border border-slate-300 bg-white p-4"
          onSubmit={(e) => {
            e.preventDefault()
            void save()
          }}
        >
          <label className="block text-sm font-semibold" htmlFor={`${kind}-yaml`}>
            {t('editorLabel')}
          </label>
          <p className="text-xs text-slate-600">{t('editorHelp')}</p>
          <textarea id={`${kind}-yaml`} className="h-72 w-full rounded border border-slate-300 p-2 font-mono text-sm" value={editing.yaml} onChange={(e) => setEditing({ ...editing, yaml: e.target.value })} spellCheck={false} />
          {problem ? (
            <p role="alert" className="rounded bg-red-50 p-2 text-sm text-red-900" {...{ [`data-${kind}-problem`]: '' }}>
              ⚠ {problem}
            </p>
          ) : null}
          <div className="flex gap-2">
            <button type="submit" disabled={busy} className="rounded bg-sky-700 px-3 py-1.5 text-sm font-semibold text-white disabled:opacity-50">
              {t('save')}
            </button>
            <button type="button" className="rounded border border-slate-300 px-3 py-1.5 text-sm" onClick={() => (setEditing(null), setProblem(null))}>
              {t('cancel')}
            </button>
          </div>
        </form>
      ) : problem ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-sm text-red-900">
          ⚠ {problem}
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">{t('none')}</p>
      ) : (
        <table className="w-full text-left text-sm" data-testid={`${kind}-list`}>
          <thead>
            <tr>
              <th>{t('columns.id')}</th>
              {columns.map((c) => (
                <th key={c}>{c}</th>
              ))}
              <th>{t('columns.enabled')}</th>
              <th>{t('columns.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} {...{ [`data-${kind}`]: r.id }} className="border-t border-slate-200">
                <td>
                  <span className="font-mono">{r.id}</span>
                  {r.name ? <span className="block text-slate-600">{r.name}</span> : null}
                </td>
                {r.cells.map((c, i) => (
                  <td key={i}>{c || '—'}</td>
                ))}
                <td>{r.enabled ? t('yes') : t('no')}</td>
                <td className="space-x-2 whitespace-nowrap">
                  {r.editable === false ? null : (
                    <>
                      <button type="button" className="text-sky-700 underline" onClick={() => (setEditing({ id: r.id, yaml: r.yaml }), setProblem(null))}>
                        {t('edit')}
                      </button>
                      <button type="button" className="text-red-800 underline" disabled={busy} onClick={() => void remove(r.id)}>
                        {t('delete')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
