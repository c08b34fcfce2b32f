/** Shared by bench/ingest.ts and its steady producer child (freshness measurement). */
export type TickReport = { tick: number; sentAt: number; ackedAt: number; events: number; queued: number }
/** Contact ids of tick k start with this (`f-000123`), so a contacts_v query can count them per tick. */
export const tickPrefix = (tick: number) => `f-${String(tick).padStart(6, '0')}`
