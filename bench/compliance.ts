/**
 * Outbound compliance benchmark: where the report's compliance section spends its time — the
 * SQL read of each center's dial attempts (`queryOutboundAttempts`) and the in-memory check
 * (`checkCompliance`) — and the whole section, 3 runs in one process, on DAYS (default 30) days of
 * simulator history generated once into DATA (default /tmp/plateau-bench-compliance).
 *
 *   npx tsx --conditions=react-server bench/compliance.ts
 *   DATA=/work/bench-data/reports30 npx tsx --conditions=react-server bench/compliance.ts
 *
 * Prints figures only; BENCHMARKS.md (Reports) records them with A/B runs against a baseline tree.
 */
import { ensureHistory } from './lib/history'
import { addLocalDays, localParts, zonedToUtc } from '../lib/kpi/time'
process.env.PLATEAU_FACTS_REFRESH_MS = '0'
process.env.PLATEAU_DEMO = '0'
const DAYS = Number(process.env.DAYS || 30)
const p = localParts(Date.now(), 'Europe/Paris')
const toMs = zonedToUtc(p.year, p.month, p.day, 0, 0, 'Europe/Paris')
const fromMs = addLocalDays(toMs, -DAYS, 'Europe/Paris')
async function main() {
  await ensureHistory(process.env.DATA || '/tmp/plateau-bench-compliance', DAYS, fromMs, toMs, (m) => console.error(m))
  const { getConfig } = await import('../lib/config')
  const { queryOutboundAttempts, centerCompliance } = await import('../lib/compliance/query')
  const { checkCompliance } = await import('../lib/compliance/check')
  const { resolveRules, ComplianceConfig } = await import('../lib/config/compliance')
  const { centerCountry } = await import('../lib/forecast/calendar')
  const { complianceSection } = await import('../lib/reports/plan-sections')
  const cfg = getConfig()
  const ids = cfg.configuredCenters().map((c) => c.id).filter((id) => cfg.center(id).compliance != null)
  console.log('centers with rules', ids)
  for (let run = 0; run < 3; run++) {
    for (const id of ids) {
      const center = cfg.center(id)
      const config = center.compliance ?? ComplianceConfig.parse({})
      const rules = resolveRules(config)
      const readFrom = rules.attemptCap ? fromMs - rules.attemptCap.days * 86_400_000 : fromMs
      let t = performance.now()
      const all = await queryOutboundAttempts(id, readFrom, toMs, config.abandonedDispositions)
      const sqlMs = performance.now() - t
      t = performance.now()
      const r = checkCompliance(all, { rules, config, tz: center.timezone, country: centerCountry(center.country ?? undefined, center.timezone) })
      const checkMs = performance.now() - t
      t = performance.now()
      await centerCompliance(id, fromMs, toMs)
      const wholeMs = performance.now() - t
      console.log(`${id}: ${all.length} attempts; sql ${sqlMs.toFixed(0)} ms, check ${checkMs.toFixed(0)} ms, centerCompliance ${wholeMs.toFixed(0)} ms; outside ${r.outsideHours.length} overCap ${r.overCap.length} abandoned ${r.abandoned.length}`)
    }
    const t = performance.now()
    await complianceSection(ids, fromMs, toMs)
    console.log(`complianceSection: ${(performance.now() - t).toFixed(0)} ms`)
  }
  process.exit(0)
}
void main()
