-- transitions.sql: the directly-follows graph of an event log (process mining's DFG): for every
-- pair of steps A -> B that follow each other directly within a unit, how often, and the gaps
-- between them in milliseconds (sum, mean, min, max). Portable: window functions and GROUP BY.
-- The core computes the same edges (flows.h compute_dfg) and their medians from per-edge gaps;
-- medians are not portable SQL (README.md, "Percentiles").
--
-- Input: events(person_id, ts_ms, event, session_id, channel, touchpoint_id, stage, value, conversion).
-- The `steps` CTE chooses the unit and the step label: here a person and the event name (the
-- core's `analyze paths --node event --dfg`). For the channel graph use `channel AS step` and keep
-- only rows with a channel; for sessions use `session_id AS unit_id`.
-- Order within a unit: ts_ms, then event, then channel (the core keeps file order for equal
-- timestamps; a log without ties gives the same sequence either way).
WITH steps AS (
  SELECT person_id AS unit_id, ts_ms, event AS step, channel AS tie
  FROM events
),
seq AS (
  SELECT unit_id, step, ts_ms,
         LEAD(step)  OVER (PARTITION BY unit_id ORDER BY ts_ms, step, tie) AS next_step,
         LEAD(ts_ms) OVER (PARTITION BY unit_id ORDER BY ts_ms, step, tie) AS next_ts
  FROM steps
)
SELECT step AS from_step,
       next_step AS to_step,
       COUNT(*) AS n,
       SUM(next_ts - ts_ms) AS sum_ms,
       AVG(1.0 * (next_ts - ts_ms)) AS mean_ms,
       MIN(next_ts - ts_ms) AS min_ms,
       MAX(next_ts - ts_ms) AS max_ms
FROM seq
WHERE next_step IS NOT NULL
GROUP BY step, next_step
ORDER BY n DESC, from_step, to_step;
