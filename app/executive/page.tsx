/**
 * /executive — cost center vs profit center, by reporting line, sourcing and center, for a
 * chosen period (issue 7). Executives and admins. Server: guard, parse the period, compute
 * the view (lib/executive/load → KPI engine) and render the report; client islands: period
 * picker and exports (components/executive/ExecutiveShell), tile tooltips, charts.
 */
import { getTranslations } from 'next-intl/server'
import { AppHeader } from '@/components/AppHeader'
import { ExecutiveReport, PeriodLine } from '@/components/executive/ExecutiveReport'
import { ExecutiveShell } from '@/components/executive/ExecutiveShell'
import { navItemsFor } from '@/components/executive/nav'
import { requirePage, scopeCenters } from '@/lib/auth/guard'
import { getExecutiveView } from '@/lib/executive/load'
import { parseExecutiveParams } from '@/lib/executive/request'
import { ParamError } from '@/lib/params'
import { startExecutiveWarmer } from '@/lib/executive/warm'

export const dynamic = 'force-dynamic'

export async function generateMetadata() {
  const t = await getTranslations('executive')
  return { title: t('title') }
}

type SP = Record<string, string | string[] | undefined>

export default async function ExecutivePage({ searchParams }: { searchParams: Promise<SP> }) {
  const who = await requirePage('executive')
  const t = await getTranslations('executive')
  const raw = await searchParams
  let params
  let problem: string | null = null
  try {
    params = parseExecutiveParams(raw)
  } catch (e) {
    if (!(e instanceof ParamError)) throw e
    problem = e.message
    params = parseExecutiveParams({})
  }
  startExecutiveWarmer()
  const view = await getExecutiveView({ range: params.range, now: params.now }, scopeCenters(who, params.centers))
  return (
    <>
      <AppHeader items={navItemsFor(who)} userName={who.kind === 'user' ? who.name : undefined} />
      <main className="mx-auto flex max-w-[96rem] flex-col gap-4 p-4 sm:p-6" id="main">
        <header>
          <h1 className="text-2xl font-semibold tracking-tight">{t('title')}</h1>
          <p className="max-w-4xl text-sm text-slate-600">{t('intro')}</p>
        </header>
        {problem ? (
          <p role="alert" className="rounded bg-amber-50 p-3 text-sm text-amber-900">
            {t('period.invalid', { message: problem })}
          </p>
        ) : null}
        <ExecutiveShell range={params.range} centers={params.centers} now={view.generatedAt} timeZone={view.period.timezone}>
          <PeriodLine view={view} />
          <div className="mt-4">
            <ExecutiveReport view={view} />
          </div>
        </ExecutiveShell>
      </main>
    </>
  )
}
