import Link from 'next/link'
import { requirePage } from '@/lib/auth/guard'
import { authMode } from '@/lib/auth/config'
import { ConnectorSources } from '@/components/admin/ConnectorSources'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Administration' }

/** /admin — admin only. */
export default async function AdminHome() {
  const who = await requirePage('admin')
  return (
    <main className="mx-auto max-w-4xl p-8">
      <h1 className="text-2xl font-semibold">Administration</h1>
      <p className="mt-1 text-sm text-slate-600">Signed in as {who.kind === 'user' ? who.name : 'display'}.</p>
      {authMode() === 'off' && (
        <p className="mt-4 rounded bg-amber-100 p-3 text-sm text-amber-900" role="alert">
          PLATEAU_AUTH=off: sign-in is disabled, every visitor is an administrator. Local demo only.
        </p>
      )}
      <ul className="mt-6 grid gap-4 sm:grid-cols-3">
        <AdminCard href="/admin/users" title="Users" text="Local accounts, roles and centers." />
        <AdminCard href="/admin/api-keys" title="API keys" text="Keys for event producers (POST /api/events)." />
        <AdminCard href="/admin/display-links" title="Display links" text="Read-only links for wall screens, one board each." />
        <AdminCard href="/admin/alerts" title="Alert rules" text="Alert rules, and the delivery log of alerts and scheduled reports." />
      </ul>
      <ConnectorSources />
    </main>
  )
}

function AdminCard({ href, title, text }: { href: string; title: string; text: string }) {
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <Link href={href} className="font-medium text-sky-700 underline">
        {title}
      </Link>
      <p className="mt-1 text-sm text-slate-600">{text}</p>
    </li>
  )
}
