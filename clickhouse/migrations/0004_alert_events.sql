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
