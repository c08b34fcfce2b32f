/**
 * The figures every rule needs at one tick, with a number of engine queries independent of the
 * number of rules and of screens: one getKpis per distinct set of scope dimensions (e.g. all
 * "center + queue" rules share one grouping by center and queue), and one read of agents' states for
 * all agent rules. Every grouping asks for the union of the rules' KPIs and shares one memo, so the
 * groupings without queue or channel (center, reporting line, all centers) run one set of SQL
 * reads, and those by queue and by channel another (read at queue × channel, added up).
 */
import 'server-only'
import { getKpis, type GroupDim, type KpiReport } from '../queries/getKpis'
import { getAgentStates } from '../queries/getAgentStates'
import type { KpiKey } from '../kpi/definitions'
import type { QueryMemo } from '../queries/kpiRequest'
import { isAgentRule, type AgentRule, type KpiRule, type Rule } from './schema'
import type { Measure } from './engine'

const DIM_OF = { center: 'center', queue: 'queue', channel: 'channel', line: 'reporting_line' } as const satisfies Record<string, GroupDim>
type ScopeField = keyof typeof DIM_OF

function dimsOf(rule: KpiRule): ScopeField[] {
  return (Object.keys(DIM_OF) as ScopeField[]).filter((f) => rule.scope[f] !== undefined)
}

/** The engine queries of a tick: { dims → keys }, and the agent rules (one read of agents' states). */
export function planQueries(rules: readonly Rule[]): { groups: Map<string, { fields: ScopeField[]; keys: Set<KpiKey>; rules: KpiRule[] }>; agentRules: AgentRule[] } {
  const groups = new Map<string, { fields: ScopeField[]; keys: Set<KpiKey>; rules: KpiRule[] }>()
  const agentRules: AgentRule[] = []
  for (const r of rules) {
    if (!r.enabled) continue
    if (isAgentRule(r)) {
      agentRules.push(r)
      continue
    }
    const fields = dimsOf(r)
    const k = fields.join(',')
    let g = groups.get(k)
    if (!g) groups.set(k, (g = { fields, keys: new Set(), rules: [] }))
    g.keys.add(r.kpi)
    g.rules.push(r)
  }
  return { groups, agentRules }
}

export async function measureRules(rules: readonly Rule[], now: number, maxLagMs = 200): Promise<Map<string, Measure[]>> {
  const { groups, agentRules } = planQueries(rules)
  const out = new Map<string, Measure[]>()
  const keys = [...new Set([...groups.values()].flatMap((g) => [...g.keys]))]
  const memo: QueryMemo = new Map()
  await Promise.all([
    ...[...groups.values()].map(async (g) => {
      const split = g.fields.includes('queue') || g.fields.includes('channel')
      const groupBy = g.fields.map((f) => DIM_OF[f])
      const report = await getKpis({ window: { kind: 'today' }, groupBy, keys, now, maxLagMs, ...(split ? { readDims: ['queue', 'channel'] as const } : {}) }, null, memo)
      const index = indexRows(report, g.fields)
      for (const r of g.rules) {
        const kpis = index.get(g.fields.map((f) => r.scope[f]!).join('\u0000'))
        const k = kpis?.get(r.kpi)
        const value = k?.value ?? null
        const threshold = r.condition.value === 'target' ? (k?.target ?? null) : r.condition.value
        out.set(r.id, [{ subject: 'scope', centerId: r.scope.center ?? '', value, threshold }])
      }
    }),
    agentRules.length ? measureAgents(agentRules, now, out) : null,
  ])
  return out
}

function indexRows(report: KpiReport, fields: ScopeField[]): Map<string, Map<string, { value: number | null; target: number | null }>> {
  const index = new Map<string, Map<string, { value: number | null; target: number | null }>>()
  for (const row of report.rows) {
    const key = fields.map((f) => row.group[DIM_OF[f]] ?? '').join('\u0000')
    index.set(key, new Map(row.kpis.map((k) => [k.key, { value: k.value, target: k.target }])))
  }
  return index
}

async function measureAgents(rules: AgentRule[], now: number, out: Map<string, Measure[]>): Promise<void> {
  const centers = [...new Set(rules.map((r) => r.scope.center))]
  const table = await getAgentStates(now, centers)
  for (const r of rules) {
    const ms: Measure[] = []
    for (const a of table) {
      if (a.centerId !== r.scope.center || a.state !== r.agentState || a.stateSince === null) continue
      ms.push({ subject: `agent:${a.agentId}`, centerId: a.centerId, value: (now - a.stateSince) / 60_000, threshold: r.minutes })
    }
    out.set(r.id, ms)
  }
}
