/** Client-side helper for the admin pages: JSON in/out, server message on error. */
export async function adminFetch<T>(url: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const r = await fetch(url, {
    method: init.method ?? 'GET',
    headers: init.body !== undefined ? { 'content-type': 'application/json' } : undefined,
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    cache: 'no-store',
  })
  const data = (await r.json().catch(() => ({}))) as { message?: string }
  if (!r.ok) throw new Error(data.message || `HTTP ${r.status}`)
  return data as T
}

export const input = 'rounded border border-slate-300 px-2 py-1 text-sm'
export const button = 'rounded bg-sky-700 px-3 py-1 text-sm font-medium text-white hover:bg-sky-600 disabled:opacity-50'
export const dangerButton = 'rounded border border-red-300 px-2 py-0.5 text-xs text-red-700 hover:bg-red-50'
