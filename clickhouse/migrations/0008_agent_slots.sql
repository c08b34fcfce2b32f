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
