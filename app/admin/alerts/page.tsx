import type { Metadata } from 'next'
import Link from 'next/link'
import { getLocale, getTranslations } from 'next-intl/server'
import { YamlListAdmin, type YamlListRow } from '@/components/admin/YamlListAdmin'
import { requirePage } from '@/lib/auth/guard'
import { ruleYaml, visibleRules } from '@/lib/alerts/admin'
import { lastAlertsError } from '@/lib/alerts/load'
import { isAgentRule } from '@/lib/alerts/schema'
import { kpiDefinition } from '@/lib/kpi/definitions'

export const dynamic = 'force-dynamic'

const RULE_TEMPLATE = `id: my-rule
name: Too many waiting
kpi: waiting_now
scope: { center: CENTER_ID }
condition: { op: above, value: 5 }
holdSeconds: 60
clearMargin: 1
severity: warning
channels: [in_app]
`

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('alerts.admin')
  return { title: t('title') }
}

/** /admin/alerts — alert rules of the caller's centers (admins: all): list, create, edit, delete. */
export default async function AlertRulesPage() {
  const who = await requirePage('alerts')
  const t = await getTranslations('alerts')
  const tc = await getTranslations('common')
  const locale = (await getLocale()) === 'fr' ? 'fr' : 'en'
  const rows: YamlListRow[] = visibleRules(who).map((r) => {
    const agent = isAgentRule(r)
    const scope = Object.entries(r.scope).map(([k, v]) => `${k}=${v}`).join(', ') || t('admin.allCenters')
    const value = agent ? '' : r.condition.value === 'target' ? t('admin.target') : String(r.condition.value)
    return {
      id: r.id,
      name: r.name ?? '',
      cells: [
        agent ? t('admin.agentState', { state: tc(`agentStates.${r.agentState}`), minutes: r.minutes }) : kpiDefinition(r.kpi).label[locale],
        scope,
        agent ? '' : t(`admin.${r.condition.op}`, { value }),
        t(`severity.${r.severity}`),
        r.channels.join(', '),
      ],
      enabled: r.enabled,
      yaml: ruleYaml(r),
    }
  })
  const fileError = who.kind === 'user' && who.roles.includes('admin') ? lastAlertsError() : null
  return (
    <>
      <main className="mx-auto max-w-6xl space-y-4 p-8">
        <div className="flex flex-wrap items-baseline justify-between gap-3">
          <h1 className="text-2xl font-semibold">{t('admin.title')}</h1>
          <Link href="/admin/alerts/log" className="text-sky-700 underline">
            {t('admin.logLink')}
          </Link>
        </div>
        <p className="text-sm text-slate-600">{t('admin.intro')}</p>
        {fileError ? (
          <p role="alert" className="rounded bg-amber-100 p-3 text-sm text-amber-900">
            {t('admin.fileError', { error: fileError })}
          </p>
        ) : null}
        <YamlListAdmin
          ns="alerts.admin"
          endpoint="/api/alerts/rules"
          kind="rule"
          template={RULE_TEMPLATE}
          columns={(['watch', 'scope', 'condition', 'severity', 'channels'] as const).map((c) => t(`admin.columns.${c}`))}
          rows={rows}
        />
      </main>
    </>
  )
}
