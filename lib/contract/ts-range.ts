/**
 * The instants an event's `ts` can take and be stored: the range of the store's
 * DateTime64(3, 'UTC') columns, 1900-01-01T00:00:00Z up to (excluded) 2300-01-01T00:00:00Z.
 * Reports and exports accept exactly the periods inside it (lib/reports/period.ts).
 */
export const EARLIEST_EVENT_TS = Date.UTC(1900, 0, 1)
export const END_OF_EVENT_TS = Date.UTC(2300, 0, 1)

export const EVENT_TS_RANGE_TEXT = '1900-01-01T00:00:00Z … 2299-12-31T23:59:59.999Z'

export function tsInContractRange(ms: number): boolean {
  return Number.isFinite(ms) && ms >= EARLIEST_EVENT_TS && ms < END_OF_EVENT_TS
}
