/**
 * The figures every rule needs at one tick, with a number of engine queries independent of the
 * number of rules and of screens: one getKpis per distinct set of scope dimensions (e.g. all
 * "center + queue" rules share one grouping by center and queue), and one read of agents' states for
 * all agent rules. All groupings share one memo and read contacts the same way: by queue ×
 * channel, added up (agent-time KPIs, which cannot be split, by center). These are the plans of
 * the live tick's queue table and agent figures, so with the live tick's memo (alertsTick) the
 * rules read no statement of their own for them.
 */
import 'server-only'
import { getKpis, type GroupDim, type KpiReport } from '../queries/getKpis'
import { getAgentStates } from '../queries/getAgentStates'
import { LIVE_READ_DIMS, LIVE_READ_KEYS } from '../live/reads'
import { kpiDefinition, keysReading, KPI_KEYS, type KpiKey } from '../kpi/definitions'
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

/**
 * Keys added to the rules' own so that the reads match the live tick's: offered and handled
 * contacts are read together (as the queue table reads them), and agent time with agents by
 * state (as the headline's agent figures read it). The extra figures are not used.
 */
const CONTACT_COMPANIONS: KpiKey[] = ['offered', 'handled']
const AGENT_COMPANIONS: KpiKey[] = KPI_KEYS.filter((k) => keysReading([k], 'agents_now'))

export async function measureRules(rules: readonly Rule[], now: number, maxLagMs?: number, memo: QueryMemo = new Map()): Promise<Map<string, Measure[]>> {
  const { groups, agentRules } = planQueries(rules)
  const out = new Map<string, Measure[]>()
  const all = [...new Set([...groups.values()].flatMap((g) => [...g.keys]))]
  const agentKeys = all.filter((k) => keysReading([k], 'agent_time'))
  const contactKeys = [...new Set([...all.filter((k) => !agentKeys.includes(k)), ...CONTACT_COMPANIONS])]
  const lag = maxLagMs === undefined ? {} : { maxLagMs }
  const read = (groupBy: GroupDim[], keys: KpiKey[], split: boolean) =>
    getKpis({ window: { kind: 'today' }, groupBy, keys, now, ...lag, ...(split ? { readDims: LIVE_READ_DIMS, readKeys: LIVE_READ_KEYS } : {}) }, null, memo)
  await Promise.all([
    ...[...groups.values()].map(async (g) => {
      const groupBy = g.fields.map((f) => DIM_OF[f])
      // KPIs reading agent time are read by center; by queue or channel, agent-time KPIs have no figure.
      const bySplit = g.fields.includes('queue') || g.fields.includes('channel')
      const [contacts, agents] = await Promise.all([
        read(groupBy, bySplit ? [...contactKeys, ...agentKeys.filter((k) => !kpiDefinition(k).agentTime)] : contactKeys, true),
        !bySplit && agentKeys.length ? read(groupBy, [...agentKeys, ...AGENT_COMPANIONS], false) : null,
      ])
      const index = indexRows(contacts, g.fields)
      if (agents) for (const [k, v] of indexRows(agents, g.fields)) index.set(k, new Map([...(index.get(k) ?? []), ...v]))
      for (const r of g.rules) {
        const kpis = index.get(g.fields.map((f) => r.scope[f]!).join('\u0000'))
        const k = kpis?.get(r.kpi)
        const value = k?.value ?? null
        const threshold = r.condition.value === 'target' ? (k?.target ?? null) : r.condition.value
        out.set(r.id, [{ subject: 'scope', centerId: r.scope.center ?? '', value, threshold }])
      }
    }),
    agentRules.length ? measureAgents(agentRules, now, out, memo) : null,
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

async function measureAgents(rules: AgentRule[], now: number, out: Map<string, Measure[]>, memo: QueryMemo): Promise<void> {
  // Every center's agents, as the live agent table reads them (one statement for both).
  const table = await getAgentStates(now, null, memo)
  for (const r of rules) {
    const ms: Measure[] = []
    for (const a of table) {
      if (a.centerId !== r.scope.center || a.state !== r.agentState || a.stateSince === null) continue
      ms.push({ subject: `agent:${a.agentId}`, centerId: a.centerId, value: (now - a.stateSince) / 60_000, threshold: r.minutes })
    }
    out.set(r.id, ms)
  }
}
