/**
 * The KPI columns of the live view's tables: the server computes them (lib/live/live-snapshot.ts),
 * the browser shows them (components/live/tables.tsx). Pure, client-safe.
 */
import type { KpiKey } from '../kpi/definitions'

export const QUEUE_TABLE_KEYS = ['waiting_now', 'longest_wait_now', 'offered', 'answered', 'abandoned', 'abandonment_rate', 'service_level', 'asa', 'aht'] as const satisfies readonly KpiKey[]
/** Outbound queues (dialers) have no queue figures: their rows show attempts, connects and outcomes. */
export const OUTBOUND_TABLE_KEYS = ['dial_attempts', 'connect_rate', 'handled_outbound', 'aht', 'sales', 'conversion_rate'] as const satisfies readonly KpiKey[]
