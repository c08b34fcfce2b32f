-- 0001: raw events, dead letters, per-contact state, agent state events.
-- The same DDL runs on embedded chdb and on a ClickHouse server.

-- Raw events. ReplacingMergeTree collapses a redelivered event (same event_id) on merge;
-- KPIs never count raw rows: they read the idempotent per-contact / per-agent tables below.
CREATE TABLE IF NOT EXISTS events
(
    event_id     String,
    type         LowCardinality(String),
    ts           DateTime64(3, 'UTC'),
    center_id    LowCardinality(String),
    contact_id   String,
    agent_id     String,
    queue_id     LowCardinality(String),
    channel      LowCardinality(String),
    direction    LowCardinality(String),
    campaign_id  String,
    customer_id  String,
    talk_s       Float64,
    hold_s       Float64,
    wrap_s       Float64,
    transferred  UInt8,
    resolved     Nullable(UInt8),
    outcome      LowCardinality(String),
    revenue      Float64,
    csat         Nullable(UInt8),
    nps          Nullable(UInt8),
    state        LowCardinality(String),
    reason       String,
    extra        String,
    received_at  DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (center_id, type, ts, event_id);

-- Messages the pipeline could not accept, with the reason. Nothing is dropped silently.
CREATE TABLE IF NOT EXISTS dead_letters
(
    received_at  DateTime64(3, 'UTC'),
    source       LowCardinality(String),
    topic        String,
    partition    Int32,
    offset       Int64,
    raw          String,
    reason       String
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(received_at)
ORDER BY received_at;

-- One row per contact after merges. Every column is an idempotent aggregate (min, max, any,
-- argMax, unique arrays keyed by event_id), so duplicates and out-of-order arrival never
-- change the result. Read it through the contacts_v view.
CREATE TABLE IF NOT EXISTS contacts
(
    center_id    LowCardinality(String),
    contact_id   String,
    queued_at    SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
    answered_at  SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
    abandoned_at SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
    ended_at     SimpleAggregateFunction(max, Nullable(DateTime64(3, 'UTC'))),
    wrapped_at   SimpleAggregateFunction(max, Nullable(DateTime64(3, 'UTC'))),
    -- the queue the contact first entered (a transfer's later legs never move it)
    queue_id     AggregateFunction(argMinIf, String, DateTime64(3, 'UTC'), UInt8),
    channel      SimpleAggregateFunction(any, Nullable(String)),
    direction    SimpleAggregateFunction(any, Nullable(String)),
    campaign_id  SimpleAggregateFunction(any, Nullable(String)),
    customer_id  SimpleAggregateFunction(any, Nullable(String)),
    agent_id     AggregateFunction(argMaxIf, String, DateTime64(3, 'UTC'), UInt8),
    -- (event_id, talk_s, hold_s, transferred) per contact.ended
    legs         AggregateFunction(groupUniqArrayIf, Tuple(String, Float64, Float64, UInt8), UInt8),
    -- (event_id, ts, wrap_s, resolved, outcome, revenue) per contact.wrapped
    wraps        AggregateFunction(groupUniqArrayIf, Tuple(String, DateTime64(3, 'UTC'), Float64, Nullable(UInt8), String, Float64), UInt8),
    -- (event_id, ts, csat, nps, resolved) per survey.completed
    surveys      AggregateFunction(groupUniqArrayIf, Tuple(String, DateTime64(3, 'UTC'), Nullable(UInt8), Nullable(UInt8), Nullable(UInt8)), UInt8)
)
ENGINE = AggregatingMergeTree
ORDER BY (center_id, contact_id);

-- `contacts` is written by contacts_events_mv (0012), created once every column it reads exists
-- (0007 adds the missing-figure flags). It replaces contacts_mv, first created here.

-- Finalised per-contact view: one row per contact, durations in seconds.
CREATE VIEW IF NOT EXISTS contacts_v AS
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
    arraySum(x -> x.6, wrap_list)  AS revenue
FROM contacts
GROUP BY center_id, contact_id;

-- Agent state changes, deduplicated on merge by (agent, ts, event_id).
CREATE TABLE IF NOT EXISTS agent_state_events
(
    center_id  LowCardinality(String),
    agent_id   String,
    ts         DateTime64(3, 'UTC'),
    event_id   String,
    state      LowCardinality(String),
    reason     String
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (center_id, agent_id, ts, event_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS agent_state_events_mv TO agent_state_events AS
SELECT center_id, agent_id, ts, event_id, state, reason
FROM events
WHERE type = 'agent.state';

-- State intervals: each state lasts until the agent's next state change (ended_at NULL = current).
CREATE VIEW IF NOT EXISTS agent_state_intervals AS
SELECT
    center_id,
    agent_id,
    state,
    reason,
    ts AS started_at,
    nullIf(leadInFrame(ts, 1, toDateTime64(0, 3, 'UTC')) OVER w, toDateTime64(0, 3, 'UTC')) AS ended_at
FROM (SELECT DISTINCT center_id, agent_id, ts, event_id, state, reason FROM agent_state_events)
WINDOW w AS (PARTITION BY center_id, agent_id ORDER BY ts, event_id ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING);

-- Applied migrations, for humans; every statement above is idempotent on its own.
CREATE TABLE IF NOT EXISTS schema_migrations
(
    version    UInt32,
    name       String,
    applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree
ORDER BY version;

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

-- 0003: the built-in demo's bookkeeping: which simulated history days it has stored completely
-- (ingest/history.ts), so a restart neither fills them again nor counts them twice. A few rows;
-- nothing reads it outside the demo.
CREATE TABLE IF NOT EXISTS demo_history_days
(
    run          String,
    day          Date,
    completed_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(completed_at)
ORDER BY run;

-- 0004: alert rules' state transitions (lib/alerts): one row per transition of one rule on one
-- subject (a scope's figure, or an agent for agent rules): firing, resolved, acknowledged (with
-- who). Deliveries (webhook, e-mail) are logged in alert_deliveries, one row per attempt outcome.
CREATE TABLE IF NOT EXISTS alert_events
(
    at           DateTime64(3, 'UTC'),
    rule_id      String,
    subject      String,
    center_id    String,
    kind         LowCardinality(String),
    severity     LowCardinality(String),
    kpi          String,
    value        Nullable(Float64),
    threshold    Nullable(Float64),
    fired_at     DateTime64(3, 'UTC'),
    acknowledged_by String DEFAULT ''
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (rule_id, subject, at);

CREATE TABLE IF NOT EXISTS alert_deliveries
(
    at           DateTime64(3, 'UTC'),
    rule_id      String,
    subject      String,
    kind         LowCardinality(String),
    channel      LowCardinality(String),
    target       String,
    attempts     UInt16,
    ok           UInt8,
    status       String,
    error        String
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (at, rule_id);

-- 0005: scheduled reports' delivery log (lib/scheduled-reports/run.ts). One row per attempt for one
-- recipient of one scheduled occurrence: `sent` rows make a run never go out twice (also after
-- restarts), `failed` rows are retried a bounded number of times, `skipped` rows record why nothing
-- was sent (recipient unknown, disabled, or no longer allowed to see any of the schedule's centers).
CREATE TABLE IF NOT EXISTS report_deliveries
(
    schedule_id  String,
    run_at       DateTime64(3, 'UTC'),
    recipient    String,
    status       LowCardinality(String),
    period       String,
    centers      Array(String),
    formats      Array(String),
    message_id   String,
    error        String,
    logged_at    DateTime64(3, 'UTC')
)
ENGINE = MergeTree
ORDER BY (schedule_id, run_at, recipient, logged_at);

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

-- 0008: agent-time rollup — each agent's state time per 15-minute slot (UTC; every time zone's
-- 15/30/60-minute intervals, days and months are unions of them) and the state the agent is in
-- at the slot's end, so agent time over a window reads its slots instead of pairing every state
-- change with the next one. Maintained by lib/queries/refreshAgentSlots.ts for complete slots
-- (before its watermark); the rest of the window is computed from the raw state changes,
-- starting from the state at the last slot's end. Exact: the same intervals as
-- lib/queries/queryAgentTime.ts, with the state cap (agentStateMaxHours) the slots were built
-- with (agent_slots_state.caps; a changed cap rebuilds them, raw computation meanwhile).

-- Which agents received state changes, by arrival time, and the earliest change's timestamp:
-- a change dated before the watermark (late, out of order) makes the refresh re-derive that
-- agent's slots from its slot to the latest change + the state cap.
CREATE TABLE IF NOT EXISTS agent_touches
(
    touched_at  DateTime64(3, 'UTC'),
    center_id   LowCardinality(String),
    agent_id    String,
    first_ts    DateTime64(3, 'UTC'),
    last_ts     DateTime64(3, 'UTC')
)
ENGINE = MergeTree
ORDER BY touched_at
TTL toDateTime(touched_at) + INTERVAL 7 DAY;

CREATE MATERIALIZED VIEW IF NOT EXISTS agent_touches_mv TO agent_touches AS
SELECT now64(3) AS touched_at, center_id, agent_id, min(ts) AS first_ts, max(ts) AS last_ts
FROM events
WHERE type = 'agent.state'
GROUP BY center_id, agent_id;

-- One row per (center, slot, agent) in which the agent was logged in (any state but offline)
-- or changed state: milliseconds per state family, and the state still running at the slot's
-- end ('' = none) with its start. Re-derived rows get a higher version; rows that no longer
-- exist are tombstoned (deleted = 1): read with FINAL.
CREATE TABLE IF NOT EXISTS agent_slots
(
    center_id     LowCardinality(String),
    slot          DateTime('UTC'),
    agent_id      String,
    version       UInt64,
    deleted       UInt8,
    available_ms  Int64,
    on_contact_ms Int64,
    wrap_up_ms    Int64,
    not_ready_ms  Int64,
    logged_ms     Int64,
    end_state     LowCardinality(String),
    end_since     DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(version, deleted)
PARTITION BY toYYYYMM(slot)
ORDER BY (center_id, slot, agent_id);

-- Rollup progress: slots before `watermark` are complete, built with the state caps `caps`.
CREATE TABLE IF NOT EXISTS agent_slots_state
(
    name        String,
    watermark   DateTime64(3, 'UTC'),
    touched     DateTime64(3, 'UTC'),
    caps        String,
    updated_at  DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY name;

-- 0011: which app instance sends one recipient's copy of one scheduled occurrence
-- (lib/scheduled-reports/claim.ts). ClickHouse has no atomic "insert if absent", so every
-- scheduler that finds a delivery due inserts a claim, waits a settle window, and reads the
-- claims back: the earliest (server time, then instance id) sends, the others skip. claimed_at
-- is the server's clock (DEFAULT), so instances with skewed clocks still agree on the order.
CREATE TABLE IF NOT EXISTS report_claims
(
    schedule_id  String,
    run_at       DateTime64(3, 'UTC'),
    recipient    String,
    instance     String,
    claimed_at   DateTime64(6, 'UTC') DEFAULT now64(6)
)
ENGINE = MergeTree
ORDER BY (schedule_id, run_at, recipient, claimed_at);

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
