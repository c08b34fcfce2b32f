import { getFormatter, getTranslations } from 'next-intl/server'
import { requirePage } from '@/lib/auth/guard'
import { DeadLetterParamError, listDeadLetters, parseDeadLetterFilter, visibleRaw } from '@/lib/dead-letters/list'

export const dynamic = 'force-dynamic'

export async function generateMetadata() {
  const t = await getTranslations('admin.deadLetters')
  return { title: t('title') }
}

type SP = Record<string, string | string[] | undefined>

/** /admin/dead-letters — refused messages with reason, time, source and raw text; filter; CSV. Admin only. */
export default async function DeadLettersPage({ searchParams }: { searchParams: Promise<SP> }) {
  await requirePage('admin')
  const t = await getTranslations('admin.deadLetters')
  const format = await getFormatter()
  const sp = await searchParams
  const one = (k: string) => [sp[k]].flat()[0] ?? ''
  let problem: string | null = null
  let data: Awaited<ReturnType<typeof listDeadLetters>> | null = null
  try {
    data = await listDeadLetters(parseDeadLetterFilter(sp))
  } catch (e) {
    if (!(e instanceof DeadLetterParamError)) throw e
    problem = e.message
  }
  const query = new URLSearchParams()
  for (const k of ['from', 'to', 'source', 'q']) if (one(k)) query.set(k, one(k))
  const pageHref = (n: number) => `?${new URLSearchParams({ ...Object.fromEntries(query), page: String(n) })}`
  const input = 'rounded border border-slate-300 px-2 py-1 text-sm'
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1
  return (
    <main className="mx-auto flex max-w-[96rem] flex-col gap-4 p-4 sm:p-6" id="main">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">{t('title')}</h1>
        <p className="max-w-4xl text-sm text-slate-600">{t('subtitle')}</p>
      </header>
      <form method="get" className="flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-3 text-sm" aria-label={t('filter')}>
        <label className="flex flex-col">
          <span className="text-slate-600">{t('from')}</span>
          <input className={input} type="datetime-local" name="from" defaultValue={one('from')} data-testid="dl-from" />
        </label>
        <label className="flex flex-col">
          <span className="text-slate-600">{t('to')}</span>
          <input className={input} type="datetime-local" name="to" defaultValue={one('to')} data-testid="dl-to" />
        </label>
        <label className="flex flex-col">
          <span className="text-slate-600">{t('source')}</span>
          <select className={`${input} bg-white`} name="source" defaultValue={one('source')} data-testid="dl-source">
            <option value="">{t('anySource')}</option>
            {(data?.sources ?? []).map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          <span className="text-slate-600">{t('search')}</span>
          <input className={input} type="search" name="q" defaultValue={one('q')} maxLength={200} data-testid="dl-q" />
        </label>
        <button type="submit" className="rounded bg-slate-900 px-4 py-1.5 font-medium text-white hover:bg-slate-700" data-testid="dl-apply">
          {t('apply')}
        </button>
        <a className="rounded border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-100" href={`/api/admin/dead-letters?${new URLSearchParams({ ...Object.fromEntries(query), format: 'csv' })}`} download data-testid="dl-csv">
          {t('csv')}
        </a>
      </form>
      {problem ? (
        <p role="alert" className="rounded bg-amber-50 p-3 text-sm text-amber-900">
          {t('badFilter', { message: problem })}
        </p>
      ) : null}
      {data ? (
        <>
          <p className="text-sm text-slate-600" data-testid="dl-total">
            {t('total', { count: data.total })}
          </p>
          {data.rows.length ? (
            <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
              <table className="w-full border-collapse text-sm" data-testid="dl-table">
                <thead className="bg-slate-100 text-left">
                  <tr>
                    <th scope="col" className="px-2 py-1 whitespace-nowrap">{t('receivedAt')}</th>
                    <th scope="col" className="px-2 py-1">{t('source')}</th>
                    <th scope="col" className="px-2 py-1">{t('reason')}</th>
                    <th scope="col" className="px-2 py-1">{t('raw')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.rows.map((d, i) => (
                    <tr key={`${d.receivedAt}-${d.topic}-${d.partition}-${d.offset}-${i}`} className="border-t border-slate-100 align-top">
                      <td className="px-2 py-1 font-mono text-xs whitespace-nowrap tabular-nums">{format.dateTime(new Date(d.receivedAt), { dateStyle: 'short', timeStyle: 'medium' })}</td>
                      <td className="px-2 py-1 whitespace-nowrap">
                        {d.source}
                        {d.topic ? <span className="block font-mono text-xs text-slate-500">{`${d.topic} · ${d.partition} · ${d.offset}`}</span> : null}
                      </td>
                      <td className="px-2 py-1">{d.reason}</td>
                      <td className="px-2 py-1">
                        <pre className="max-h-40 max-w-[48rem] overflow-auto rounded bg-slate-50 p-1 font-mono text-xs break-all whitespace-pre-wrap" data-testid="dl-raw">
                          {visibleRaw(d.raw)}
                        </pre>
                        {d.rawLength > d.raw.length ? <span className="text-xs text-slate-500">{t('truncated', { shown: d.raw.length, total: d.rawLength })}</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="rounded-lg border border-dashed border-slate-300 p-4 text-sm text-slate-500">{t('none')}</p>
          )}
          {pages > 1 ? (
            <nav className="flex items-center gap-3 text-sm" aria-label={t('pagination')}>
              {data.page > 1 ? <a className="underline" href={pageHref(data.page - 1)}>{t('previous')}</a> : null}
              <span>{t('pageOf', { page: data.page, pages })}</span>
              {data.page < pages ? <a className="underline" href={pageHref(data.page + 1)}>{t('next')}</a> : null}
            </nav>
          ) : null}
        </>
      ) : null}
    </main>
  )
}
