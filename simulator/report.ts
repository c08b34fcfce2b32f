/** Plain-text summary of a run: per queue volumes and the KPIs that emerged, agent time per center. */
import type { SimStats } from './engine'
import type { Scenario } from './scenario'

const pct = (a: number, b: number) => (b > 0 ? `${((100 * a) / b).toFixed(1)}%` : '-')
const sec = (ms: number, n: number) => (n > 0 ? `${Math.round(ms / n / 1000)}s` : '-')

export function formatSummary(stats: SimStats, sc: Scenario): string {
  const rows: string[][] = [['queue', 'offered', 'answered', 'aband.', 'ASA', 'SL20', 'AHT', 'transf.', 'resolved', 'sales', 'revenue', 'leads', 'saves', 'CSAT', 'repeats']]
  for (const q of sc.queues) {
    const s = stats.queues[q.id]!
    const inbound = q.direction === 'inbound'
    rows.push([
      `${q.id}${inbound ? '' : ' (out)'}`,
      String(s.offered),
      String(s.answered),
      inbound ? pct(s.abandoned, s.offered) : `${pct(s.dialNoAnswer, s.offered)} n/a`,
      sec(s.waitAnsweredMs, s.answered),
      inbound ? pct(s.answeredIn20s, s.offered) : '-',
      sec(s.talkMs + s.holdMs + s.acwMs, s.handled),
      pct(s.transfers, s.answered),
      pct(s.resolved, s.handled),
      String(s.sales),
      s.revenue ? String(Math.round(s.revenue)) : '-',
      String(s.leads),
      String(s.saves),
      s.surveys ? (s.csatSum / s.surveys).toFixed(2) : '-',
      String(s.repeats),
    ])
  }
  const centers: string[][] = [['center', 'occupancy', 'on contact h', 'wrap h', 'available h', 'break h', 'training h', 'meeting h']]
  for (const c of sc.centers) {
    const t = stats.agentTime[c.id]!
    const busy = t.on_contact + t.wrap_up
    const h = (ms: number) => (ms / 3_600_000).toFixed(0)
    centers.push([c.id, pct(busy, busy + t.available), h(t.on_contact), h(t.wrap_up), h(t.available), h(t.break), h(t.training), h(t.meeting)])
  }
  const types = Object.entries(stats.byType)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')
  return `${table(rows)}\n\n${table(centers)}\n\nevents: ${stats.events} (${types})`
}

function table(rows: string[][]): string {
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ')).join('\n')
}
