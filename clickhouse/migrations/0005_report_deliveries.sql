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
