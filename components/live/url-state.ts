/**
 * The supervisor view's state in the URL (shareable, survives reloads, back/forward works):
 *   /live?centers=paris-sales,lyon-leads&line=sales&queues=q1&channels=voice
 *        &qs=waiting_now:desc&as=state:asc&drill=abandoned&dq=q1&page=2
 * Pure functions (unit-tested); the hook lives in useLiveUrl.ts.
 */

export type LiveFilters = {
  centers: string[]
  line: string | null
  queues: string[]
  channels: string[]
}

export type Drill = { set: string; queue: string | null; center: string | null; page: number }

export type LiveUrlState = LiveFilters & {
  queueSort: string | null
  agentSort: string | null
  /** Agent table: also list agents who are offline (or whose state is unknown). */
  showOffline: boolean
  drill: Drill | null
}

const list = (v: string | null | undefined): string[] =>
  v
    ? [...new Set(v.split(',').map((s) => s.trim()).filter((s) => s.length > 0 && s.length <= 128))].slice(0, 100)
    : []

export function parseLiveUrl(sp: URLSearchParams): LiveUrlState {
  const set = sp.get('drill')
  const page = Number(sp.get('page') ?? '1')
  return {
    centers: list(sp.get('centers')),
    line: sp.get('line') || null,
    queues: list(sp.get('queues')),
    channels: list(sp.get('channels')),
    queueSort: sp.get('qs'),
    agentSort: sp.get('as'),
    showOffline: sp.get('offline') === '1',
    drill: set ? { set, queue: sp.get('dq') || null, center: sp.get('dc') || null, page: Number.isInteger(page) && page > 0 ? page : 1 } : null,
  }
}

export function liveUrlSearch(s: LiveUrlState): string {
  const sp = new URLSearchParams()
  if (s.centers.length) sp.set('centers', s.centers.join(','))
  if (s.line) sp.set('line', s.line)
  if (s.queues.length) sp.set('queues', s.queues.join(','))
  if (s.channels.length) sp.set('channels', s.channels.join(','))
  if (s.queueSort) sp.set('qs', s.queueSort)
  if (s.agentSort) sp.set('as', s.agentSort)
  if (s.showOffline) sp.set('offline', '1')
  if (s.drill) {
    sp.set('drill', s.drill.set)
    if (s.drill.queue) sp.set('dq', s.drill.queue)
    if (s.drill.center) sp.set('dc', s.drill.center)
    if (s.drill.page > 1) sp.set('page', String(s.drill.page))
  }
  const q = sp.toString().replace(/%2C/gi, ',')
  return q ? `?${q}` : ''
}

/** Query string of the data APIs for a set of filters. */
export function filterQuery(f: LiveFilters): string {
  const sp = new URLSearchParams()
  if (f.centers.length) sp.set('centers', f.centers.join(','))
  if (f.line) sp.set('line', f.line)
  if (f.queues.length) sp.set('queues', f.queues.join(','))
  if (f.channels.length) sp.set('channels', f.channels.join(','))
  return sp.toString().replace(/%2C/gi, ',')
}
