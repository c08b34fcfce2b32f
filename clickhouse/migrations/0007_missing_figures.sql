-- 0007: figures a platform does not record. Asterisk queue_log carries no hold time and no
-- after-call work; Twilio TaskRouter no hold time. Such a contact.ended / contact.wrapped omits
-- hold_s / wrap_s (v1 contract: optional) and is stored with hold_s / wrap_s = 0 and the flag
-- hold_missing / wrap_missing = 1, so AHT, ACW and hold KPIs average only over contacts that
-- carry the figure and show "no data" when none does. Rows stored before this migration carry
-- their figures (v1 required them): the flags default to 0.
-- Flags rather than Nullable columns: hold_s / wrap_s live in aggregate states of `contacts`
-- whose types cannot change in place.
ALTER TABLE events ADD COLUMN IF NOT EXISTS hold_missing UInt8 DEFAULT 0, ADD COLUMN IF NOT EXISTS wrap_missing UInt8 DEFAULT 0;

ALTER TABLE contacts ADD COLUMN IF NOT EXISTS hold_missing SimpleAggregateFunction(max, UInt8) DEFAULT 0, ADD COLUMN IF NOT EXISTS wrap_missing SimpleAggregateFunction(max, UInt8) DEFAULT 0;

-- A contact lacks hold (after-call work) when one of its legs (wrap-ups) was recorded without it:
-- contacts_events_mv (0012) writes these flags with the rest of the contact (it replaced a second view
-- created here, contacts_missing_mv).

CREATE OR REPLACE VIEW contacts_v AS
SELECT
    center_id,
    contact_id,
    min(queued_at)    AS queued_at,
    min(answered_at)  AS answered_at,
    min(abandoned_at) AS abandoned_at,
    max(ended_at)     AS ended_at,
    max(wrapped_at)   AS wrapped_at,
    argMinIfMerge(queue_id)      AS queue_id,
    ifNull(any(channel), '')     AS channel,
    ifNull(any(direction), '')   AS direction,
    ifNull(any(campaign_id), '') AS campaign_id,
    ifNull(any(customer_id), '') AS customer_id,
    argMaxIfMerge(agent_id) AS agent_id,
    groupUniqArrayIfMerge(legs)    AS leg_list,
    groupUniqArrayIfMerge(wraps)   AS wrap_list,
    groupUniqArrayIfMerge(surveys) AS survey_list,
    arraySum(x -> x.2, leg_list)   AS talk_s,
    arraySum(x -> x.3, leg_list)   AS hold_s,
    arrayExists(x -> x.4 = 1, leg_list) AS transferred,
    arraySum(x -> x.3, wrap_list)  AS wrap_s,
    arraySum(x -> x.6, wrap_list)  AS revenue,
    max(hold_missing) AS hold_missing,
    max(wrap_missing) AS wrap_missing
FROM contacts
GROUP BY center_id, contact_id;

ALTER TABLE contact_facts ADD COLUMN IF NOT EXISTS hold_missing UInt8 DEFAULT 0, ADD COLUMN IF NOT EXISTS wrap_missing UInt8 DEFAULT 0;

-- Connector sources (the `source` block of a center, run by ingest/connectors/sources.ts in the
-- server or in `npm run connectors`): the latest status each runner reports, every few seconds.
-- /api/health and the admin page read it; a configured source without a fresh row is reported
-- as not running, so a source is never silently idle.
CREATE TABLE IF NOT EXISTS connector_status
(
    center_id      String,
    connector      LowCardinality(String),
    target         String,
    ok             UInt8,
    state          LowCardinality(String),
    error          String,
    records        UInt64,
    events         UInt64,
    rejected       UInt64,
    last_record_at Nullable(DateTime64(3, 'UTC')),
    runner         String,
    updated_at     DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY center_id
TTL toDateTime(updated_at) + INTERVAL 7 DAY;
