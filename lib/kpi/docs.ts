/**
 * Renders docs/kpis.md from the definitions (scripts/gen-kpi-docs.ts writes it,
 * tests/unit/kpi-docs.test.ts checks it is current).
 */
import { BUCKETS, CATEGORIES, KPI_DEFINITIONS, type KpiCategory } from './definitions'
import { PRESETS } from './presets'

const TITLES: Record<KpiCategory, string> = {
  volume: 'Volume',
  speed: 'Speed',
  service_level: 'Service level',
  handling: 'Handling',
  agents: 'Agents and staffing',
  quality: 'Quality',
  outcomes: 'Outcomes',
  cost: 'Cost and profit',
}

const UNIT_TEXT = {
  count: 'count',
  percent: 'percent (fraction 0…1)',
  seconds: 'seconds',
  currency: 'currency (center’s)',
  ratio: 'ratio (fraction)',
  score: 'score',
} as const

const API = [
  '## API',
  '',
  '`GET /api/kpis` (roles with `live` or `reports`; figures limited to the caller’s centers) answers',
  '`{ asOf, window, spans, previousSpans, groupBy, keys, rows: [{ group, kpis }], centers }`, each KPI in',
  'the one shape `{ key, value, previous, change, changeIsGood, target, status, unit, variant?, currency? }`.',
  '',
  '| parameter | values |',
  '|---|---|',
  '| `window` | `today` (default; each center’s local day so far), `last15m`, `last60m`, `custom` |',
  '| `from`, `to` | with `custom`: ISO 8601 with offset, `[from, to)`, at most 400 days |',
  '| `centers`, `lines`, `sourcing`, `queues`, `channels`, `directions`, `agents` | comma-separated filters |',
  '| `groupBy` | `center`, `reporting_line`, `sourcing`, `queue`, `channel`, `direction`, `agent`, and at most one of `interval15` (≤ 31 days), `interval30`, `interval60`, `day`, `month` |',
  '| `keys` or `preset` | KPI keys above, or a preset name (default: every KPI) |',
  '| `compare` | `previous` adds the previous period |',
  '',
  'Bad parameters answer 400 `{ error: "bad_request", message, issues }`; unknown parameters are rejected.',
  '`GET /api/kpis/contacts?set=abandoned&…&page=1&pageSize=50&sort=time|wait` lists the contacts behind a',
  'figure (each KPI’s drill-down set above).',
  '',
]

const esc = (s: string) => s.replace(/\|/g, '\\|')

export function renderKpiDocs(): string {
  const out: string[] = []
  out.push(
    '# KPI definitions',
    '',
    '<!-- Generated from lib/kpi/definitions.ts by `npx tsx scripts/gen-kpi-docs.ts`. Do not edit by hand:',
    '     tests/unit/kpi-docs.test.ts fails when this file and the definitions differ. -->',
    '',
    'Every figure Plateau shows comes from one definition below, computed by `lib/kpi/compute.ts` from',
    'additive components returned by `lib/queries` (see docs/architecture.md). Percentages are',
    'returned as fractions (0.8 = 80 %). Each KPI is bucketed on one timestamp:',
    '',
    '| bucketed on | meaning |',
    '|---|---|',
    ...Object.entries(BUCKETS).map(([k, v]) => `| \`${k}\` | ${esc(v.en)} |`),
    '',
    'Rules that hold for every figure:',
    '',
    '- **Cohort of offered contacts.** Queue figures (offered, answered, abandoned, short abandons, still',
    '  waiting, ASA, service level, abandonment rates) describe the contacts that *entered a queue* in the',
    '  period: answered + abandoned + still waiting = offered, and every rate stays within 0…1. A contact',
    '  answered after the period ends counts as answered once the answer happened (before "now").',
    '- **Handled contacts** are counted when their after-call work ends (last `contact.wrapped`); a',
    '  transferred contact counts once, with the talk, hold and wrap-up time of all its legs.',
    '- **Surveys** count when completed, even days after the contact.',
    '- **Days and months** are local to each center (`timezone` in the configuration): a DST day has 23',
    '  or 25 hours; a 24/7 center is not reset at UTC midnight. "Today" starts at each center’s midnight.',
    '- **Duplicates and order never matter**: figures read the idempotent per-contact state (contacts_v),',
    '  so a redelivered or late event changes nothing or exactly what it should.',
    '- **Previous period**: the same weekday last week until the same local time for "today" (the',
    '  live trend arrows); the previous calendar month(s) or day(s) for whole months/days; otherwise the',
    '  same duration just before. A base with nothing stored has no previous value (shown "—"), never 0.',
    '- **Handled vs offered**: offered counts inbound queue contacts only; `handled` counts inbound and',
    '  outbound, so screens next to offered show `handled_inbound` (outbound apart: `handled_outbound`).',
    '- **Status** against a target: good when met, warn when missed by at most `warnBand` (10 % of the',
    '  target; 10 points for NPS; 1 agent for staffing), bad otherwise.',
    '',
  )
  for (const cat of CATEGORIES) {
    out.push(`## ${TITLES[cat]}`, '')
    for (const d of KPI_DEFINITIONS.filter((x) => x.category === cat)) {
      out.push(`### \`${d.key}\` — ${d.label.en}`, '')
      out.push(`*${d.label.fr}* — ${d.formula.fr}`, '')
      out.push(d.formula.en, '')
      const facts = [
        `unit: ${UNIT_TEXT[d.unit]}`,
        `higher is better: ${d.higherIsBetter === null ? 'neutral' : d.higherIsBetter ? 'yes' : 'no'}`,
        `bucketed on: \`${d.bucketedOn}\``,
      ]
      if (d.live) facts.push('live (the current instant, whatever the window)')
      if (d.target) facts.push(`target: \`${d.target === 'agentsNeeded' ? 'agents_needed' : `targets.${d.target}`}\``)
      if (d.settings?.length) facts.push(`settings: ${d.settings.map((s) => `\`${s}\``).join(', ')}`)
      if (d.drill) facts.push(`drill-down set: \`${d.drill}\``)
      if (d.agentTime) facts.push('not split by queue, channel or direction')
      out.push(facts.map((f) => `- ${f}`).join('\n'), '')
      if (d.variants) {
        out.push(`Variants (setting \`${d.variants.setting}\`, the one in force is returned as \`variant\`):`, '')
        for (const o of d.variants.options) out.push(`- \`${o.id}\`: ${o.en}`)
        out.push('')
      }
    }
  }
  out.push('## Reporting-line presets', '', 'The KPIs that lead for each reporting line, in display order (`lib/kpi/presets.ts`).', '')
  out.push('| preset | KPIs |', '|---|---|')
  for (const [name, keys] of Object.entries(PRESETS)) out.push(`| \`${name}\` | ${keys.map((k) => `\`${k}\``).join(', ')} |`)
  out.push('', ...API)
  return out.join('\n')
}
