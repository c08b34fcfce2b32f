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
