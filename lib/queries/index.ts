/**
 * Every query of the KPI engine. All functions take `allowedCenters: string[] | null` (the
 * caller's scope, null = all centers, [] = none), applied server-side whatever the filters.
 * SQL values always travel as typed placeholders.
 *
 * KPIs in the one result shape (lib/kpi KpiValue):
 *   getKpis(req: KpiRequest, allowedCenters): Promise<KpiReport>
 *     req.window   { kind: 'today' } (each center's local day) | { kind: 'last15m' } | { kind: 'last60m' }
 *                  | { kind: 'custom', from: epochMs, to: epochMs }  ([from, to))
 *     req.filters  { centers?, reportingLines?, sourcing?, queues?, channels?, directions?, agents? }
 *     req.groupBy  ('center'|'reporting_line'|'sourcing'|'queue'|'channel'|'direction'|'agent'
 *                   |'interval15'|'interval30'|'interval60'|'day'|'month')[]   (≤ 1 time bucket)
 *     req.keys     KpiKey[] (default all; presets: lib/kpi PRESETS)
 *     req.compare  true → previous period in value.previous / change / changeIsGood
 *     req.now      the instant "now" stands for (freeze time in tests); req.maxLagMs facts freshness
 *     → { asOf, window, spans, previousSpans, groupBy, keys, rows: [{ group, kpis: KpiValue[] }], centers }
 *
 * Drill-down (contacts behind a figure, paginated):
 *   listContacts({ window, set: DrillSet, filters?, page?, pageSize?, sort? }, allowedCenters): Promise<ContactList>
 *
 * Centers (configured ∪ seen in data, with settings; unconfigured ones get defaults):
 *   listCenters(allowedCenters): Promise<CenterSettings[]>
 *
 * HTTP (route files stay thin):
 *   handleKpisRequest(searchParams, allowedCenters) / handleContactsRequest(...) → { status, body }
 *
 * Facts maintenance (called by the queries; a background loop keeps them fresh):
 *   ensureContactFacts(maxLagMs), refreshContactFacts(), compactContactFacts(),
 *   startContactFactsRefresher() / stopContactFactsRefresher()
 *
 * Building blocks for new queries: makePlan / windowWhere / dimFilterWhere / bucketStartSql (plan.ts),
 * factsFrom / outcomeColumns (queryContactComponents.ts), resolveCenters (scope.ts), Params (sql.ts);
 * the drill-down sets' conditions and row shape: contactSets.ts (pure, also used by client components).
 */
import 'server-only'

export * from './getKpis'
export * from './listContacts'
export * from './listCenters'
export * from './handleKpisRequest'
export * from './refreshContactFacts'
export * from './scope'
export * from './window'
export { TIME_BUCKETS, CONTACT_DIMS, makePlan, previousPlan, type TimeBucket, type ContactDim, type QueryPlan } from './plan'
// Added by the live, executive and report views on top of the engine.
export * from './getAgentTable'
export * from './getQueueStaffing'
export * from './getQueueOpenHours'
export * from './queryDataQuality'
