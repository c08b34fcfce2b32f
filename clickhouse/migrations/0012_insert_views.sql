-- 0012: one materialized view per insert fewer. contacts_mv (0001) and contacts_missing_mv
-- (0007) both read every contact event of an insert, group it by contact and write `contacts`;
-- contacts_events_mv does both in one pass (one GROUP BY, one part written per insert instead
-- of two). Same columns, same aggregates: the hold/wrap flags are max() of the same 0/1 values
-- (0 for a contact whose events all carry their figures, which is also the column's default),
-- so every contact row, and every figure read through contacts_v, is unchanged
-- (bench/insert-views.ts measures the insert; the KPI golden tests check the figures).
-- Every start-up runs all migrations: 0001 and 0007 no longer create the two old views, so on a
-- new store nothing is dropped, and on a store made before this migration the drops below remove
-- them once. If an insert goes through old and new views in that moment, it is harmless: every
-- column of `contacts` is an idempotent aggregate (min, max, any, argMin/argMax on the same
-- values, unique arrays keyed by event_id).
CREATE MATERIALIZED VIEW IF NOT EXISTS contacts_events_mv TO contacts AS
SELECT
    center_id,
    contact_id,
    minIfOrNull(ts, type = 'contact.queued')    AS queued_at,
    minIfOrNull(ts, type = 'contact.answered')  AS answered_at,
    minIfOrNull(ts, type = 'contact.abandoned') AS abandoned_at,
    maxIfOrNull(ts, type = 'contact.ended')     AS ended_at,
    maxIfOrNull(ts, type = 'contact.wrapped')   AS wrapped_at,
    argMinIfState(toString(queue_id), ts, toUInt8(type IN ('contact.queued', 'contact.answered', 'contact.abandoned'))) AS queue_id,
    anyIfOrNull(toString(channel), type = 'contact.queued')    AS channel,
    anyIfOrNull(toString(direction), type = 'contact.queued')  AS direction,
    anyIfOrNull(campaign_id, type = 'contact.queued' AND campaign_id != '') AS campaign_id,
    anyIfOrNull(customer_id, type = 'contact.queued' AND customer_id != '') AS customer_id,
    argMaxIfState(agent_id, ts, toUInt8(type = 'contact.answered')) AS agent_id,
    groupUniqArrayIfState((event_id, talk_s, hold_s, transferred), toUInt8(type = 'contact.ended')) AS legs,
    groupUniqArrayIfState((event_id, ts, wrap_s, resolved, toString(outcome), revenue), toUInt8(type = 'contact.wrapped')) AS wraps,
    groupUniqArrayIfState((event_id, ts, csat, nps, resolved), toUInt8(type = 'survey.completed')) AS surveys,
    max(toUInt8(type = 'contact.ended' AND no_hold = 1))   AS hold_missing,
    max(toUInt8(type = 'contact.wrapped' AND no_wrap = 1)) AS wrap_missing
FROM (SELECT *, hold_missing AS no_hold, wrap_missing AS no_wrap FROM events WHERE type != 'agent.state')
GROUP BY center_id, contact_id;

DROP VIEW IF EXISTS contacts_mv;

DROP VIEW IF EXISTS contacts_missing_mv;
