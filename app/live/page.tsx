import type { Metadata } from 'next'
import { getTranslations } from 'next-intl/server'
import { Suspense } from 'react'
import { AppHeader } from '@/components/AppHeader'
import { LiveView } from '@/components/live/LiveView'
import { navItemsFor } from '@/components/live/navItems'
import { filterQuery } from '@/components/live/url-state'
import { can, requirePage, scopeCenters } from '@/lib/auth/guard'
import { liveViewParams } from '@/lib/live/params'
import { getLiveSnapshot, type LiveSnapshot } from '@/lib/live/live-snapshot'
import type { CenterOption, QueueOption } from '@/lib/live/types'
import { getConfig } from '@/lib/config'

export const dynamic = 'force-dynamic'

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('live')
  return { title: t('title') }
}

/**
 * /live — the supervisor's live view. The first figures are computed here (no empty page on
 * load); the browser then polls /api/live every 2 s. Filters come from the URL.
 */
export default async function LivePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const who = await requirePage('live')
  const p = liveViewParams(await searchParams)
  const scopeAll = scopeCenters(who, null)

  let initial: LiveSnapshot | null = null
  try {
    const { snapshot } = await getLiveSnapshot({ allowed: scopeCenters(who, p.centers.length ? p.centers : null), line: p.line, queues: p.queues, channels: p.channels })
    initial = { ...snapshot, servedAt: Date.now() }
  } catch (e) {
    console.error('[plateau] /live: first figures unavailable, the page will poll', e)
  }

  // Filter options: configured centers the viewer may see, plus centers seen in today's data.
  const cfg = getConfig()
  const configured = cfg.configuredCenters().filter((c) => scopeAll === null || scopeAll.includes(c.id))
  const centers = new Map<string, CenterOption>(
    configured.map((c) => [c.id, { id: c.id, name: c.name, reportingLine: c.reportingLine, configured: true, timezone: c.timezone, currency: c.currency }]),
  )
  if (!p.line && !p.centers.length) for (const c of initial?.centers ?? []) if (!centers.has(c.id)) centers.set(c.id, c)
  for (const id of scopeAll ?? []) {
    if (!centers.has(id)) {
      const c = cfg.center(id)
      centers.set(id, { id, name: c.name, reportingLine: c.reportingLine, configured: c.configured, timezone: c.timezone, currency: c.currency })
    }
  }
  const queues: QueueOption[] = configured.flatMap((c) => c.queues.map((q) => ({ centerId: c.id, id: q.id, name: q.name, channel: q.channel })))
  for (const r of initial?.queues ?? []) {
    if (r.queueId && !queues.some((q) => q.centerId === r.centerId && q.id === r.queueId)) queues.push({ centerId: r.centerId, id: r.queueId, name: r.queueName, channel: r.channel })
  }

  return (
    <>
      <AppHeader items={navItemsFor(who)} userName={who.kind === 'user' ? who.name : undefined} />
      <main>
        <Suspense>
          <LiveView
            centers={[...centers.values()].sort((a, b) => a.name.localeCompare(b.name))}
            queues={queues}
            canExport={can(who, 'export')}
            initial={initial ? { query: filterQuery({ centers: p.centers, line: p.line, queues: p.queues, channels: p.channels }), snapshot: initial } : null}
          />
        </Suspense>
      </main>
    </>
  )
}
