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
