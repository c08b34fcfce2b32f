import { requirePage } from '@/lib/auth/guard'
import { eventsLimits, publicApiKey, readApiKeys } from '@/lib/auth/api-keys'
import { ApiKeysAdmin } from './ApiKeysAdmin'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'API keys' }

export default async function ApiKeysPage() {
  await requirePage('admin')
  const lim = eventsLimits()
  const envKeys = (process.env.PLATEAU_API_KEYS || '').split(',').filter((s) => s.trim()).length
  return (
    <main className="mx-auto max-w-5xl p-8">
      <h1 className="text-2xl font-semibold">Producer API keys</h1>
      <p className="mt-1 text-sm text-slate-600">
        Producers send <code>Authorization: Bearer &lt;key&gt;</code> or <code>X-API-Key: &lt;key&gt;</code> to <code>POST /api/events</code>. Default limit{' '}
        {lim.ratePerSec} requests/s per key (burst {lim.burst}), {Math.round(lim.maxBytes / 1024)} KiB per request. {envKeys} fixed key(s) from PLATEAU_API_KEYS.
      </p>
      <ApiKeysAdmin initial={readApiKeys().map(publicApiKey)} />
    </main>
  )
}
