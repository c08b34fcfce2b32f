import { getLocale, getTranslations } from 'next-intl/server'
import { sourcesHealth, type SourceHealth } from '@/lib/connector-status'
import { createFormat } from '@/lib/i18n/format'

/** The configured connector sources and their state (a broken or idle source is shown, never hidden). */
export async function ConnectorSources() {
  const t = await getTranslations('admin.connectors')
  const f = createFormat(await getLocale())
  let sources: SourceHealth[] = []
  let error = ''
  try {
    sources = (await sourcesHealth()).sources
  } catch (e) {
    error = (e as Error).message
  }
  return (
    <section className="mt-8" aria-labelledby="connectors-title">
      <h2 id="connectors-title" className="text-lg font-semibold">
        {t('title')}
      </h2>
      {error ? (
        <p className="mt-2 text-sm text-red-700" role="alert">
          {t('unavailable', { error })}
        </p>
      ) : sources.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">{t('none')}</p>
      ) : (
        <table className="mt-2 w-full text-sm" data-testid="connector-sources">
          <thead>
            <tr className="text-left text-slate-500">
              <th className="py-1">{t('center')}</th>
              <th>{t('connector')}</th>
              <th>{t('target')}</th>
              <th>{t('state')}</th>
              <th className="text-right">{t('records')}</th>
              <th className="text-right">{t('rejected')}</th>
              <th>{t('lastRecord')}</th>
              <th>{t('error')}</th>
            </tr>
          </thead>
          <tbody>
            {sources.map((s) => (
              <tr key={s.center} className="border-t border-slate-200 align-top">
                <td className="py-1">{s.center}</td>
                <td>{s.connector}</td>
                <td className="break-all">{s.target || '—'}</td>
                <td className={s.ok ? 'text-emerald-700' : 'font-medium text-red-700'}>{t(`states.${s.state}`)}</td>
                <td className="text-right">{f.integer(s.records)}</td>
                <td className="text-right">{f.integer(s.rejected)}</td>
                <td>{s.lastRecordAt ? f.dateTime(s.lastRecordAt) : '—'}</td>
                <td className="break-all text-red-700">{s.error || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
