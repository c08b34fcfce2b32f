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
