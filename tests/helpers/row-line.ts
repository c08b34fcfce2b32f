/**
 * The reference serialiser of an events row: every column of EVENT_COLUMNS in order, strings
 * escaped by the insert's own `tsvText`, null as \N. `eventLine` (ingest/rows.ts) builds the same
 * line from an event without the row object; tests hold the two equal and send hostile rows
 * through it to the store.
 */
import { tsvText, type EventRow } from '@/ingest/rows'
import { EVENT_COLUMNS } from '@/lib/contract/columns'

export function rowLine(r: EventRow): string {
  return EVENT_COLUMNS.map((c) => {
    const v = r[c]
    return typeof v === 'string' ? tsvText(v) : v === null ? '\\N' : String(v)
  }).join('\t')
}
