-- 0002: KPI facts — the per-contact figures KPIs aggregate, indexed by the timestamp each one
-- is bucketed on, so a month for one center reads only that month's rows.
-- Derived from contacts_v (the one per-contact definition) by lib/queries/refreshContactFacts.ts.

-- Which contacts received events, by arrival time: the refresh re-derives exactly those.
-- touched_at is the insert time (not the event time), so late and out-of-order events are seen.
CREATE TABLE IF NOT EXISTS contact_touches
(
    touched_at  DateTime64(3, 'UTC'),
    center_id   LowCardinality(String),
    contact_id  String
)
ENGINE = MergeTree
ORDER BY touched_at
TTL toDateTime(touched_at) + INTERVAL 7 DAY;

CREATE MATERIALIZED VIEW IF NOT EXISTS contact_touches_mv TO contact_touches AS
SELECT now64(3) AS touched_at, center_id, contact_id
FROM events
WHERE type != 'agent.state'
GROUP BY center_id, contact_id;

-- One live row per (contact, kind[, survey]): kind 'offered' at queued_at, 'handled' at the
-- last wrap-up, 'survey' at each survey's completion. A refresh writes every row of a touched
-- contact again with a higher version and tombstones (deleted = 1) rows whose timestamp moved,
-- so reading with FINAL gives exactly the current per-contact state. Daily partitions and small
-- granules keep FINAL cheap: a key never changes partition, settled days are merged to one part
-- (FINAL then has nothing to merge), and a live window reads only the granules of its hours.
CREATE TABLE IF NOT EXISTS contact_facts
(
    center_id       LowCardinality(String),
    kind            LowCardinality(String),
    ts              DateTime64(3, 'UTC'),
    contact_id      String,
    sub_id          String,
    version         UInt64,
    deleted         UInt8,
    queue_id        LowCardinality(String),
    channel         LowCardinality(String),
    direction       LowCardinality(String),
    agent_id        String,
    queued_at       Nullable(DateTime64(3, 'UTC')),
    answered_at     Nullable(DateTime64(3, 'UTC')),
    abandoned_at    Nullable(DateTime64(3, 'UTC')),
    wrapped_at      Nullable(DateTime64(3, 'UTC')),
    talk_s          Float64,
    hold_s          Float64,
    wrap_s          Float64,
    transferred     UInt8,
    resolved        Nullable(UInt8),
    lead            UInt8,
    sale            UInt8,
    retention_save  UInt8,
    revenue         Float64,
    csat            Nullable(UInt8),
    nps             Nullable(UInt8),
    survey_resolved Nullable(UInt8)
)
ENGINE = ReplacingMergeTree(version, deleted)
PARTITION BY toYYYYMMDD(ts)
ORDER BY (center_id, kind, ts, contact_id, sub_id)
SETTINGS index_granularity = 1024, min_age_to_force_merge_seconds = 600, min_age_to_force_merge_on_partition_only = 1;

-- Refresh progress: contacts touched before `watermark` are reflected in contact_facts.
CREATE TABLE IF NOT EXISTS contact_facts_state
(
    name        String,
    watermark   DateTime64(3, 'UTC'),
    updated_at  DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY name;
