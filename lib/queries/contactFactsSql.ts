/**
 * The derivation of KPI facts from contacts_v, written once: the refresh stores its output in
 * contact_facts; the `contacts_v` source of the KPI queries evaluates it inline (used by
 * tests to check the stored facts against a fresh derivation).
 *
 * Per contact: an 'offered' row at queued_at (if queued), a 'handled' row at the last
 * wrap-up (if wrapped), and one 'survey' row per survey response, each carrying the contact's
 * timestamps, queue/channel/direction, last answering agent and handling figures.
 */
import 'server-only'


export const FACT_COLUMNS = [
  'center_id',
  'kind',
  'ts',
  'contact_id',
  'sub_id',
  'queue_id',
  'channel',
  'direction',
  'agent_id',
  'queued_at',
  'answered_at',
  'abandoned_at',
  'wrapped_at',
  'talk_s',
  'hold_s',
  'wrap_s',
  'transferred',
  'resolved',
  'lead',
  'sale',
  'retention_save',
  'revenue',
  'csat',
  'nps',
  'survey_resolved',
  'hold_missing',
  'wrap_missing',
] as const

const NULL_U8 = "CAST(NULL, 'Nullable(UInt8)')"

/** SELECT producing FACT_COLUMNS from contacts_v filtered by `where` (SQL over contacts_v columns, may be 'TRUE'). */
export function contactFactsSelect(where: string): string {
  return `
SELECT
    center_id,
    f.1 AS kind,
    f.2 AS ts,
    contact_id,
    f.3 AS sub_id,
    queue_id,
    channel,
    direction,
    agent_id,
    queued_at,
    answered_at,
    abandoned_at,
    wrapped_at,
    talk_s,
    hold_s,
    wrap_s,
    toUInt8(transferred) AS transferred,
    last_wrap.4 AS resolved,
    toUInt8(arrayExists(w -> w.5 = 'lead', wrap_list)) AS lead,
    toUInt8(arrayExists(w -> w.5 = 'sale', wrap_list)) AS sale,
    toUInt8(arrayExists(w -> w.5 = 'retention_saved', wrap_list)) AS retention_save,
    revenue,
    f.4 AS csat,
    f.5 AS nps,
    f.6 AS survey_resolved,
    hold_missing,
    wrap_missing
FROM
(
    SELECT
        *,
        arrayReverseSort(w -> (w.2, w.1), wrap_list)[1] AS last_wrap,
        arrayConcat(
            if(isNull(queued_at), [], [tuple('offered', assumeNotNull(queued_at), '', ${NULL_U8}, ${NULL_U8}, ${NULL_U8})]),
            if(isNull(wrapped_at), [], [tuple('handled', assumeNotNull(wrapped_at), '', ${NULL_U8}, ${NULL_U8}, ${NULL_U8})]),
            arrayMap(s -> tuple('survey', s.2, s.1, s.3, s.4, s.5), survey_list)
        ) AS facts
    FROM contacts_v
    WHERE ${where}
)
ARRAY JOIN facts AS f`
}

/**
 * Earliest timestamp any fact of these contacts can have had (queue entry, first wrap-up,
 * first survey): stale rows to tombstone are never older.
 */
export function contactFirstTsSelect(where: string): string {
  return `
SELECT min(least(
    ifNull(queued_at, toDateTime64('2262-01-01 00:00:00', 3, 'UTC')),
    if(empty(wrap_list), toDateTime64('2262-01-01 00:00:00', 3, 'UTC'), arrayMin(w -> w.2, wrap_list)),
    if(empty(survey_list), toDateTime64('2262-01-01 00:00:00', 3, 'UTC'), arrayMin(s -> s.2, survey_list))
)) AS first_ts, count() AS contacts
FROM contacts_v
WHERE ${where}`
}
